/**
 * Accumulated cost distance over a friction surface: Dijkstra's algorithm on the 8-connected
 * grid. Moving between neighbouring cells a and b costs
 *   length(a, b) * (friction[a] + friction[b]) / 2
 * with length the cell width, height or diagonal in map units (as GRASS r.cost and ArcGIS do).
 * Friction is a cost per map unit: e.g. minutes per metre, lower on roads than off-road.
 */
import { GisError } from './errors.js';
import type { GridSpec } from './grid.js';
import { cellCount } from './grid.js';

export interface CostDistanceOptions {
  /** Friction values equal to this (and NaN or negative values) are impassable. */
  readonly nodata?: number | null;
}

/**
 * Least accumulated cost from the nearest source to every cell.
 * @param friction Cost per map unit of crossing each cell (grid-sized).
 * @param isSource Grid-sized; non-zero marks a source cell (cost 0).
 * @returns Float64 costs; `Infinity` where no source is reachable or the cell is impassable.
 * @example
 * // friction: 1 min/km on roads, 12 min/km off-road (per metre: / 1000)
 * const minutes = costDistance(grid, friction, schoolsMask);
 */
export function costDistance(
  grid: GridSpec,
  friction: ArrayLike<number>,
  isSource: ArrayLike<number>,
  options: CostDistanceOptions = {},
): Float64Array {
  const { width, height } = grid;
  const size = cellCount(grid);
  if (friction.length !== size || isSource.length !== size) {
    throw new GisError(
      'invalid-data',
      `cost distance: friction (${friction.length}) and sources (${isSource.length}) must both have ${size} cells.`,
    );
  }
  const nodata = options.nodata ?? null;
  const passable = (i: number): boolean => {
    const value = friction[i]!;
    return value >= 0 && value !== nodata;
  };
  const cost = new Float64Array(size).fill(Infinity);
  const heap = new MinHeap(size, cost);
  for (let i = 0; i < size; i++) {
    if (isSource[i]) {
      cost[i] = 0;
      heap.push(i);
    }
  }
  const dx = grid.pixelWidth;
  const dy = grid.pixelHeight;
  const diagonal = Math.hypot(dx, dy);
  const neighbourCol = [-1, 0, 1, -1, 1, -1, 0, 1];
  const neighbourRow = [-1, -1, -1, 0, 0, 1, 1, 1];
  const stepLength = [diagonal, dy, diagonal, dx, dx, diagonal, dy, diagonal];
  const done = new Uint8Array(size);
  while (heap.size > 0) {
    const cell = heap.pop();
    done[cell] = 1;
    const row = (cell / width) | 0;
    const col = cell - row * width;
    const here = cost[cell]!;
    // A source on an impassable cell is reached but spreads nowhere.
    if (!passable(cell)) continue;
    const frictionHere = friction[cell]!;
    for (let k = 0; k < 8; k++) {
      const c = col + neighbourCol[k]!;
      const r = row + neighbourRow[k]!;
      if (c < 0 || r < 0 || c >= width || r >= height) continue;
      const next = r * width + c;
      if (done[next] || !passable(next)) continue;
      const candidate = here + (stepLength[k]! * (frictionHere + friction[next]!)) / 2;
      if (candidate < cost[next]!) {
        cost[next] = candidate;
        heap.pushOrDecrease(next);
      }
    }
  }
  return cost;
}

/** A binary min-heap of cell indices keyed by `keys`, with decrease-key via a position index. */
class MinHeap {
  size = 0;
  private readonly items: Int32Array;
  private readonly position: Int32Array;

  constructor(
    capacity: number,
    private readonly keys: Float64Array,
  ) {
    this.items = new Int32Array(capacity);
    this.position = new Int32Array(capacity).fill(-1);
  }

  push(item: number): void {
    this.items[this.size] = item;
    this.position[item] = this.size;
    this.size++;
    this.up(this.size - 1);
  }

  pushOrDecrease(item: number): void {
    const at = this.position[item]!;
    if (at < 0) this.push(item);
    else this.up(at);
  }

  pop(): number {
    const top = this.items[0]!;
    this.position[top] = -1;
    this.size--;
    if (this.size > 0) {
      const last = this.items[this.size]!;
      this.items[0] = last;
      this.position[last] = 0;
      this.down(0);
    }
    return top;
  }

  private up(at: number): void {
    const item = this.items[at]!;
    const key = this.keys[item]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const parentItem = this.items[parent]!;
      if (this.keys[parentItem]! <= key) break;
      this.items[at] = parentItem;
      this.position[parentItem] = at;
      at = parent;
    }
    this.items[at] = item;
    this.position[item] = at;
  }

  private down(at: number): void {
    const item = this.items[at]!;
    const key = this.keys[item]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[this.items[child + 1]!]! < this.keys[this.items[child]!]!) child++;
      const childItem = this.items[child]!;
      if (this.keys[childItem]! >= key) break;
      this.items[at] = childItem;
      this.position[childItem] = at;
      at = child;
    }
    this.items[at] = item;
    this.position[item] = at;
  }
}
