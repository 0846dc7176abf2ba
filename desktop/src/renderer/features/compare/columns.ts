/**
 * The columns of the Compare tab: the run's layouts being compared and, when one was added from
 * the Paint tab, the painted plan. Each has a name (the run's letters and roles; "P" for the
 * plan), what a difference map calls it, and its values in the front's orders.
 */
import type { DifferenceRef, FrontView, PaintSnapshot, SolutionRow } from '../../../../../engine/src/api/contract.js';
import { layoutName } from '../pareto-explorer/front-model.js';

/** The painted plan's name in the comparison (the highlights' letters are K, A, B…; P is free). */
export const PAINTED_NAME = 'P · Painted plan';

export interface CompareColumn {
  name: string;
  ref: DifferenceRef;
  row: Pick<SolutionRow, 'objectives' | 'indicators' | 'areaHa'>;
}

export function compareColumns(
  front: FrontView,
  ids: readonly number[],
  painted: PaintSnapshot | null,
): CompareColumn[] {
  const columns: CompareColumn[] = ids.map((id) => ({
    name: layoutName(front, id),
    ref: id,
    row: front.solutions[id]!,
  }));
  if (painted) columns.push({ name: PAINTED_NAME, ref: { painted: painted.snapshot }, row: painted });
  return columns;
}

/** A difference ref as a select's value: `today`, a solution id, or `painted`. */
export function differenceRefKey(ref: DifferenceRef): string {
  return typeof ref === 'object' ? 'painted' : String(ref);
}
