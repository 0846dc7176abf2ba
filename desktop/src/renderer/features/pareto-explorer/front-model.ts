/**
 * The explorer's pure logic: threshold filters (also what chart brushing sets), the marked
 * solutions (knee, extremes, selection) and the data the shared chart specifications draw.
 */
import type { ChartMark, FrontChartData } from '../../../../../engine/src/charts/front-charts.js';
import type { FrontView, SolutionRow } from '../../../../../engine/src/api/contract.js';

/** Bounds on an objective's value (natural units); null leaves that side open. */
export interface Threshold {
  min: number | null;
  max: number | null;
}

/** Thresholds by objective index. */
export type Filters = Readonly<Record<number, Threshold>>;

export function matches(solution: SolutionRow, filters: Filters): boolean {
  for (const [key, t] of Object.entries(filters)) {
    const v = solution.objectives[Number(key)]!;
    if (t.min !== null && v < t.min) return false;
    if (t.max !== null && v > t.max) return false;
  }
  return true;
}

/** Ids of the solutions that pass every threshold, in front order. */
export function filteredIds(solutions: readonly SolutionRow[], filters: Filters): number[] {
  return solutions.filter((s) => matches(s, filters)).map((s) => s.id);
}

/** The ids that also belong to a group of representatives (all of them when no group is shown). */
export function withinGroup(ids: readonly number[], group: readonly number[] | null): number[] {
  if (group === null) return [...ids];
  const members = new Set(group);
  return ids.filter((id) => members.has(id));
}

/** Set or clear (both bounds null) one objective's threshold. */
export function withThreshold(filters: Filters, objective: number, threshold: Threshold): Filters {
  const next: Record<number, Threshold> = { ...filters };
  if (threshold.min === null && threshold.max === null) delete next[objective];
  else next[objective] = threshold;
  return next;
}

/** A rectangle brushed on the scatter of objectives x and y becomes thresholds on both. */
export function brushRectToFilters(
  filters: Filters,
  x: number,
  y: number,
  range: [[number, number], [number, number]],
): Filters {
  const [[x0, x1], [y0, y1]] = range;
  const withX = withThreshold(filters, x, { min: Math.min(x0, x1), max: Math.max(x0, x1) });
  return withThreshold(withX, y, { min: Math.min(y0, y1), max: Math.max(y0, y1) });
}

/** Intervals brushed on a parallel axis become that objective's threshold (their hull); none clears it. */
export function axisIntervalsToFilters(
  filters: Filters,
  objective: number,
  intervals: readonly (readonly [number, number])[],
): Filters {
  if (intervals.length === 0) return withThreshold(filters, objective, { min: null, max: null });
  let min = Infinity;
  let max = -Infinity;
  for (const [a, b] of intervals) {
    min = Math.min(min, a, b);
    max = Math.max(max, a, b);
  }
  return withThreshold(filters, objective, { min, max });
}

export const KNEE_COLOR = '#b03a2e';
export const EXTREME_COLORS = ['#1f5f8b', '#1e7a5a', '#6c3f8f', '#9a6a00', '#4d5560'];
export const SELECTED_COLOR = '#d35400';

/** Letters of the extremes: A, B, C… in objective order; the knee is K. */
export function extremeLetter(objective: number): string {
  return String.fromCharCode(65 + objective);
}

/** The knee, the extremes and the selected solution, as chart marks (one mark per solution). */
export function frontMarks(front: Pick<FrontView, 'objectives' | 'highlights'>, selected: number | null): ChartMark[] {
  const marks: ChartMark[] = [];
  const { knee, extremes } = front.highlights;
  if (selected !== null && selected !== knee && !extremes.includes(selected)) {
    marks.push({ id: selected, letter: `#${selected}`, label: 'Selected', color: SELECTED_COLOR, kind: 'selected' });
  }
  extremes.forEach((id, j) => {
    if (id === knee || marks.some((m) => m.id === id)) return;
    const o = front.objectives[j]!;
    marks.push({
      id,
      letter: extremeLetter(j),
      label: `Best ${o.label.toLowerCase()}`,
      color: EXTREME_COLORS[j % EXTREME_COLORS.length]!,
      kind: 'extreme',
    });
  });
  if (knee >= 0) marks.push({ id: knee, letter: 'K', label: 'Knee', color: KNEE_COLOR, kind: 'knee' });
  return marks;
}

/** What the shared chart specifications draw for this front. */
export function chartData(
  front: Pick<FrontView, 'objectives' | 'highlights' | 'solutions'>,
  selected: number | null,
): FrontChartData {
  return {
    objectives: front.objectives.map((o) => ({ label: o.label, unit: o.unit, direction: o.direction })),
    points: front.solutions.map((s) => ({ id: s.id, values: s.objectives })),
    marks: frontMarks(front, selected),
  };
}

/** What a solution is: `Knee`, `Best economic return`, or nothing. */
export function solutionRole(front: Pick<FrontView, 'objectives' | 'highlights'>, id: number): string {
  if (id === front.highlights.knee) return 'Knee';
  const j = front.highlights.extremes.indexOf(id);
  return j >= 0 ? `Best ${front.objectives[j]!.label.toLowerCase()}` : '';
}
