/** Chapter "The planning question": study area, classes and demands, rules, layers, objectives, optimiser. */
import { formatCount, formatDistance, formatFixed, formatHa, formatPercent } from '../format.js';
import { pngDataUri, renderClassMap } from '../map-image.js';
import { esc, directionWord } from './context.js';
import { mapFigure, classLegend } from './figures.js';
import type { Context } from './context.js';

export function planningQuestion(ctx: Context, number: number): string {
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
