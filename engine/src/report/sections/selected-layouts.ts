/** Chapter "Selected layouts": each layout in full, maps and tables. */
import { changedAreaHa, classAreasHa, demandStatus, fromToMatrixHa, solutionById } from '../analysis.js';
import { formatCount, formatFixed, formatHa, formatHaChange, formatPercent, formatValue } from '../format.js';
import { UNCHANGED_COLOR, pngDataUri, renderChangeMap, renderClassMap } from '../map-image.js';
import { esc, ordinal, directionWord, rankOf, letterBadge } from './context.js';
import { mapFigure, classLegend } from './figures.js';
import type { DemandStatus } from '../analysis.js';
import type { ReportSelectedLayout } from '../types.js';
import type { Context } from './context.js';

export function statusCell(status: DemandStatus): string {
  switch (status.state) {
    case 'met':
      return '<td class="status-met">✓ met</td>';
    case 'below':
      return `<td class="status-bad">✗ ${formatHa(status.gapHa)} ha short</td>`;
    case 'above':
      return `<td class="status-bad">✗ ${formatHa(status.gapHa)} ha over</td>`;
    default:
      return '<td class="muted">no demand</td>';
  }
}

export function selectedLayout(ctx: Context, selected: ReportSelectedLayout, number: number, sub: number): string {
  const { input, numbering } = ctx;
  const { grid } = input;
  const mark = ctx.markById.get(selected.id)!;
  const solution = solutionById(input, selected.id);
  const colors = input.classes.map((c) => c.color);
  const classCount = input.classes.length;
  const plannedMap = renderClassMap(selected.layout, grid.width, grid.height, colors, {
    maxSizePx: ctx.options.maxMapSizePx,
  });
  const changeMap = renderChangeMap(input.current, selected.layout, grid.width, grid.height, colors, {
    maxSizePx: ctx.options.maxMapSizePx,
  });
  const areas = classAreasHa(selected.layout, classCount, grid.cellAreaHa);
  const matrix = fromToMatrixHa(input.current, selected.layout, classCount, grid.cellAreaHa);
  const changed = changedAreaHa(matrix);
  const newClasses = input.classes
    .map((_, c) => c)
    .filter((c) => matrix.some((row, from) => from !== c && row[c]! > 0));
  const present = input.classes.map((_, c) => c).filter((c) => areas[c]! > 0);

  const objectiveRows = input.objectives
    .map((objective, o) => {
      const values = input.front.map((s) => s.objectives[o]!);
      const value = solution.objectives[o]!;
      const rank = rankOf(value, values, objective.direction);
      const decimals = ctx.objectiveDecimals[o]!;
      const min = Math.min(...values);
      const max = Math.max(...values);
      const indicatorRows = objective.indicators
        .map((indicator) => {
          const key = `${objective.id}.${indicator.id}`;
          const v = solution.indicators[key];
          return `<tr><td>&emsp;${esc(indicator.label)} <span class="muted">(weight ${formatFixed(indicator.weight, 2)})</span></td><td class="n">${v === undefined ? '–' : formatValue(v, ctx.indicatorDecimals.get(key) ?? 3)}</td><td></td><td></td></tr>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(objective.label)} <span class="muted">(${esc(objective.unit)}, ${directionWord(objective.direction)})</span></th><td class="n${rank === 1 ? ' best' : ''}">${formatValue(value, decimals)}</td><td class="n">${ordinal(rank)} of ${formatCount(values.length)}</td><td class="n muted">${formatValue(min, decimals)} – ${formatValue(max, decimals)}</td></tr>${indicatorRows}`;
    })
    .join('\n');

  const demandByClass = new Map(input.demands.map((d) => [d.classId, d]));
  const tolerance = grid.cellAreaHa / 2;
  const areaRows = input.classes
    .map((cls, c) => {
      const demand = demandByClass.get(cls.id);
      const range =
        demand && (demand.minHa !== null || demand.maxHa !== null)
          ? `${demand.minHa !== null ? formatHa(demand.minHa) : '0.0'} – ${demand.maxHa !== null ? formatHa(demand.maxHa) : '∞'}`
          : '–';
      return `<tr><td><span class="swatch ${ctx.classSwatch[c]}"></span> ${esc(cls.name)}</td><td class="n">${formatHa(ctx.currentAreas[c]!)}</td><td class="n"><b>${formatHa(areas[c]!)}</b></td><td class="n">${formatHaChange(areas[c]! - ctx.currentAreas[c]!)}</td><td class="n">${range}</td>${statusCell(demandStatus(areas[c]!, demand, tolerance))}</tr>`;
    })
    .join('\n');

  // From-to table: only classes that appear on either side.
  const rowsUsed = input.classes.map((_, c) => c).filter((c) => matrix[c]!.some((ha) => ha > 0));
  const colsUsed = input.classes.map((_, c) => c).filter((c) => matrix.some((row) => row[c]! > 0));
  const fromToRows = rowsUsed
    .map((from) => {
      const cells = colsUsed
        .map((to) => {
          const ha = matrix[from]![to]!;
          const cls = from === to ? 'n diag' : ha === 0 ? 'n zero' : 'n';
          return `<td class="${cls}">${ha === 0 ? '–' : formatHa(ha)}</td>`;
        })
        .join('');
      const changedFrom = matrix[from]!.reduce((sum, ha, to) => sum + (to === from ? 0 : ha), 0);
      return `<tr><th scope="row"><span class="swatch ${ctx.classSwatch[from]}"></span> ${esc(input.classes[from]!.name)}</th>${cells}<td class="n"><b>${changedFrom === 0 ? '–' : formatHa(changedFrom)}</b></td></tr>`;
    })
    .join('\n');

  const title = `Layout ${mark.letter}: ${selected.label}`;
  return `<section class="sub layout" id="layout-${selected.id}">
<h3 class="layout-head"><span class="num">${number}.${sub}</span>${letterBadge(ctx, mark)} ${esc(selected.label)} <span class="muted">· solution #${selected.id}</span></h3>
<p>${esc(selected.reason)} It changes <b>${formatHa(changed)} ha</b> (${formatPercent(ctx.studyAreaHa > 0 ? changed / ctx.studyAreaHa : 0)} of the study area) from today's use.</p>
<div class="map-row">
${mapFigure(ctx, pngDataUri(plannedMap.png), `${title}, planned land use`, `<b>${numbering.figure()}</b> ${esc(title)}: planned land use.`)}
${mapFigure(ctx, pngDataUri(changeMap.png), `${title}, change from today`, `<b>${numbering.figure()}</b> ${esc(title)}: change from today. Grey cells keep today's use; coloured cells change to the class shown.`)}
</div>
<div class="two-col">
<div>${classLegend(ctx, present, undefined, true)}</div>
<div><ul class="legend inline"><li><span class="swatch ${ctx.css.className('bg', `background: ${UNCHANGED_COLOR};`)}"></span> Unchanged</li>${newClasses
    .map((c) => `<li><span class="swatch ${ctx.classSwatch[c]}"></span> to ${esc(input.classes[c]!.name)}</li>`)
    .join('')}</ul></div>
</div>
<div class="table-wrap">
<table>
<caption><b>${numbering.table()}</b> ${esc(title)}: objective and sub-indicator values, with the layout's rank and the range over all ${formatCount(input.front.length)} layouts of the front.</caption>
<thead><tr><th scope="col">Objective / sub-indicator</th><th scope="col" class="n">Value</th><th scope="col" class="n">Rank in front</th><th scope="col" class="n">Front range</th></tr></thead>
<tbody>
${objectiveRows}
</tbody>
</table>
</div>
<div class="table-wrap">
<table class="areas">
<caption><b>${numbering.table()}</b> ${esc(title)}: area per class against the demands (ha).</caption>
<thead><tr><th scope="col">Class</th><th scope="col" class="n">Today</th><th scope="col" class="n">Plan</th><th scope="col" class="n">Change</th><th scope="col" class="n">Demand</th><th scope="col">Status</th></tr></thead>
<tbody>
${areaRows}
</tbody>
</table>
</div>
<div class="table-wrap">
<table class="fromto">
<caption><b>${numbering.table()}</b> ${esc(title)}: change from today's use (rows) to the planned use (columns), in ha. Grey diagonal values keep their use.</caption>
<thead><tr><th scope="col">From \\ to</th>${colsUsed.map((c) => `<th scope="col" class="n">${esc(input.classes[c]!.name)}</th>`).join('')}<th scope="col" class="n">Changed</th></tr></thead>
<tbody>
${fromToRows}
<tr><th scope="row">Total changed</th>${colsUsed.map(() => '<td></td>').join('')}<td class="n"><b>${formatHa(changed)}</b></td></tr>
</tbody>
</table>
</div>
</section>`;
}

export function selectedLayouts(ctx: Context, number: number): string {
  const { input } = ctx;
  const body = input.selected.length
    ? input.selected.map((s, i) => selectedLayout(ctx, s, number, i + 1)).join('\n')
    : '<p class="muted">No layouts were selected.</p>';
  return `<section class="chapter" id="layouts">
<h2><span class="num">${number}</span>Selected layouts</h2>
<p>${input.selected.length} layouts are shown in full: ${input.selected.map((s) => `${esc(ctx.markById.get(s.id)!.letter)} (${esc(s.label)})`).join(', ')}. For each: the planned map, the change from today, its objective values and whether it meets the area demands.</p>
${body}
</section>`;
}
