/** Chapter "The trade-offs": the front in pairs of objectives and parallel coordinates, the marked layouts and convergence. */
import { objectiveRanges, solutionById } from '../analysis.js';
import { objectivePairs, parallelOption, scatterPairOption } from '../../charts/front-charts.js';
import { renderChartSvg } from '../chart-svg.js';
import { formatCount, formatValue } from '../format.js';
import { esc, markSymbolHtml, markLegend } from './context.js';
import { convergence } from './convergence.js';
import type { FrontChartData } from '../../charts/front-charts.js';
import type { Context } from './context.js';

export function frontChartData(ctx: Context): FrontChartData {
  return {
    objectives: ctx.input.objectives.map((o) => ({ label: o.label, unit: o.unit, direction: o.direction })),
    points: ctx.input.front.map((s) => ({ id: s.id, values: s.objectives })),
    marks: ctx.marks.map((m) => ({ id: m.id, letter: m.letter, label: m.label, color: m.color, kind: m.kind })),
  };
}

export function markKeyTable(ctx: Context): string {
  const { input, numbering } = ctx;
  const ranges = objectiveRanges(input);
  const rows = ctx.marks
    .map((mark) => {
      const solution = solutionById(input, mark.id);
      const values = input.objectives.map((objective, o) => {
        const value = solution.objectives[o]!;
        const isBest = value === (objective.direction === 'maximize' ? ranges[o]!.max : ranges[o]!.min);
        return `<td class="n${isBest ? ' best' : ''}">${formatValue(value, ctx.objectiveDecimals[o]!)}</td>`;
      });
      return `<tr><td>${markSymbolHtml(ctx, mark)}</td><td>${esc(mark.label)}${mark.shownInFull ? '' : ' <span class="muted">(not shown in full)</span>'}</td><td class="n">#${mark.id}</td>${values.join('')}</tr>`;
    })
    .join('\n');
  const rangeRow = input.objectives
    .map(
      (_, o) =>
        `<td class="n muted">${formatValue(ranges[o]!.min, ctx.objectiveDecimals[o]!)} – ${formatValue(ranges[o]!.max, ctx.objectiveDecimals[o]!)}</td>`,
    )
    .join('');
  return `<table class="marks">
<caption><b>${numbering.table()}</b> Layouts marked on the charts, with their objective values. The best value of the whole front per objective is shaded.</caption>
<thead><tr><th scope="col">Mark</th><th scope="col">Layout</th><th scope="col" class="n">Solution</th>${input.objectives.map((o) => `<th scope="col" class="n">${esc(o.label)} (${esc(o.unit)})</th>`).join('')}</tr></thead>
<tbody>
${rows}
<tr><td></td><td class="muted">Range over the front</td><td></td>${rangeRow}</tr>
</tbody>
</table>`;
}

export function tradeOffs(ctx: Context, number: number): string {
  const { input, numbering } = ctx;
  const data = frontChartData(ctx);
  const objectiveCount = input.objectives.length;
  const parts: string[] = [];
  parts.push(`<section class="chapter" id="tradeoffs">
<h2><span class="num">${number}</span>The trade-offs</h2>
<p>The search found <b>${formatCount(input.front.length)}</b> layouts that are <i>non-dominated</i>: none of them can be improved in one objective without losing in another. Together they form the Pareto front. The extremes (▲) are the best layout for each single objective. The <b>compromise</b> (◆) is the balanced layout: among the layouts that are not in the bottom fifth of the front on any objective, the one whose largest shortfall from the best value found, measured as a share of each objective's range over the front, is smallest.</p>`);

  let sub = 0;
  if (input.front.length === 0) {
    parts.push('<p class="muted">The run produced no solutions yet, so there is no front to show.</p>');
  } else if (objectiveCount >= 2) {
    const pairs = objectivePairs(objectiveCount);
    const charts = pairs
      .map(([x, y]) => {
        const title = `${input.objectives[y]!.label} against ${input.objectives[x]!.label}`;
        const svg = renderChartSvg(scatterPairOption(data, x, y), { width: 380, height: 285 }, title);
        return `<div class="chart-cell">${svg}</div>`;
      })
      .concat(
        pairs.length % 2 === 1
          ? [
              `<div class="chart-key"><h4>Key</h4>${markLegend(ctx, false)}<p class="note">Grey-blue points: the other layouts of the front.</p></div>`,
            ]
          : [],
      )
      .join('\n');
    parts.push(`<section class="sub">
<h3><span class="num">${number}.${++sub}</span>Pairs of objectives</h3>
<figure>
<div class="chart-grid">
${charts}
</div>
<figcaption><b>${numbering.figure()}</b> Every pair of objectives. Each grey-blue point is one layout of the front; coloured symbols are the layouts marked A–${esc(ctx.marks.at(-1)?.letter ?? 'A')} (values in the table below). Arrows in the axis titles show the better direction.</figcaption>
</figure>
${markKeyTable(ctx)}
</section>`);
  }
  if (input.front.length > 0 && objectiveCount < 2) parts.push(markKeyTable(ctx));
  if (input.front.length > 0 && objectiveCount >= 3) {
    const svg = renderChartSvg(parallelOption(data), { width: 720, height: 300 }, 'Parallel coordinates of the front');
    parts.push(`<section class="sub">
<h3><span class="num">${number}.${++sub}</span>All objectives at once</h3>
<figure>
${svg}
${markLegend(ctx)}
<figcaption><b>${numbering.figure()}</b> Parallel coordinates: each line is one layout, crossing the axes at its objective values. Axes are oriented so that better is always at the top (minimised objectives are inverted); lines that cross between two axes show a trade-off.</figcaption>
</figure>
</section>`);
  }
  parts.push(convergence(ctx, number, sub + 1));
  parts.push('</section>');
  return parts.join('\n');
}
