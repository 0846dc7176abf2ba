import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPdfPrinter, renderReportHtml } from '../../../engine/src/report/index.js';
import type { PdfPrinter } from '../../../engine/src/report/index.js';
import { buildReportInput } from '../../fixtures/report/build-report-input.js';
import { TEST_BROWSER } from '../../support/browser.js';
import { readPdf, squeeze, type PdfPage } from '../../support/pdf-text.js';

// Skipped without a browser, with one line saying how to install one (tests/support/browser-check.ts).
describe.skipIf(!TEST_BROWSER)('PDF report printed with headless Chromium', () => {
  const input = buildReportInput();
  let directory = '';
  let printer: PdfPrinter;
  let pages: PdfPage[] = [];
  let pdfPath = '';

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'paretoplan-report-'));
    pdfPath = path.join(directory, 'nested', 'report.pdf');
    printer = await openPdfPrinter();
    const html = await renderReportHtml(input, { generatedAt: new Date('2025-03-15T10:00:00Z') });
    await printer.print(html, pdfPath);
    pages = await readPdf(pdfPath);
  });

  afterAll(async () => {
    await printer?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('writes a parseable A4 PDF atomically, with a sensible page count and page numbers', async () => {
    const bytes = await readFile(pdfPath);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await readdir(path.dirname(pdfPath))).toEqual(['report.pdf']);
    expect(pages.length).toBeGreaterThanOrEqual(8);
    expect(pages.length).toBeLessThanOrEqual(30);
    for (const page of pages) {
      expect(page.widthPt).toBeCloseTo(595.3, -1);
      expect(page.heightPt).toBeCloseTo(841.9, -1);
    }
    pages.forEach((page, i) => expect(page.text).toContain(`Page ${i + 1} of ${pages.length}`));
  });

  it('has selectable text with the scenario, every objective, the seed and the input hashes', () => {
    const all = pages.map((p) => p.text).join('\n');
    expect(pages[0]!.text).toContain(input.scenario.name);
    for (const objective of input.objectives) expect(all).toContain(objective.label);
    expect(all).toContain(String(input.seed));
    const squeezed = squeeze(all);
    expect(squeezed).toContain(input.scenario.sha256);
    for (const layer of input.layers) if (layer.sha256) expect(squeezed).toContain(layer.sha256);
    expect(squeezed).toContain(squeeze(input.command));
  });

  it('has the report sections in order, each chapter on a new page', () => {
    const chapters = [
      'The planning question',
      'The trade-offs',
      'Groups of similar layouts',
      'The parties',
      'Selected layouts',
      'Comparison of the selected layouts',
      'Reproducibility',
    ];
    let previousPage = 0;
    for (const chapter of chapters) {
      // The chapter heading starts a page (after the running header); the title page only lists it.
      const page = pages.findIndex(
        (p, i) => i > 0 && squeeze(p.text).includes(squeeze(chapter)) && p.text.indexOf(chapter) < 120,
      );
      expect(page, chapter).toBeGreaterThan(previousPage);
      previousPage = page;
    }
    for (const selected of input.selected) {
      expect(pages.some((p) => p.text.includes(`solution #${selected.id}`))).toBe(true);
    }
  });

  it('prints the parties and the explained groups as text', () => {
    const all = squeeze(pages.map((p) => p.text).join('\n'));
    for (const party of input.parties!.parties) expect(all).toContain(squeeze(party.name));
    for (const c of input.parties!.compromises) expect(all).toContain(squeeze(c.title));
    for (const heading of [
      'Whowantswhat',
      'Eachparty’spick',
      'Compromisesbetweentheparties',
      'Wherethepartiesagreeandclash',
    ])
      expect(all).toContain(heading);
    expect(all).toContain(squeeze('Consensus: cells to which every party’s pick gives the same class'));
    expect(all).toContain('Whatsetseachgroupapart');
    for (const rule of input.groups!.tree!.rules) expect(all).toContain(squeeze(rule.text.slice(1)));
  });

  it('prints several reports with one browser', async () => {
    const second = path.join(directory, 'second.pdf');
    const bare = buildReportInput({ selectedIds: [0], frontSize: 12, generations: 5 });
    await printer.print(await renderReportHtml(bare), second, { headerText: 'Second report' });
    const secondPages = await readPdf(second);
    expect(secondPages.length).toBeGreaterThanOrEqual(5);
    expect(secondPages.length).toBeLessThan(pages.length);
    expect(secondPages[1]!.text).toContain('Second report');
  });
});
