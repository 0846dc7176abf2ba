/**
 * Where a layout stands against a run's front, by Pareto dominance. Layout a dominates b when a is
 * at least as good on every objective and better on one. Differences within a relative tolerance
 * (|d| ≤ tol · max(1, |a|, |b|), tol = 1e-9) count as ties, so that a front layout re-scored from
 * its GeoTIFF (same values up to floating-point rounding) matches its row instead of being
 * "dominated" by it.
 */
import type { ObjectiveDirection } from '../../optimizer/index.js';

/** A front layout: its id and objective values. */
export interface FrontPoint {
  readonly id: number;
  readonly objectives: readonly number[];
}

/** A front layout compared with the scored one. */
export interface FrontComparison {
  readonly id: number;
  /**
   * Per objective, how much better the front layout is than the scored one, in the objective's
   * units (positive: the front layout is better; for a minimised objective, lower is better).
   */
  readonly advantage: readonly number[];
}

export interface FrontPlacement {
  /** Front layouts that dominate the scored layout, with their advantage per objective, nearest first. */
  readonly dominatedBy: readonly FrontComparison[];
  /** Front layouts the scored layout dominates (their advantage is ≤ 0 everywhere), nearest first. */
  readonly dominates: readonly FrontComparison[];
  /** Front layouts with the same values (within the tolerance). */
  readonly equals: readonly number[];
  /** No front layout dominates it: it would belong to the front. */
  readonly nonDominated: boolean;
}

export const TIE_TOLERANCE = 1e-9;

/** Better-is-positive difference of front value `f` over scored value `s`, 0 within the tie tolerance. */
export function advantageOf(f: number, s: number, direction: ObjectiveDirection, tolerance = TIE_TOLERANCE): number {
  const d = direction === 'maximize' ? f - s : s - f;
  return Math.abs(d) <= tolerance * Math.max(1, Math.abs(f), Math.abs(s)) ? 0 : d;
}

export function placeOnFront(
  values: readonly number[],
  front: readonly FrontPoint[],
  directions: readonly ObjectiveDirection[],
  tolerance = TIE_TOLERANCE,
): FrontPlacement {
  const dominatedBy: FrontComparison[] = [];
  const dominates: FrontComparison[] = [];
  const equals: number[] = [];
  for (const point of front) {
    const advantage = directions.map((dir, j) => advantageOf(point.objectives[j]!, values[j]!, dir, tolerance));
    const better = advantage.some((a) => a > 0);
    const worse = advantage.some((a) => a < 0);
    if (!better && !worse) equals.push(point.id);
    else if (better && !worse) dominatedBy.push({ id: point.id, advantage });
    else if (worse && !better) dominates.push({ id: point.id, advantage });
  }
  const distance = normalisedDistance(front, directions.length);
  const nearestFirst = (a: FrontComparison, b: FrontComparison) => distance(a) - distance(b) || a.id - b.id;
  return {
    dominatedBy: dominatedBy.sort(nearestFirst),
    dominates: dominates.sort(nearestFirst),
    equals,
    nonDominated: dominatedBy.length === 0,
  };
}

/**
 * Distance in objective space with each objective divided by the front's range on it (1 when the
 * range is 0): √Σ_j (d_j / range_j)². Lists are nearest first, so the front layouts that beat a
 * draft with the smallest changes come first.
 */
function normalisedDistance(front: readonly FrontPoint[], objectives: number): (c: FrontComparison) => number {
  const ranges = Array.from({ length: objectives }, (_, j) => {
    const values = front.map((p) => p.objectives[j]!);
    const range = Math.max(...values) - Math.min(...values);
    return range > 0 ? range : 1;
  });
  return (c) => Math.hypot(...c.advantage.map((a, j) => a / ranges[j]!));
}
