/**
 * Initial population for the land-use problem:
 * - row 0: today's layout, repaired to meet the demands;
 * - rows 1..M: one layout seeded toward each single objective (every cell takes the class whose
 *   per-cell terms serve that objective best, the repair favours that objective, then a short
 *   count-preserving swap search on the exact objective, evaluated incrementally), so the
 *   extremes of the front are present from the first generation;
 * - the rest: random feasible layouts (today's layout with random regions converted, up to the
 *   change limit, then repaired under random objective weights).
 *
 * Each row depends only on its index and its generator ({@link LandUseSampling.sampleRow}), so
 * NSGA-II samples the rows in its evaluator's workers, one seed per row.
 */
import type { Sampling } from '../../optimizer/core/operators.js';
import type { Random } from '../../optimizer/core/random.js';
import { startGenome, type StudyArea } from '../model/study-area.js';
import type { LandUseEvaluator } from '../objectives/evaluator.js';
import type { LinearGain } from './linear-gain.js';
import type { Regions } from '../model/regions.js';
import { RegionMutation } from './mutation.js';
import type { DemandRepair } from './repair.js';

export interface LandUseSamplingOptions {
  /** Swap trials of the local search for each seeded layout. Default 400. */
  readonly seedSearchSteps?: number;
}

/** Default number of swap trials of each seeded layout's local search. */
const DEFAULT_SEED_SEARCH_STEPS = 400;

export class LandUseSampling implements Sampling<Uint8Array> {
  /** Names a non-default search length, so a worker built with other options is not taken for this one. */
  readonly name: string;
  private readonly steps: number;
  private readonly today: Uint8Array;
  /** Region moves that make the random layouts; their budget is drawn per row. */
  private readonly layoutMutation: RegionMutation;
  private readonly objectiveBuffer: Float64Array;

  constructor(
    private readonly area: StudyArea,
    private readonly evaluator: LandUseEvaluator,
    private readonly gain: LinearGain,
    private readonly repair: DemandRepair,
    regions: Regions,
    options: LandUseSamplingOptions = {},
  ) {
    this.steps = options.seedSearchSteps ?? DEFAULT_SEED_SEARCH_STEPS;
    this.name =
      this.steps === DEFAULT_SEED_SEARCH_STEPS ? 'land-use-sampling' : `land-use-sampling (${this.steps} search steps)`;
    this.today = startGenome(area);
    // Random layouts are made from today's: returning a region to today's use would do nothing.
    this.layoutMutation = new RegionMutation(area, regions, { returnShare: 0 });
    this.objectiveBuffer = new Float64Array(evaluator.numberOfObjectives);
  }

  /** Fill `rows` rows in turn with {@link sampleRow}, all from `random`. */
  sample(variables: Uint8Array, rows: number, random: Random): void {
    const genes = this.area.geneCells.length;
    for (let r = 0; r < rows; r++) this.sampleRow(variables.subarray(r * genes, (r + 1) * genes), r, random);
  }

  /**
   * Row `index` of the initial population: 0 today's layout repaired, 1..M seeded toward objective
   * index - 1, later ones random layouts. Depends only on `index` and `random`. Returns whether
   * the row is left as the run's repair leaves it: today's and the random layouts are, once it
   * met every demand and the change limit (repairing them again would do nothing); a seeded
   * layout's swap search may change more cells than the limit allows.
   */
  sampleRow(row: Uint8Array, index: number, random: Random): boolean {
    const M = this.evaluator.numberOfObjectives;
    if (index > 0 && index <= M) {
      this.seedToward(index - 1, row, random);
      return false;
    }
    if (index === 0) row.set(this.today);
    else this.randomLayout(row, random);
    this.repair.repair(row, random);
    return this.repair.lastShortfall === 0;
  }

  /** A feasible layout favouring objective `m`. */
  seedToward(m: number, row: Uint8Array, random: Random): void {
    const area = this.area;
    const K = area.classes.length;
    for (let g = 0; g < row.length; g++) {
      const cell = area.geneCells[g]!;
      const cur = area.current[cell]!;
      let best = cur;
      let bestGain = 0;
      for (let c = 0; c < K; c++) {
        if (c === cur || !((area.allowed[g]! >> c) & 1)) continue;
        const gain = this.gain.objectiveDelta(cell, cur, c, m);
        if (gain > bestGain) {
          bestGain = gain;
          best = c;
        }
      }
      row[g] = best;
    }
    this.seedRepair(m).repair(row, random);
    this.swapSearch(m, row, random);
  }

  /**
   * The repair of a layout seeded toward objective m, made for the call: a run seeds each
   * objective once, and kept, its buffers (at 2,000 x 2,000 cells up to about 140 MB after a
   * seed's millions of changes) would stay for the whole run in every worker. It shares the
   * study area's tables with the run's repair (87 MB and 0.12 s at 2,000 x 2,000).
   */
  private seedRepair(m: number): DemandRepair {
    const weights = new Array<number>(this.evaluator.numberOfObjectives).fill(0);
    weights[m] = 1;
    return this.repair.withOptions({ objectiveWeights: weights, objectiveBias: 20, candidates: 16 });
  }

  /** Count-preserving pair swaps kept when they raise objective m (incremental evaluation). */
  private swapSearch(m: number, row: Uint8Array, random: Random): void {
    if (this.steps === 0 || row.length < 2) return;
    const area = this.area;
    // Only objective m is read: a state for it alone (the same value of m, built at less cost).
    const state = this.evaluator.createState(row, m);
    const objectives = this.objectiveBuffer;
    let current = state.objectives(objectives)[m]!;
    for (let step = 0; step < this.steps; step++) {
      const g1 = random.nextInt(row.length);
      const g2 = random.nextInt(row.length);
      const a = state.genome[g1]!;
      const b = state.genome[g2]!;
      if (a === b || !((area.allowed[g1]! >> b) & 1) || !((area.allowed[g2]! >> a) & 1)) continue;
      state.set(g1, b);
      state.set(g2, a);
      const next = state.objectives(objectives)[m]!;
      if (next > current) current = next;
      else {
        state.set(g1, a);
        state.set(g2, b);
      }
    }
    row.set(state.genome);
  }

  /** Today's layout with random regions changed (repaired by `sampleRow`). */
  private randomLayout(row: Uint8Array, random: Random): void {
    row.set(this.today);
    // Up to 35 % of the changeable land, and no more than the change limit allows.
    const most = Math.min(0.35 * row.length, this.area.maxChangedCells);
    const cells = Math.max(4, Math.round(most * (0.15 + 0.85 * random.nextDouble())));
    this.layoutMutation.mutateCells(row, cells, random);
  }
}
