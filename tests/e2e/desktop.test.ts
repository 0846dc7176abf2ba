/**
 * The desktop app end to end, in browser mode: the renderer built with Vite, the browser-mode
 * server in this process, Debian's Chromium driven through page objects (tests/e2e/pages).
 * One planner's session, in order: open a bundled scenario, run a small budget, select a layout
 * on the chart, compare two layouts, export a report and a GeoTIFF, cancel a run, and open a
 * broken scenario. Screenshots go to test-results/e2e/.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { ComparePage } from './pages/compare-page.js';
import { ExplorerPage } from './pages/explorer-page.js';
import { ExportPage } from './pages/export-page.js';
import { RunPage } from './pages/run-page.js';
import { ScenarioPage } from './pages/scenario-page.js';
import { TEST_BROWSER } from '../support/browser.js';
import { repoRoot, screenshotsDir, startHarness, type Harness } from './support/harness.js';

const BUDGET = { population: 12, generations: 5, workers: 1 };

// Without a browser the project is skipped, with one line saying how to install one (tests/support/browser-check.ts).
describe.skipIf(!TEST_BROWSER)('desktop app in browser mode', () => {
  let h: Harness;
  let shell: AppShell;
  let scenario: ScenarioPage;
  let run: RunPage;
  let explorer: ExplorerPage;

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    h = await startHarness();
    shell = new AppShell(h.page);
    scenario = new ScenarioPage(h.page);
    run = new RunPage(h.page);
    explorer = new ExplorerPage(h.page);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('opens a bundled scenario and shows its study area', async () => {
    await scenario.openExample('Riverbend 2040 - balanced growth');
    expect(await scenario.status().innerText()).toBe('Valid');
    await scenario.map().waitFor();
    await h.page.getByRole('figure', { name: 'Land use legend' }).waitFor();
    await expect(h.page.getByRole('checkbox', { name: /reserve \(protected\)/ }).isChecked()).resolves.toBe(true);
    await shell.screenshot('scenario');
  });

  it('runs a small budget, with live progress, and explores the front', async () => {
    await scenario.goToRun();
    await run.setBudget(BUDGET);
    await run.start();
    expect(await run.waitForStatus(/complete/)).toBe('complete');
    expect(await run.stats()).toContain(`${BUDGET.generations} / ${BUDGET.generations}`);
    await run.waitForLiveFront(); // the live front arrives as events, not from files
    await shell.screenshot('run');
    await run.explore();
    await explorer.waitForChart();
    await expect(explorer.mapHeading().innerText()).resolves.toMatch(/^Layout #\d+$/);
  });

  it('selects a layout by clicking its point on the chart', async () => {
    const table = await h.page.locator('table.solutions tbody tr').count();
    expect(table).toBeGreaterThan(2);
    const target = 1;
    await explorer.clickPoint(target);
    await expect(explorer.mapHeading().innerText()).resolves.toBe(`Layout #${target}`);
    expect(await explorer.selectedRowId()).toBe(`#${target}`);
    // Threshold filters narrow the set the agreement map uses.
    const before = await explorer.filterCount();
    const values = (await h.page.locator('table.solutions tbody tr td:nth-child(3)').allInnerTexts()).map((t) =>
      Number(t.replace(/,/g, '')),
    );
    const median = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    await explorer.setThreshold('Economic return', 'at least', median);
    const after = await explorer.filterCount();
    expect(after).not.toBe(before);
    await explorer.showMap('Agreement');
    await h.page.getByRole('figure', { name: 'Most frequent class legend' }).waitFor();
    await explorer.setThreshold('Economic return', 'at least', '');
    await explorer.showMap('Layout');
    await shell.screenshot('explorer');
  });

  it('brushes a rectangle on the chart into thresholds on both plotted objectives', async () => {
    const total = Number(/of (\d+)/.exec(await explorer.filterCount())![1]);
    const rows = await h.page.locator('table.solutions tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { id: Number(cells[0]!.replace('#', '')), economic: Number(cells[2]!.replace(/,/g, '')) };
      }),
    );
    // Two layouts whose bounding box on the scatter plot holds as few others as possible, away
    // from the plot's edges (a brush must start inside the plot): a small front may have no two
    // layouts alone in a corner, and the brush must keep some layouts, not all.
    const pixels = (await h.page.evaluate(
      (ids) => ids.map((i) => window.__paretoplanExplorer!.pointPixel(i)),
      rows.map((row) => row.id),
    )) as [number, number][];
    const xs = pixels.map((p) => p[0]);
    const ys = pixels.map((p) => p[1]);
    const onEdge = (p: [number, number]) =>
      p[0] === Math.min(...xs) || p[0] === Math.max(...xs) || p[1] === Math.min(...ys) || p[1] === Math.max(...ys);
    const inside = (a: number, b: number) =>
      pixels.filter(
        (p) =>
          p[0] >= Math.min(pixels[a]![0], pixels[b]![0]) - 4 &&
          p[0] <= Math.max(pixels[a]![0], pixels[b]![0]) + 4 &&
          p[1] >= Math.min(pixels[a]![1], pixels[b]![1]) - 4 &&
          p[1] <= Math.max(pixels[a]![1], pixels[b]![1]) + 4,
      ).length;
    let pair: [number, number] | null = null;
    for (let a = 0; a < rows.length; a++)
      for (let b = a + 1; b < rows.length; b++) {
        if (onEdge(pixels[a]!) || onEdge(pixels[b]!)) continue;
        if (Math.hypot(pixels[a]![0] - pixels[b]![0], pixels[a]![1] - pixels[b]![1]) < 20) continue;
        if (pair === null || inside(a, b) < inside(...pair)) pair = [a, b];
      }
    expect(pair, 'two layouts inside the plot to brush around').not.toBeNull();
    expect(inside(...pair!)).toBeLessThan(total);
    const top = pair!.map((k) => rows[k]!);
    await explorer.brushAround(top.map((row) => row.id));
    await h.page.waitForFunction(
      (n) => !document.querySelector('[data-testid="filter-count"]')!.textContent!.startsWith(`${n} of`),
      total,
    );
    const matching = Number(/^(\d+) of/.exec(await explorer.filterCount())![1]);
    expect(matching).toBeGreaterThanOrEqual(2);
    expect(matching).toBeLessThan(total);
    const least = Number(await explorer.threshold('Economic return', 'at least'));
    const lowest = Math.min(...top.map((row) => row.economic));
    expect(least).toBeLessThan(lowest + Math.abs(lowest) * 0.005); // the table rounds values
    expect(await explorer.threshold('Social welfare', 'at least')).not.toBe('');
    expect(await explorer.threshold('Social welfare', 'at most')).not.toBe('');
    await explorer.clearFilters();
    expect(await explorer.waitForFilterCount(`${total} of ${total} layouts match`)).toBe(
      `${total} of ${total} layouts match`,
    );
    await h.page.getByRole('button', { name: 'Brush area' }).click();
  });

  it('shows representative layouts and narrows the view to one group', async () => {
    const rows = explorer.representativeRows();
    const groups = await rows.count();
    expect(groups).toBeGreaterThan(0);
    expect(groups).toBeLessThanOrEqual(8); // 2 to 8 groups, chosen by silhouette
    const total = Number(/of (\d+)/.exec(await explorer.filterCount())![1]);
    const sizes = await rows.locator('td:nth-child(3)').allInnerTexts();
    expect(sizes.map(Number).reduce((a, b) => a + b, 0)).toBe(total);
    await explorer.toggleGroup(0);
    const narrowed = `${sizes[0]} of ${total} layouts match (group R1 only)`;
    expect(await explorer.waitForFilterCount(narrowed)).toBe(narrowed);
    const medoid = (await rows.first().locator('td').first().innerText()).match(/#(\d+)/)![1];
    expect(await explorer.waitForMapHeading(`Layout #${medoid}`)).toBe(`Layout #${medoid}`);
    await h.page
      .getByRole('heading', { name: 'Representative layouts' })
      .evaluate((heading) => heading.scrollIntoView({ block: 'center' }));
    await shell.screenshot('representatives');
    await explorer.toggleGroup(0);
    expect(await explorer.waitForFilterCount(`${total} of ${total} layouts match`)).toBe(
      `${total} of ${total} layouts match`,
    );
  });

  it('compares two layouts side by side with a difference map', async () => {
    await shell.open('Compare');
    const compare = new ComparePage(h.page);
    await expect(compare.slots().count()).resolves.toBe(2);
    const indicators = await compare.indicatorRows();
    expect(indicators.some((row) => row.startsWith('Economic return'))).toBe(true);
    expect((await compare.areaRows()).length).toBeGreaterThanOrEqual(10);
    expect(await compare.changedHa()).toMatch(/[\d.,]+ ha differ/);
    await compare.zoomFirstMap();
    await shell.screenshot('compare');
  });

  it('exports a report and a GeoTIFF', async () => {
    await shell.open('Export');
    const exporter = new ExportPage(h.page);
    await exporter.createReport('HTML');
    const [report] = await exporter.written(1);
    expect(report).toMatch(/report\.html$/);
    expect(await readFile(report!, 'utf8')).toContain('<html');
    await exporter.exportLayout('GeoTIFF');
    const files = await exporter.written(2);
    const tiff = files.find((f) => f.endsWith('.tif'))!;
    const bytes = await readFile(tiff);
    expect([bytes.toString('latin1', 0, 2)]).toContain('II');
    expect((await stat(tiff)).size).toBeGreaterThan(1000);
  });

  it('exports into another folder only inside opened folders, replacing a file only when asked', async () => {
    const exporter = new ExportPage(h.page);
    const before = (await exporter.written(2)).length;
    await exporter.saveIn('/etc');
    await exporter.exportCsv();
    expect(await exporter.error(/outside the folders you opened/)).toMatch(/\/etc\/front\.csv/);
    const folder = path.join(h.home, 'exports-elsewhere');
    await exporter.saveIn(folder);
    await exporter.exportCsv();
    expect((await exporter.written(before + 1))[0]).toBe(path.join(folder, 'front.csv'));
    await exporter.exportCsv();
    expect(await exporter.error(/already exists/)).toMatch(/front\.csv/);
    await exporter.saveIn(folder, true);
    await exporter.exportCsv();
    expect(await exporter.written(before + 2)).toHaveLength(before + 2);
    await shell.screenshot('export');
    await exporter.saveIn(null);
  });

  it('cancels a run: it stops with a checkpoint and is listed as interrupted', async () => {
    await shell.open('Run');
    await run.setBudget({ population: 12, generations: 400, workers: 1 });
    await run.start();
    await run.waitForGeneration(1);
    await run.cancel();
    expect(await run.waitForStatus(/interrupted/)).toBe('interrupted');
    await expect(
      h.page
        .getByRole('status')
        .filter({ hasText: /Stopped at generation/ })
        .count(),
    ).resolves.toBe(1);
    // The list of runs refreshes when the run's end arrives; wait for the row rather than read it at once.
    expect(await run.waitForRunRow('interrupted')).toMatch(/interrupted/);
  });

  it('lists a failed run as failed, with its error', async () => {
    // A run folder as the engine leaves it when a run fails while setting up: status failed, the error kept.
    const runs = path.join(h.home, 'runs');
    const [done] = (await readdir(runs)).sort();
    const manifest = JSON.parse(await readFile(path.join(runs, done!, 'manifest.json'), 'utf8')) as object;
    await mkdir(path.join(runs, 'zz-failed'));
    await writeFile(
      path.join(runs, 'zz-failed', 'manifest.json'),
      JSON.stringify({ ...manifest, status: 'failed', error: 'Invalid typed array length: 4000000000' }),
    );
    await shell.open('Run');
    await run.refreshRuns();
    const row = await run.waitForRunRow('Invalid typed array length');
    expect(row).toMatch(/failed/);
    expect(row).not.toMatch(/running/);
    await h.page
      .locator('tr')
      .filter({ hasText: 'Invalid typed array length' })
      .evaluate((tr) => tr.scrollIntoView({ block: 'center' }));
    await shell.screenshot('failed-run');
  });

  it('shows every problem of a broken scenario with its line', async () => {
    const text = (await readFile(path.join(repoRoot, 'scenarios/riverbend-balanced.yaml'), 'utf8'))
      .replaceAll('../gis-data', path.join(repoRoot, 'gis-data'))
      .replace('decay: 1500 m', 'decay: 1500 parsecs')
      .replace('population: 60,', 'population: many,');
    const broken = path.join(h.home, 'broken.yaml');
    await mkdir(h.home, { recursive: true });
    await writeFile(broken, text);
    await shell.open('Scenario');
    await scenario.openPath(broken);
    // React renders the answer a moment after it arrives: wait for it rather than read at once.
    await scenario.status().filter({ hasText: '2 problems' }).waitFor({ timeout: 15_000 });
    expect(await scenario.status().innerText()).toBe('2 problems');
    const problems = await scenario.problems();
    expect(problems.map((p) => p.field)).toEqual([
      'objectives.economic.indicators.landValue.decay',
      'optimizer.population',
    ]);
    for (const p of problems) expect(Number(p.line)).toBeGreaterThan(0);
    await expect(h.page.getByRole('button', { name: 'Run this scenario…' }).isDisabled()).resolves.toBe(true);
    await shell.screenshot('broken-scenario');
  });

  it('serves no session without the one-time link, and a link works once', async () => {
    const context = await h.browser.newContext();
    try {
      const bare = await context.newPage();
      await bare.goto(h.server.url);
      await bare.getByText(/Not signed in: open the link printed by `npm run web`/).waitFor({ timeout: 15_000 });
      const link = h.server.newLaunchUrl();
      const signedIn = await context.newPage();
      await signedIn.goto(link);
      await signedIn.getByText(/engine \d+\.\d+\.\d+/).waitFor({ timeout: 15_000 });
      expect(new URL(signedIn.url()).hash).toBe(''); // the code leaves the address bar
      const again = await context.newPage();
      await again.goto(link);
      await again.getByText(/This link was already used/).waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }
  });
});
