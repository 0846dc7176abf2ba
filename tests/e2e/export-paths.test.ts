/**
 * Paths of written files in browser mode (issue 19): the server never serves a file's contents, so
 * each written file offers "Copy path" instead. In Chromium, the clipboard then holds exactly the
 * path shown; "Show in folder" (the desktop app's, through its main process) is not offered.
 * The report card offers the other runs of the study area for the chapter "Agreement across runs".
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runScenario } from '../../engine/src/api/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { ExportPage } from './pages/export-page.js';
import { TEST_BROWSER } from '../support/browser.js';
import { runExampleAndExplore } from './support/flows.js';
import { repoRoot, screenshotsDir, startHarness, type Harness } from './support/harness.js';

const BUDGET = { population: 12, generations: 3, workers: 1 };

describe.skipIf(!TEST_BROWSER)('written files in browser mode', () => {
  let h: Harness;

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    h = await startHarness();
    await runExampleAndExplore(h.page, BUDGET);
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('copies the path shown to the clipboard, and offers no "Show in folder"', async () => {
    await h.page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(h.page.url()).origin });
    await new AppShell(h.page).open('Export');
    const exporter = new ExportPage(h.page);
    await exporter.exportCsv();
    await exporter.exportLayout('GeoTIFF');
    const paths = await exporter.written(2);
    expect(paths[0]).toMatch(/\.tif$/);
    expect(paths[1]).toMatch(/\.csv$/);

    for (const [index, shown] of paths.entries()) {
      await exporter.copyPath(index);
      expect(await h.page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    }
    expect(await exporter.showInFolderButtons()).toBe(0);
    await h.page.screenshot({ path: `${screenshotsDir}/export-copy-path.png`, fullPage: true });
  });

  it('writes a report comparing this run with another run of the study area the app knows', async () => {
    // A second run of the example with another seed, in the app's runs folder.
    const other = path.join(h.home, 'runs', 'seed-2');
    await runScenario({
      scenario: path.join(repoRoot, 'scenarios/riverbend-balanced.yaml'),
      outDir: other,
      seed: 2,
      ...BUDGET,
    });
    const shell = new AppShell(h.page);
    await shell.open('Explore');
    await shell.open('Export');
    const exporter = new ExportPage(h.page);
    await exporter.compareWithRun(/seed 2/);
    await exporter.createReport('HTML');
    const [report] = await exporter.written(3);
    expect(report).toMatch(/\.html$/);
    const html = await readFile(report!, 'utf8');
    expect(html).toContain('<section class="chapter" id="runs">');
    expect(html).toContain(`title="${other}">seed-2</span>`);
    await h.page.screenshot({ path: `${screenshotsDir}/export-with-runs.png`, fullPage: true });
  });
});
