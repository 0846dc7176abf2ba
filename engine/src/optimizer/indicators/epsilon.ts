import { pairOfMatrices } from './distance.js';

/**
 * Additive epsilon indicator (Zitzler et al. 2003): the smallest eps such that every reference
 * point is weakly dominated by some solution shifted by -eps:
 * max over r of min over a of max over j of (a_j - r_j). 0 or less means A covers R.
 * @example additiveEpsilon([[1, 1]], [[0, 2], [2, 0]]) // 1
 */
export function additiveEpsilon(
  approximation: Float64Array | readonly (readonly number[])[],
  referenceFront: Float64Array | readonly (readonly number[])[],
  m?: number,
): number {
  const { a, r, aRows, rRows, m: columns } = pairOfMatrices(approximation, referenceFront, m);
  let epsilon = -Infinity;
  for (let k = 0; k < rRows; k++) {
    let best = Infinity;
    for (let i = 0; i < aRows; i++) {
      let worst = -Infinity;
      for (let j = 0; j < columns; j++) {
        const d = a[i * columns + j]! - r[k * columns + j]!;
        if (d > worst) worst = d;
      }
      if (worst < best) best = worst;
    }
    if (best > epsilon) epsilon = best;
  }
  return epsilon;
}
