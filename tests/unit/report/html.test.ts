import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportInputError, renderReportHtml } from '../../../engine/src/report/index.js';
import { escapeHtml } from '../../../engine/src/report/format.js';
import { buildReportInput } from '../../fixtures/report/build-report-input.js';
import { externalReferences } from '../../support/self-contained.js';

describe('renderReportHtml', () => {
  const input = buildReportInput();
  let html = '';

  beforeAll(async () => {
    html = await renderReportHtml(input, { generatedAt: new Date('2025-03-15T10:00:00Z') });
  });

  it('is one self-contained file: no external URL, images embedded, charts inline', () => {
    expect(externalReferences(html)).toEqual([]);
    // 1 study-area map, a planned map and a change map per selected layout, a map of each group's
    // characteristic cells, each party's pick, and the consensus and conflict maps.
    const groupMaps = input.groups!.profiles.filter((p) => p.characteristicCells.length > 0).length;
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(
      1 + 2 * input.selected.length + groupMaps + input.parties!.parties.length + 2,
    );
    // 3 pair scatter plots, parallel coordinates, convergence.
    expect(html.match(/<svg class="chart"/g)).toHaveLength(5);
  });

  it('validates as HTML', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const report = await validator.validateString(html);
    const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
    expect(messages).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('has the numbered sections of a report, in order', () => {
    const headings = [...html.matchAll(/<h2><span class="num">(\d)<\/span>([^<]+)<\/h2>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(headings).toEqual([
      '1 The planning question',
      '2 The trade-offs',
      '3 Groups of similar layouts',
      '4 The parties',
      '5 Selected layouts',
      '6 Comparison of the selected layouts',
      '7 Reproducibility',
    ]);
    expect(html).toContain('<title>Riverside 2040 growth plan – Pareto Plan scenario report</title>');
  });

  it('shows what reviewers ask for: question, data hashes, objectives, seed, command, versions', () => {
    expect(html).toContain(input.scenario.name);
    expect(html).toContain(input.scenario.sha256);
    for (const layer of input.layers) if (layer.sha256) expect(html).toContain(layer.sha256);
    for (const objective of input.objectives) {
      expect(html).toContain(objective.label);
      for (const indicator of objective.indicators) expect(html).toContain(indicator.label);
    }
    expect(html).toContain(String(input.seed));
    expect(html).toContain(input.command);
    expect(html).toContain('EPSG:25832');
    expect(html).toContain('15 March 2025, 10:00 UTC');
    for (const rule of input.rules) expect(html).toContain(escapeHtml(rule));
  });

  it('shows each selected layout with its demand status and a from-to table in hectares', () => {
    for (const selected of input.selected) expect(html).toContain(`id="layout-${selected.id}"`);
    expect(html).toContain('✓ met');
    // The least-impact layout leaves the housing demand short: the report must say so.
    expect(html).toMatch(/✗ [\d.,]+ ha short/);
    expect(html.match(/<table class="fromto">/g)).toHaveLength(input.selected.length);
    // Hectares are printed with one decimal and thousands separators.
    expect(html).toMatch(/<td class="n">[\d,]+\.\d<\/td>/);
  });

  it('groups the front into representatives, each row naming its medoid and group size', () => {
    expect(input.representatives.length).toBeGreaterThan(1);
    const section = html.slice(html.indexOf('id="groups"'), html.indexOf('id="parties"'));
    const rows = [...section.matchAll(/<tr><th scope="row">Group (\d)<\/th><td class="n">#(\d+)/g)];
    expect(rows.map((m) => [Number(m[1]), Number(m[2])])).toEqual(
      input.representatives.map((r, i) => [i + 1, r.medoid]),
    );
    const sizes = input.representatives.map((r) => r.size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(input.front.length);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });

  it('emphasises the best value per row of the comparison', () => {
    const comparison = html.slice(html.indexOf('id="comparison"'), html.indexOf('id="reproducibility"'));
    const economicRow = comparison.slice(
      comparison.indexOf('Economic return'),
      comparison.indexOf('</tr>', comparison.indexOf('Economic return')),
    );
    expect(economicRow.match(/class="n best"/g)).toHaveLength(1);
    expect(economicRow).toMatch(/class="n best">45\.0</);
  });

  it('handles a run without history or selections, and rejects inconsistent input', async () => {
    const bare = buildReportInput({ selectedIds: [] });
    bare.history = [];
    const text = await renderReportHtml(bare);
    expect(text).toContain('No history was recorded for this run.');
    expect(text).toContain('No layouts were selected.');
    expect(externalReferences(text)).toEqual([]);

    const broken = buildReportInput();
    broken.current = new Uint8Array(5);
    await expect(renderReportHtml(broken)).rejects.toThrow(ReportInputError);
  });
});
