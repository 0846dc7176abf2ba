/**
 * Chapter "The parties": who sits at the table and what each wants, the layout each would pick,
 * the compromises between them by each rule (egalitarian, minimax regret, Nash bargaining) and a
 * Borda count over the shortlist, and where their picks agree and clash on the map (consensus and
 * conflict maps with areas per class). Formulas: docs/parties.md.
 */
import { conflictColor, NO_VALUE_COLOR, partyColor } from '../../charts/decision-colors.js';
import { layoutOf, solutionById } from '../analysis.js';
import { decimalsFor, formatCount, formatFixed, formatHa, formatPercent, formatValue, possessive } from '../format.js';
import { UNCHANGED_COLOR, pngDataUri, renderChangeMap, renderConflictMap, renderConsensusMap } from '../map-image.js';
import type { ReportCriterion, ReportParties, ReportParty } from '../types.js';
import { criterionName, esc, layoutRef } from './context.js';
import type { Context } from './context.js';
import { classLegend, mapFigure } from './figures.js';

/** The parties' picks are small multiples: this many pixels at most. */
const PICK_MAP_PX = 640;

/** What each rule does, in one sentence for readers who have not read docs/parties.md. */
const RULE_EXPLANATIONS: Record<ReportParties['compromises'][number]['rule'], string> = {
  egalitarian: 'the layout whose least satisfied party is as satisfied as possible',
  'minimax-regret': 'the layout whose largest regret (what a party gives up against its own pick) is smallest',
  nash: 'the layout with the largest product of the parties’ gains over their worst layout on the front',
};

const score = (v: number) => formatFixed(v, 2);

interface PartiesView {
  ctx: Context;
  parties: ReportParties;
  /** Front index of each layout id. */
  indexOf: Map<number, number>;
  /** CSS class of each party's swatch. */
  swatch: string[];
}

export function partiesChapter(ctx: Context, number: number): string {
  const parties = ctx.input.parties!;
  const view: PartiesView = {
    ctx,
    parties,
    indexOf: new Map(ctx.input.front.map((s, i) => [s.id, i])),
    swatch: parties.parties.map((p, k) => ctx.css.className('pty', `background: ${partyColor(p.color, k)};`)),
  };
  const count = parties.parties.length;
  return `<section class="chapter" id="parties">
<h2><span class="num">${number}</span>The parties</h2>
<p>${count} ${count === 1 ? 'party judges' : 'parties judge'} the ${formatCount(ctx.input.front.length)} layouts of the front (parties from <code>${esc(parties.source)}</code>). A party's <i>satisfaction</i> with a layout lies between 0 (its worst layout on the front, or below one of its reservation levels) and 1 (its ideal, or every aspiration met); everything is measured against the front itself (formulas in docs/parties.md).</p>
${whoWantsWhat(view, number, 1)}
${picks(view, number, 2)}
${compromises(view, number, 3)}
${agreement(view, number, 4)}
</section>`;
}

function satisfactionOf(view: PartiesView, party: ReportParty, id: number): number {
  return party.satisfaction[view.indexOf.get(id)!]!;
}

function partyName(view: PartiesView, p: number): string {
  return `<span class="swatch ${view.swatch[p]}"></span> ${esc(view.parties.parties[p]!.name)}`;
}

/** A party's name with its swatch, in the possessive: “Developers’”. */
function partyPossessive(view: PartiesView, p: number): string {
  return `<span class="swatch ${view.swatch[p]}"></span> ${esc(possessive(view.parties.parties[p]!.name))}`;
}

/** A level in the criterion's unit, with the decimals that tell the front's values apart. */
function level(criterion: ReportCriterion | undefined, value: number): string {
  if (!criterion) return formatFixed(value, 2);
  const text = formatValue(value, decimalsFor([criterion.worst, criterion.best]));
  return criterion.unit ? `${text} ${esc(criterion.unit)}` : text;
}

function preferenceText(view: PartiesView, party: ReportParty): string {
  const criterion = new Map(view.parties.criteria.map((c) => [c.id, c]));
  if (party.preference.kind === 'weights') {
    const total = party.preference.weights.reduce((sum, w) => sum + w.weight, 0);
    const items = party.preference.weights
      .filter((w) => w.weight > 0)
      .map(
        (w) =>
          `<li>${esc(criterionName(view.ctx, w.criterion))} <span class="muted">${formatPercent(w.weight / total, 0)}</span></li>`,
      );
    return `Weights: <ul class="facts">${items.join('')}</ul>`;
  }
  const items = party.preference.levels.map((l) => {
    const c = criterion.get(l.criterion);
    const better = c?.direction === 'minimize' ? 'at most' : 'at least';
    const reservation = l.reservation === null ? '' : `; no worse than ${level(c, l.reservation)}`;
    return `<li>${esc(criterionName(view.ctx, l.criterion))} ${better} ${level(c, l.aspiration)}<span class="muted">${reservation}</span></li>`;
  });
  return `Aspires to: <ul class="facts">${items.join('')}</ul>`;
}

function whoWantsWhat(view: PartiesView, number: number, sub: number): string {
  const { ctx, parties } = view;
  const compromiseA = ctx.marks.find((m) => m.isCompromise);
  const rows = parties.parties
    .map((party, p) => {
      const pick = satisfactionOf(view, party, party.preferred);
      const withA = compromiseA ? `<td class="n">${score(satisfactionOf(view, party, compromiseA.id))}</td>` : '';
      return `<tr><th scope="row">${partyName(view, p)}${party.description ? `<br><span class="note">${esc(party.description)}</span>` : ''}</th><td>${preferenceText(view, party)}</td><td class="n">${layoutRef(ctx, party.preferred)}</td><td class="n">${score(pick)}</td>${withA}</tr>`;
    })
    .join('\n');
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>Who wants what</h3>
<table class="parties">
<caption><b>${ctx.numbering.table()}</b> The parties, their preferences (weights as shares of the total; aspiration levels, with the worst acceptable value where given), the layout each would pick with its satisfaction${compromiseA ? ', and their satisfaction with the compromise of the front (A)' : ''}.</caption>
<thead><tr><th scope="col">Party</th><th scope="col">Preference</th><th scope="col" class="n">Pick</th><th scope="col" class="n">Satisfaction</th>${compromiseA ? '<th scope="col" class="n">With A</th>' : ''}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

/** Each party's pick as a change map, two to a row. */
function picks(view: PartiesView, number: number, sub: number): string {
  const { ctx, parties } = view;
  const { input } = ctx;
  const { grid } = input;
  const colors = input.classes.map((c) => c.color);
  // Classes some pick changes cells to: the legend lists only those.
  const changedTo = new Set<number>();
  const figures = parties.parties.map((party, p) => {
    const layout = layoutOf(input, party.preferred);
    if (!layout) return '';
    layout.forEach((c, cell) => {
      if (c !== input.current[cell]) changedTo.add(c);
    });
    const map = renderChangeMap(input.current, layout, grid.width, grid.height, colors, {
      maxSizePx: Math.min(PICK_MAP_PX, ctx.options.maxMapSizePx ?? PICK_MAP_PX),
    });
    const title = `${party.name}: layout #${party.preferred}`;
    return mapFigure(
      ctx,
      pngDataUri(map.png),
      `${title}, change from today`,
      `<b>${ctx.numbering.figure()}</b> ${partyPossessive(view, p)} pick, layout ${layoutRef(ctx, party.preferred)} (satisfaction ${score(satisfactionOf(view, party, party.preferred))}): change from today.`,
    );
  });
  const newClasses = input.classes.map((_, k) => k).filter((k) => changedTo.has(k));
  const values = parties.parties
    .map((party, p) => {
      const solution = solutionById(input, party.preferred);
      return `<tr><th scope="row">${partyName(view, p)}</th><td class="n">${layoutRef(ctx, party.preferred)}</td>${input.objectives.map((_, o) => `<td class="n">${formatValue(solution.objectives[o]!, ctx.objectiveDecimals[o]!)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>Each party’s pick</h3>
<table>
<caption><b>${ctx.numbering.table()}</b> The layout each party would pick, with its objective values.</caption>
<thead><tr><th scope="col">Party</th><th scope="col" class="n">Pick</th>${input.objectives.map((o) => `<th scope="col" class="n">${esc(o.label)} (${esc(o.unit)})</th>`).join('')}</tr></thead>
<tbody>
${values}
</tbody>
</table>
<div class="pick-grid">
${figures.filter(Boolean).join('\n')}
</div>
<ul class="legend inline"><li><span class="swatch ${ctx.css.className('bg', `background: ${UNCHANGED_COLOR};`)}"></span> Unchanged</li>${newClasses.map((k) => `<li><span class="swatch ${ctx.classSwatch[k]}"></span> to ${esc(input.classes[k]!.name)}</li>`).join('')}</ul>
</section>`;
}

function compromises(view: PartiesView, number: number, sub: number): string {
  const { ctx, parties } = view;
  const partyHeads = parties.parties.map((_, p) => `<th scope="col" class="n">${partyName(view, p)}</th>`).join('');
  const satisfactionCells = (id: number) =>
    parties.parties.map((party) => `<td class="n">${score(satisfactionOf(view, party, id))}</td>`).join('');
  const ruleRows = parties.compromises
    .map(
      (c) =>
        `<tr><th scope="row">${esc(c.title)}<br><span class="note">${esc(RULE_EXPLANATIONS[c.rule])}</span></th><td class="n">${layoutRef(ctx, c.id)}</td><td class="n">${formatFixed(c.value, c.rule === 'nash' ? 4 : 2)}<br><span class="note">${esc(c.valueLabel)}</span></td>${satisfactionCells(c.id)}</tr>`,
    )
    .join('\n');
  const points = new Map(parties.borda.standings.map((s) => [s.id, s.points]));
  const chosenBy = (id: number) => [
    ...parties.parties.filter((p) => p.preferred === id).map((p) => `${esc(possessive(p.name))} pick`),
    ...parties.compromises.filter((c) => c.id === id).map((c) => esc(c.title.replace(/ \(.*\)$/, ''))),
  ];
  const winners = new Set(parties.borda.winners);
  const shortlistRows = [...parties.borda.standings]
    .map(
      (s) =>
        `<tr><th scope="row" class="n">${layoutRef(ctx, s.id)}</th><td>${chosenBy(s.id).join('; ')}</td>${satisfactionCells(s.id)}<td class="n${winners.has(s.id) ? ' best' : ''}">${formatFixed(points.get(s.id)!, Number.isInteger(points.get(s.id)!) ? 0 : 1)}</td></tr>`,
    )
    .join('\n');
  const winnerText =
    parties.borda.winners.length === 1
      ? `Layout ${layoutRef(ctx, parties.borda.winners[0]!)} wins the Borda count.`
      : `Layouts ${parties.borda.winners.map((id) => layoutRef(ctx, id)).join(' and ')} tie in the Borda count.`;
  const n = parties.borda.shortlist.length;
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>Compromises between the parties</h3>
<p>Three rules choose a layout for all parties from their satisfaction alone; they often disagree, because each protects a different party. The egalitarian rule protects the party worst off in absolute terms, minimax regret the party that gives up most against what it could have had, and Nash bargaining trades gains off proportionally.</p>
<table class="compromises">
<caption><b>${ctx.numbering.table()}</b> The layout each compromise rule chooses, the rule’s value there, and each party’s satisfaction with it.</caption>
<thead><tr><th scope="col">Rule</th><th scope="col" class="n">Layout</th><th scope="col" class="n">Value</th>${partyHeads}</tr></thead>
<tbody>
${ruleRows}
</tbody>
</table>
<p>The shortlist is the parties’ picks and the compromises. Each party ranks it by its satisfaction, and a Borda count gives ${n - 1} points for a first place, ${n - 2} for a second, down to 0 for the last (tied layouts share the points of the places they span). ${winnerText}</p>
<table class="shortlist">
<caption><b>${ctx.numbering.table()}</b> The shortlist, most Borda points first: who or what chose each layout, each party’s satisfaction with it, and its points.</caption>
<thead><tr><th scope="col" class="n">Layout</th><th scope="col">Chosen as</th>${partyHeads}<th scope="col" class="n">Borda points</th></tr></thead>
<tbody>
${shortlistRows}
</tbody>
</table>
</section>`;
}

function agreement(view: PartiesView, number: number, sub: number): string {
  const { ctx, parties } = view;
  const { input } = ctx;
  const { grid } = input;
  const a = parties.agreement;
  const count = parties.parties.length;
  const colors = input.classes.map((c) => c.color);
  const options = { maxSizePx: ctx.options.maxMapSizePx };
  const consensus = renderConsensusMap(a.disagreeing, a.mode, grid.width, grid.height, colors, options);
  const conflict = renderConflictMap(a.disagreeing, count, grid.width, grid.height, options);
  const grey = ctx.css.className('bg', `background: ${NO_VALUE_COLOR};`);
  const conflictLegend = a.conflictByDisagreeing
    .map(
      (row) =>
        `<li><span class="swatch ${ctx.css.className('bg', `background: ${conflictColor(row.parties, count - 1)};`)}"></span> ${row.parties} of ${count} disagree<span class="area">${formatHa(row.ha)} ha</span></li>`,
    )
    .join('');
  const present = input.classes
    .map((_, c) => c)
    .filter((c) => a.classes[c]!.consensusHa > 0 || a.classes[c]!.contestedHa > 0);
  const rows = present
    .map((c) => {
      const row = a.classes[c]!;
      return `<tr><th scope="row"><span class="swatch ${ctx.classSwatch[c]}"></span> ${esc(input.classes[c]!.name)}</th><td class="n">${formatHa(row.consensusHa)}</td><td class="n">${formatHa(row.agreedChangeHa)}</td><td class="n">${formatHa(row.contestedHa)}</td></tr>`;
    })
    .join('\n');
  const share = a.changeableHa > 0 ? a.consensusHa / a.changeableHa : 0;
  // Classes on the consensus map: agreed cells, changeable or not.
  const agreedClasses = new Set<number>();
  a.disagreeing.forEach((k, cell) => {
    if (k === 0) agreedClasses.add(a.mode[cell]!);
  });
  const consensusClasses = input.classes.map((_, c) => c).filter((c) => agreedClasses.has(c));
  return `<section class="sub">
<h3><span class="num">${number}.${sub}</span>Where the parties agree and clash</h3>
<p>The parties’ picks give the same class to <b>${formatHa(a.consensusHa)} ha</b> of the ${formatHa(a.changeableHa)} ha that may change (${formatPercent(share)}) and clash on <b>${formatHa(a.conflictHa)} ha</b>. Cells that never change count as agreed.</p>
<div class="map-row">
${mapFigure(ctx, pngDataUri(consensus.png), 'Consensus map of the parties’ picks', `<b>${ctx.numbering.figure()}</b> Consensus: cells to which every party’s pick gives the same class, in that class’s colour; grey where they disagree.`)}
${mapFigure(ctx, pngDataUri(conflict.png), 'Conflict map of the parties’ picks', `<b>${ctx.numbering.figure()}</b> Conflict: how many parties disagree with the most common choice of the cell; grey where all agree.`)}
</div>
<div class="two-col">
<div>${classLegend(ctx, consensusClasses, undefined, true)}<ul class="legend inline"><li><span class="swatch ${grey}"></span> Parties disagree</li></ul></div>
<div><ul class="legend">${conflictLegend}</ul></div>
</div>
<table class="agreement">
<caption><b>${ctx.numbering.table()}</b> Agreement per class over the cells that may change (ha): where every party gives the class (consensus), the part of it that changes from today’s use (a change every party wants), and the conflict cells to which at least one party gives it (contested).</caption>
<thead><tr><th scope="col">Class</th><th scope="col" class="n">Consensus</th><th scope="col" class="n">Agreed change</th><th scope="col" class="n">Contested</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}
