/**
 * Where a layout gains or loses: the per-cell contribution of each sub-indicator kind to one
 * objective (LandUseEvaluator.contributionMap). The cells sum to the objective value.
 */
import { layoutMap, NO_CLASS, type StudyArea } from '../model/study-area.js';
import { countAccessible, walkingDisk, type BitGrid } from './access.js';
import { lowestBit, wordsPerRow } from './bits.js';
import { countNeighbourPairs, forEachNeighbourPair } from './compatibility.js';
import { compileIndicator, type CompiledIndicator } from './compile.js';
import { isCore } from './habitat-core.js';
import { housingSupply } from './housing.js';

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
  for (let i = 0; i < n; i++) if (map[i] === NO_CLASS) out[i] = NaN;
  let housingCells = 0;
  for (let i = 0; i < n; i++) if (map[i] !== NO_CLASS && basis.housing[map[i]!]) housingCells++;
  let homes: { grid: BitGrid; bits: Int32Array } | undefined; // the housing bitset, when access needs it
  for (const indicator of basis.indicatorsOf(objective)) {
    const w = indicator.weight;
    switch (indicator.kind) {
      case 'linear':
      case 'amenity': {
        const scale = indicator.kind === 'amenity' ? (housingCells > 0 ? 100 / housingCells : 0) : 1;
        const t = indicator.term;
        for (let i = 0; i < n; i++) {
          const c = map[i]!;
          if (c === NO_CLASS) continue;
          out[i]! +=
            w *
            scale *
            (t.alpha[c]! + (t.x ? t.beta[c]! * t.x[i]! : 0) + (t.fromTo ? t.fromTo[area.current[i]! * K + c]! : 0));
        }
        break;
      }
      case 'access': {
        if (housingCells === 0) break;
        // The homes within reach, as the evaluator finds them (exact, on bitsets; a distance
        // transform of the targets, thresholded, gives the same cells at 3-4 times the time).
        homes ??= { grid: bitGrid(area), bits: classBits(map, bitGrid(area), basis.housing) };
        const { grid } = homes;
        const reached = new Int32Array(homes.bits.length);
        countAccessible(
          grid,
          walkingDisk(indicator.distance, area.cellSizeX, area.cellSizeY),
          homes.bits,
          housingCells,
          classBits(map, grid, indicator.targets),
          new Int32Array(homes.bits.length),
          reached,
        );
        const share = (w * 100) / housingCells;
        for (let y = 0; y < grid.height; y++) {
          for (let word = 0; word < grid.wordsPerRow; word++) {
            let v = reached[y * grid.wordsPerRow + word]!;
            while (v !== 0) {
              out[y * area.width + (word << 5) + lowestBit(v)]! += share;
              v &= v - 1;
            }
          }
        }
        break;
      }
      case 'supply': {
        const added: number[] = [];
        for (let i = 0; i < n; i++) {
          const c = map[i]!;
          if (c !== NO_CLASS && basis.housing[c] && !basis.housing[area.current[i]!]) added.push(i);
        }
        const value = housingSupply(
          housingCells - basis.housingToday,
          area.cellAreaHa,
          indicator.density,
          indicator.dwellings,
        );
        for (const i of added) out[i]! += (w * value) / added.length;
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
      case 'core':
        for (let i = 0; i < n; i++) if (isCore(area, map, basis.natural, i)) out[i]! += w * area.cellAreaHa;
        break;
    }
  }
  return out;
}

const bitGrid = (area: StudyArea): BitGrid => ({
  width: area.width,
  height: area.height,
  wordsPerRow: wordsPerRow(area.width),
});

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
