/**
 * Distance-based quality indicators between an approximation set A and a reference front R
 * (plain objective matrices, minimisation form, Euclidean distances, no normalisation):
 * GD (mean distance from A to R), IGD (mean distance from R to A), IGD+ (Ishibuchi et al. 2015:
 * only the amounts by which A is worse count, which makes it weakly Pareto-compliant).
 */
import { OptimizerInputError } from '../errors.js';
import { toMatrix } from '../ranking/non-dominated-sort.js';

type Matrix = Float64Array | readonly (readonly number[])[];

/** Rows and columns of both sets, checked to agree. */
export function pairOfMatrices(
  approximation: Matrix,
  reference: Matrix,
  m?: number,
): { a: Float64Array; r: Float64Array; aRows: number; rRows: number; m: number } {
  const columns =
    m ??
    (Array.isArray(reference) ? reference[0]?.length : undefined) ??
    (Array.isArray(approximation) ? approximation[0]?.length : undefined);
  if (columns === undefined) throw new OptimizerInputError('pass the number of objectives m for Float64Array matrices');
  const A = toMatrix(approximation, columns);
  const R = toMatrix(reference, columns);
  if (A.rows === 0) throw new OptimizerInputError('the approximation set is empty');
  if (R.rows === 0) throw new OptimizerInputError('the reference front is empty');
  return { a: A.data, r: R.data, aRows: A.rows, rRows: R.rows, m: columns };
}

function meanMinDistance(
  from: Float64Array,
  fromRows: number,
  to: Float64Array,
  toRows: number,
  m: number,
  plus: boolean,
): number {
  let total = 0;
  for (let i = 0; i < fromRows; i++) {
    let best = Infinity;
    for (let k = 0; k < toRows; k++) {
      let squared = 0;
      for (let j = 0; j < m; j++) {
        let d = to[k * m + j]! - from[i * m + j]!;
        // IGD+: from = reference point z, to = solution a; only a_j > z_j counts.
        if (plus && d < 0) d = 0;
        squared += d * d;
        if (squared >= best) break;
      }
      if (squared < best) best = squared;
    }
    total += Math.sqrt(best);
  }
  return total / fromRows;
}

/**
 * Inverted generational distance: mean over reference points of the distance to the nearest solution.
 * @example igd([[0, 1], [1, 0]], [[0, 1], [0.5, 0.5], [1, 0]]) // ~0.2357
 */
export function igd(approximation: Matrix, referenceFront: Matrix, m?: number): number {
  const { a, r, aRows, rRows, m: columns } = pairOfMatrices(approximation, referenceFront, m);
  return meanMinDistance(r, rRows, a, aRows, columns, false);
}

/** IGD+: like IGD, with d+(z, a) = sqrt(sum max(a_j - z_j, 0)^2). */
export function igdPlus(approximation: Matrix, referenceFront: Matrix, m?: number): number {
  const { a, r, aRows, rRows, m: columns } = pairOfMatrices(approximation, referenceFront, m);
  return meanMinDistance(r, rRows, a, aRows, columns, true);
}

/** Generational distance: mean over solutions of the distance to the nearest reference point (p = 1, as pymoo). */
export function gd(approximation: Matrix, referenceFront: Matrix, m?: number): number {
  const { a, r, aRows, rRows, m: columns } = pairOfMatrices(approximation, referenceFront, m);
  return meanMinDistance(a, aRows, r, rRows, columns, false);
}
