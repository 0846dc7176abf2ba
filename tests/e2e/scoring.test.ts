/**
 * The Score, Monitor and cross-run Compare views end to end, in browser mode (harness:
 * tests/e2e/support/harness.ts). Two short runs of the balanced scenario (seeds 1 and 2) in the
 * app's run folder; a plan exported from the first and an "observed" map made from it in a temp
 * folder with known differences (7 planned changes not made, 5 unchanged farm cells turned to
 * forest). The Monitor view reports exactly those cells; the Score view shows the objectives of
 * today's map as `paretoplan score` computes them and its place against the front; the Compare
 * view opens the second run alongside, with a swipe view and the agreement across both runs.
 * Screenshots go to test-results/e2e/ (monitor.png, score.png, compare-runs.png).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agreementAcrossRuns,
  exportFromRun,
  loadFront,
  frontRows,
  runScenario,
  scoreLayout,
  type FrontRow,
  type LoadedFront,
} from '../../engine/src/api/index.js';
import { writeObservedMap } from '../support/observed-map.js';
import { formatAuto, formatNumber } from '../../desktop/src/renderer/format.js';
import { AppShell } from './pages/app-shell.js';
import { ExplorerPage } from './pages/explorer-page.js';
import { MonitorPage, ScorePage } from './pages/scoring-pages.js';
import { TEST_BROWSER } from '../support/browser.js';
import { repoRoot, screenshotsDir, startHarness, type Harness } from './support/harness.js';

const scenario = path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');
const landUse = path.join(repoRoot, 'gis-data/riverbend/landuse.tif');
const BUDGET = { population: 12, generations: 5, workers: 1 };

describe.skipIf(!TEST_BROWSER)('Score, Monitor and Compare across runs in browser mode', () => {
  let h: Harness;
  let shell: AppShell;
  let tmp: string;
  let runs: [string, string];
  let fronts: LoadedFront[];
  let planFile: string;
  let observedFile: string;
  let planned: number;

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    h = await startHarness();
    shell = new AppShell(h.page);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-e2e-maps-'));
    runs = [path.join(h.home, 'runs', 'balanced-seed-1'), path.join(h.home, 'runs', 'balanced-seed-2')];
    for (const [k, dir] of runs.entries()) await runScenario({ scenario, outDir: dir, seed: k + 1, ...BUDGET });
    fronts = [await loadFront(runs[0]), await loadFront(runs[1])];
    planFile = (await exportFromRun(runs[0], { format: 'geotiff', solution: 'knee', out: path.join(tmp, 'plan.tif') }))
      .file;
    observedFile = path.join(tmp, 'observed-2030.tif');
    ({ planned } = await writeObservedMap(planFile, landUse, observedFile));
    // Open the first run as a planner does: its folder typed in the Run tab.
    await shell.open('Run');
    await h.page.getByLabel('Run folder').fill(runs[0]);
    await h.page.getByRole('button', { name: 'Open run folder' }).click();
    await new ExplorerPage(h.page).waitForChart();
  }, 180_000);

  afterAll(async () => {
    await h?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('monitors a plan against an observed map and reports exactly the known differences', async () => {
    await shell.open('Monitor');
    const monitor = new MonitorPage(h.page);
    await monitor.compareFile(planFile, observedFile);
    const cells = await monitor.totalCells();
    expect(cells.get('Planned change not realised')).toBe(7);
    expect(cells.get('Unplanned change')).toBe(5);
    expect(cells.get('Planned change realised')).toBe(planned - 7);
    const byClass = await monitor.byClass();
    const ha = (n: number) => formatNumber(n * 0.0625, 2);
    expect(byClass.get('forest')![3]).toBe(ha(5)); // unplanned gain
    expect(byClass.get('agriculture')![4]).toBe(ha(5)); // unplanned loss
    const notRealised = [...byClass.values()].reduce((sum, row) => sum + Number(row[2]!.replace(/,/g, '')), 0);
    expect(notRealised).toBeCloseTo(7 * 0.0625, 1);
    const inside = [...cells.values()].reduce((sum, n) => sum + n, 0);
    await expect(h.page.getByTestId('followed-share').innerText()).resolves.toBe(
      `${formatNumber(100 * (1 - 12 / inside), 2)} %`,
    );
    await h.page.getByTestId('demands-table').waitFor();
    await h.page.getByTestId('monitor-map').waitFor();
    await h.page.screenshot({ path: path.join(screenshotsDir, 'monitor.png'), fullPage: true });
    // The same plan taken from the run's front gives the same areas.
    await monitor.compareRunLayout(fronts[0]!.manifest.front!.highlights.knee, observedFile);
    const again = await monitor.totalCells();
    expect([...again]).toEqual([...cells]);
  });

  it("scores today's map with the objectives `paretoplan score` gives, and places it against the front", async () => {
    await shell.open('Score');
    const score = new ScorePage(h.page);
    await score.score(landUse);
    const expected = await scoreLayout(scenario, landUse, { run: runs[0] });
    const shown = await score.objectives();
    expect([...shown.keys()]).toEqual(expected.objectives.map((o) => o.label));
    expected.objectives.forEach((o) => expect(shown.get(o.label)).toBe(formatAuto(o.value)));
    await expect(h.page.getByTestId('score-summary').innerText()).resolves.toMatch(
      /^Not feasible: \d+ demands? missed, 0 rule violations \(0\.00 ha\)\. 0\.0 ha differ from today/,
    );
    const n = expected.front!.dominatedBy.length;
    expect(n).toBeGreaterThan(0);
    await expect(score.placement()).resolves.toContain(`Dominated by ${n} front layout${n === 1 ? '' : 's'}.`);
    await h.page.getByTestId('dominated-by').waitFor();
    await h.page.getByText('Every rule is kept.').waitFor();
    await h.page.getByTestId('placement-chart').locator('canvas').first().waitFor();
    await h.page.screenshot({ path: path.join(screenshotsDir, 'score.png'), fullPage: true });
  });

  it('compares layouts of two runs side by side, with a swipe view and their agreement', async () => {
    await shell.open('Compare');
    const card = h.page.getByTestId('runs-compare');
    await card.getByRole('button', { name: 'Open alongside' }).click();
    await card.getByTestId('run-pick').nth(1).waitFor();
    await expect(card.getByRole('list', { name: 'Opened runs' }).getByRole('listitem').count()).resolves.toBe(2);
    const knees = fronts.map((f) => f.manifest.front!.highlights.knee);
    const rows: FrontRow[][] = fronts.map((f) => frontRows(f));
    const headers = await card.getByTestId('runs-table').locator('thead th').allInnerTexts();
    expect(headers[1]).toMatch(new RegExp(`^Run 1 #${knees[0]}`));
    expect(headers[2]).toMatch(new RegExp(`^Run 2 #${knees[1]}`));
    const firstObjective = await card
      .getByTestId('runs-table')
      .locator('tbody tr')
      .first()
      .locator('td')
      .allInnerTexts();
    expect(firstObjective).toEqual([
      formatAuto(rows[0]![knees[0]!]!.objectives[0]),
      formatAuto(rows[1]![knees[1]!]!.objectives[0]),
    ]);
    // The agreement of the two compromises, as `paretoplan agreement` computes it.
    const written = await agreementAcrossRuns(runs, {
      solutions: ['compromise'],
      out: path.join(tmp, 'agreement.tif'),
    });
    await expect(card.getByTestId('runs-agreement').innerText()).resolves.toBe(
      `2 layouts from 2 runs: every layout gives the same class on ${formatNumber(written.unanimousHa, 1)} ha; they differ on ${formatNumber(written.contestedHa, 1)} ha.`,
    );
    // The swipe view shows B left of the line and A right of it: moving the slider changes the map.
    const swipe = card.getByTestId('swipe-map');
    await swipe.scrollIntoViewIfNeeded();
    const image = () => swipe.evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL());
    await expect.poll(async () => (await image()).length, { timeout: 10_000 }).toBeGreaterThan(1000);
    const slider = card.getByLabel('Swipe position');
    await slider.press('Home');
    const allA = await image();
    await slider.press('End');
    await expect.poll(image, { timeout: 10_000 }).not.toBe(allA);
    await slider.press('Home');
    await expect.poll(image, { timeout: 10_000 }).toBe(allA);
    for (let i = 0; i < 5; i++) await slider.press('PageUp'); // half way: B on the left, A on the right
    await expect.poll(image, { timeout: 10_000 }).not.toBe(allA);
    // The header sticks to the top; in a screenshot of the long card it would cover a slice of it.
    await h.page.addStyleTag({ content: '.app-header { position: static !important; }' });
    await card.screenshot({ path: path.join(screenshotsDir, 'compare-runs.png') });
  });
});
