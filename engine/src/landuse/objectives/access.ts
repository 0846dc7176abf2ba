/**
 * Walking access on bitsets: how many housing cells have a target-class cell within walking
 * distance (Euclidean, between cell centres). The disk around a cell is a stack of horizontal
 * runs, one per row offset, so "is a target within reach?" is at most one short range test per
 * disk row on the target bitset (see bits.ts).
 *
 * Two exact strategies, chosen per call by a cost estimate (they give the same count):
 * - probing: each word of 32 housing cells tests the rows of its disk, the previous word's hit
 *   row then the others nearest first, until each of its homes has a target. Cheap when targets
 *   are common.
 * - dilation: each horizontal run of target cells (each block of a run repeated in the rows
 *   below) marks the cells that can reach it, one range per row, in a scratch bitset, which is
 *   then intersected with the housing bitset. Cheap when targets are rare, where probing would
 *   test every row for the many homes without access.
 */
import { diskOffsets } from '../model/distance.js';
import { countInRange, countRuns, firstInRange, lowestBit, popcount32, setRange } from './bits.js';

/** The cells within walking distance of a cell, as one horizontal run per row offset. */
export interface WalkingDisk {
  readonly distance: number;
  /** Row offsets, nearest first (0, 1, -1, 2, -2, ...); only rows that hold part of the disk. */
  readonly dy: Int32Array;
  /** Half-width in cells of the disk's run in the row `dy[o]` (the run is dx = -half..half). */
  readonly half: Int32Array;
  /** Number of cells in the disk (centre included). */
  readonly cells: number;
  /** Largest |dy| and largest half-width. */
  readonly rows: number;
  readonly widest: number;
  /** Half-width of the run `d` rows from the centre (index 0..rows; the disk is symmetric, and narrower the farther). */
  readonly halfAt: Int32Array;
}

/**
 * The disk of cells within `distance` metres: exactly the offsets of {@link diskOffsets} (squared
 * distance <= distance^2, the distance-transform criterion), grouped by row.
 */
export function walkingDisk(distance: number, cellSizeX: number, cellSizeY: number): WalkingDisk {
  const offsets = diskOffsets(distance, cellSizeX, cellSizeY);
  const halfOf = new Map<number, number>();
  for (let o = 0; o < offsets.length; o += 2) {
    const dx = Math.abs(offsets[o]!);
    const dy = offsets[o + 1]!;
    halfOf.set(dy, Math.max(halfOf.get(dy) ?? 0, dx));
  }
  const rows = [...halfOf.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || b - a);
  const farthest = Math.max(0, ...rows.map(Math.abs));
  return {
    distance,
    dy: Int32Array.from(rows),
    half: Int32Array.from(rows, (dy) => halfOf.get(dy)!),
    cells: offsets.length / 2,
    rows: farthest,
    widest: Math.max(0, ...halfOf.values()),
    halfAt: Int32Array.from({ length: farthest + 1 }, (_, d) => halfOf.get(d)!),
  };
}

/** Grid shape of the bitsets. */
export interface BitGrid {
  readonly width: number;
  readonly height: number;
  readonly wordsPerRow: number;
}

/**
 * Expected disk rows a housing cell tests when probing, relative to the rows a target run marks
 * when dilating: dilation is used when runs x rows <= PROBE_ROWS x housing cells. Only speed
 * depends on it (both strategies are exact). Probing by words and dilating by blocks (2026-12-07)
 * left it picking the faster one (2.8 to 10 times faster than the other) for both access
 * indicators on the runs' layouts of the generated 1,000 x 1,000 and 2,000 x 2,000 areas
 * (bench/results/large-grid.md).
 */
const PROBE_ROWS = 4;

/**
 * Housing cells (set bits of `housing`, `housingCells` of them) with a set bit of `targets`
 * within the disk. `scratch` holds height x wordsPerRow words (overwritten). When `reached` is
 * given (height x wordsPerRow words, all 0), those housing cells' bits are set in it: the
 * contribution maps use them, the evaluator only counts.
 */
export function countAccessible(
  grid: BitGrid,
  disk: WalkingDisk,
  housing: Int32Array,
  housingCells: number,
  targets: Int32Array,
  scratch: Int32Array,
  reached: Int32Array | null = null,
): number {
  if (housingCells === 0) return 0;
  const runs = countRuns(targets, grid.height, grid.wordsPerRow);
  if (runs === 0) return 0;
  return runs * disk.dy.length <= PROBE_ROWS * housingCells
    ? accessibleByDilation(grid, disk, housing, targets, scratch, reached)
    : accessibleByProbing(grid, disk, housing, targets, reached);
}

/** Probing strategy of {@link countAccessible} (exported for tests). */
export function accessibleByProbing(
  grid: BitGrid,
  disk: WalkingDisk,
  housing: Int32Array,
  targets: Int32Array,
  reached: Int32Array | null = null,
): number {
  const { width, height, wordsPerRow } = grid;
  const { dy, half } = disk;
  const rows = dy.length;
  const lastColumn = width - 1;
  let count = 0;
  // A word of homes at a time: one disk row answers for all of them with a search or two for the
  // next target (see homesNearTargets), where a home at a time tested the row once per home
  // (1.6-1.7x faster at 1,000 x 1,000 and 2,000 x 2,000 on the runs' layouts). The disk row
  // where the previous word's homes last found a target is tested first: homes come in blocks,
  // and a neighbour's nearest target is usually within reach of the same row.
  let hint = 0;
  for (let y = 0; y < height; y++) {
    const base = y * wordsPerRow;
    for (let w = 0; w < wordsPerRow; w++) {
      const homes = housing[base + w]!;
      if (homes === 0) continue;
      const x0 = w << 5;
      let left = homes;
      const hintY = y + dy[hint]!;
      if (hintY >= 0 && hintY < height)
        left &= ~homesNearTargets(targets, hintY * wordsPerRow, x0, left, half[hint]!, lastColumn);
      for (let o = 0; left !== 0 && o < rows; o++) {
        const ny = y + dy[o]!;
        if (o === hint || ny < 0 || ny >= height) continue;
        const near = homesNearTargets(targets, ny * wordsPerRow, x0, left, half[o]!, lastColumn);
        if (near !== 0) {
          left &= ~near;
          hint = o;
        }
      }
      const found = homes & ~left;
      count += popcount32(found);
      if (reached) reached[base + w] = reached[base + w]! | found;
    }
  }
  return count;
}

/**
 * The homes of `homes` (a word's bits: columns x0..x0 + 31) with a set bit of the row at word
 * `base` of `targets` within `h` columns. A home x has one when the first target at or after
 * x - h lies at most at x + h; that target then serves every home up to it + h, and when it lies
 * beyond, no home before it - h has one. So a word takes about as many searches as it has gaps
 * between targets' reaches, not one per home.
 */
function homesNearTargets(
  targets: Int32Array,
  base: number,
  x0: number,
  homes: number,
  h: number,
  lastColumn: number,
): number {
  let near = 0;
  const last = x0 + 31 - Math.clz32(homes);
  const limit = last + h > lastColumn ? lastColumn : last + h;
  let x = x0 + lowestBit(homes);
  for (;;) {
    const t = firstInRange(targets, base, x - h < 0 ? 0 : x - h, limit);
    if (t < 0) return near & homes;
    if (t <= x + h) {
      const hi = t + h < last ? t + h : last;
      near |= (-1 << (x - x0)) & (-1 >>> (31 - (hi - x0)));
      x = hi + 1;
    } else x = t - h;
    if (x > last) return near & homes;
    // The next home at or after x.
    const rest = homes & (-1 << (x - x0));
    if (rest === 0) return near & homes;
    x = x0 + lowestBit(rest);
  }
}

/** Dilation strategy of {@link countAccessible} (exported for tests). */
export function accessibleByDilation(
  grid: BitGrid,
  disk: WalkingDisk,
  housing: Int32Array,
  targets: Int32Array,
  scratch: Int32Array,
  reached: Int32Array | null = null,
): number {
  const { height, wordsPerRow } = grid;
  const total = height * wordsPerRow;
  scratch.fill(0, 0, total);
  markReach(grid, disk, rowRuns(grid, targets), scratch);
  let count = 0;
  for (let i = 0; i < total; i++) count += popcount32(scratch[i]! & housing[i]!);
  if (reached) for (let i = 0; i < total; i++) reached[i] = scratch[i]! & housing[i]!;
  return count;
}

/**
 * Mark in `out` every cell within the disk of some cell of the runs. A run repeated in the rows
 * below (the same columns a..b: a block of parkland, a school's grounds) is marked once for the
 * whole stack: the union of the disks around the block's rows y0..y1 reaches, in row y, the
 * columns a - h..b + h with h the disk's half-width at the distance from y to the nearest of
 * those rows (the widest inside them), one range a row instead of one per disk row and block row
 * (1.6 to 5 times fewer ranges on the runs' layouts at 1,000 x 1,000 and 2,000 x 2,000 cells).
 */
function markReach(grid: BitGrid, disk: WalkingDisk, runs: RowRuns, out: Int32Array): void {
  const { height } = grid;
  const { rowStart, a, b } = runs;
  // stackTop[r]: the first row of the stack that run r ends (itself when the row above differs).
  const stackTop = new Int32Array(rowStart[height]!);
  for (let y = 0; y < height; y++) {
    const above = y > 0 ? rowStart[y - 1]! : 0;
    const start = rowStart[y]!;
    const end = rowStart[y + 1]!;
    // Runs in a row are ordered by column: match each with the identical run above, if any.
    let p = above;
    for (let r = start; r < end; r++) {
      while (p < start && a[p]! < a[r]!) p++;
      stackTop[r] = p < start && a[p] === a[r] && b[p] === b[r] ? stackTop[p]! : y;
    }
    // The runs above that this row does not repeat end their stacks there.
    let q = start;
    for (let r = above; r < start; r++) {
      while (q < end && a[q]! < a[r]!) q++;
      if (!(q < end && a[q] === a[r] && b[q] === b[r])) markStack(grid, disk, out, stackTop[r]!, y - 1, a[r]!, b[r]!);
    }
  }
  for (let r = height > 0 ? rowStart[height - 1]! : 0; r < rowStart[height]!; r++)
    markStack(grid, disk, out, stackTop[r]!, height - 1, a[r]!, b[r]!);
}

/** Mark every cell within the disk of some cell of the block of columns a..b in rows y0..y1. */
function markStack(
  grid: BitGrid,
  disk: WalkingDisk,
  out: Int32Array,
  y0: number,
  y1: number,
  a: number,
  b: number,
): void {
  const { width, height, wordsPerRow } = grid;
  const { halfAt, rows } = disk;
  const top = y0 - rows < 0 ? 0 : y0 - rows;
  const bottom = y1 + rows >= height ? height - 1 : y1 + rows;
  for (let y = top; y <= bottom; y++) {
    const h = halfAt[y < y0 ? y0 - y : y > y1 ? y - y1 : 0]!;
    setRange(out, y * wordsPerRow, a - h < 0 ? 0 : a - h, b + h >= width ? width - 1 : b + h);
  }
}

/** The runs of set bits along each row of a bitset: run r is columns a[r]..b[r] of its row; row y's runs are rowStart[y]..rowStart[y + 1] - 1. */
export interface RowRuns {
  readonly rowStart: Int32Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
}

/** The runs of set bits of `bits` along each row of `grid`, left to right (see {@link RowRuns}). */
export function rowRuns(grid: BitGrid, bits: Int32Array): RowRuns {
  const { width, height, wordsPerRow } = grid;
  const total = countRuns(bits, height, wordsPerRow);
  const rowStart = new Int32Array(height + 1);
  const a = new Int32Array(total);
  const b = new Int32Array(total);
  let runs = 0;
  for (let y = 0; y < height; y++) {
    rowStart[y] = runs;
    const base = y * wordsPerRow;
    let runStart = -1;
    for (let w = 0; w < wordsPerRow; w++) {
      let v = bits[base + w]!;
      if (runStart >= 0) {
        // A run from the previous word goes on through this word's low bits.
        if (v === -1) continue;
        const ones = lowestBit(~v);
        a[runs] = runStart;
        b[runs++] = (w << 5) + ones - 1;
        runStart = -1;
        v &= -1 << ones;
      }
      while (v !== 0) {
        const start = lowestBit(v);
        const rest = ~(v >>> start);
        if (rest === 0 || (start > 0 && lowestBit(rest) >= 32 - start)) {
          // The run reaches bit 31: it may go on in the next word.
          runStart = (w << 5) + start;
          break;
        }
        const length = lowestBit(rest);
        a[runs] = (w << 5) + start;
        b[runs++] = (w << 5) + start + length - 1;
        v &= -1 << (start + length);
      }
    }
    if (runStart >= 0) {
      a[runs] = runStart;
      b[runs++] = width - 1;
    }
  }
  rowStart[height] = runs;
  return { rowStart, a, b };
}

/** Homes visited by {@link shiftTargetCounts} calls (a caller's running tally). */
export interface HomesVisited {
  homes: number;
}

/**
 * Add `delta` to `within` (targets within reach, per cell) at every housing cell within the disk
 * around (x, y): a target appeared there (+1) or went (-1). Returns the change in the number of
 * housing cells with a positive count; adds the homes visited to `visited`. The incremental state
 * and the reversion's trials spend most of their walking-access time here (a change near town
 * reaches thousands of homes), so a word of 32 homes in a row, common in town, is walked without
 * a bit scan.
 */
export function shiftTargetCounts(
  grid: BitGrid,
  disk: WalkingDisk,
  housing: Int32Array,
  within: Int32Array,
  x: number,
  y: number,
  delta: number,
  visited: HomesVisited,
): number {
  const { width, height, wordsPerRow } = grid;
  const { dy, half } = disk;
  let reached = 0;
  let homes = 0;
  for (let o = 0; o < dy.length; o++) {
    const ny = y + dy[o]!;
    if (ny < 0 || ny >= height) continue;
    const h = half[o]!;
    const lo = x - h < 0 ? 0 : x - h;
    const hi = x + h >= width ? width - 1 : x + h;
    const base = ny * wordsPerRow;
    const rowStart = ny * width;
    const first = lo >> 5;
    const last = hi >> 5;
    for (let w = first; w <= last; w++) {
      let v = housing[base + w]!;
      if (w === first) v &= -1 << (lo & 31);
      if (w === last) v &= -1 >>> (31 - (hi & 31));
      if (v === 0) continue;
      const cells = rowStart + (w << 5);
      if (v === -1) {
        homes += 32;
        for (let j = cells; j < cells + 32; j++) {
          const before = within[j]!;
          within[j] = before + delta;
          if (before === 0) reached++;
          else if (before + delta === 0) reached--;
        }
        continue;
      }
      do {
        const j = cells + lowestBit(v);
        v &= v - 1;
        homes++;
        const before = within[j]!;
        within[j] = before + delta;
        if (before === 0) reached++;
        else if (before + delta === 0) reached--;
      } while (v !== 0);
    }
  }
  visited.homes += homes;
  return reached;
}

/** Number of set bits of `bits` within the disk around cell (x, y). */
export function countInDisk(grid: BitGrid, disk: WalkingDisk, bits: Int32Array, x: number, y: number): number {
  const { width, height, wordsPerRow } = grid;
  const { dy, half } = disk;
  let count = 0;
  for (let o = 0; o < dy.length; o++) {
    const ny = y + dy[o]!;
    if (ny < 0 || ny >= height) continue;
    const h = half[o]!;
    count += countInRange(bits, ny * wordsPerRow, x - h < 0 ? 0 : x - h, x + h >= width ? width - 1 : x + h);
  }
  return count;
}

/** Reusable buffers of {@link shiftTargetCountsByRuns}, grown as a call needs. */
export interface TargetShiftScratch {
  keys: Float64Array;
  lines: Int32Array;
}

export function targetShiftScratch(): TargetShiftScratch {
  return { keys: new Float64Array(64), lines: new Int32Array(1024) };
}

/**
 * {@link shiftTargetCounts} for many cells at once: `count` cells (grid indices `cells`, any
 * order) whose target status changed, each by `deltas[i]` (+1 appeared, -1 went), shift `within`
 * in every cell within reach: homes and, since the counts elsewhere are stale by design, other
 * cells of the changes' bounding box widened by the disk. Grouped into runs along the rows, the
 * changes add their trapezoids (see {@link targetCountsByRuns}) to one padded line per row within
 * reach, summed twice; a patch of changes costs about one pass over its box instead of one disk
 * walk per cell (a patch of 10 x 10 cells in town at 2,000 x 2,000: 0.4 against 12.6 ms). Returns
 * false, doing nothing, when the box costs more than walking each cell's disk would (a single
 * cell, or a few away from homes): then call {@link shiftTargetCounts} per cell.
 */
export function shiftTargetCountsByRuns(
  grid: BitGrid,
  disk: WalkingDisk,
  housing: Int32Array,
  within: Int32Array,
  cells: ArrayLike<number>,
  deltas: ArrayLike<number>,
  count: number,
  scratch: TargetShiftScratch,
): boolean {
  if (count === 0) return true;
  const { width, height } = grid;
  const { dy, half, widest } = disk;
  if (scratch.keys.length < count) scratch.keys = new Float64Array(2 * count);
  // Sorted by cell, each key holding its direction in its lowest bit.
  const keys = scratch.keys.subarray(0, count);
  for (let i = 0; i < count; i++) keys[i] = 2 * cells[i]! + (deltas[i]! > 0 ? 1 : 0);
  keys.sort();
  let minY = height;
  let maxY = -1;
  let minX = width;
  let maxX = -1;
  let runs = 0;
  for (let i = 0; i < count;) {
    const end = keyRunEnd(keys, i, width);
    const first = Math.floor(keys[i]! / 2);
    const x = first % width;
    const y = (first - x) / width;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (x < minX) minX = x;
    if (x + end - i - 1 > maxX) maxX = x + end - i - 1;
    runs++;
    i = end;
  }
  const colLo = Math.max(0, minX - widest);
  const colHi = Math.min(width - 1, maxX + widest);
  const rowLo = Math.max(0, minY - disk.rows);
  const rowHi = Math.min(height - 1, maxY + disk.rows);
  const pad = widest;
  const lineLength = maxX - colLo + 2 * widest + 4;
  const lineCount = rowHi - rowLo + 1;
  // Cost estimates, in about nanoseconds (measured at 2,000 x 2,000 cells, disks of 333 rows): by
  // runs 7 a cell of the box (clearing it, two sums, the shift) and 4 an entry; cell by cell 3 a
  // word of each disk row and a home within it, the homes in a disk estimated from those in the box.
  let boxHomes = 0;
  for (let row = rowLo; row <= rowHi; row++) {
    const base = row * grid.wordsPerRow;
    for (let w = colLo >> 5; w <= colHi >> 5; w++) boxHomes += popcount32(housing[base + w]!);
  }
  const boxCells = (rowHi - rowLo + 1) * (colHi - colLo + 1);
  const homesPerDisk = (boxHomes * disk.cells) / boxCells;
  const byRuns = 7 * lineCount * lineLength + 4 * 4 * dy.length * runs;
  const perCell = 3 * count * ((dy.length * (2 * widest + 1)) / 32 + homesPerDisk);
  if (byRuns > perCell) return false;
  // Grown to the box's exact size (a pair of far-apart patches may span most of the grid).
  if (scratch.lines.length < lineCount * lineLength) scratch.lines = new Int32Array(lineCount * lineLength);
  const lines = scratch.lines;
  lines.fill(0, 0, lineCount * lineLength);
  for (let i = 0; i < count;) {
    const key = keys[i]!;
    const delta = key % 2 === 1 ? 1 : -1;
    const first = Math.floor(key / 2);
    const x = first % width;
    const y = (first - x) / width;
    const end = keyRunEnd(keys, i, width);
    const left = x - colLo + pad;
    const right = left + (end - i - 1);
    for (let o = 0; o < dy.length; o++) {
      const row = y + dy[o]!;
      if (row < rowLo || row > rowHi) continue;
      addRunReach(lines, (row - rowLo) * lineLength, left, right, half[o]!, delta);
    }
    i = end;
  }
  const columns = colHi - colLo + 1;
  for (let row = rowLo; row <= rowHi; row++)
    sumRunReach(lines, (row - rowLo) * lineLength, pad, columns, within, row * width + colLo, true);
  return true;
}

/**
 * The end (exclusive) of the run of sorted keys (2 x cell + direction bit) starting at `i`:
 * consecutive cells of one grid row with the same direction.
 */
function keyRunEnd(keys: Float64Array, i: number, width: number): number {
  const x = Math.floor(keys[i]! / 2) % width;
  let end = i + 1;
  while (end < keys.length && keys[end] === keys[end - 1]! + 2 && (x + end - i) % width !== 0) end++;
  return end;
}

/**
 * Add, `delta` times, the reach of the run of target cells left..right (line positions) in a disk
 * row of half-width h to the line starting at `base`: the number of the run's cells within h of a
 * position is a trapezoid, added as its four second differences (+1 at left - h, -1 at
 * right - h + 1, -1 at left + h + 1, +1 at right + h + 2). {@link sumRunReach} sums them back.
 */
function addRunReach(line: Int32Array, base: number, left: number, right: number, h: number, delta: number): void {
  line[base + left - h]! += delta;
  line[base + right - h + 1]! -= delta;
  line[base + left + h + 1]! -= delta;
  line[base + right + h + 2]! += delta;
}

/**
 * Sum twice the second differences {@link addRunReach} left on the line starting at `base`, and
 * write (or, with `add`, add) positions pad .. pad + columns - 1 to out[start ..]: positions before
 * `pad` are the columns left of `start`, whose runs reach into it.
 */
function sumRunReach(
  line: Int32Array,
  base: number,
  pad: number,
  columns: number,
  out: Int32Array,
  start: number,
  add: boolean,
): void {
  let slope = 0;
  let value = 0;
  for (let i = base; i < base + pad; i++) {
    slope += line[i]!;
    value += slope;
  }
  const offset = start - base - pad;
  for (let i = base + pad; i < base + pad + columns; i++) {
    slope += line[i]!;
    value += slope;
    if (!add) out[offset + i] = value;
    else if (value !== 0) out[offset + i]! += value;
  }
}

/**
 * {@link countInDisk} at (x, y) from the count at the horizontal neighbour (x + side, y),
 * side = -1 or +1: the two disks differ by one cell at each end of every disk row, so this reads
 * two bits per row instead of counting whole row segments.
 */
export function countInDiskFromNeighbour(
  grid: BitGrid,
  disk: WalkingDisk,
  bits: Int32Array,
  x: number,
  y: number,
  side: number,
  neighbourCount: number,
): number {
  const { width, height, wordsPerRow } = grid;
  const { dy, half } = disk;
  let count = neighbourCount;
  // Gained: the far end of this cell's run in each disk row; lost: the far end of the neighbour's.
  const toward = side < 0 ? 1 : -1;
  const lostBase = x - toward;
  if (y - disk.rows >= 0 && y + disk.rows < height && x - 1 - disk.widest >= 0 && x + 1 + disk.widest < width) {
    // The whole disk (and the neighbour's) is inside the grid: no bounds checks.
    for (let o = 0; o < dy.length; o++) {
      const base = (y + dy[o]!) * wordsPerRow;
      const gained = x + toward * half[o]!;
      const lost = lostBase - toward * half[o]!;
      count += (bits[base + (gained >> 5)]! >>> (gained & 31)) & 1;
      count -= (bits[base + (lost >> 5)]! >>> (lost & 31)) & 1;
    }
    return count;
  }
  for (let o = 0; o < dy.length; o++) {
    const ny = y + dy[o]!;
    if (ny < 0 || ny >= height) continue;
    const base = ny * wordsPerRow;
    const gained = x + toward * half[o]!;
    const lost = lostBase - toward * half[o]!;
    if (gained >= 0 && gained < width) count += (bits[base + (gained >> 5)]! >>> (gained & 31)) & 1;
    if (lost >= 0 && lost < width) count -= (bits[base + (lost >> 5)]! >>> (lost & 31)) & 1;
  }
  return count;
}

/**
 * {@link countInDiskFromNeighbour} for two bitsets that share one disk (green and service access
 * at the same walking distance, the usual case), in one pass over the disk rows.
 * @param counts in: the neighbour's counts for `a` and `b`; out: this cell's.
 */
export function countPairFromNeighbour(
  grid: BitGrid,
  disk: WalkingDisk,
  a: Int32Array,
  b: Int32Array,
  x: number,
  y: number,
  side: number,
  counts: Int32Array,
): void {
  const { width, height, wordsPerRow } = grid;
  if (y - disk.rows < 0 || y + disk.rows >= height || x - 1 - disk.widest < 0 || x + 1 + disk.widest >= width) {
    counts[0] = countInDiskFromNeighbour(grid, disk, a, x, y, side, counts[0]!);
    counts[1] = countInDiskFromNeighbour(grid, disk, b, x, y, side, counts[1]!);
    return;
  }
  const { dy, half } = disk;
  const toward = side < 0 ? 1 : -1;
  const lostBase = x - toward;
  let countA = counts[0]!;
  let countB = counts[1]!;
  for (let o = 0; o < dy.length; o++) {
    const base = (y + dy[o]!) * wordsPerRow;
    const gained = x + toward * half[o]!;
    const lost = lostBase - toward * half[o]!;
    const gainedWord = base + (gained >> 5);
    const lostWord = base + (lost >> 5);
    const gainedBit = gained & 31;
    const lostBit = lost & 31;
    countA += ((a[gainedWord]! >>> gainedBit) & 1) - ((a[lostWord]! >>> lostBit) & 1);
    countB += ((b[gainedWord]! >>> gainedBit) & 1) - ((b[lostWord]! >>> lostBit) & 1);
  }
  counts[0] = countA;
  counts[1] = countB;
}

/**
 * For every housing cell (set bits of `housing`), the number of set bits of `targets` within its
 * disk, written into `within` (grid order; other cells hold counts or are left as they are:
 * callers read homes only). Returns the number of housing cells with at least one target within
 * reach. Two exact strategies, chosen by a cost estimate (the counts are the same):
 * - by homes ({@link targetCountsByHomes}): each home's disk counted, from its left neighbour's
 *   count where there is one (two bits a disk row);
 * - by runs ({@link targetCountsByRuns}): each run of targets adds its count profile to every row
 *   within reach (four entries a disk row), and a row's counts are summed from them.
 * Today's map of the 2,000 x 2,000 study area (cells of 25 m, disks of 333 rows, 172,097 homes):
 * 229-266 ms by homes, 14-46 ms by runs for 16,720 runs of targets, 5-21 ms for 308 runs.
 */
export function countTargetsNearHousing(
  grid: BitGrid,
  disk: WalkingDisk,
  housing: Int32Array,
  targets: Int32Array,
  within: Int32Array,
): number {
  const { height, wordsPerRow, width } = grid;
  let homes = 0;
  let homeRows = 0;
  for (let y = 0; y < height; y++) {
    let inRow = 0;
    for (let w = y * wordsPerRow; w < (y + 1) * wordsPerRow; w++) inRow += popcount32(housing[w]!);
    homes += inRow;
    if (inRow > 0) homeRows++;
  }
  if (homes === 0) return 0;
  // Work estimates, in reads and writes: two bits a disk row per home, against four entries a disk
  // row per run of targets plus two passes over each home row's padded line.
  const rows = disk.dy.length;
  const byHomes = 2 * rows * homes;
  const byRuns = 4 * rows * countRuns(targets, height, wordsPerRow) + 2 * homeRows * (width + 2 * disk.widest);
  return byRuns < byHomes
    ? targetCountsByRuns(grid, disk, housing, targets, within)
    : targetCountsByHomes(grid, disk, housing, targets, within);
}

/** The by-homes strategy of {@link countTargetsNearHousing} (exported for tests). */
export function targetCountsByHomes(
  grid: BitGrid,
  disk: WalkingDisk,
  housing: Int32Array,
  targets: Int32Array,
  within: Int32Array,
): number {
  const { width, height, wordsPerRow } = grid;
  let accessible = 0;
  for (let y = 0; y < height; y++) {
    let previous = -2;
    for (let w = 0; w < wordsPerRow; w++) {
      let v = housing[y * wordsPerRow + w]!;
      while (v !== 0) {
        const x = (w << 5) + lowestBit(v);
        v &= v - 1;
        const count =
          previous === x - 1
            ? countInDiskFromNeighbour(grid, disk, targets, x, y, -1, within[y * width + x - 1]!)
            : countInDisk(grid, disk, targets, x, y);
        within[y * width + x] = count;
        if (count > 0) accessible++;
        previous = x;
      }
    }
  }
  return accessible;
}

/**
 * The by-runs strategy of {@link countTargetsNearHousing} (exported for tests). A run of targets
 * a..b in a disk row of half-width h is within reach of column x for |[a, b] ∩ [x - h, x + h]| of
 * its cells, a trapezoid in x ({@link addRunReach}). Each row with homes adds those of every run
 * within reach (rows y + dy, half-widths `half`: the disk is symmetric) on a line padded by the
 * disk's widest half-width on the left, then sums it twice ({@link sumRunReach}).
 */
export function targetCountsByRuns(
  grid: BitGrid,
  disk: WalkingDisk,
  housing: Int32Array,
  targets: Int32Array,
  within: Int32Array,
): number {
  const { width, height, wordsPerRow } = grid;
  const { dy, half } = disk;
  const runs = rowRuns(grid, targets);
  const { rowStart, a, b } = runs;
  const pad = disk.widest;
  const line = new Int32Array(width + 2 * pad + 3);
  let accessible = 0;
  for (let y = 0; y < height; y++) {
    const base = y * wordsPerRow;
    let homes = 0;
    for (let w = base; w < base + wordsPerRow; w++) homes |= housing[w]!;
    if (homes === 0) continue;
    line.fill(0);
    for (let o = 0; o < dy.length; o++) {
      const ty = y + dy[o]!;
      if (ty < 0 || ty >= height) continue;
      const h = half[o]!;
      for (let r = rowStart[ty]!; r < rowStart[ty + 1]!; r++) addRunReach(line, 0, a[r]! + pad, b[r]! + pad, h, 1);
    }
    sumRunReach(line, 0, pad, width, within, y * width, false);
    for (let w = 0; w < wordsPerRow; w++) {
      let v = housing[base + w]!;
      while (v !== 0) {
        if (within[y * width + (w << 5) + lowestBit(v)]! > 0) accessible++;
        v &= v - 1;
      }
    }
  }
  return accessible;
}
