/**
 * The end of a run: the best layout of each objective in the archive is polished
 * (`LandUseImprovement.polish`: a first-improvement local search whose `compact` moves grow,
 * shrink and trade cells along the edges of the layout's changed patches, then the parsimony
 * reversion), evaluated, and offered to the archive, where it replaces the layouts it dominates.
 * During the run the memetic step is light and only moves patch edges and whole regions; the
 * polish gives the extremes the precision of a single-objective search (see runs/single.ts)
 * without scattering their change into one-cell patches, as the `cells` moves of the baseline do.
 * The runner polishes after the last generation and before it records that generation's
 * hypervolume, so history.csv, the front written and the archive agree, and the curve never falls.
 */
import type { LandUseSetup } from '../landuse/index.js';
import {
  prepareBatch,
  toMinimisationObjectives,
  type EvaluationBatch,
  type Evaluator,
  type NSGA2,
} from '../optimizer/index.js';

/** Sampled moves in a row without improvement after which a polish stops. */
export const POLISH_PATIENCE = 5000;

/**
 * The most move evaluations a polish spends per objective, per full evaluation of the run: a move
 * evaluation costs about 1/100 to 1/200 of a full one, so the polish of each objective costs at
 * most about a tenth of the run, and a short trial run is not held up by a long polish.
 */
export const POLISH_MOVES_PER_EVALUATION = 12;

/**
 * The move evaluations a polish spends per objective after a run of `runEvaluations` full
 * evaluations: the scenario's `localSearch.polish`, capped at POLISH_MOVES_PER_EVALUATION per
 * full evaluation.
 */
export function polishBudget(polish: number, runEvaluations: number): number {
  return Math.max(0, Math.min(polish, POLISH_MOVES_PER_EVALUATION * runEvaluations));
}

/**
 * Polish each objective's best archived layout and offer it to the run's archive.
 *
 * The polishes are independent (objective m's from `createRandom(seed + m)`), so with an evaluator
 * that prepares rows (the workers) they run there in parallel, one layout per worker, and the
 * workers evaluate them too; otherwise on this thread. Either way each polished layout is the same,
 * and they are offered in objective order, so the archive ends the same.
 * @param budget the most move evaluations per objective (0: nothing is done), capped by {@link polishBudget}.
 * @param evaluator the run's evaluator (the workers), or null to polish on this thread.
 * @returns how many polished layouts entered the archive.
 */
export async function polishArchiveExtremes(
  setup: LandUseSetup,
  nsga2: NSGA2<Uint8Array>,
  budget: number,
  seed: number,
  evaluator: Evaluator<Uint8Array> | null = null,
): Promise<number> {
  const archive = nsga2.archive;
  // The archive read a row at a time (result() would copy the population and the archive: 0.6-0.8 GB
  // at 2000 x 2000); every objective's best row is copied out before the archive changes.
  const solutions = archive ? nsga2.currentSolutions() : null;
  const moves = polishBudget(budget, nsga2.evaluations);
  if (moves <= 0 || !archive || !solutions || solutions.size === 0) return 0;
  const problem = setup.problem;
  const n = solutions.numberOfVariables;
  const M = solutions.numberOfObjectives;
  const K = problem.numberOfConstraints;
  const directions = problem.directions;
  // One batch row per objective: the best of objective m (natural units and directions) in the
  // archive as the run left it, polished on objective m.
  const batch: EvaluationBatch<Uint8Array> = {
    size: M,
    variables: problem.createVariables(M),
    objectives: new Float64Array(M * M),
    violations: new Float64Array(M * K),
    preparation: {
      seeds: Uint32Array.from(directions, (_, m) => seed + m),
      sampling: null,
      sampleIndex: null,
      repair: null,
      improvement: setup.improvement,
      focus: Int32Array.from(directions, (_, m) => m),
      budget: moves,
      polishPatience: POLISH_PATIENCE,
    },
  };
  directions.forEach((direction, m) => {
    const sign = direction === 'maximize' ? 1 : -1;
    let best = 0;
    for (let i = 1; i < solutions.size; i++)
      if (sign * solutions.objectives[i * M + m]! > sign * solutions.objectives[best * M + m]!) best = i;
    solutions.row(best, batch.variables.subarray(m * n, (m + 1) * n));
  });
  if (!(await polishedInWorkers(evaluator, problem, batch))) {
    prepareBatch(batch, n);
    problem.evaluate(batch);
  }
  // The archive keeps objectives in minimisation form.
  const minimised = toMinimisationObjectives(batch.objectives, M, directions);
  let entered = 0;
  for (let m = 0; m < M; m++) {
    let violation = 0;
    for (let j = 0; j < K; j++) violation += batch.violations[m * K + j]!;
    if (violation !== 0) continue;
    if (archive.add(batch.variables.subarray(m * n, (m + 1) * n), minimised, m * M)) entered++;
  }
  return entered;
}

/**
 * Polish and evaluate `batch` in the workers; false when there are none, or when they failed (a
 * crash, or closed by a stop during the polish): the rows are then as they were, to be polished
 * on this thread, with the same result.
 */
async function polishedInWorkers(
  evaluator: Evaluator<Uint8Array> | null,
  problem: LandUseSetup['problem'],
  batch: EvaluationBatch<Uint8Array>,
): Promise<boolean> {
  if (!evaluator?.preparesRows) return false;
  const rows = batch.variables.slice();
  try {
    await evaluator.evaluate(problem, batch);
    return true;
  } catch {
    batch.variables.set(rows);
    return false;
  }
}
