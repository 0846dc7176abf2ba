import { OptimizerInputError } from '../errors.js';
import { sortLexicographic } from '../ranking/index-sort.js';
import { pairOfMatrices } from './distance.js';

/**
 * Spread (diversity; 0 is ideal, smaller is better).
 * - M = 2: Deb's Delta (Deb et al. 2002), with the extremes taken from the reference front:
 *   (d_f + d_l + sum |d_i - mean d|) / (d_f + d_l + (N - 1) mean d) over the front sorted by f1.
 * - M >= 3: the generalised spread of Zhou et al. (2006) (jMetal's GeneralizedSpread):
 *   extremes are the reference points best in each objective, d_i is each solution's distance to
 *   its nearest neighbour in A.
 * Needs at least two distinct solutions.
 */
export function spread(
  approximation: Float64Array | readonly (readonly number[])[],
  referenceFront: Float64Array | readonly (readonly number[])[],
  m?: number,
): number {
  const { a, r, aRows, rRows, m: columns } = pairOfMatrices(approximation, referenceFront, m);
  if (aRows < 2) throw new OptimizerInputError(`spread needs at least 2 solutions, got ${aRows}`);
  return columns === 2 ? debSpread(a, aRows, r, rRows) : generalizedSpread(a, aRows, r, rRows, columns);
}

function distance(x: Float64Array, i: number, y: Float64Array, k: number, m: number): number {
  let squared = 0;
  for (let j = 0; j < m; j++) {
    const d = x[i * m + j]! - y[k * m + j]!;
    squared += d * d;
  }
  return Math.sqrt(squared);
}

function debSpread(a: Float64Array, aRows: number, r: Float64Array, rRows: number): number {
  const order = Int32Array.from({ length: aRows }, (_, i) => i);
  sortLexicographic(order, aRows, a, 2, new Int32Array(aRows));
  const refOrder = Int32Array.from({ length: rRows }, (_, i) => i);
  sortLexicographic(refOrder, rRows, r, 2, new Int32Array(rRows));
  const first = distance(a, order[0]!, r, refOrder[0]!, 2);
  const last = distance(a, order[aRows - 1]!, r, refOrder[rRows - 1]!, 2);
  let mean = 0;
  const gaps = new Float64Array(aRows - 1);
  for (let i = 0; i < aRows - 1; i++) {
    gaps[i] = distance(a, order[i]!, a, order[i + 1]!, 2);
    mean += gaps[i]!;
  }
  mean /= aRows - 1;
  let deviation = 0;
  for (let i = 0; i < aRows - 1; i++) deviation += Math.abs(gaps[i]! - mean);
  const denominator = first + last + (aRows - 1) * mean;
  return denominator === 0 ? 1 : (first + last + deviation) / denominator;
}

function generalizedSpread(a: Float64Array, aRows: number, r: Float64Array, rRows: number, m: number): number {
  // Extreme reference points: the one with the largest value in each objective (jMetal's choice).
  let extremes = 0;
  for (let j = 0; j < m; j++) {
    let best = 0;
    for (let k = 1; k < rRows; k++) if (r[k * m + j]! > r[best * m + j]!) best = k;
    let nearest = Infinity;
    for (let i = 0; i < aRows; i++) nearest = Math.min(nearest, distance(r, best, a, i, m));
    extremes += nearest;
  }
  const nearestNeighbour = new Float64Array(aRows);
  let mean = 0;
  for (let i = 0; i < aRows; i++) {
    let nearest = Infinity;
    for (let k = 0; k < aRows; k++) if (k !== i) nearest = Math.min(nearest, distance(a, i, a, k, m));
    nearestNeighbour[i] = nearest;
    mean += nearest;
  }
  mean /= aRows;
  let deviation = 0;
  for (let i = 0; i < aRows; i++) deviation += Math.abs(nearestNeighbour[i]! - mean);
  const denominator = extremes + aRows * mean;
  return denominator === 0 ? 1 : (extremes + deviation) / denominator;
}
