/**
 * Chapter "Agreement across runs" (`paretoplan report --with-runs`): layouts of this run and of
 * other runs of the same study area (other seeds, scenarios, steered runs) compared cell by cell,
 * with the definitions of `paretoplan agreement` (runs/cross-run-agreement.ts, docs/parties.md):
 * which runs and layouts, what they all agree on (a map), how far they agree where they differ (a
 * map), the share of the changeable area where all agree, by class, and a reading for planners.
 */
import path from 'node:path';
import { agreementBandColor, CONTESTED_COLOR } from '../../charts/decision-colors.js';
import { formatCount, formatHa, formatPercent } from '../format.js';
import { UNCHANGED_COLOR, pngDataUri, renderAgreedChangeMap, renderAgreementShareMap } from '../map-image.js';
import type { ReportRunAgreement } from '../types.js';
import { esc } from './context.js';
import type { Context } from './context.js';
import { mapFigure } from './figures.js';

/** Runs list at most this many layout ids; more are counted. */
const LISTED_IDS = 8;

/** The share of the changeable area where every compared layout gives the same class (1 when nothing may change). */
export function agreedShare(a: ReportRunAgreement): number {
  return a.changeableHa > 0 ? a.agreedHa / a.changeableHa : 1;
}

export function acrossRunsChapter(ctx: Context, number: number): string {
  const a = ctx.input.acrossRuns!;
  const share = agreedShare(a);
  return `<section class="chapter" id="runs">
<h2><span class="num">${number}</span>Agreement across runs</h2>
<p>${formatCount(a.layouts)} layouts from ${a.runs.length} runs of this study area are compared cell by cell (layouts picked as <code>${esc(a.solutions.join(','))}</code> from every run). They give the same class to <b data-agreed-share>${formatPercent(share)}</b> of the area some run may change (${formatHa(a.agreedHa)} of ${formatHa(a.changeableHa)} ha) and differ on ${formatHa(a.contestedHa)} ha. Every layout changes ${formatHa(a.changedByAllHa)} ha from today’s use. The same comparison is written as GeoTIFFs by <code>paretoplan agreement</code>.</p>
${runsTable(ctx, a)}
${maps(ctx, a)}
${classTable(ctx, a)}
${reading(a, share)}
</section>`;
}

function runsTable(ctx: Context, a: ReportRunAgreement): string {
  const name = (dir: string) => esc(path.basename(dir));
  const rows = a.runs
    .map((run) => {
      const ids =
        run.layouts.length > LISTED_IDS
          ? `${formatCount(run.layouts.length)} layouts`
          : `${run.layouts.length === 1 ? 'layout' : 'layouts'} ${run.layouts.map((id) => `#${id}`).join(', ')}`;
      const parent = run.parent === null ? '–' : `<span title="${esc(run.parent)}">${name(run.parent)}</span>`;
      return `<tr><th scope="row"><span title="${esc(run.dir)}">${name(run.dir)}</span>${run.isReportRun ? '<br><span class="note">this report’s run</span>' : ''}</th><td>${esc(run.scenario)}</td><td class="n">${run.seed}</td><td>${parent}</td><td>${ids}</td></tr>`;
    })
    .join('\n');
  return `<table class="runs">
<caption><b>${ctx.numbering.table()}</b> The runs compared: their scenario, seed, the run each was steered from (parent), and the layouts picked from it.</caption>
<thead><tr><th scope="col">Run folder</th><th scope="col">Scenario</th><th scope="col" class="n">Seed</th><th scope="col">Parent</th><th scope="col">Layouts</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function maps(ctx: Context, a: ReportRunAgreement): string {
  const { input } = ctx;
  const { grid } = input;
  const options = { maxSizePx: ctx.options.maxMapSizePx };
  const agreed = renderAgreedChangeMap(
    input.current,
    a.mode,
    a.agreePercent,
    grid.width,
    grid.height,
    input.classes.map((c) => c.color),
    options,
  );
  const shares = renderAgreementShareMap(a.agreePercent, grid.width, grid.height, options);
  const swatch = (color: string) => `<span class="swatch ${ctx.css.className('bg', `background: ${color};`)}"></span>`;
  const changedTo = input.classes.map((_, c) => c).filter((c) => a.classes[c]!.agreedChangeHa > 0);
  const agreedLegend = [
    ...changedTo.map(
      (c) =>
        `<li><span class="swatch ${ctx.classSwatch[c]}"></span> All change to ${esc(input.classes[c]!.name)}<span class="area">${formatHa(a.classes[c]!.agreedChangeHa)} ha</span></li>`,
    ),
    `<li>${swatch(UNCHANGED_COLOR)} All keep today’s use (or may not change it)</li>`,
    `<li>${swatch(CONTESTED_COLOR)} The layouts differ<span class="area">${formatHa(a.contestedHa)} ha</span></li>`,
  ].join('');
  const shareLegend = [
    ...[...a.contestedByShare]
      .reverse()
      .map(
        (band) =>
          `<li>${swatch(agreementBandColor(band.fromPercent))} ${band.fromPercent}–${band.fromPercent + 9} % agree<span class="area">${formatHa(band.ha)} ha</span></li>`,
      ),
    `<li>${swatch(UNCHANGED_COLOR)} All agree</li>`,
  ].join('');
  return `<div class="map-row">
${mapFigure(ctx, pngDataUri(agreed.png), 'Agreement map across runs: what every layout agrees on', `<b>${ctx.numbering.figure()}</b> What every layout of the ${a.runs.length} runs agrees on: cells all change to the same class in that class’s colour, cells all keep in light grey, cells where they differ in dark grey.`)}
${mapFigure(ctx, pngDataUri(shares.png), 'Agreement map across runs: share of layouts agreeing', `<b>${ctx.numbering.figure()}</b> Where the layouts differ: the share of them giving the cell’s most common class, from light yellow (nearly all) to dark red (few).`)}
</div>
<div class="two-col">
<div><ul class="legend">${agreedLegend}</ul></div>
<div><ul class="legend">${shareLegend}</ul></div>
</div>`;
}

function classTable(ctx: Context, a: ReportRunAgreement): string {
  const { input } = ctx;
  const present = input.classes
    .map((_, c) => c)
    .filter((c) => a.classes[c]!.agreedHa > 0 || a.classes[c]!.contestedHa > 0);
  const shareOf = (agreed: number, contested: number) =>
    agreed + contested > 0 ? formatPercent(agreed / (agreed + contested)) : '–';
  const rows = present
    .map((c) => {
      const row = a.classes[c]!;
      return `<tr><th scope="row"><span class="swatch ${ctx.classSwatch[c]}"></span> ${esc(input.classes[c]!.name)}</th><td class="n">${formatHa(row.agreedHa)}</td><td class="n">${formatHa(row.agreedChangeHa)}</td><td class="n">${formatHa(row.contestedHa)}</td><td class="n">${shareOf(row.agreedHa, row.contestedHa)}</td></tr>`;
    })
    .join('\n');
  const change = a.classes.reduce((sum, row) => sum + row.agreedChangeHa, 0);
  return `<table class="agreement">
<caption><b>${ctx.numbering.table()}</b> Agreement per class over the ${formatHa(a.changeableHa)} ha some run may change: the area every layout gives the class (agreed), the part of it every layout changes from today’s use (agreed change), the area where the layouts differ and most give the class (contested), and the agreed share of the class’s area.</caption>
<thead><tr><th scope="col">Class</th><th scope="col" class="n">Agreed (ha)</th><th scope="col" class="n">Agreed change (ha)</th><th scope="col" class="n">Contested (ha)</th><th scope="col" class="n">Agreed share</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row">All classes</th><td class="n">${formatHa(a.agreedHa)}</td><td class="n">${formatHa(change)}</td><td class="n">${formatHa(a.contestedHa)}</td><td class="n">${shareOf(a.agreedHa, a.contestedHa)}</td></tr></tfoot>
</table>`;
}

/** A short reading for planners: how settled the map is, what the agreed changes and the contested cells mean. */
function reading(a: ReportRunAgreement, share: number): string {
  const scenarios = new Set(a.runs.map((r) => r.scenario));
  const what =
    scenarios.size === 1
      ? 'The runs share a scenario and differ in their seed (or steering), so where they differ the search found different but comparably good answers.'
      : `The runs come from ${scenarios.size} scenarios, so where they differ the answer depends on the scenario’s assumptions as well as on the search.`;
  const settled =
    share >= 0.8
      ? 'Most of the area that may change is settled: whichever run is chosen, these cells get the same use.'
      : share >= 0.5
        ? 'About half or more of the area that may change is settled; the rest depends on which run and layout is chosen.'
        : 'Less than half of the area that may change is settled: the maps depend strongly on which run and layout is chosen, so treat any single map as one possibility among several.';
  const weak = a.contestedByShare.filter((b) => b.fromPercent < 50).reduce((sum, b) => sum + b.ha, 0);
  return `<section class="sub">
<h3>Reading the agreement</h3>
<ul>
<li>${settled} ${what}</li>
<li>Changes every layout makes (${formatHa(a.changedByAllHa)} ha, coloured on the first map) hold across the runs compared: they are the robust part of the plan and candidates to settle first.</li>
<li>Where the layouts differ (${formatHa(a.contestedHa)} ha${weak > 0 ? `; on ${formatHa(weak)} ha fewer than half of them agree on any one class` : ''}), the choice is open: objectives are traded off differently there, and a workshop or a steered run (locking the agreed cells) can decide.</li>
</ul>
</section>`;
}
