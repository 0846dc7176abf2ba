/**
 * Chapter "Groups of similar layouts": the front in groups of similar maps (the number chosen by
 * silhouette), each with its medoid, and what sets each group apart: the classes whose area differs
 * most, a map of its characteristic cells, its objective ranges, and a small decision tree's rules
 * in plain words (docs/parties.md, "Explained groups").
 */
import { solutionById } from '../analysis.js';
import { formatCount, formatFixed, formatHa, formatHaChange, formatPercent, formatValue } from '../format.js';
import { pngDataUri, renderCellsMap } from '../map-image.js';
import type { ReportGroupProfile, ReportRepresentative } from '../types.js';
import { esc, layoutRef } from './context.js';
import type { Context } from './context.js';
import { classLegend, mapFigure } from './figures.js';

/** Maps of the group profiles are small multiples: this many pixels at most. */
const GROUP_MAP_PX = 640;

export function groupsChapter(ctx: Context, number: number): string {
  const { input } = ctx;
  const explanation = input.groups;
  const count = input.representatives.length;
  const chosen = explanation?.silhouettes.find((s) => s.k === count);
  const silhouette =
    explanation && chosen && explanation.silhouettes.length > 1
      ? ` Of ${explanation.silhouettes[0]!.k} to ${explanation.silhouettes.at(-1)!.k} groups, ${count} separate the layouts best: their mean silhouette, ${formatFixed(chosen.silhouette, 2)}, is the highest (${explanation.silhouettes.map((s) => `${s.k}: ${formatFixed(s.silhouette, 2)}`).join(', ')}; 1 means every layout is much closer to its own group than to any other, 0 that groups overlap).`
      : '';
  let sub = 0;
  const parts = [
    `<section class="chapter" id="groups">
<h2><span class="num">${number}</span>Groups of similar layouts</h2>
<p>Many layouts of the front differ only in a few cells. Grouped by the share of changeable cells to which they give a different class (k-medoids), the front falls into ${count === 1 ? 'one group' : `${count} groups`}; each is represented by its <i>medoid</i>, the layout closest to the others of its group, so these few layouts span the variety of the front.${silhouette}</p>`,
    overviewTable(ctx, number, ++sub),
  ];
  if (explanation && explanation.profiles.length === count && count > 1) {
    parts.push(profiles(ctx, number, ++sub, explanation.profiles));
    if (explanation.tree) parts.push(treeRules(ctx, number, sub + 1));
  }
  parts.push('</section>');
  return parts.join('\n');
}

function overviewTable(ctx: Context, number: number, sub: number): string {
  const { input, numbering } = ctx;
  const rows = input.representatives
    .map((group, index) => {
      const solution = solutionById(input, group.medoid);
      const values = input.objectives
        .map((_, o) => `<td class="n">${formatValue(solution.objectives[o]!, ctx.objectiveDecimals[o]!)}</td>`)
        .join('');
      return `<tr><th scope="row">Group ${index + 1}</th><td class="n">${layoutRef(ctx, group.medoid)}</td><td class="n">${formatCount(group.size)}</td><td class="n">${formatPercent(group.meanDifference)}</td>${values}</tr>`;
    })
    .join('\n');
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>The groups and their medoids</h3>
<table class="representatives">
<caption><b>${numbering.table()}</b> Groups of similar layouts, largest first: the medoid (with its mark when it is one of the marked layouts), the group's size, how many of the changeable cells a member differs from the medoid in on average, and the medoid's objective values.</caption>
<thead><tr><th scope="col">Group</th><th scope="col" class="n">Medoid</th><th scope="col" class="n">Layouts</th><th scope="col" class="n">Cells differing</th>${input.objectives.map((o) => `<th scope="col" class="n">${esc(o.label)} (${esc(o.unit)})</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

/** One card per group: its characteristic cells on a map, its objective ranges and the classes that set it apart. */
function profiles(ctx: Context, number: number, sub: number, list: ReportGroupProfile[]): string {
  const { input, numbering } = ctx;
  const { grid } = input;
  const colors = input.classes.map((c) => c.color);
  // A difference smaller than half a cell is rounding, not a difference.
  const noticeable = (ha: number) => Math.abs(ha) >= grid.cellAreaHa / 2;
  const cards = list.map((profile, g) => {
    const group: ReportRepresentative = input.representatives[g]!;
    const map = renderCellsMap(
      input.current,
      profile.characteristicCells,
      profile.characteristicClasses,
      grid.width,
      grid.height,
      colors,
      { maxSizePx: Math.min(GROUP_MAP_PX, ctx.options.maxMapSizePx ?? GROUP_MAP_PX) },
    );
    const byClass = new Array<number>(input.classes.length).fill(0);
    profile.characteristicClasses.forEach((c) => (byClass[c]! += grid.cellAreaHa));
    const characteristicHa = profile.characteristicCells.length * grid.cellAreaHa;
    const present = byClass.map((ha, c) => (ha > 0 ? c : -1)).filter((c) => c >= 0);
    const ranges = input.objectives
      .map((objective, o) => {
        const r = profile.objectiveRanges[o]!;
        const d = ctx.objectiveDecimals[o]!;
        return `<li>${esc(objective.label)}: ${formatValue(r.min, d)} – ${formatValue(r.max, d)} ${esc(objective.unit)}</li>`;
      })
      .join('');
    const differences = profile.classDifferences
      .filter((d) => noticeable(d.differenceHa))
      .slice(0, 3)
      .map(
        (d) =>
          `<li><span class="swatch ${ctx.classSwatch[d.classIndex]}"></span> <b>${formatHaChange(d.differenceHa)} ha</b> ${esc(input.classes[d.classIndex]!.name)} <span class="muted">(mean ${formatHa(d.groupMeanHa)} ha against ${formatHa(d.othersMeanHa)} ha)</span></li>`,
      )
      .join('');
    const title = `Group ${g + 1}`;
    const caption = `<b>${numbering.figure()}</b> ${title}: its characteristic cells, in the class the group gives them (${formatHa(characteristicHa)} ha); grey cells are not characteristic.`;
    return `<div class="group-card">
<h4>${title} <span class="muted">· ${formatCount(group.size)} layout${group.size === 1 ? '' : 's'} · medoid ${layoutRef(ctx, group.medoid)}</span></h4>
<div>
${characteristicHa > 0 ? mapFigure(ctx, pngDataUri(map.png), `${title}: characteristic cells`, caption) : '<p class="muted">No cell is characteristic of this group: its members share their choices with other groups.</p>'}
</div>
<div>
${present.length ? `<p class="facts-head">Characteristic cells</p>${classLegend(ctx, present, byClass)}` : ''}
<p class="facts-head">Compared with the other layouts</p>
${differences ? `<ul class="facts">${differences}</ul>` : '<p class="muted">No class differs by more than half a cell on average.</p>'}
<p class="facts-head">Objective ranges</p>
<ul class="facts">${ranges}</ul>
</div>
</div>`;
  });
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>What sets each group apart</h3>
<p>For each group: the classes whose mean area differs most from the other layouts' (ha), its <i>characteristic cells</i> (cells where the share of the group's layouts giving the group's usual class exceeds the share of the other layouts giving it by at least 50 percentage points) and the range of each objective over its members.</p>
${cards.join('\n')}
</section>`;
}

function treeRules(ctx: Context, number: number, sub: number): string {
  const tree = ctx.input.groups!.tree!;
  const note = ctx.input.groups!.featureNote;
  const cv =
    tree.crossValidatedAccuracy === null
      ? ''
      : `; on layouts it has not seen (5-fold cross-validation) ${formatPercent(tree.crossValidatedAccuracy, 0)}`;
  return `<section class="sub rules-section">
<h3><span class="num">${number}.${sub}</span>What tells the groups apart</h3>
<p>A decision tree of depth at most 3, learnt from ${formatCount(tree.features)} layout features (area per class, per class within zones and distance bands of the scenario's layers, compactness per class), tells the groups apart with these rules. They place <b>${formatPercent(tree.accuracy, 0)}</b> of the front's layouts in the right group${cv}.</p>
<ol class="rules">${tree.rules.map((rule) => `<li>${esc(capitalise(rule.text))}</li>`).join('')}</ol>
${note ? `<p class="note">Note: ${esc(note)}.</p>` : ''}
</section>`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
