/**
 * Picking out the layouts a planner looks at first: the extreme of each objective and the knee.
 *
 * The knee (Branke et al. 2004, as approximated in the planning primer) is the point farthest,
 * on the good side, from the hyperplane through the extremes, measured after normalising every
 * objective to [0, 1] between the front's best (0) and worst (1) values. Where the extremes do not
 * span a hyperplane (duplicates, a degenerate front), the knee falls back to the point nearest the
 * ideal point in the same normalised space.
 */

import type { ObjectiveDirection } from '../optimizer/index.js';

export interface FrontHighlights {
  /** Row index of the best point for each objective (ties: the one better in the other objectives). */
  extremes: number[];
  /** Row index of the knee point, or -1 for an empty front. */
  knee: number;
}

/**
 * @param objectives row-major rows x M matrix in natural units
 * @param directions the natural direction of each of the M objectives
 */
export function frontHighlights(
  objectives: Float64Array,
  rows: number,
  directions: readonly ObjectiveDirection[],
): FrontHighlights {
  const m = directions.length;
  if (rows === 0) return { extremes: directions.map(() => -1), knee: -1 };
  const normalised = normaliseToUnitCost(objectives, rows, directions);

  const extremes: number[] = [];
  for (let j = 0; j < m; j++) {
    let best = 0;
    for (let i = 1; i < rows; i++) {
      const a = normalised[i * m + j]!;
      const b = normalised[best * m + j]!;
      if (a < b || (a === b && rowSum(normalised, i, m) < rowSum(normalised, best, m))) best = i;
    }
    extremes.push(best);
  }
  return { extremes, knee: kneeIndex(normalised, rows, m, extremes) };
}

/** Each objective mapped to a cost in [0, 1]: 0 at the front's best value, 1 at its worst. */
export function normaliseToUnitCost(
  objectives: Float64Array,
  rows: number,
  directions: readonly ObjectiveDirection[],
): Float64Array {
  const m = directions.length;
  const out = new Float64Array(rows * m);
  for (let j = 0; j < m; j++) {
    const sign = directions[j] === 'maximize' ? -1 : 1;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < rows; i++) {
      const v = sign * objectives[i * m + j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo;
    for (let i = 0; i < rows; i++) out[i * m + j] = span > 0 ? (sign * objectives[i * m + j]! - lo) / span : 0;
  }
  return out;
}

function rowSum(matrix: Float64Array, row: number, m: number): number {
  let sum = 0;
  for (let j = 0; j < m; j++) sum += matrix[row * m + j]!;
  return sum;
}

function kneeIndex(normalised: Float64Array, rows: number, m: number, extremes: number[]): number {
  // Hyperplane w·x = 1 through the extremes: solve E w = 1 with E the M x M matrix of extremes.
  const w = solveForOnes(extremes.map((e) => Array.from(normalised.subarray(e * m, (e + 1) * m))));
  let best = 0;
  let bestScore = -Infinity;
  if (w) {
    const norm = Math.hypot(...w);
    for (let i = 0; i < rows; i++) {
      let dot = 0;
      for (let j = 0; j < m; j++) dot += w[j]! * normalised[i * m + j]!;
      const score = (1 - dot) / norm; // > 0 on the ideal point's side of the plane
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }
  for (let i = 0; i < rows; i++) {
    let squared = 0;
    for (let j = 0; j < m; j++) squared += normalised[i * m + j]! ** 2;
    if (-squared > bestScore) {
      bestScore = -squared;
      best = i;
    }
  }
  return best;
}

/** Gaussian elimination with partial pivoting for A w = 1; null when A is (nearly) singular. */
function solveForOnes(a: number[][]): number[] | null {
  const n = a.length;
  const augmented = a.map((row) => [...row, 1]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(augmented[r]![col]!) > Math.abs(augmented[pivot]![col]!)) pivot = r;
    if (Math.abs(augmented[pivot]![col]!) < 1e-12) return null;
    [augmented[col], augmented[pivot]] = [augmented[pivot]!, augmented[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = augmented[r]![col]! / augmented[col]![col]!;
      for (let c = col; c <= n; c++) augmented[r]![c]! -= factor * augmented[col]![c]!;
    }
  }
  const w = augmented.map((row, i) => row[n]! / row[i]!);
  return w.every(Number.isFinite) ? w : null;
}
