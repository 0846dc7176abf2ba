/**
 * What the explorer adds to the shared chart specifications: the colour of the scatter's points by
 * a third objective, the brushed band's style, and the filters as parallel-axis intervals. Pure.
 */
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { formatAuto } from '../../format.js';
import type { Filters } from './front-model.js';

/** Colours of the third objective, worst to best (viridis-like, readable on white and in grey). */
export const THIRD_OBJECTIVE_RAMP = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] as const;

/** The brushed band on a parallel axis. */
export const parallelBrushStyle = {
  width: 22,
  borderWidth: 1,
  color: 'rgba(31, 95, 139, 0.35)',
  borderColor: 'rgba(31, 95, 139, 0.9)',
  opacity: 1,
} as const;

/** The first objective not on the scatter's axes, or null with only two. */
export function thirdObjective(objectives: number, pair: readonly [number, number]): number | null {
  for (let j = 0; j < objectives; j++) if (j !== pair[0] && j !== pair[1]) return j;
  return null;
}

/** A continuous colour legend for objective `j` on the scatter's front series (best = bright). */
export function colorByOption(front: Pick<FrontView, 'objectives' | 'solutions'>, j: number): object {
  const values = front.solutions.map((s) => s.objectives[j]!);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const objective = front.objectives[j]!;
  const colors = objective.direction === 'maximize' ? [...THIRD_OBJECTIVE_RAMP] : [...THIRD_OBJECTIVE_RAMP].reverse();
  return {
    visualMap: {
      type: 'continuous',
      seriesIndex: 0,
      dimension: 2,
      min,
      max: max > min ? max : min + 1,
      inRange: { color: colors },
      calculable: false,
      orient: 'vertical',
      right: 4,
      top: 'middle',
      itemHeight: 120,
      itemWidth: 12,
      text: [`${formatAuto(max)} ${objective.unit}`, formatAuto(min)],
      textGap: 4,
      textStyle: { fontSize: 10 },
      formatter: (v: number) => formatAuto(v),
    },
  };
}

/**
 * The filters as parallel-axis intervals, one per filtered objective; an open side reaches past
 * the front's range on that side.
 */
export function parallelIntervals(
  front: Pick<FrontView, 'objectives' | 'solutions'>,
  filters: Filters,
): [number, [number, number][]][] {
  const out: [number, [number, number][]][] = [];
  for (const [key, t] of Object.entries(filters)) {
    const dim = Number(key);
    if (t.min === null && t.max === null) continue;
    const values = front.solutions.map((s) => s.objectives[dim]!);
    const low = Math.min(...values);
    const high = Math.max(...values);
    const pad = (high - low || Math.abs(high) || 1) * 0.01;
    out.push([dim, [[t.min ?? low - pad, t.max ?? high + pad]]]);
  }
  return out;
}
