/**
 * The scenario report as ONE self-contained HTML file: maps as embedded PNG (data: URIs), charts
 * as inline SVG, CSS inline, no external URL. The same HTML prints to PDF (pdf.ts).
 */
import type { ObjectiveDirection } from '../optimizer/index.js';
import { NO_CLASS } from '../rules/index.js';
import {
  bestIndex,
  changedAreaHa,
  classAreasHa,
  demandStatus,
  fromToMatrixHa,
  markedSolutions,
  objectiveRanges,
  solutionById,
  validateReportInput,
} from './analysis.js';
import type { DemandStatus, MarkedSolution } from './analysis.js';
import {
  MARK_SYMBOLS,
  convergenceOption,
  objectivePairs,
  parallelOption,
  scatterPairOption,
} from '../charts/front-charts.js';
import type { FrontChartData } from '../charts/front-charts.js';
import { renderChartSvg } from './chart-svg.js';
import {
  decimalsFor,
  escapeHtml,
  formatCount,
  formatDateTime,
  formatDistance,
  formatDuration,
  formatFixed,
  formatHa,
  formatHaChange,
  formatPercent,
  formatValue,
} from './format.js';
import { UNCHANGED_COLOR, pngDataUri, renderChangeMap, renderClassMap, scaleBar } from './map-image.js';
import { REPORT_CSS } from './styles.js';
import type { ReportInput, ReportObjective, ReportSelectedLayout } from './types.js';

export interface RenderHtmlOptions {
  /** When the report is generated (shown on the title page). Default: now. */
  generatedAt?: Date;
  /** Largest side of map images in pixels (default 1600). */
  maxMapSizePx?: number;
}

const esc = escapeHtml;

/** Figure and table numbering, in document order. */
class Numbering {
  private figures = 0;
  private tables = 0;
  figure(): string {
    return `Figure ${++this.figures}.`;
  }
  table(): string {
    return `Table ${++this.tables}.`;
  }
}

/** CSS rules for colours and widths that depend on the data (so the markup needs no inline style). */
class DynamicCss {
  /** `prefix + declaration` -> class name, so equal declarations share one class. */
  private readonly names = new Map<string, string>();
  private readonly rules: string[] = [];
  className(prefix: string, declaration: string): string {
    const key = `${prefix}|${declaration}`;
    let name = this.names.get(key);
    if (!name) {
      name = `${prefix}${this.names.size}`;
      this.names.set(key, name);
      this.rules.push(`.${name} { ${declaration} }`);
    }
    return name;
  }
  toString(): string {
    return this.rules.join('\n');
  }
}

interface Context {
  input: ReportInput;
  options: RenderHtmlOptions;
  numbering: Numbering;
  css: DynamicCss;
  marks: MarkedSolution[];
  markById: Map<number, MarkedSolution>;
  /** CSS class giving each land-use class its swatch colour. */
  classSwatch: string[];
  markColorClass: Map<number, string>;
  markBgClass: Map<number, string>;
  objectiveDecimals: number[];
  indicatorDecimals: Map<string, number>;
  currentAreas: number[];
  studyAreaHa: number;
}

const ordinalRules = new Intl.PluralRules('en-GB', { type: 'ordinal' });
const ORDINAL_SUFFIX: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
function ordinal(n: number): string {
  return `${n}${ORDINAL_SUFFIX[ordinalRules.select(n)] ?? 'th'}`;
}

function directionWord(direction: ObjectiveDirection): string {
  return direction === 'maximize' ? 'maximise' : 'minimise';
}

/** Rank of `value` among `values` (1 = best). */
function rankOf(value: number, values: readonly number[], direction: ObjectiveDirection): number {
  let better = 0;
  for (const other of values) if (direction === 'maximize' ? other > value : other < value) better++;
  return better + 1;
}

/** The direction in which an indicator improves its objective (null when its weight is 0). */
function indicatorDirection(objective: ReportObjective, weight: number): ObjectiveDirection | null {
  if (weight === 0) return null;
  const flip = weight < 0;
  if (objective.direction === 'maximize') return flip ? 'minimize' : 'maximize';
  return flip ? 'maximize' : 'minimize';
}

function markSymbolHtml(ctx: Context, mark: MarkedSolution): string {
  const glyph = MARK_SYMBOLS[mark.kind] === 'diamond' ? '◆' : MARK_SYMBOLS[mark.kind] === 'triangle' ? '▲' : '●';
  return `<span class="mark ${ctx.markColorClass.get(mark.id)}"><span class="mark-symbol" aria-hidden="true">${glyph}</span>&#8239;${esc(mark.letter)}</span>`;
}

function letterBadge(ctx: Context, mark: MarkedSolution): string {
  return `<span class="letter-badge ${ctx.markBgClass.get(mark.id)}">${esc(mark.letter)}</span>`;
}

// ---------------------------------------------------------------------------------------------
// Maps

function mapFigure(ctx: Context, imageUri: string, alt: string, caption: string, extraClass = ''): string {
  const { grid } = ctx.input;
  const extentWidthM = grid.width * grid.cellSizeM;
  const bar = scaleBar(extentWidthM);
  const widthClass = ctx.css.className(
    'sbw',
    `width: ${formatFixed(bar.fractionOfWidth * 100, 3).replace(/,/g, '')}%;`,
  );
  const segments = '<i></i>'.repeat(bar.segments);
  return `<figure class="${extraClass}">
<div class="map-frame">
<img src="${imageUri}" alt="${esc(alt)}">
<div class="north" title="North is up">▲<br>N</div>
<div class="scale"><div class="scale-bar ${widthClass}">${segments}</div><span class="scale-label">${esc(formatDistance(bar.lengthM))}</span></div>
</div>
<figcaption>${caption}</figcaption>
</figure>`;
}

function classLegend(
  ctx: Context,
  classIndices: readonly number[],
  areasHa?: readonly number[],
  inline = false,
): string {
  const items = classIndices.map((c) => {
    const cls = ctx.input.classes[c]!;
    const area = areasHa ? `<span class="area">${formatHa(areasHa[c]!)} ha</span>` : '';
    return `<li><span class="swatch ${ctx.classSwatch[c]}"></span><span>${esc(cls.name)}</span>${area}</li>`;
  });
  return `<ul class="legend${inline ? ' inline' : ''}">${items.join('')}</ul>`;
}

// ---------------------------------------------------------------------------------------------
// Sections

function titlePage(ctx: Context, sections: { id: string; title: string }[]): string {
  const { input } = ctx;
  const generatedAt = (ctx.options.generatedAt ?? new Date()).toISOString();
  const compromise = ctx.marks.find((m) => m.isCompromise);
  const summaryRows = ctx.marks
    .map((mark) => {
      const solution = solutionById(input, mark.id);
      const values = input.objectives.map(
        (_, o) => `<td class="n">${formatValue(solution.objectives[o]!, ctx.objectiveDecimals[o]!)}</td>`,
      );
      return `<tr><td>${markSymbolHtml(ctx, mark)}</td><td>${esc(mark.label)}</td><td class="n">#${mark.id}</td>${values.join('')}</tr>`;
    })
    .join('\n');
  return `<header class="title-page" id="title">
<div class="kicker"><strong>Pareto Plan</strong> · Scenario report</div>
<h1>${esc(input.scenario.name)}</h1>
<p class="lead">${esc(input.scenario.description)}</p>
<table class="title-meta">
<tbody>
<tr><th scope="row">Scenario file</th><td><code>${esc(input.scenario.file)}</code></td></tr>
<tr><th scope="row">Run</th><td>${esc(input.run.status)}, started ${esc(formatDateTime(input.run.startedAt))}${input.run.finishedAt ? `, finished ${esc(formatDateTime(input.run.finishedAt))}` : ''}</td></tr>
<tr><th scope="row">Report date</th><td>${esc(formatDateTime(generatedAt))}</td></tr>
<tr><th scope="row">Engine version</th><td>Pareto Plan ${esc(input.engineVersion)}</td></tr>
<tr><th scope="row">Random seed</th><td>${input.seed}</td></tr>
</tbody>
</table>
<div class="key-figures">
<div><b>${formatCount(input.front.length)}</b><span>non-dominated layouts</span></div>
<div><b>${input.objectives.length}</b><span>objectives</span></div>
<div><b>${formatCount(input.run.generations)}</b><span>generations</span></div>
<div><b>${formatCount(input.run.evaluations)}</b><span>layouts evaluated</span></div>
<div><b>${formatHa(ctx.studyAreaHa)}</b><span>ha study area</span></div>
</div>
${
  ctx.marks.length
    ? `<h4>Layouts highlighted in this report</h4>
<table>
<thead><tr><th scope="col">Mark</th><th scope="col">Layout</th><th scope="col" class="n">Solution</th>${input.objectives
        .map(
          (o) =>
            `<th scope="col" class="n">${esc(o.label)}<br><span class="muted">${esc(o.unit)}, ${directionWord(o.direction)}</span></th>`,
        )
        .join('')}</tr></thead>
<tbody>
${summaryRows}
</tbody>
</table>
${compromise ? `<p class="note">◆ marks the compromise, ▲ the best layout for one objective, ● other selected layouts.</p>` : ''}`
    : ''
}
<nav class="toc" aria-label="Contents">
<h4>Contents</h4>
<ol>${sections.map((s, i) => `<li><a href="#${s.id}"><span class="num">${i + 1}</span>${esc(s.title)}</a></li>`).join('')}</ol>
</nav>
<div class="title-foot">Generated by Pareto Plan ${esc(input.engineVersion)} from the run of ${esc(input.scenario.file)} (SHA-256 <span class="hash">${esc(input.scenario.sha256)}</span>).</div>
</header>`;
}

function planningQuestion(ctx: Context, number: number): string {
  const { input, numbering } = ctx;
  const { grid } = input;
  const classCount = input.classes.length;
  const currentMap = renderClassMap(
    input.current,
    grid.width,
    grid.height,
    input.classes.map((c) => c.color),
    {
      maxSizePx: ctx.options.maxMapSizePx,
    },
  );
  const presentClasses = input.classes.map((_, c) => c).filter((c) => ctx.currentAreas[c]! > 0);
  const extent = `${formatDistance(grid.width * grid.cellSizeM)} × ${formatDistance(grid.height * grid.cellSizeM)}`;
  const studyMap = mapFigure(
    ctx,
    pngDataUri(currentMap.png),
    `Map of today's land use in ${input.scenario.name}`,
    `<b>${numbering.figure()}</b> Today's land use. Grid of ${formatCount(grid.width)} × ${formatCount(grid.height)} cells of ${formatFixed(grid.cellSizeM, 0)} m (${extent}); ${formatHa(ctx.studyAreaHa)} ha inside the study area. Coordinate reference system: ${esc(grid.crs)}.`,
  );

  const demandByClass = new Map(input.demands.map((d) => [d.classId, d]));
  const classRows = input.classes
    .map((cls, c) => {
      const demand = demandByClass.get(cls.id);
      const type = cls.built ? 'built' : cls.natural ? 'natural' : 'open';
      return `<tr><td><span class="swatch ${ctx.classSwatch[c]}"></span></td><th scope="row">${esc(cls.name)}</th><td>${esc(cls.codes.join(', '))}</td><td>${type}</td>
<td class="n">${formatHa(ctx.currentAreas[c]!)}</td><td class="n">${formatPercent(ctx.studyAreaHa > 0 ? ctx.currentAreas[c]! / ctx.studyAreaHa : 0)}</td>
<td class="n">${demand?.minHa != null ? formatHa(demand.minHa) : '–'}</td><td class="n">${demand?.maxHa != null ? formatHa(demand.maxHa) : '–'}</td></tr>`;
    })
    .join('\n');

  const layerRows = input.layers
    .map(
      (layer) =>
        `<tr><th scope="row">${esc(layer.name)}</th><td><code>${esc(layer.source)}</code></td><td>${layer.kind}</td><td class="hash">${layer.sha256 ? esc(layer.sha256) : '<span class="muted">derived, no file</span>'}</td></tr>`,
    )
    .join('\n');

  const classCaption = numbering.table();
  const layerCaption = numbering.table();
  const objectives = input.objectives
    .map((objective, o) => {
      const indicatorRows = objective.indicators
        .map((indicator) => {
          const parameters = Object.entries(indicator.parameters)
            .map(([key, value]) => `<li>${esc(key)} = ${esc(value)}</li>`)
            .join('');
          return `<tr><th scope="row">${esc(indicator.label)}</th><td class="n">${formatFixed(indicator.weight, 2)}</td><td>${esc(indicator.formula)}</td><td>${parameters ? `<ul class="params">${parameters}</ul>` : '–'}</td></tr>`;
        })
        .join('\n');
      return `<h4>${number}.5.${o + 1} ${esc(objective.label)} <span class="muted">(${directionWord(objective.direction)}, ${esc(objective.unit)})</span></h4>
<p>${esc(objective.description)}</p>
${
  objective.indicators.length
    ? `<table>
<caption><b>${numbering.table()}</b> Sub-indicators of ${esc(objective.label.toLowerCase())}: weights, formulas and parameters.</caption>
<thead><tr><th scope="col">Sub-indicator</th><th scope="col" class="n">Weight</th><th scope="col">Formula</th><th scope="col">Parameters</th></tr></thead>
<tbody>
${indicatorRows}
</tbody>
</table>`
    : ''
}`;
    })
    .join('\n');

  const optimizerCaption = numbering.table();
  const optimizerRows = [
    ...Object.entries(input.optimizer).map(([key, value]) => [esc(key), esc(value)]),
    ['Random seed', `<b>${input.seed}</b>`],
    ['Evaluations', formatCount(input.run.evaluations)],
    ['Generations run', formatCount(input.run.generations)],
    ['Run status', esc(input.run.status)],
  ]
    .map(([key, value]) => `<tr><th scope="row">${key}</th><td>${value}</td></tr>`)
    .join('\n');

  return `<section class="chapter" id="question">
<h2><span class="num">${number}</span>The planning question</h2>
<p class="lead">${esc(input.scenario.description)}</p>
<section class="sub">
<h3><span class="num">${number}.1</span>Study area and today's land use</h3>
<div class="study-map">
${studyMap}
<div>
<h4>Land use today</h4>
${classLegend(ctx, presentClasses, ctx.currentAreas)}
<p class="note">Areas in hectares. White cells lie outside the study area.</p>
</div>
</div>
</section>
<section class="sub">
<h3><span class="num">${number}.2</span>Land-use classes and demands</h3>
<table>
<caption><b>${classCaption}</b> Plan classes, the raster codes they stand for, today's area and the area the plan must provide (demand, ha).</caption>
<thead><tr><th scope="col"></th><th scope="col">Class</th><th scope="col">Raster codes</th><th scope="col">Type</th><th scope="col" class="n">Today (ha)</th><th scope="col" class="n">Share</th><th scope="col" class="n">Demand min (ha)</th><th scope="col" class="n">Demand max (ha)</th></tr></thead>
<tbody>
${classRows}
</tbody>
</table>
<p class="note">${classCount} classes. Built classes are residential or economic uses; natural classes count as habitat.</p>
</section>
<section class="sub">
<h3><span class="num">${number}.3</span>Rules</h3>
${input.rules.length ? `<ol>${input.rules.map((r) => `<li>${esc(r)}</li>`).join('')}</ol>` : '<p class="muted">No conversion rules beyond the demands.</p>'}
</section>
<section class="sub">
<h3><span class="num">${number}.4</span>Data layers</h3>
<table>
<caption><b>${layerCaption}</b> Input layers with their files and SHA-256 checksums, so anyone can check they use the same data.</caption>
<thead><tr><th scope="col">Layer</th><th scope="col">Source</th><th scope="col">Kind</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${layerRows}
</tbody>
</table>
</section>
<section class="sub">
<h3><span class="num">${number}.5</span>Objectives</h3>
<p>Each objective is a weighted sum of sub-indicators. A negative weight means the sub-indicator counts against the objective.</p>
${objectives}
</section>
<section class="sub">
<h3><span class="num">${number}.6</span>Optimiser settings</h3>
<table>
<caption><b>${optimizerCaption}</b> Settings of the search. The same settings and seed reproduce the same front.</caption>
<tbody>
${optimizerRows}
</tbody>
</table>
</section>
</section>`;
}

function frontChartData(ctx: Context): FrontChartData {
  return {
    objectives: ctx.input.objectives.map((o) => ({ label: o.label, unit: o.unit, direction: o.direction })),
    points: ctx.input.front.map((s) => ({ id: s.id, values: s.objectives })),
    marks: ctx.marks.map((m) => ({ id: m.id, letter: m.letter, label: m.label, color: m.color, kind: m.kind })),
  };
}

function markKeyTable(ctx: Context): string {
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

function tradeOffs(ctx: Context, number: number): string {
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
  if (input.representatives.length > 0) parts.push(representatives(ctx, number, ++sub));
  parts.push(convergence(ctx, number, sub + 1));
  parts.push('</section>');
  return parts.join('\n');
}

/** The front grouped into a few clusters of similar maps, each with its medoid. */
function representatives(ctx: Context, number: number, sub: number): string {
  const { input, numbering } = ctx;
  const rows = input.representatives
    .map((group, index) => {
      const solution = solutionById(input, group.medoid);
      const mark = ctx.marks.find((m) => m.id === group.medoid);
      const values = input.objectives
        .map((_, o) => `<td class="n">${formatValue(solution.objectives[o]!, ctx.objectiveDecimals[o]!)}</td>`)
        .join('');
      return `<tr><th scope="row">R${index + 1}</th><td class="n">#${group.medoid}${mark ? ` ${markSymbolHtml(ctx, mark)}` : ''}</td><td class="n">${formatCount(group.size)}</td><td class="n">${formatPercent(group.meanDifference)}</td>${values}</tr>`;
    })
    .join('\n');
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>Groups of similar layouts</h3>
<p>Many layouts of the front differ only in a few cells. Grouped by how many changeable cells they give a different class (k-medoids), the front falls into the ${input.representatives.length === 1 ? 'group' : `${input.representatives.length} groups`} below; each group is represented by its <i>medoid</i>, the layout closest to the others of its group, so these few layouts span the variety of the front.</p>
<table class="representatives">
<caption><b>${numbering.table()}</b> Groups of similar layouts, largest first: the medoid (with its mark when it is one of the marked layouts), the group's size, how many of the changeable cells a member differs from the medoid in on average, and the medoid's objective values.</caption>
<thead><tr><th scope="col">Group</th><th scope="col" class="n">Medoid</th><th scope="col" class="n">Layouts</th><th scope="col" class="n">Cells differing</th>${input.objectives.map((o) => `<th scope="col" class="n">${esc(o.label)} (${esc(o.unit)})</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function markLegend(ctx: Context, inline = true): string {
  return `<ul class="legend${inline ? ' inline' : ''}">${ctx.marks
    .map((m) => `<li>${markSymbolHtml(ctx, m)} ${esc(m.label)}</li>`)
    .join('')}</ul>`;
}

function convergence(ctx: Context, number: number, sub: number): string {
  const { input, numbering } = ctx;
  const history = input.history;
  if (history.length === 0) {
    return `<section class="sub"><h3><span class="num">${number}.${sub}</span>Convergence</h3><p class="muted">No history was recorded for this run.</p></section>`;
  }
  const first = history[0]!;
  const last = history.at(-1)!;
  const tailStart = history[Math.max(0, history.length - 1 - Math.max(1, Math.round(history.length / 5)))]!;
  const tailGain = last.hypervolume - tailStart.hypervolume;
  const totalGain = last.hypervolume - first.hypervolume;
  const hvDecimals = decimalsFor(history.map((h) => h.hypervolume));
  const tailShare = totalGain > 0 ? tailGain / totalGain : 0;
  const svg = renderChartSvg(convergenceOption(history), { width: 720, height: 220 }, 'Hypervolume by generation');
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>Convergence</h3>
<figure>
${svg}
<figcaption><b>${numbering.figure()}</b> Hypervolume of the layouts found so far by generation (higher is better; it measures how much of the objective space they dominate, against one reference fixed at the first generation, so it never falls). It grew from ${formatValue(first.hypervolume, hvDecimals)} at generation ${first.generation} to ${formatValue(last.hypervolume, hvDecimals)} at generation ${last.generation}, over ${formatCount(last.evaluations)} evaluations and ${formatDuration(last.elapsedSeconds)}.</figcaption>
</figure>
<p>The last ${formatCount(last.generation - tailStart.generation)} generations added ${formatPercent(Math.max(0, tailShare))} of the total gain${tailShare < 0.05 ? ': the search has levelled off, so more generations would change the front little.' : ': the front was still improving, so a longer run may find better layouts.'}</p>
</section>`;
}

function statusCell(status: DemandStatus): string {
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

function selectedLayout(ctx: Context, selected: ReportSelectedLayout, number: number, sub: number): string {
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

function selectedLayouts(ctx: Context, number: number): string {
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

function comparison(ctx: Context, number: number): string {
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

function reproducibility(ctx: Context, number: number): string {
  const { input, numbering } = ctx;
  const hashRows = [
    `<tr><th scope="row">Scenario</th><td><code>${esc(input.scenario.file)}</code></td><td class="hash">${esc(input.scenario.sha256)}</td></tr>`,
    ...input.layers.map(
      (layer) =>
        `<tr><th scope="row">${esc(layer.name)}</th><td><code>${esc(layer.source)}</code></td><td class="hash">${layer.sha256 ? esc(layer.sha256) : '<span class="muted">derived from other layers</span>'}</td></tr>`,
    ),
  ].join('\n');
  const engineListed = Object.keys(input.versions).some((name) => /pareto ?plan/i.test(name));
  const versions = engineListed ? input.versions : { 'Pareto Plan engine': input.engineVersion, ...input.versions };
  const versionRows = Object.entries(versions)
    .map(([name, version]) => `<tr><th scope="row">${esc(name)}</th><td>${esc(version)}</td></tr>`)
    .join('\n');
  return `<section class="chapter" id="reproducibility">
<h2><span class="num">${number}</span>Reproducibility</h2>
<p>The run can be repeated exactly: the same scenario, input files (checked by their SHA-256), seed and versions give the same front.</p>
<h3><span class="num">${number}.1</span>Command</h3>
<pre class="command">${esc(input.command)}</pre>
<p>Random seed: <b>${input.seed}</b>. Run ${esc(input.run.status)}; started ${esc(formatDateTime(input.run.startedAt))}${input.run.finishedAt ? `, finished ${esc(formatDateTime(input.run.finishedAt))}` : ''}; ${formatCount(input.run.generations)} generations, ${formatCount(input.run.evaluations)} evaluations.</p>
<h3><span class="num">${number}.2</span>Input checksums</h3>
<table>
<caption><b>${numbering.table()}</b> SHA-256 of the scenario and of every input file.</caption>
<thead><tr><th scope="col">Input</th><th scope="col">File</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${hashRows}
</tbody>
</table>
<h3><span class="num">${number}.3</span>Versions</h3>
<table>
<caption><b>${numbering.table()}</b> Software versions used for the run.</caption>
<tbody>
${versionRows}
</tbody>
</table>
</section>`;
}

// ---------------------------------------------------------------------------------------------

/**
 * Renders the scenario report as one self-contained HTML document (no external URL; images as
 * data: URIs, charts as inline SVG). Print it to PDF with {@link renderReportPdf}.
 * @param input everything the report shows (see ReportInput)
 * @param options `generatedAt` (default now), `maxMapSizePx` (default 1600)
 * @throws ReportInputError when the parts of the input disagree (sizes, unknown ids)
 * @example
 * const html = await renderReportHtml(input);
 * await writeFile('report.html', html);
 */
export async function renderReportHtml(input: ReportInput, options: RenderHtmlOptions = {}): Promise<string> {
  validateReportInput(input);
  const css = new DynamicCss();
  const marks = markedSolutions(input);
  const markById = new Map(marks.map((m) => [m.id, m]));
  const classCount = input.classes.length;
  const currentAreas = classAreasHa(input.current, classCount, input.grid.cellAreaHa);
  let insideCells = 0;
  for (const value of input.current) if (value !== NO_CLASS) insideCells++;
  const indicatorDecimals = new Map<string, number>();
  for (const objective of input.objectives) {
    for (const indicator of objective.indicators) {
      const key = `${objective.id}.${indicator.id}`;
      indicatorDecimals.set(key, decimalsFor(input.front.map((s) => s.indicators[key] ?? Number.NaN)));
    }
  }
  const ctx: Context = {
    input,
    options,
    numbering: new Numbering(),
    css,
    marks,
    markById,
    classSwatch: input.classes.map((c) => css.className('cls', `background: ${c.color};`)),
    markColorClass: new Map(marks.map((m) => [m.id, css.className('mk', `color: ${m.color};`)])),
    markBgClass: new Map(marks.map((m) => [m.id, css.className('mb', `background: ${m.color};`)])),
    objectiveDecimals: input.objectives.map((_, o) => decimalsFor(input.front.map((s) => s.objectives[o]!))),
    indicatorDecimals,
    currentAreas,
    studyAreaHa: insideCells * input.grid.cellAreaHa,
  };

  const sections = [
    { id: 'question', title: 'The planning question' },
    { id: 'tradeoffs', title: 'The trade-offs' },
    { id: 'layouts', title: 'Selected layouts' },
    { id: 'comparison', title: 'Comparison of the selected layouts' },
    { id: 'reproducibility', title: 'Reproducibility' },
  ];
  // Sections first (they register dynamic CSS and number figures in order), then the title page.
  const body = [
    planningQuestion(ctx, 1),
    tradeOffs(ctx, 2),
    selectedLayouts(ctx, 3),
    comparison(ctx, 4),
    reproducibility(ctx, 5),
  ].join('\n');
  const title = titlePage(ctx, sections);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Pareto Plan ${esc(input.engineVersion)}">
<title>${esc(input.scenario.name)} – Pareto Plan scenario report</title>
<style>
${REPORT_CSS}
${css.toString()}
</style>
</head>
<body>
<div class="page">
${title}
<main>
${body}
</main>
</div>
</body>
</html>
`;
}
