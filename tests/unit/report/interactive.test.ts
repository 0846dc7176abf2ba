/**
 * The interactive report's page (report/interactive/render.ts) without a browser: one
 * self-contained file whose Content-Security-Policy admits exactly its own script and stylesheet,
 * whose data block carries the front and every layout (decoded here as the explorer decodes
 * them), and whose bundled explorer is the one built from client/ today.
 * The explorer itself runs in Chromium in tests/e2e/interactive-report.test.ts.
 */
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleExplorerScript } from '../../../engine/scripts/write-explorer-script.js';
import { ReportInputError, renderInteractiveHtml } from '../../../engine/src/report/index.js';
import type { ExplorerData } from '../../../engine/src/report/interactive/data.js';
import { EXPLORER_SCRIPT } from '../../../engine/src/report/interactive/explorer-script.generated.js';
import { buildReportInput } from '../../fixtures/report/build-report-input.js';
import { externalReferences } from '../../support/self-contained.js';

const inflate = (base64: string) => new Uint8Array(inflateRawSync(Buffer.from(base64, 'base64')));
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/** The page's data block, parsed. */
export function explorerDataOf(html: string): ExplorerData {
  const match = /<script type="application\/json" id="explorer-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no explorer-data block');
  return JSON.parse(match[1]!) as ExplorerData;
}

describe('renderInteractiveHtml', () => {
  const input = buildReportInput();
  let html = '';
  let data: ExplorerData;

  beforeAll(async () => {
    html = await renderInteractiveHtml(input, { generatedAt: new Date('2025-03-15T10:00:00Z') });
    data = explorerDataOf(html);
  });

  it('is one self-contained file: no URL, no external script, only inline code', () => {
    expect(externalReferences(html, { allowInlineScripts: true })).toEqual([]);
    expect(html.match(/<script\b/g)).toHaveLength(2);
    // Nor does the explorer's code know a way out of the page.
    expect(EXPLORER_SCRIPT).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import\(|\.src\s*=/);
  });

  it('admits by its Content-Security-Policy exactly its own script and stylesheet, and no connection', () => {
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    const script = /<script>([\s\S]*)<\/script>\s*<\/body>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(script).toBe(EXPLORER_SCRIPT);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`script-src 'sha256-${sha256(script)}'`);
    expect(policy).toContain(`style-src 'sha256-${sha256(style)}'`);
    expect(policy).not.toMatch(/connect-src|unsafe/);
  });

  it('validates as HTML', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const report = await validator.validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  });

  it('carries the front: ids, objective values and class areas in front order', () => {
    expect(data.format).toBe(1);
    expect(data.front.ids).toEqual(input.front.map((s) => s.id));
    expect(data.front.objectives).toEqual(input.front.flatMap((s) => s.objectives));
    expect(data.front.areasHa).toEqual(input.front.flatMap((s) => s.classAreasHa));
    expect(data.objectives.map((o) => o.label)).toEqual(input.objectives.map((o) => o.label));
    expect(data.marks.find((m) => m.kind === 'compromise')).toBeDefined();
    expect(data.groups.flatMap((g) => g.members).sort((a, b) => a - b)).toEqual(
      input.front.map((s) => s.id).sort((a, b) => a - b),
    );
  });

  it("carries every layout as changes against today's map, which decode to the layouts cell by cell", () => {
    const current = inflate(data.maps.current);
    expect([...current]).toEqual([...input.current]);
    const deltas = inflate(data.maps.cells);
    const view = new DataView(deltas.buffer, deltas.byteOffset, deltas.byteLength);
    const cells: number[] = [];
    for (let g = 0, cell = 0; g < deltas.byteLength / 4; g++) cells.push((cell += view.getUint32(g * 4, true)));
    const genes = input.frontLayouts!.cells;
    expect(cells).toEqual([...genes]);
    const changes = inflate(data.maps.changes);
    const rows = input.front.length;
    expect(changes.length).toBe(rows * cells.length);
    let changed = 0;
    for (let i = 0; i < rows; i++) {
      for (let g = 0; g < cells.length; g++) {
        const code = changes[g * rows + i]!;
        const decoded = code === 0 ? current[cells[g]!]! : code - 1;
        expect(decoded).toBe(input.frontLayouts!.classesOf(i)[g]);
        if (code !== 0) changed++;
      }
    }
    // Only changes are coded: the fixture's layouts change some cells and keep others.
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(rows * cells.length);
  });

  it("carries the parties' picks, satisfaction in [0, 1] and the compromises", () => {
    const parties = data.parties!;
    expect(parties.parties.map((p) => p.name)).toEqual(input.parties!.parties.map((p) => p.name));
    for (const [k, party] of parties.parties.entries()) {
      expect(party.preferred).toBe(input.parties!.parties[k]!.preferred);
      expect(party.satisfaction).toHaveLength(input.front.length);
      for (const v of party.satisfaction) expect(v >= 0 && v <= 1).toBe(true);
    }
    expect(parties.compromises.map((c) => c.id)).toEqual(input.parties!.compromises.map((c) => c.id));
    expect(parties.bordaWinners).toEqual([...input.parties!.borda.winners]);
  });

  it('escapes text so that no value can close the data block or the page', async () => {
    const hostile = buildReportInput({ parties: false });
    hostile.scenario = { ...hostile.scenario, name: 'A </script><script>alert(1)</script>' };
    const page = await renderInteractiveHtml(hostile, { generatedAt: new Date('2025-03-15T10:00:00Z') });
    expect(page.match(/<script\b/g)).toHaveLength(2);
    expect(explorerDataOf(page).scenario.name).toBe(hostile.scenario.name);
    expect(explorerDataOf(page).parties).toBeNull();
  });

  it("refuses an input without the front's layouts with a ReportInputError", async () => {
    const partial = { ...buildReportInput(), frontLayouts: null };
    await expect(renderInteractiveHtml(partial)).rejects.toThrow(ReportInputError);
    await expect(renderInteractiveHtml(partial)).rejects.toThrow(/every layout of the front/);
  });

  it('ships the explorer bundled from client/ as it is now (regenerate with engine/scripts/write-explorer-script.ts)', async () => {
    expect(await bundleExplorerScript()).toBe(EXPLORER_SCRIPT);
  });
});
