/**
 * How much two workers slow each other on the engine's own work: the workers' compute time per
 * row of one batch of the demo's layouts on a one-worker pool alone, against the same batch on
 * two one-worker pools at once. The two pools share nothing (no batch split between them, no
 * barrier, no main-thread work between chunks), so what slows them is the machine: caches,
 * memory bandwidth, the host's scheduling of the VM's cores. The two-busy-loops check
 * (bench/machine.ts) runs a loop that touches no memory and reads 1.0 where this may not.
 *
 * A speed-up of 2 workers is bounded by 2 / this ratio before any serial share: at 1.17, 1.71x.
 */
import { createLandUseProblem, prepareScenario } from '../engine/src/landuse/index.js';
import { createRandom } from '../engine/src/optimizer/index.js';
import type { EvaluationBatch, Problem } from '../engine/src/optimizer/core/problem.js';
import { createLandUseSpec, ParallelEvaluator } from '../engine/src/parallel/index.js';
import { median } from './harness.js';

export interface WorkloadContention {
  /** Compute time per row with two pools at once over one alone (median of the rounds). */
  readonly ratio: number;
  /** Compute time per row of one pool alone, ms (median of the rounds). */
  readonly aloneMsPerRow: number;
}

function batchOf(problem: Problem<Uint8Array>, rows: Uint8Array, size: number): EvaluationBatch<Uint8Array> {
  return {
    size,
    variables: rows.slice(),
    objectives: new Float64Array(size * problem.numberOfObjectives),
    violations: new Float64Array(size * problem.numberOfConstraints),
  };
}

/** Compute ms per row of `passes` evaluations of the batch on `evaluator`. */
async function computePerRow(
  evaluator: ParallelEvaluator<Uint8Array>,
  problem: Problem<Uint8Array>,
  rows: Uint8Array,
  size: number,
  passes: number,
): Promise<number> {
  evaluator.resetStats();
  for (let p = 0; p < passes; p++) await evaluator.evaluate(problem, batchOf(problem, rows, size));
  return evaluator.stats.computeMs / evaluator.stats.rows;
}

/**
 * The ratio for `scenario`: `size` sampled and repaired layouts, each round `passes` evaluations
 * of them on one pool alone and on two pools at once; the median ratio of `rounds` rounds.
 */
export async function twoWorkloadsRatio(
  scenario: string,
  { size = 60, passes = 30, rounds = 5 } = {},
): Promise<WorkloadContention> {
  const prepared = await prepareScenario(scenario);
  const area = prepared.studyArea;
  const setup = createLandUseProblem(area);
  const problem = setup.problem;
  const rows = problem.createVariables(size);
  setup.sampling.sample(rows, size, createRandom(1));
  const spec = await createLandUseSpec(area);
  const pools = [0, 1].map(() => new ParallelEvaluator<Uint8Array>({ spec, workers: 1 }));
  try {
    await Promise.all(pools.map((pool) => pool.start()));
    // Warm both workers' compiled code before timing.
    await Promise.all(pools.map((pool) => computePerRow(pool, problem, rows, size, 2)));
    const ratios: number[] = [];
    const alone: number[] = [];
    // Alone and together back to back, alternating which goes first: a burst of another
    // process's work then falls on either side as often.
    for (let r = 0; r < rounds; r++) {
      const aloneFirst = r % 2 === 0;
      const together = () => Promise.all(pools.map((pool) => computePerRow(pool, problem, rows, size, passes)));
      const first = aloneFirst ? [await computePerRow(pools[0]!, problem, rows, size, passes)] : await together();
      const second = aloneFirst ? await together() : [await computePerRow(pools[0]!, problem, rows, size, passes)];
      const [one, two] = aloneFirst ? [first[0]!, second] : [second[0]!, first];
      alone.push(one);
      ratios.push((two[0]! + two[1]!) / 2 / one);
    }
    return { ratio: median(ratios), aloneMsPerRow: median(alone) };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
