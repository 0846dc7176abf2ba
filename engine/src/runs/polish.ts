/**
 * The end of a run: the best layout of each objective in the archive is polished cell by cell
 * (`LandUseImprovement.polish`: a first-improvement local search with every constraint-keeping
 * cell move, then the parsimony reversion), evaluated, and offered back to the set; layouts it
 * dominates leave. During the run the memetic step only moves patch edges, so that scattered
 * one-cell changes do not spread through the population; at the end they cannot spread, and the
 * extremes get the precision of a single-objective search (see runs/single.ts).
 */
import type { LandUseSetup } from '../landuse/index.js';
import { createRandom, type SolutionSet } from '../optimizer/index.js';

/** Sampled moves in a row without improvement after which a polish stops. */
export const POLISH_PATIENCE = 5000;

/**
 * The solutions with each objective's best layout polished (natural units; all maximised).
 * @param budget the most move evaluations per objective (0: the solutions unchanged).
 */
export function withPolishedExtremes(
  setup: LandUseSetup,
  solutions: SolutionSet<Uint8Array>,
  budget: number,
  seed: number,
): SolutionSet<Uint8Array> {
  if (budget <= 0 || solutions.size === 0) return solutions;
  const n = solutions.numberOfVariables;
  const M = solutions.numberOfObjectives;
  const rows: Uint8Array[] = [];
  const values: Float64Array[] = [];
  for (let i = 0; i < solutions.size; i++) {
    rows.push(solutions.variables.slice(i * n, (i + 1) * n));
    values.push(solutions.objectives.slice(i * M, (i + 1) * M));
  }
  for (let m = 0; m < M; m++) {
    let best = 0;
    for (let i = 1; i < values.length; i++) if (values[i]![m]! > values[best]![m]!) best = i;
    const row = rows[best]!.slice();
    setup.improvement.polish(row, createRandom(seed + m), m, budget, POLISH_PATIENCE);
    const objectives = new Float64Array(M);
    setup.evaluator.evaluate(row, objectives);
    if (setup.problem.violation(row) !== 0) continue;
    rows.push(row);
    values.push(objectives);
  }
  // Keep the non-dominated (maximised objectives; an exact copy of an earlier row is dropped).
  const keep = values.map((v, i) =>
    values.every((w, j) => {
      if (i === j) return true;
      let better = false;
      let worse = false;
      for (let k = 0; k < M; k++) {
        if (w[k]! > v[k]!) better = true;
        else if (w[k]! < v[k]!) worse = true;
      }
      return !(better && !worse) && !(j < i && !better && !worse);
    }),
  );
  const kept = keep.flatMap((k, i) => (k ? [i] : []));
  const variables = new Uint8Array(kept.length * n);
  const objectives = new Float64Array(kept.length * M);
  kept.forEach((i, r) => {
    variables.set(rows[i]!, r * n);
    objectives.set(values[i]!, r * M);
  });
  return { ...solutions, size: kept.length, variables, objectives, violations: new Float64Array(0) };
}
