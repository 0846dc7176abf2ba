/**
 * Objective bounds of a steered run (`paretoplan run --min <objective>=<value> --max ...`, the
 * explorer's Steer card): the planner narrows the objective ranges, and every layout the run
 * reports must lie within them. A bound is a hard constraint like a demand: a layout out of range
 * is infeasible, so under constraint domination it ranks behind every layout within range.
 *
 * Among infeasible layouts the size of the violation guides the search, so the shortfall is
 * measured relative to the bound, summed over objectives:
 *
 *   shortfall = sum_m max(0, min_m - f_m) / s(min_m) + max(0, f_m - max_m) / s(max_m),
 *   s(b) = max(1, |b|)
 *
 * (a layout 1 % below `--min economic=110` adds 0.01). It is unitless, so objectives in different
 * units weigh alike, and it adds to the violation's cell counts (demands, forbidden classes, the
 * change limit), which the repair brings to 0 before evaluation; any shortfall above 0 makes a
 * layout infeasible.
 */
import { LandUseInputError } from '../errors.js';
import type { StudyArea } from './study-area.js';

/** One objective's range as given (null or absent: no bound on that side). */
export interface ObjectiveBound {
  readonly objective: string;
  readonly min?: number | null;
  readonly max?: number | null;
}

/** Bounds per objective in the study area's objective order; -Infinity / Infinity where none. */
export interface ObjectiveBounds {
  readonly min: Float64Array;
  readonly max: Float64Array;
}

/**
 * The study area with its objectives bounded (see {@link checkObjectiveBounds}).
 * @throws LandUseInputError as {@link checkObjectiveBounds}.
 */
export function boundObjectives(
  area: StudyArea,
  bounds: readonly ObjectiveBound[],
  flag = 'the objective {side}',
): StudyArea {
  if (bounds.length === 0) return area;
  const objectiveBounds = checkObjectiveBounds(
    area.objectives.map((o) => o.id),
    bounds,
    flag,
  );
  return { ...area, objectiveBounds };
}

/**
 * Bounds per objective of `ids` (in that order) from a list. Bounds of one objective given twice
 * are merged (each side once).
 * @param flag how the caller names a bound in messages, `{side}` standing for min or max (e.g. `--{side}`).
 * @throws LandUseInputError for an unknown objective (the message lists the valid ids), a value
 *   that is not a finite number, a side given twice, or a minimum above the maximum.
 */
export function checkObjectiveBounds(
  ids: readonly string[],
  bounds: readonly ObjectiveBound[],
  flag = 'the objective {side}',
): ObjectiveBounds {
  const name = (side: 'min' | 'max') => flag.replace('{side}', side);
  const M = ids.length;
  const min = new Float64Array(M).fill(-Infinity);
  const max = new Float64Array(M).fill(Infinity);
  for (const bound of bounds) {
    const m = ids.indexOf(bound.objective);
    if (m < 0)
      throw new LandUseInputError(
        `${name(bound.min != null || bound.max == null ? 'min' : 'max')}: "${bound.objective}" is not an objective of this scenario; its objectives are ${ids.join(', ')}.`,
      );
    for (const [side, value, into, none] of [
      ['min', bound.min, min, -Infinity],
      ['max', bound.max, max, Infinity],
    ] as const) {
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new LandUseInputError(
          `${name(side)}: the ${side} of ${bound.objective} must be a finite number, got ${String(value)}.`,
        );
      if (into[m] !== none)
        throw new LandUseInputError(
          `${name(side)}: the ${side} of ${bound.objective} is given twice (${into[m]} and ${value}).`,
        );
      into[m] = value;
    }
    if (min[m]! > max[m]!)
      throw new LandUseInputError(
        `${name('min')}: the min of ${bound.objective} (${min[m]}) is above its max (${max[m]}); no layout could meet both.`,
      );
  }
  return { min, max };
}

/** The bounds as a list (only bounded objectives; null where a side is open), e.g. for a manifest. */
export function listObjectiveBounds(area: StudyArea): { objective: string; min: number | null; max: number | null }[] {
  const bounds = area.objectiveBounds;
  if (!bounds) return [];
  const list: { objective: string; min: number | null; max: number | null }[] = [];
  area.objectives.forEach((o, m) => {
    const min = bounds.min[m]!;
    const max = bounds.max[m]!;
    if (min === -Infinity && max === Infinity) return;
    list.push({ objective: o.id, min: min === -Infinity ? null : min, max: max === Infinity ? null : max });
  });
  return list;
}

/** The scale of a bound's shortfall: max(1, |b|). */
function scale(bound: number): number {
  return Math.max(1, Math.abs(bound));
}

/** How far `objectives` (natural units) lie outside the bounds, relative to each bound (0: within). */
export function boundShortfall(bounds: ObjectiveBounds | undefined, objectives: ArrayLike<number>): number {
  if (!bounds) return 0;
  let total = 0;
  for (let m = 0; m < bounds.min.length; m++) {
    const f = objectives[m]!;
    const low = bounds.min[m]!;
    const high = bounds.max[m]!;
    if (f < low) total += (low - f) / scale(low);
    else if (f > high) total += (f - high) / scale(high);
    else if (Number.isNaN(f) && (low !== -Infinity || high !== Infinity)) total += 1;
  }
  return total;
}
