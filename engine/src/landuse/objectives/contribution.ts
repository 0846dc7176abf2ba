/**
 * Where a layout gains or loses: the per-cell contribution of each sub-indicator kind to one
 * objective (LandUseEvaluator.contributionMap). The cells sum to the objective value.
 */
import { layoutMap, NO_CLASS, type StudyArea } from '../model/study-area.js';
import { countAccessible, walkingDisk, type BitGrid } from './access.js';
import { lowestBit, wordsPerRow } from './bits.js';
import { countNeighbourPairs, forEachNeighbourPair } from './compatibility.js';
import { compileIndicator, type CompiledIndicator } from './compile.js';
import { coreWord } from './habitat-core.js';
import { housingSupply } from './housing.js';
import type { LinearTerm } from './terms.js';

/**
 * What a contribution map needs: an objective's compiled sub-indicators and a few facts of
 * today's map. An evaluator has them all; {@link StandaloneContributionBasis} builds them alone
 * for the app's contribution maps, without the evaluator's state of today's map (its bitsets,
 * sums and fused tables: 0.9 s of a 2.3 s build at 2000 x 2000) and compiling each objective
 * only when it is first needed.
 */
export interface ContributionBasis {
  readonly area: StudyArea;
  /** The compiled sub-indicators of objective `objective`, in the scenario's order. */
  indicatorsOf(objective: number): readonly CompiledIndicator[];
  /** Class flags as 0/1 arrays indexed by class (index K = VOID, outside the study area: 0). */
  readonly housing: Uint8Array;
  readonly natural: Uint8Array;
  /** Housing cells today (the housing-supply baseline). */
  readonly housingToday: number;
  /** Number of unordered 8-neighbour pairs of study-area cells (the compatibility denominator). */
  readonly neighbourPairs: number;
}

/** A 0/1 flag per class, index K (VOID) included and 0. */
export function classFlags(area: StudyArea, test: (c: number) => boolean): Uint8Array {
  const K = area.classes.length;
  return Uint8Array.from({ length: K + 1 }, (_, c) => (c < K && test(c) ? 1 : 0));
}

/** Housing cells of today's map. */
export function housingCellsToday(area: StudyArea, housing: Uint8Array): number {
  let cells = 0;
  for (let i = 0; i < area.current.length; i++) if (area.current[i] !== NO_CLASS && housing[area.current[i]!]) cells++;
  return cells;
}

/**
 * The contribution maps' basis of a study area, built without an evaluator. Each objective's
 * sub-indicators compile on first use, sharing their distance layers: the first map of one
 * objective waits only for that objective's distance transforms, not for those of all of them.
 */
export class StandaloneContributionBasis implements ContributionBasis {
  readonly housing: Uint8Array;
  readonly natural: Uint8Array;
  readonly housingToday: number;
  readonly neighbourPairs: number;
  private readonly compiled: (readonly CompiledIndicator[] | undefined)[];
  /** Distance layers the indicators share (compile.ts). */
  private readonly distances = new Map<string, Float32Array>();

  constructor(readonly area: StudyArea) {
    this.housing = classFlags(area, (c) => area.classes[c]!.housing);
    this.natural = classFlags(area, (c) => area.classes[c]!.natural);
    this.housingToday = housingCellsToday(area, this.housing);
    this.neighbourPairs = countNeighbourPairs(area);
    this.compiled = area.objectives.map(() => undefined);
  }

  indicatorsOf(objective: number): readonly CompiledIndicator[] {
    let list = this.compiled[objective];
    if (!list) {
      const spec = this.area.objectives[objective];
      if (!spec) throw new RangeError(`objective ${objective} of ${this.area.objectives.length}`);
      list = spec.indicators.map((indicator) => compileIndicator(this.area, indicator, this.distances));
      this.compiled[objective] = list;
    }
    return list;
  }
}

/**
 * Per-cell contribution of a layout to objective `objective` (grid order; NaN outside the study
 * area): shares are spread over the cells that earn them (an accessible home gets 100 / H), pair
 * scores are split between the two cells.
 */
export function contributionMap(basis: ContributionBasis, genome: ArrayLike<number>, objective: number): Float32Array {
  const area = basis.area;
  const n = area.current.length;
  const K = area.classes.length;
  const map = layoutMap(area, genome, new Uint8Array(n));
  const out = new Float32Array(n);
  const housing = basis.housing;
  let housingCells = 0;
  for (let i = 0; i < n; i++) {
    const c = map[i]!;
    if (c === NO_CLASS) out[i] = NaN;
    else if (housing[c]) housingCells++;
  }
  const grid: BitGrid = { width: area.width, height: area.height, wordsPerRow: wordsPerRow(area.width) };
  let homes: Int32Array | undefined; // the housing bitset, when access needs it
  for (const indicator of basis.indicatorsOf(objective)) {
    const w = indicator.weight;
    switch (indicator.kind) {
      case 'linear':
      case 'amenity': {
        const scale = indicator.kind === 'amenity' ? (housingCells > 0 ? 100 / housingCells : 0) : 1;
        addLinearTerm(indicator.term, w * scale, map, area.current, K, out);
        break;
      }
      case 'access': {
        if (housingCells === 0) break;
        // The homes within reach, as the evaluator finds them (exact, on bitsets; a distance
        // transform of the targets, thresholded, gives the same cells, slower).
        homes ??= classBits(map, grid, housing);
        const reached = new Int32Array(homes.length);
        countAccessible(
          grid,
          walkingDisk(indicator.distance, area.cellSizeX, area.cellSizeY),
          homes,
          housingCells,
          classBits(map, grid, indicator.targets),
          new Int32Array(homes.length),
          reached,
        );
        addOnBits(reached, grid, (w * 100) / housingCells, out);
        break;
      }
      case 'supply': {
        // Spread over the homes added (housing now, not today); NO_CLASS has no housing flag.
        const isAdded = (i: number) => housing[map[i]!] === 1 && housing[area.current[i]!] !== 1;
        let added = 0;
        for (let i = 0; i < n; i++) if (isAdded(i)) added++;
        const value = housingSupply(
          housingCells - basis.housingToday,
          area.cellAreaHa,
          indicator.density,
          indicator.dwellings,
        );
        const share = (w * value) / added;
        if (added > 0) for (let i = 0; i < n; i++) if (isAdded(i)) out[i]! += share;
        break;
      }
      case 'compatibility': {
        if (basis.neighbourPairs === 0) break;
        const scale = (w * 100) / basis.neighbourPairs / 2;
        forEachNeighbourPair(area, map, (i, j) => {
          const score = indicator.matrix[map[i]! * K + map[j]!]! * scale;
          out[i]! += score;
          out[j]! += score;
        });
        break;
      }
      case 'core': {
        // On bitsets, as the evaluator counts core cells: natural, and no study-area cell that
        // is not natural among the 8 neighbours.
        const { wordsPerRow: words, height } = grid;
        const natural = classBits(map, grid, basis.natural);
        const breaks = classBits(
          map,
          grid,
          basis.natural.map((flag) => 1 - flag),
        );
        const core = new Int32Array(natural.length);
        for (let y = 0; y < height; y++)
          for (let word = 0; word < words; word++)
            core[y * words + word] = coreWord(natural, breaks, words, height, y, word);
        addOnBits(core, grid, w * area.cellAreaHa, out);
        break;
      }
    }
  }
  return out;
}

/** Adds `value` to `out` at each cell whose bit is set in `bits` (a bitset of `grid`). */
function addOnBits(bits: Int32Array, grid: BitGrid, value: number, out: Float32Array): void {
  for (let y = 0; y < grid.height; y++) {
    for (let word = 0; word < grid.wordsPerRow; word++) {
      for (let v = bits[y * grid.wordsPerRow + word]!; v !== 0; v &= v - 1)
        out[y * grid.width + (word << 5) + lowestBit(v)]! += value;
    }
  }
}

/** The cells of `map` whose class is flagged 1 in `flags`, as a bitset of `grid`. */
function classBits(map: Uint8Array, grid: BitGrid, flags: ArrayLike<number>): Int32Array {
  const bits = new Int32Array(grid.height * grid.wordsPerRow);
  for (let y = 0; y < grid.height; y++) {
    const row = y * grid.width;
    const base = y * grid.wordsPerRow;
    for (let x = 0; x < grid.width; x++) {
      const c = map[row + x]!;
      if (c !== NO_CLASS && flags[c] === 1) bits[base + (x >> 5)] = bits[base + (x >> 5)]! | (1 << (x & 31));
    }
  }
  return bits;
}

/**
 * Adds `factor` x the linear term of each cell (α[c] + β[c] x[i] + C[today][c], the parts the
 * term has) to `out`, cells outside the study area left as they are. One loop per shape of term,
 * so that the loop over the grid tests nothing but the cell's class.
 */
function addLinearTerm(
  term: LinearTerm,
  factor: number,
  map: Uint8Array,
  today: Uint8Array,
  K: number,
  out: Float32Array,
): void {
  const { alpha, beta, x, fromTo } = term;
  const n = map.length;
  if (x && fromTo) {
    for (let i = 0; i < n; i++) {
      const c = map[i]!;
      if (c !== NO_CLASS) out[i]! += factor * (alpha[c]! + beta[c]! * x[i]! + fromTo[today[i]! * K + c]!);
    }
  } else if (x) {
    for (let i = 0; i < n; i++) {
      const c = map[i]!;
      if (c !== NO_CLASS) out[i]! += factor * (alpha[c]! + beta[c]! * x[i]!);
    }
  } else if (fromTo) {
    for (let i = 0; i < n; i++) {
      const c = map[i]!;
      if (c !== NO_CLASS) out[i]! += factor * (alpha[c]! + fromTo[today[i]! * K + c]!);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const c = map[i]!;
      if (c !== NO_CLASS) out[i]! += factor * alpha[c]!;
    }
  }
}
