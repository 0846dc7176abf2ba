/**
 * The end of a run: the best layout of each objective in the archive is polished cell by cell
 * (`LandUseImprovement.polish`: a first-improvement local search with every constraint-keeping
 * cell move, then the parsimony reversion), evaluated, and offered to the archive, where it
 * replaces the layouts it dominates. During the run the memetic step only moves patch edges, so
 * that scattered one-cell changes do not spread through the population; at the end they cannot
 * spread, and the extremes get the precision of a single-objective search (see runs/single.ts).
 * The runner polishes after the last generation and before it records that generation's
 * hypervolume, so history.csv, the front written and the archive agree, and the curve never falls.
 */
import type { LandUseSetup } from '../landuse/index.js';
import { createRandom, type NSGA2 } from '../optimizer/index.js';

/** Sampled moves in a row without improvement after which a polish stops. */
export const POLISH_PATIENCE = 5000;

/**
 * Polish each objective's best archived layout and offer it to the run's archive.
 * @param budget the most move evaluations per objective (0: nothing is done).
 * @returns how many polished layouts entered the archive.
 */
export function polishArchiveExtremes(
  setup: LandUseSetup,
  nsga2: NSGA2<Uint8Array>,
  budget: number,
  seed: number,
): number {
  const archive = nsga2.archive;
  const solutions = nsga2.result().archive;
  if (budget <= 0 || !archive || !solutions || solutions.size === 0) return 0;
  const n = solutions.numberOfVariables;
  const M = solutions.numberOfObjectives;
  const directions = setup.problem.directions;
  const natural = new Float64Array(M);
  const minimised = new Float64Array(M);
  let entered = 0;
  for (let m = 0; m < M; m++) {
    // The best of objective m in natural units and directions.
    const sign = directions[m] === 'maximize' ? 1 : -1;
    let best = 0;
    for (let i = 1; i < solutions.size; i++)
      if (sign * solutions.objectives[i * M + m]! > sign * solutions.objectives[best * M + m]!) best = i;
    const row = solutions.variables.slice(best * n, (best + 1) * n);
    setup.improvement.polish(row, createRandom(seed + m), m, budget, POLISH_PATIENCE);
    if (setup.problem.violation(row) !== 0) continue;
    setup.evaluator.evaluate(row, natural);
    for (let j = 0; j < M; j++) minimised[j] = directions[j] === 'maximize' ? -natural[j]! : natural[j]!;
    if (archive.add(row, minimised)) entered++;
  }
  return entered;
}
