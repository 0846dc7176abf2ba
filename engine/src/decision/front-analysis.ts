/**
 * Picking out the layouts a planner looks at first: the extreme of each objective and the
 * compromise (stored under the key `knee` in run folders and commands).
 *
 * Every objective is first mapped to a normalised cost c in [0, 1] between the front's best (0)
 * and worst (1) value; the gain 1 - c is how far a layout is from the front's worst value.
 * The compromise is the layout that, in this order (docs/report.md, "The compromise"):
 *   1. lies in the bottom 20 % of the front on the fewest objectives (a layout is in the bottom
 *      20 % on objective j when at least 80 % of the front's layouts are strictly better on j),
 *   2. has the smallest worst normalised cost max_j c_j, i.e. the largest smallest gain
 *      (the weighted-Chebyshev point nearest the ideal point: compromise programming, L-infinity),
 *   3. has the smallest total normalised cost sum_j c_j,
 *   4. comes first in the front.
 * Rule 1 means it never lies in the bottom 20 % on any objective when the front has a layout that
 * does not; rule 2 means no objective is given up for the others.
 */

import type { ObjectiveDirection } from '../optimizer/index.js';

export interface FrontHighlights {
  /** Row index of the best point for each objective (ties: the one better in the other objectives). */
  extremes: number[];
  /** Row index of the compromise (key `knee` in run folders), or -1 for an empty front. */
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
  return { extremes, knee: compromiseIndex(normalised, rows, m) };
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

/** Share of the front that must be strictly better on an objective to put a layout in its bottom 20 %. */
export const BOTTOM_SHARE = 0.8;

/**
 * Per row and objective, whether the row lies in the front's bottom 20 % on that objective: at
 * least {@link BOTTOM_SHARE} of the rows are strictly better (smaller cost). Row-major rows x m.
 */
export function inBottomShare(costs: Float64Array, rows: number, m: number): Uint8Array {
  const out = new Uint8Array(rows * m);
  const sorted = new Float64Array(rows);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < rows; i++) sorted[i] = costs[i * m + j]!;
    sorted.sort();
    for (let i = 0; i < rows; i++) {
      const better = lowerBound(sorted, costs[i * m + j]!);
      out[i * m + j] = better >= BOTTOM_SHARE * rows ? 1 : 0;
    }
  }
  return out;
}

/** Number of values in the ascending array strictly smaller than `value`. */
function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Row index of the compromise of a front given as normalised costs (0 best, 1 worst; rows x m),
 * by the rules in this module's header; -1 for an empty front.
 */
export function compromiseIndex(costs: Float64Array, rows: number, m: number): number {
  const bottom = inBottomShare(costs, rows, m);
  let best = -1;
  let bestBottom = Infinity;
  let bestWorst = Infinity;
  let bestTotal = Infinity;
  for (let i = 0; i < rows; i++) {
    let count = 0;
    let worst = 0;
    let total = 0;
    for (let j = 0; j < m; j++) {
      const c = costs[i * m + j]!;
      count += bottom[i * m + j]!;
      if (c > worst) worst = c;
      total += c;
    }
    const better =
      count < bestBottom || (count === bestBottom && (worst < bestWorst || (worst === bestWorst && total < bestTotal)));
    if (better) {
      best = i;
      bestBottom = count;
      bestWorst = worst;
      bestTotal = total;
    }
  }
  return best;
}
