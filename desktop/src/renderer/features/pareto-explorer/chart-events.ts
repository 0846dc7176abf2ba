/**
 * What a chart event or hover points at: series 0 holds every solution in front order, later
 * series one mark each. Pure, so the tooltip text and the clicked layout are tested without a chart.
 */
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { formatAuto } from '../../format.js';
import { solutionRole, type frontMarks } from './front-model.js';

export interface ChartEventParams {
  seriesIndex?: number;
  dataIndex?: number;
}

/** The layout a chart event is about, or null (an axis, the background). */
export function idOfParams(
  front: FrontView,
  marks: ReturnType<typeof frontMarks>,
  params: ChartEventParams,
): number | null {
  if (params.seriesIndex === undefined || params.dataIndex === undefined) return null;
  if (params.seriesIndex === 0) return front.solutions[params.dataIndex]?.id ?? null;
  return marks[params.seriesIndex - 1]?.id ?? null;
}

/** The hover text of a layout: its number, role and every objective with its unit (HTML, escaped). */
export function tooltipText(front: FrontView, id: number | null): string {
  if (id === null) return '';
  const s = front.solutions.find((x) => x.id === id);
  if (!s) return '';
  const role = solutionRole(front, id);
  const lines = front.objectives.map(
    (o, j) => `${escapeHtml(o.label)}: <b>${formatAuto(s.objectives[j]!)}</b> ${escapeHtml(o.unit)}`,
  );
  return `<b>Layout #${id}</b>${role ? ` · ${escapeHtml(role)}` : ''}<br/>${lines.join('<br/>')}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
