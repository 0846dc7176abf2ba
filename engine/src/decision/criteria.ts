/**
 * The criteria parties judge layouts by: the objectives of a front and, optionally, their
 * sub-indicators, as a layouts x criteria table in natural units. Every score in this folder is
 * measured against the front itself: for criterion j, `worst_j` and `best_j` are the worst and
 * best values any layout of the front reaches, and a value's *goodness* is its position between
 * them, u = (f - worst) / (best - worst): 0 at the worst layout, 1 at the best (outside [0, 1] for
 * values outside the front's range, such as an aspiration beyond the best).
 */
import type { ObjectiveDirection } from '../optimizer/index.js';

/** One column parties can weigh or set a level on: an objective or a sub-indicator. */
export interface Criterion {
  /** `economic`, or `economic.landValue` for a sub-indicator. */
  readonly id: string;
  readonly direction: ObjectiveDirection;
}

/** Layouts x criteria in natural units; row i is layout i of the front. */
export interface CriteriaTable {
  readonly criteria: readonly Criterion[];
  readonly rows: number;
  /** Row-major rows x criteria.length. */
  readonly values: Float64Array;
}

/** The worst and best values of one criterion on the front (natural units). */
export interface CriterionRange {
  readonly worst: number;
  readonly best: number;
}

export function valueAt(table: CriteriaTable, row: number, criterion: number): number {
  return table.values[row * table.criteria.length + criterion]!;
}

/** Worst and best value of every criterion over the rows of the table. */
export function criterionRanges(table: CriteriaTable): CriterionRange[] {
  return table.criteria.map((criterion, j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < table.rows; i++) {
      const v = valueAt(table, i, j);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return criterion.direction === 'maximize' ? { worst: lo, best: hi } : { worst: hi, best: lo };
  });
}

/** True when every layout scores the same: such a criterion cannot tell layouts apart. */
export function isFlat(range: CriterionRange): boolean {
  return !(range.best !== range.worst);
}

/** u = (value - worst) / (best - worst): 0 at the front's worst value, 1 at its best. Flat criteria: 1. */
export function goodness(value: number, range: CriterionRange): number {
  return isFlat(range) ? 1 : (value - range.worst) / (range.best - range.worst);
}

/** The natural value at goodness `u` (inverse of {@link goodness}). */
export function valueAtGoodness(u: number, range: CriterionRange): number {
  return range.worst + u * (range.best - range.worst);
}

/** Whether `a` is better than `b` for a criterion of this direction. */
export function isBetter(a: number, b: number, direction: ObjectiveDirection): boolean {
  return direction === 'maximize' ? a > b : a < b;
}
