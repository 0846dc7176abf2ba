/**
 * Initial population for the land-use problem:
 * - row 0: today's layout, repaired to meet the demands;
 * - rows 1..M: one layout seeded toward each single objective (every cell takes the class whose
 *   per-cell terms serve that objective best, the repair favours that objective, then a short
 *   count-preserving swap search on the exact objective, evaluated incrementally), so the
 *   extremes of the front are present from the first generation;
 * - the rest: random feasible layouts (today's layout with random compact patches converted,
 *   then repaired under random objective weights).
 */
import type { Sampling } from '../../optimizer/core/operators.js';
import type { Random } from '../../optimizer/core/random.js';
import { currentGenome, type StudyArea } from '../model/study-area.js';
import type { LandUseEvaluator } from '../objectives/evaluator.js';
import type { LinearGain } from './linear-gain.js';
import { SpatialMutation } from './mutation.js';
import { DemandRepair } from './repair.js';

export interface LandUseSamplingOptions {
  /** Swap trials of the local search for each seeded layout. Default 400. */
  readonly seedSearchSteps?: number;
}

export class LandUseSampling implements Sampling<Uint8Array> {
  readonly name = 'land-use-sampling';
  private readonly steps: number;

  constructor(
    private readonly area: StudyArea,
    private readonly evaluator: LandUseEvaluator,
    private readonly gain: LinearGain,
    private readonly repair: DemandRepair,
    options: LandUseSamplingOptions = {},
  ) {
    this.steps = options.seedSearchSteps ?? 400;
  }

  sample(variables: Uint8Array, rows: number, random: Random): void {
    const genes = this.area.geneCells.length;
    const M = this.evaluator.numberOfObjectives;
    const today = currentGenome(this.area);
    for (let r = 0; r < rows; r++) {
      const row = variables.subarray(r * genes, (r + 1) * genes);
      if (r === 0) {
        row.set(today);
        this.repair.repair(row, random);
      } else if (r <= M) {
        this.seedToward(r - 1, row, random);
      } else {
        this.randomLayout(today, row, random);
      }
    }
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
    const weights = new Array<number>(this.evaluator.numberOfObjectives).fill(0);
    weights[m] = 1;
    new DemandRepair(area, this.gain, { objectiveWeights: weights, objectiveBias: 20, candidates: 16 }).repair(
      row,
      random,
    );
    this.swapSearch(m, row, random);
  }

  /** Count-preserving pair swaps kept when they raise objective m (incremental evaluation). */
  private swapSearch(m: number, row: Uint8Array, random: Random): void {
    if (this.steps === 0 || row.length < 2) return;
    const area = this.area;
    const state = this.evaluator.createState(row);
    const objectives = new Float64Array(this.evaluator.numberOfObjectives);
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

  private randomLayout(today: Uint8Array, row: Uint8Array, random: Random): void {
    row.set(today);
    const mutation = new SpatialMutation(this.area, {
      cells: Math.max(4, Math.round(row.length * (0.05 + 0.3 * random.nextDouble()))),
      patchShare: 0.8,
    });
    mutation.mutate(row, random);
    this.repair.repair(row, random);
  }
}
