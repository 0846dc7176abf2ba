/**
 * `paretoplan report <run-dir> --with-runs <other-run>...` through the built CLI: two short runs of
 * the tiny scenario with seeds 1 and 2. The HTML report has the chapter "Agreement across runs"
 * whose share of the changeable area where all layouts agree equals what `paretoplan agreement`
 * computes for the same runs; the PDF (read with poppler's pdftotext, an outside reader) has the
 * chapter too. A run of another study area is refused with exit code 2, naming it, and no report
 * is written; so is --with-runs with the interactive report.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementResult } from '../../../engine/src/api/index.js';
import { formatHa, formatPercent } from '../../../engine/src/report/format.js';
import { repoRoot, runCli } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-report-runs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const scenario = path.join(repoRoot, 'tests/fixtures/runs/tiny.yaml');
const landuse = path.join(repoRoot, 'tests/fixtures/runs/landuse-40.tif');
const runs = [path.join(tmp, 'seed-1'), path.join(tmp, 'seed-2')];
const BUDGET = ['--population', '12', '--generations', '4', '--workers', '1', '--quiet'];

beforeAll(async () => {
  for (const [k, dir] of runs.entries()) {
    const result = await runCli(['run', scenario, '--out', dir, '--seed', String(k + 1), ...BUDGET]);
    expect(result.code, result.stderr).toBe(0);
  }
});

describe('report --with-runs', () => {
  it('adds "Agreement across runs" with the share `paretoplan agreement` computes, to the HTML and the PDF', async () => {
    const agreement = await runCli([
      'agreement',
      ...runs,
      '--solutions',
      'all',
      '--out',
      path.join(tmp, 'agreement.tif'),
      '--json',
    ]);
    expect(agreement.code, agreement.stderr).toBe(0);
    const summary = JSON.parse(agreement.stdout) as AgreementResult;
    expect(summary.changeableHa).toBeGreaterThan(0);
    // The share is the changeable area minus the contested area, over the changeable area.
    expect(summary.agreedShareOfChangeable).toBeCloseTo(
      (summary.changeableHa - summary.contestedHa) / summary.changeableHa,
      12,
    );

    const base = path.join(tmp, 'with-runs');
    const report = await runCli(['report', runs[0]!, '--with-runs', runs[1]!, '--out', base, '--json']);
    expect(report.code, report.stderr).toBe(0);
    const written = JSON.parse(report.stdout) as { html: string; pdf: string };
    const html = readFileSync(written.html, 'utf8');
    expect(html).toContain('<section class="chapter" id="runs">');
    expect(html).toContain('Agreement across runs');
    const share = formatPercent(summary.agreedShareOfChangeable);
    expect(html).toContain(`<b data-agreed-share>${share}</b>`);
    expect(html).toContain(
      `(${formatHa(summary.changeableHa - summary.contestedHa)} of ${formatHa(summary.changeableHa)} ha)`,
    );
    // The runs compared, with their seeds, and the two maps with their furniture.
    const chapter = html.slice(html.indexOf('id="runs"'), html.indexOf('id="reproducibility"'));
    expect(chapter).toContain('>seed-1</span>');
    expect(chapter).toContain('>seed-2</span>');
    expect(chapter.match(/<div class="north"/g)).toHaveLength(2);
    expect(chapter.match(/<div class="scale">/g)).toHaveLength(2);
    expect(chapter).toContain('<ul class="legend">');
    expect(chapter).toContain('Reading the agreement');

    const pdfText = spawnSync('pdftotext', ['-layout', written.pdf, '-'], { encoding: 'utf8' });
    expect(pdfText.status, pdfText.stderr).toBe(0);
    expect(pdfText.stdout).toContain('Agreement across runs');
    expect(pdfText.stdout.replace(/\s+/g, ' ')).toContain(share);
  });

  it('is absent without --with-runs', async () => {
    const report = await runCli(['report', runs[0]!, '--format', 'html', '--out', path.join(tmp, 'plain'), '--json']);
    expect(report.code, report.stderr).toBe(0);
    const html = readFileSync((JSON.parse(report.stdout) as { html: string }).html, 'utf8');
    expect(html).not.toContain('id="runs"');
  });

  it('refuses a run of another study area with exit code 2, naming it, and writes no report', async () => {
    // The tiny scenario on a 30 x 30 crop of its land use: another grid.
    const cropped = path.join(tmp, 'landuse-30.tif');
    const translate = spawnSync('gdal_translate', ['-q', '-srcwin', '0', '0', '30', '30', landuse, cropped]);
    expect(translate.status).toBe(0);
    const otherScenario = path.join(tmp, 'other.yaml');
    writeFileSync(
      otherScenario,
      readFileSync(scenario, 'utf8')
        .replace('path: landuse-40.tif', `path: ${cropped}`)
        .replace(/residential: \{[^}]*\}/, 'residential: { min: 100 cells }')
        .replace(/park: \{[^}]*\}/, 'park: { min: 5 cells }'),
    );
    const other = path.join(tmp, 'other-area');
    const run = await runCli(['run', otherScenario, '--out', other, '--generations', '2', '--quiet']);
    expect(run.code, run.stderr).toBe(0);

    const base = path.join(tmp, 'refused');
    const result = await runCli(['report', runs[0]!, '--with-runs', runs[1]!, other, '--out', base]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`The run in ${other} is not on the same study area`);
    expect(result.stderr).toMatch(/its grid is 30 x 30 cells/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
    expect(existsSync(`${base}.html`) || existsSync(`${base}.pdf`)).toBe(false);
  });

  it('refuses --with-runs with the interactive report, which has no such chapter', async () => {
    const result = await runCli(['report', runs[0]!, '--with-runs', runs[1]!, '--format', 'interactive']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--with-runs .* the interactive report has no such chapter/);
  });
});
