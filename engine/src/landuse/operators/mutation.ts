/**
 * Spatial mutation: boundary moves (a cell on the edge of a patch takes a neighbour's class, which
 * grows or shrinks patches without fragmenting them) and patch moves (a small compact patch of
 * cells is converted to one class). Both only choose classes the cells are allowed to take; the
 * repair that follows restores the exact area demands. Schwaab et al. (2018) found spatially
 * informed mutation improved fronts more than modified crossovers did.
 */
import type { Mutation } from '../../optimizer/core/operators.js';
import type { Random } from '../../optimizer/core/random.js';
import { NO_CLASS, type StudyArea } from '../model/study-area.js';
import { classAt, DX8, DY8, neighbourGene } from './spatial.js';

export interface SpatialMutationOptions {
  /** Cells to change per child (boundary moves plus patch cells). Default 1 % of the genes, at least 4. */
  readonly cells?: number;
  /** Share of the budget spent on patch moves (rest: boundary moves). Default 0.5. */
  readonly patchShare?: number;
  /** Largest patch converted at once. Default 5 % of the genes, between 4 and 400. */
  readonly maxPatch?: number;
}

export class SpatialMutation implements Mutation<Uint8Array> {
  readonly name = 'spatial-mutation';
  readonly cells: number;
  private readonly patchShare: number;
  private readonly maxPatch: number;
  private readonly queue: Int32Array;
  private readonly mark: Uint32Array;
  private stamp = 0;

  constructor(
    private readonly area: StudyArea,
    options: SpatialMutationOptions = {},
  ) {
    const genes = area.geneCells.length;
    this.cells = options.cells ?? Math.max(4, Math.round(genes * 0.01));
    this.patchShare = options.patchShare ?? 0.5;
    this.maxPatch = options.maxPatch ?? Math.min(400, Math.max(4, Math.round(genes * 0.05)));
    this.queue = new Int32Array(Math.max(1, genes));
    this.mark = new Uint32Array(Math.max(1, genes));
  }

  mutate(row: Uint8Array, random: Random): void {
    this.mutateCells(row, this.cells, random);
  }

  /** {@link mutate} with a budget of `cells` changed cells instead of the configured one. */
  mutateCells(row: Uint8Array, cells: number, random: Random): void {
    const genes = row.length;
    if (genes === 0) return;
    let budget = cells;
    let attempts = 0;
    while (budget > 0 && attempts++ < cells * 4) {
      if (random.nextDouble() < this.patchShare)
        budget -= this.patchMove(row, random, Math.min(budget, 1 + random.nextInt(this.maxPatch)));
      else budget -= this.boundaryMove(row, random);
    }
  }

  /** A random gene on a patch edge takes the class of a random different neighbour, if allowed. */
  boundaryMove(row: Uint8Array, random: Random): number {
    const area = this.area;
    for (let attempt = 0; attempt < 8; attempt++) {
      const gene = random.nextInt(row.length);
      const cell = area.geneCells[gene]!;
      const x = cell % area.width;
      const y = (cell - x) / area.width;
      const start = random.nextInt(8);
      for (let k = 0; k < 8; k++) {
        const nx = x + DX8[(start + k) % 8]!;
        const ny = y + DY8[(start + k) % 8]!;
        if (nx < 0 || ny < 0 || nx >= area.width || ny >= area.height) continue;
        const c = classAt(area, row, ny * area.width + nx);
        if (c === NO_CLASS || c === row[gene] || !((area.allowed[gene]! >> c) & 1)) continue;
        row[gene] = c;
        return 1;
      }
    }
    return 1;
  }

  /** Grow a compact patch (breadth-first over 4-neighbours) from a random gene and give it one allowed class. */
  patchMove(row: Uint8Array, random: Random, size: number): number {
    const area = this.area;
    const seed = random.nextInt(row.length);
    const options = area.allowed[seed]! & ~(1 << row[seed]!);
    if (options === 0) return 1;
    const target = pickBit(options, random);
    const stamp = ++this.stamp;
    const { width, geneCells, geneOfCell, allowed } = area;
    const lastRowStart = geneOfCell.length - width;
    const queue = this.queue;
    const mark = this.mark;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    mark[seed] = stamp;
    let changed = 0;
    while (head < tail && changed < size) {
      const gene = queue[head++]!;
      row[gene] = target;
      changed++;
      const cell = geneCells[gene]!;
      const x = cell % width;
      const first = random.nextInt(4);
      // The 4-neighbours from a random one on.
      for (let k = 0; k < 4; k++) {
        const next = neighbourGene(geneOfCell, width, lastRowStart, cell, x, (first + k) & 3);
        if (next < 0 || mark[next] === stamp || !((allowed[next]! >> target) & 1)) continue;
        mark[next] = stamp;
        queue[tail++] = next;
      }
    }
    return changed;
  }
}

/** A uniformly random set bit of a non-zero mask. */
export function pickBit(mask: number, random: Random): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  let k = random.nextInt(count);
  for (let c = 0; c < 16; c++) {
    if (!((mask >> c) & 1)) continue;
    if (k-- === 0) return c;
  }
  return -1;
}
