import { beforeAll, describe, expect, it } from 'vitest';
import { frontLayoutsOfMatrix, ReportInputError, renderReportHtml } from '../../../engine/src/report/index.js';
import { formatFixed, formatHa, formatPercent } from '../../../engine/src/report/format.js';
import { buildReportInput } from '../../fixtures/report/build-report-input.js';

/** The text of one chapter, tags removed. */
function chapterText(html: string, id: string): string {
  const start = html.indexOf(`<section class="chapter" id="${id}">`);
  expect(start, id).toBeGreaterThan(0);
  const end = html.indexOf('<section class="chapter"', start + 10);
  return html
    .slice(start, end < 0 ? undefined : end)
    .replace(/<\/?(?:span|b|i|code)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#8239;/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('the parties chapter', () => {
  const input = buildReportInput();
  const parties = input.parties!;
  let html = '';
  let text = '';
  beforeAll(async () => {
    html = await renderReportHtml(input, { generatedAt: new Date('2025-03-15T10:00:00Z') });
    text = chapterText(html, 'parties');
  });

  it('names every party with its preference, its pick and its satisfaction with it', () => {
    expect(parties.parties).toHaveLength(4);
    for (const party of parties.parties) {
      expect(text).toContain(party.name);
      const pick = party.satisfaction[party.preferred]!;
      // The "Who wants what" row: name … pick … satisfaction with the pick.
      expect(text).toMatch(new RegExp(`#${party.preferred}\\b[^#]*?${formatFixed(pick, 2).replace('.', '\\.')}`));
    }
    // Weights as shares of the total; aspirations in the criterion's unit with the reservation.
    expect(text).toContain('Land value (economic return) 80 %');
    expect(text).toContain('Green access (social welfare) at least 0.800 index; no worse than 0.600 index');
    expect(text).toContain('Ecological impact at most 0.200 index 0–1; no worse than 0.400 index 0–1');
  });

  it('puts the compromises of every rule side by side with each party’s satisfaction, and the Borda count', () => {
    for (const c of parties.compromises) {
      expect(text).toContain(c.title);
      const satisfactions = parties.parties.map((p) => formatFixed(p.satisfaction[c.id]!, 2)).join(' ');
      expect(text).toContain(satisfactions);
      expect(text).toMatch(new RegExp(`${c.title.replace(/[()]/g, '\\$&')}.*?#${c.id}\\b`));
    }
    const { winners, standings } = parties.borda;
    expect(standings.length).toBe(parties.borda.shortlist.length);
    expect(text).toContain(winners.length === 1 ? 'wins the Borda count' : 'tie in the Borda count');
    for (const id of winners) expect(text).toMatch(new RegExp(`Layouts? [^.]*#${id}\\b`));
  });

  it('maps consensus and conflict, with the areas per class that the agreement gives', () => {
    expect(text).toContain(`same class to ${formatHa(parties.agreement.consensusHa)} ha`);
    expect(text).toContain(`clash on ${formatHa(parties.agreement.conflictHa)} ha`);
    expect(text).toContain('Consensus: cells to which every party’s pick gives the same class');
    expect(text).toContain('Conflict: how many parties disagree');
    for (const row of parties.agreement.conflictByDisagreeing) {
      if (row.ha > 0) expect(text).toContain(`${row.parties} of 4 disagree${formatHa(row.ha)} ha`);
    }
    input.classes.forEach((cls, c) => {
      const row = parties.agreement.classes[c]!;
      if (row.consensusHa === 0 && row.contestedHa === 0) return;
      expect(text).toContain(
        `${cls.name} ${formatHa(row.consensusHa)} ${formatHa(row.agreedChangeHa)} ${formatHa(row.contestedHa)}`,
      );
    });
    // Consensus + conflict = the changeable area.
    expect(parties.agreement.consensusHa + parties.agreement.conflictHa).toBeCloseTo(parties.agreement.changeableHa);
  });

  it('is left out, and the chapters renumbered, when the run has no parties', async () => {
    const bare = await renderReportHtml(buildReportInput({ parties: false }));
    expect(bare).not.toContain('id="parties"');
    expect(bare).toMatch(/<h2><span class="num">4<\/span>Selected layouts<\/h2>/);
  });

  it('rejects parties that do not fit the front', async () => {
    const broken = buildReportInput();
    broken.parties!.parties[1]!.satisfaction.pop();
    await expect(renderReportHtml(broken)).rejects.toThrow(ReportInputError);
    await expect(renderReportHtml(broken)).rejects.toThrow(/parties "developers": 39 satisfaction values/);
  });

  it('rejects front layouts that do not fit the front', async () => {
    const broken = buildReportInput();
    const { cells } = broken.frontLayouts!;
    const all = Uint8Array.from(
      { length: broken.front.length * cells.length },
      (_, i) => broken.frontLayouts!.classesOf(Math.floor(i / cells.length))[i % cells.length]!,
    );
    broken.frontLayouts = frontLayoutsOfMatrix(cells, all.subarray(1));
    await expect(renderReportHtml(broken)).rejects.toThrow(/Report input frontLayouts: .* layouts of/);
    broken.frontLayouts = frontLayoutsOfMatrix(cells, all.subarray(cells.length));
    await expect(renderReportHtml(broken)).rejects.toThrow(ReportInputError);
  });
});

describe('the groups chapter', () => {
  const input = buildReportInput();
  const groups = input.groups!;
  let text = '';
  beforeAll(async () => {
    text = chapterText(await renderReportHtml(input), 'groups');
  });

  it('says how many groups the silhouette chose', () => {
    const chosen = groups.silhouettes.find((s) => s.k === input.representatives.length)!;
    expect(text).toContain(`${input.representatives.length} separate the layouts best`);
    expect(text).toContain(`mean silhouette, ${formatFixed(chosen.silhouette, 2)}, is the highest`);
  });

  it('says what sets each group apart: class areas, characteristic cells and objective ranges', () => {
    input.representatives.forEach((group, g) => {
      const profile = groups.profiles[g]!;
      expect(text).toContain(`Group ${g + 1} · ${group.size} layouts · medoid #${group.medoid}`);
      const top = profile.classDifferences[0]!;
      expect(text).toContain(`${input.classes[top.classIndex]!.name} (mean ${formatHa(top.groupMeanHa)} ha against`);
      expect(text).toContain(
        `characteristic cells, in the class the group gives them (${formatHa(profile.characteristicCells.length * input.grid.cellAreaHa)} ha)`,
      );
      const economic = profile.objectiveRanges[0]!;
      expect(text).toContain(
        `Economic return: ${formatFixed(economic.min, 1)} – ${formatFixed(economic.max, 1)} M€/yr`,
      );
    });
  });

  it('prints the decision tree’s rules in plain words with their accuracy', () => {
    const tree = groups.tree!;
    expect(tree.rules.length).toBeGreaterThan(1);
    for (const rule of tree.rules) expect(text).toContain(rule.text.charAt(0).toUpperCase() + rule.text.slice(1));
    expect(text).toContain(`They place ${formatPercent(tree.accuracy, 0)} of the front's layouts in the right group`);
    expect(text).toContain(`(5-fold cross-validation) ${formatPercent(tree.crossValidatedAccuracy!, 0)}`);
  });
});
