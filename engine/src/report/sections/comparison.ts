/** Chapter "Comparison of the selected layouts": side by side. */
import { bestIndex, changedAreaHa, classAreasHa, demandStatus, fromToMatrixHa, solutionById } from '../analysis.js';
import { formatHa, formatHaChange, formatValue } from '../format.js';
import { esc, directionWord, indicatorDirection, letterBadge } from './context.js';
import type { ObjectiveDirection } from '../../optimizer/index.js';
import type { Context } from './context.js';

export function comparison(ctx: Context, number: number): string {
  const { input, numbering } = ctx;
  const shown = input.selected.map((s) => ({
    selected: s,
    mark: ctx.markById.get(s.id)!,
    solution: solutionById(input, s.id),
  }));
  if (shown.length === 0) {
    return `<section class="chapter" id="comparison"><h2><span class="num">${number}</span>Comparison</h2><p class="muted">No layouts were selected.</p></section>`;
  }
  const { grid } = input;
  const classCount = input.classes.length;
  const areas = shown.map(({ selected }) => classAreasHa(selected.layout, classCount, grid.cellAreaHa));
  const changed = shown.map(({ selected }) =>
    changedAreaHa(fromToMatrixHa(input.current, selected.layout, classCount, grid.cellAreaHa)),
  );
  const row = (
    label: string,
    values: number[],
    format: (v: number) => string,
    direction: ObjectiveDirection | null,
    extra?: (i: number) => string,
  ): string => {
    const best = direction ? bestIndex(values, direction) : -1;
    const allEqual = values.every((v) => v === values[0]);
    const cells = values
      .map((v, i) => `<td class="n${i === best && !allEqual ? ' best' : ''}">${format(v)}${extra ? extra(i) : ''}</td>`)
      .join('');
    return `<tr><th scope="row">${label}</th>${cells}</tr>`;
  };
  const rows: string[] = [];
  const colspan = shown.length + 1;
  rows.push(`<tr class="group"><th colspan="${colspan}" scope="colgroup">Objectives</th></tr>`);
  input.objectives.forEach((objective, o) => {
    rows.push(
      row(
        `${esc(objective.label)} <span class="muted">(${esc(objective.unit)}, ${directionWord(objective.direction)})</span>`,
        shown.map(({ solution }) => solution.objectives[o]!),
        (v) => formatValue(v, ctx.objectiveDecimals[o]!),
        objective.direction,
      ),
    );
  });
  if (input.objectives.some((o) => o.indicators.length > 0)) {
    rows.push(`<tr class="group"><th colspan="${colspan}" scope="colgroup">Sub-indicators</th></tr>`);
    for (const objective of input.objectives) {
      for (const indicator of objective.indicators) {
        const key = `${objective.id}.${indicator.id}`;
        rows.push(
          row(
            `${esc(indicator.label)} <span class="muted">(${esc(objective.label.toLowerCase())})</span>`,
            shown.map(({ solution }) => solution.indicators[key] ?? Number.NaN),
            (v) => formatValue(v, ctx.indicatorDecimals.get(key) ?? 3),
            indicatorDirection(objective, indicator.weight),
          ),
        );
      }
    }
  }
  rows.push(
    `<tr class="group"><th colspan="${colspan}" scope="colgroup">Area per class (ha) and change from today</th></tr>`,
  );
  const demandByClass = new Map(input.demands.map((d) => [d.classId, d]));
  input.classes.forEach((cls, c) => {
    const demand = demandByClass.get(cls.id);
    const statuses = areas.map((a) => demandStatus(a[c]!, demand, grid.cellAreaHa / 2));
    rows.push(
      row(
        `<span class="swatch ${ctx.classSwatch[c]}"></span> ${esc(cls.name)}`,
        areas.map((a) => a[c]!),
        (v) => formatHa(v),
        null,
        (i) =>
          ` <span class="muted">(${formatHaChange(areas[i]![c]! - ctx.currentAreas[c]!)})</span>${statuses[i]!.state === 'below' || statuses[i]!.state === 'above' ? ` <span class="status-bad" title="Demand not met">✗</span>` : ''}`,
      ),
    );
  });
  rows.push(row('Changed area', changed, (v) => `${formatHa(v)}`, null));
  const unmet = shown.map(
    (_, i) =>
      input.classes.filter((cls, c) => {
        const state = demandStatus(areas[i]![c]!, demandByClass.get(cls.id), grid.cellAreaHa / 2).state;
        return state === 'below' || state === 'above';
      }).length,
  );
  rows.push(
    `<tr><th scope="row">Demands met</th>${unmet
      .map((count) => {
        const total = input.demands.filter((d) => d.minHa !== null || d.maxHa !== null).length;
        return `<td class="n ${count === 0 ? 'status-met' : 'status-bad'}">${total - count} of ${total}</td>`;
      })
      .join('')}</tr>`,
  );

  return `<section class="chapter" id="comparison">
<h2><span class="num">${number}</span>Comparison of the selected layouts</h2>
<p>The selected layouts side by side. In each objective and sub-indicator row the best value is <b>bold and shaded</b>; areas show the change from today in brackets, and ✗ marks an area outside its demand range.</p>
<table class="comparison">
<caption><b>${numbering.table()}</b> Side-by-side comparison of the selected layouts (objective units as stated; areas in ha).</caption>
<thead><tr><th scope="col"></th>${shown
    .map(
      ({ mark, selected }) =>
        `<th scope="col" class="n">${letterBadge(ctx, mark)}<br>${esc(selected.label)}<br><span class="muted">#${selected.id}</span></th>`,
    )
    .join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}
