/**
 * Incremental evaluation: the sufficient statistics of one layout, updated cell by cell (see
 * {@link IncrementalState}). Tests check it against full evaluations.
 */
import { writeBit } from './bits.js';
import {
  countInDisk,
  countInDiskFromNeighbour,
  countPairFromNeighbour,
  countTargetsNearHousing,
  shiftTargetCounts,
  type HomesVisited,
  type WalkingDisk,
} from './access.js';
import { AFTER, PAIR_SHIFT, paddedCompatibilitySum } from './compatibility.js';
import { combine, type LinearTerm } from './compile.js';
import type { LandUseEvaluator } from './evaluator.js';
import { DX8, DY8, isPaddedCore } from './habitat-core.js';
import { housingSupply } from './housing.js';
import { linearDelta, sumLinear } from './linear.js';

/**
 * Work units of one `set` besides its walking-access updates (linear sums, compatibility pairs,
 * bit writes): a walking-access update adds one unit per disk row and per home it visits, and a
 * habitat-core update nine. A unit is roughly one cell visit: a full evaluation costs about
 * {@link FULL_EVALUATION_WORK_PER_CELL} units per grid cell.
 */
export const SET_WORK = 8;

/**
 * Work units a full evaluation costs per grid cell: measured at 1,000 x 1,000 cells of 6 m
 * (riverbend-balanced), a full evaluation took about 65 ns a cell and a work unit of a move
 * about 6.5 ns (a region turned into a park in town: 1.2 million units, 8 ms). Since the walking-
 * access probing got faster (access.ts) a full evaluation there takes about 29 ns a cell, so a
 * bound of N full evaluations' work is now about 2N full evaluations' time at that size, and
 * since the optimiser's loop evaluates from today's state plus a layout's changes (9.6 ns a cell
 * there, 2026-12-05) about 8N. The constant is kept, as the runs and their measured fronts rest on
 * it: 1.2, the measured value, cut the memetic step at that size from 5.0 to 1.5 s on one worker,
 * but saved nothing measurable in the 100-generation run on two workers and changed the demo's
 * fronts (bench/results/large-grid.md, "The memetic step's bound").
 */
export const FULL_EVALUATION_WORK_PER_CELL = 10;

/** Walking-access statistics of one access indicator. */
interface AccessStatistics {
  readonly indicator: number;
  readonly disk: WalkingDisk;
  readonly targets: Uint8Array;
  /** Bitset of the target cells. */
  readonly bits: Int32Array;
  /** For housing cells only: target cells within the disk (the cell itself included). Stale elsewhere. */
  readonly within: Int32Array;
  /** Housing cells with within > 0. */
  accessible: number;
}

/**
 * The sufficient statistics of one layout, updated cell by cell. `set(gene, class)` costs O(1)
 * for the linear sums, O(8) for compatibility, O(9 x 8) for core area when the cell changes
 * between natural and not, and for walking access (bitsets of housing and target cells; target
 * counts kept only for housing cells):
 * - when the cell enters or leaves a target set, one row segment per disk row of the housing
 *   bitset, plus one count update per housing cell in the disk;
 * - when it becomes housing, one popcount per disk row of each target bitset.
 * That is O(disk rows) word operations instead of O(disk area) cell updates.
 */
export class IncrementalState {
  readonly genome: Uint8Array;
  readonly counts: Int32Array;
  /** Padded map (VOID outside the study area). */
  private readonly map: Uint8Array;
  private readonly values: Float64Array;
  private readonly linearSums: Float64Array;
  private readonly access: AccessStatistics[] = [];
  private readonly compatSums: Float64Array;
  private coreCount = 0;
  /** Core flag per padded cell. */
  private readonly core: Uint8Array;
  private housingCells = 0;
  private readonly housingBits: Int32Array;
  private readonly tracksCore: boolean;
  /** Indicators summed cell by cell (linear and amenity), their terms, and the compatibility indicators. */
  private readonly linearIndices: Int32Array;
  private readonly linearTerms: readonly LinearTerm[];
  private readonly compatIndices: Int32Array;
  /** Exactly two access indicators with one disk: new housing cells count both in one pass. */
  private readonly pairedAccess: boolean;
  private readonly pairCounts = new Int32Array(2);
  /** Homes visited by the last walking-access update (its work). */
  private readonly visited: HomesVisited = { homes: 0 };
  /**
   * Work done by `set` since construction, in cell visits (see {@link SET_WORK}): what a search
   * budgets by (a move's cost varies a hundredfold with how many homes sit within walking
   * distance of its cells), deterministic where time is not.
   */
  work = 0;

  /**
   * Per indicator: whether this state tracks it. All but the spatial ones (walking access,
   * compatibility, core area) are always tracked; see the constructor's `objective`.
   */
  private readonly tracked: Uint8Array;
  /** Per walking-access indicator: its entry in `access` (-1 when it is not tracked). */
  private readonly accessOf: Int32Array;

  /**
   * @param objective when given, only that objective's spatial indicators are tracked, and
   *   {@link objectives} gives NaN for the objectives whose value needs one that is not. The
   *   objective's own value is exactly that of a full state (the same sums, in the same order),
   *   while the state costs less to build (at 2,000 x 2,000 cells, counting the targets within
   *   walking reach of every home takes most of 1.7 s) and to update.
   */
  constructor(
    private readonly evaluator: LandUseEvaluator,
    genome: ArrayLike<number>,
    objective?: number,
  ) {
    const area = evaluator.area;
    const { width, height, wordsPerRow: words } = evaluator.grid;
    const { indicators, objectiveOf } = evaluator.compiled;
    this.tracked = Uint8Array.from(indicators, (indicator, k) =>
      objective === undefined ||
      objectiveOf[k] === objective ||
      (indicator.kind !== 'access' && indicator.kind !== 'compatibility' && indicator.kind !== 'core')
        ? 1
        : 0,
    );
    this.accessOf = new Int32Array(indicators.length).fill(-1);
    const W = evaluator.paddedWidth;
    this.genome = Uint8Array.from(genome);
    this.map = Uint8Array.from(evaluator.paddedToday);
    for (let g = 0; g < this.genome.length; g++) this.map[evaluator.paddedCell[g]!] = this.genome[g]!;
    this.counts = new Int32Array(area.classes.length);
    this.counts.set(area.fixedCounts);
    for (let g = 0; g < this.genome.length; g++) this.counts[this.genome[g]!]!++;
    for (let c = 0; c < this.counts.length; c++) if (evaluator.housing[c]) this.housingCells += this.counts[c]!;
    const list = evaluator.compiled.indicators;
    this.values = new Float64Array(list.length);
    const summed = list.flatMap((indicator, k) =>
      indicator.kind === 'linear' || indicator.kind === 'amenity' ? [{ k, term: indicator.term }] : [],
    );
    this.linearIndices = Int32Array.from(summed, (s) => s.k);
    this.linearTerms = summed.map((s) => s.term);
    this.compatIndices = Int32Array.from(list.keys()).filter(
      (k) => list[k]!.kind === 'compatibility' && this.tracked[k] === 1,
    );
    this.linearSums = new Float64Array(list.length);
    this.compatSums = new Float64Array(list.length);
    list.forEach((indicator, k) => {
      if (indicator.kind === 'linear' || indicator.kind === 'amenity')
        this.linearSums[k] = sumLinear(indicator.term, this.genome);
      if (indicator.kind === 'compatibility' && this.tracked[k] === 1)
        this.compatSums[k] = paddedCompatibilitySum(
          this.map,
          area,
          W,
          evaluator.pairTables[k]!,
          evaluator.pairActive[k]!,
        );
    });

    const plans = evaluator.accessPlans.filter((plan) => this.tracked[plan.indicator] === 1);
    this.housingBits = new Int32Array(plans.length > 0 ? height * words : 0);
    for (const plan of plans) {
      this.accessOf[plan.indicator] = this.access.length;
      this.access.push({
        indicator: plan.indicator,
        disk: plan.disk,
        targets: plan.targets,
        bits: new Int32Array(height * words),
        within: new Int32Array(width * height),
        accessible: 0,
      });
    }
    if (this.access.length > 0) {
      for (let y = 0; y < height; y++) {
        const row = (y + 1) * W + 1;
        for (let x = 0; x < width; x++) {
          const c = this.map[row + x]!;
          if (c === evaluator.area.classes.length) continue;
          if (evaluator.housing[c]) writeBit(this.housingBits, words, x, y, true);
          for (let a = 0; a < this.access.length; a++) {
            const stats = this.access[a]!;
            if (stats.targets[c]) writeBit(stats.bits, words, x, y, true);
          }
        }
      }
      for (const stats of this.access)
        stats.accessible = countTargetsNearHousing(
          evaluator.grid,
          stats.disk,
          this.housingBits,
          stats.bits,
          stats.within,
        );
    }

    this.pairedAccess = this.access.length === 2 && this.access[0]!.disk === this.access[1]!.disk;
    this.tracksCore = list.some((i, k) => i.kind === 'core' && this.tracked[k] === 1);
    this.core = new Uint8Array(this.tracksCore ? this.map.length : 0);
    if (this.tracksCore) {
      for (let i = 0; i < this.map.length; i++) {
        if (isPaddedCore(this.map, W, evaluator.natural, evaluator.breaksCore, i)) {
          this.core[i] = 1;
          this.coreCount++;
        }
      }
    }
  }

  /** Change gene `gene` to class `next`, updating every statistic. */
  set(gene: number, next: number): void {
    const previous = this.genome[gene]!;
    if (previous === next) return;
    const evaluator = this.evaluator;
    const area = evaluator.area;
    const cell = area.geneCells[gene]!;
    const p = evaluator.paddedCell[gene]!;
    const W = evaluator.paddedWidth;
    const map = this.map;
    const housing = evaluator.housing;
    const { width, wordsPerRow: words } = evaluator.grid;
    const x = cell % width;
    const y = (cell - x) / width;

    this.work += SET_WORK;
    const terms = this.linearTerms;
    for (let t = 0; t < terms.length; t++) {
      this.linearSums[this.linearIndices[t]!]! += linearDelta(terms[t]!, gene, previous, next);
    }
    for (let t = 0; t < this.compatIndices.length; t++) {
      // The cell is the first of its pairs with E, SW, S, SE and the second with W, NE, N, NW.
      const k = this.compatIndices[t]!;
      const pairs = evaluator.pairTables[k]!;
      const a = next << PAIR_SHIFT;
      const b = previous << PAIR_SHIFT;
      let delta = 0;
      for (let o = 0; o < 4; o++) {
        const after = map[p + AFTER[o]! + (o === 0 ? 0 : W)]!;
        const before = map[p - AFTER[o]! - (o === 0 ? 0 : W)]! << PAIR_SHIFT;
        delta += pairs[a | after]! - pairs[b | after]! + (pairs[before | next]! - pairs[before | previous]!);
      }
      this.compatSums[k]! += delta;
    }

    const wasHousing = housing[previous] === 1;
    const isHousing = housing[next] === 1;
    if (wasHousing && !isHousing) {
      for (const stats of this.access) if (stats.within[cell]! > 0) stats.accessible--;
      writeBit(this.housingBits, words, x, y, false);
      this.housingCells--;
    }
    map[p] = next;
    this.genome[gene] = next;
    this.counts[previous]!--;
    this.counts[next]!++;
    for (const stats of this.access) {
      const delta = stats.targets[next]! - stats.targets[previous]!;
      if (delta === 0) continue;
      writeBit(stats.bits, words, x, y, delta > 0);
      this.shiftHousingCounts(stats, x, y, delta);
    }
    if (isHousing && !wasHousing) {
      // A housing neighbour in the same row has an up-to-date count to start from.
      const side = x > 0 && housing[map[p - 1]!] === 1 ? -1 : x + 1 < width && housing[map[p + 1]!] === 1 ? 1 : 0;
      writeBit(this.housingBits, words, x, y, true);
      this.housingCells++;
      for (const stats of this.access) this.work += stats.disk.dy.length;
      if (side !== 0 && this.pairedAccess) {
        const [first, second] = this.access as [AccessStatistics, AccessStatistics];
        const counts = this.pairCounts;
        counts[0] = first.within[cell + side]!;
        counts[1] = second.within[cell + side]!;
        countPairFromNeighbour(evaluator.grid, first.disk, first.bits, second.bits, x, y, side, counts);
        first.within[cell] = counts[0]!;
        second.within[cell] = counts[1]!;
        if (counts[0]! > 0) first.accessible++;
        if (counts[1]! > 0) second.accessible++;
      } else {
        for (const stats of this.access) {
          const count =
            side === 0
              ? countInDisk(evaluator.grid, stats.disk, stats.bits, x, y)
              : countInDiskFromNeighbour(
                  evaluator.grid,
                  stats.disk,
                  stats.bits,
                  x,
                  y,
                  side,
                  stats.within[cell + side]!,
                );
          stats.within[cell] = count;
          if (count > 0) stats.accessible++;
        }
      }
    }

    if (this.tracksCore && evaluator.natural[previous] !== evaluator.natural[next]) {
      this.work += DX8.length + 1; // the cell and its 8 neighbours, as below
      for (let o = -1; o < 8; o++) {
        const j = o < 0 ? p : p + DX8[o]! + DY8[o]! * W;
        const now = isPaddedCore(map, W, evaluator.natural, evaluator.breaksCore, j) ? 1 : 0;
        this.coreCount += now - this.core[j]!;
        this.core[j] = now;
      }
    }
  }

  /** Add `delta` to the target count of every housing cell within the disk around (x, y). */
  private shiftHousingCounts(stats: AccessStatistics, x: number, y: number, delta: number): void {
    const visited = this.visited;
    visited.homes = 0;
    stats.accessible += shiftTargetCounts(
      this.evaluator.grid,
      stats.disk,
      this.housingBits,
      stats.within,
      x,
      y,
      delta,
      visited,
    );
    // A unit per disk row and per home visited.
    this.work += stats.disk.dy.length + visited.homes;
  }

  /** Apply several changes (gene indices and their new classes). */
  apply(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number = genes.length): void {
    for (let k = 0; k < count; k++) this.set(genes[k]!, classes[k]!);
  }

  /**
   * Current objective values (and, optionally, every sub-indicator value). With a state built
   * for one objective, the indicators it does not track, and the objectives they weigh in, are NaN.
   */
  objectives(out: Float64Array, indicators: Float64Array = this.values): Float64Array {
    const evaluator = this.evaluator;
    const area = evaluator.area;
    const list = evaluator.compiled.indicators;
    for (let k = 0; k < list.length; k++) {
      const indicator = list[k]!;
      if (this.tracked[k] === 0) {
        indicators[k] = Number.NaN;
        continue;
      }
      switch (indicator.kind) {
        case 'linear':
          indicators[k] = this.linearSums[k]!;
          break;
        case 'amenity':
          indicators[k] = this.housingCells > 0 ? (100 * this.linearSums[k]!) / this.housingCells : 0;
          break;
        case 'access':
          indicators[k] =
            this.housingCells > 0 ? (100 * this.access[this.accessOf[k]!]!.accessible) / this.housingCells : 0;
          break;
        case 'supply':
          indicators[k] = housingSupply(
            this.housingCells - evaluator.housingToday,
            area.cellAreaHa,
            indicator.density,
            indicator.dwellings,
          );
          break;
        case 'compatibility':
          indicators[k] = evaluator.neighbourPairs > 0 ? (100 * this.compatSums[k]!) / evaluator.neighbourPairs : 0;
          break;
        case 'core':
          indicators[k] = area.cellAreaHa * this.coreCount;
          break;
      }
    }
    combine(evaluator.compiled, indicators, out);
    return out;
  }
}
