/**
 * The rows a memetic step improves (NSGA2Options.intensification): on the feasible first front of
 * the population, the best row of each objective and the compromise. The compromise is the row
 * whose smallest normalised gain is largest: with each objective scaled to [0, 1] between the
 * front's worst (0) and best (1) values, the row maximising min over objectives of its scaled
 * value (a max-min, or Chebyshev, compromise; ties go to the earlier row).
 */
import type { Population } from '../core/population.js';

/**
 * Write the distinct elite rows into `rows` (at most M + 1) and each one's focus into `focus`
 * (m for the best row of objective m, M for the compromise). Returns how many were written
 * (0 when no member is feasible and on the first front).
 * @param population objectives in minimisation form; rank and totalViolation filled.
 */
export function eliteRows(population: Population, size: number, rows: Int32Array, focus: Int32Array): number {
  const M = population.numberOfObjectives;
  const objectives = population.objectives;
  const lo = new Float64Array(M).fill(Infinity);
  const hi = new Float64Array(M).fill(-Infinity);
  const best = new Int32Array(M).fill(-1);
  let members = 0;
  for (let i = 0; i < size; i++) {
    if (population.rank[i] !== 0 || population.totalViolation[i] !== 0) continue;
    members++;
    for (let m = 0; m < M; m++) {
      const v = objectives[i * M + m]!;
      if (v < lo[m]!) {
        lo[m] = v;
        best[m] = i;
      }
      if (v > hi[m]!) hi[m] = v;
    }
  }
  if (members === 0) return 0;
  let count = 0;
  const add = (row: number, target: number) => {
    for (let k = 0; k < count; k++) if (rows[k] === row) return;
    rows[count] = row;
    focus[count++] = target;
  };
  for (let m = 0; m < M; m++) add(best[m]!, m);
  let compromise = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < size; i++) {
    if (population.rank[i] !== 0 || population.totalViolation[i] !== 0) continue;
    let score = Infinity;
    for (let m = 0; m < M; m++) {
      const span = hi[m]! - lo[m]!;
      const gain = span > 0 ? (hi[m]! - objectives[i * M + m]!) / span : 1;
      if (gain < score) score = gain;
    }
    if (score > bestScore) {
      bestScore = score;
      compromise = i;
    }
  }
  add(compromise, M);
  return count;
}
