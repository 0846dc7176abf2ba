/**
 * The explorer's pure logic: threshold filters (also what chart brushing sets), the marked
 * solutions (compromise, extremes, selection) and the data the shared chart specifications draw.
 */
import type { ChartMark, FrontChartData } from '../../../../../engine/src/charts/front-charts.js';
import { highlights, otherColor, type Highlight } from '../../../../../engine/src/charts/highlights.js';
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

/**
 * The compromise, the extremes and the selected solution, as chart marks (one mark per solution).
 * Letters, names and colours of the compromise and the extremes come from the engine's one
 * definition (engine/src/charts/highlights.ts), the same as in the report.
 */
export function frontMarks(
  front: Pick<FrontView, 'objectives' | 'highlights'>,
  selected: number | null,
  picks: readonly Omit<ChartMark, 'kind'>[] = [],
): ChartMark[] {
  const marks: ChartMark[] = highlights(
    front.highlights,
    front.objectives.map((o) => o.label),
  ).map((h) => ({ id: h.id, letter: h.letter, label: h.label, color: h.color, kind: h.kind }));
  if (selected !== null && !marks.some((m) => m.id === selected)) {
    marks.push({ id: selected, letter: `#${selected}`, label: 'Selected', color: otherColor(0), kind: 'selected' });
  }
  // The parties' picks (Parties view): a mark of their own, or named on the layout's mark.
  for (const pick of picks) {
    const index = marks.findIndex((m) => m.id === pick.id);
    const mark = marks[index];
    if (mark)
      marks[index] = { ...mark, letter: `${mark.letter} · ${pick.letter}`, label: `${mark.label}; ${pick.label}` };
    else marks.push({ ...pick, kind: 'selected' });
  }
  return marks;
}

/** What the shared chart specifications draw for this front. */
export function chartData(
  front: Pick<FrontView, 'objectives' | 'highlights' | 'solutions'>,
  selected: number | null,
  picks: readonly Omit<ChartMark, 'kind'>[] = [],
): FrontChartData {
  return {
    objectives: front.objectives.map((o) => ({ label: o.label, unit: o.unit, direction: o.direction })),
    points: front.solutions.map((s) => ({ id: s.id, values: s.objectives })),
    marks: frontMarks(front, selected, picks),
  };
}

/**
 * A layout's name wherever the app lists it, with the report's letter when it has one:
 * `A · #12 Compromise`, `B · #3 Best economic return`, `#40`.
 */
export function layoutName(front: Pick<FrontView, 'objectives' | 'highlights'>, id: number): string {
  const highlight = highlightOf(front, id);
  return highlight ? `${highlight.letter} · #${id} ${highlight.label}` : `#${id}`;
}

/** The highlight (letter, name, colour) of a layout, as the report shows it, or undefined. */
export function highlightOf(front: Pick<FrontView, 'objectives' | 'highlights'>, id: number): Highlight | undefined {
  return highlights(
    front.highlights,
    front.objectives.map((o) => o.label),
  ).find((h) => h.id === id);
}

/** What a solution is: `Compromise`, `Best economic return`, or nothing. */
export function solutionRole(front: Pick<FrontView, 'objectives' | 'highlights'>, id: number): string {
  const role = highlights(
    front.highlights,
    front.objectives.map((o) => o.label),
  ).find((h) => h.id === id);
  return role?.label ?? '';
}

/** Why a threshold lets no layout through on its own (its minimum above its maximum), or null. */
export function thresholdProblem(threshold: Threshold): string | null {
  return threshold.min !== null && threshold.max !== null && threshold.min > threshold.max
    ? 'The "at least" value is above the "at most" value: no layout can pass. Swap them or clear one.'
    : null;
}

/** A column of the layouts table to sort by: the layout number, its role, or objective j. */
export type SortKey = 'id' | 'role' | number;

export interface TableSort {
  key: SortKey;
  descending: boolean;
}

/** The ids in table order (stable: ties keep front order). */
export function sortedIds(
  front: Pick<FrontView, 'objectives' | 'highlights' | 'solutions'>,
  ids: readonly number[],
  sort: TableSort | null,
): number[] {
  if (sort === null) return [...ids];
  const byId = new Map(front.solutions.map((s) => [s.id, s]));
  const letters = highlights(
    front.highlights,
    front.objectives.map((o) => o.label),
  );
  const roles = new Map(letters.map((h) => [h.id, h.letter.padStart(3)]));
  const sign = sort.descending ? -1 : 1;
  const { key } = sort;
  const compare = (a: number, b: number): number => {
    if (key === 'id') return a - b;
    if (key === 'role') {
      // Marked layouts first, by letter (A, B, …, then AA), the others after them.
      const ra = roles.get(a) ?? '';
      const rb = roles.get(b) ?? '';
      if (ra === '' || rb === '') return ra === rb ? 0 : ra === '' ? 1 : -1;
      return ra.localeCompare(rb);
    }
    return byId.get(a)!.objectives[key]! - byId.get(b)!.objectives[key]!;
  };
  return [...ids].sort((a, b) => sign * compare(a, b) || ids.indexOf(a) - ids.indexOf(b));
}
