/**
 * Paint a plan end to end, in browser mode (harness: tests/e2e/support/harness.ts): run the
 * bundled balanced-growth scenario on a small budget, start painting from its compromise, paint
 * three strokes (two brush drags and a polygon) and see the scores change after each, see cells
 * that cannot change refused, then save the plan as a GeoTIFF and read it back: every cell that
 * differs from the compromise holds a painted class, and `score` gives the values the app showed.
 * Finally the plan joins the comparison: the Compare tab shows it as "P · Painted plan" with the
 * objective values of the Paint tab's live scores and the sub-indicators `score` gives the saved
 * plan, its map beside the layouts, in the swipe and the difference map, and it can be removed.
 * Screenshots: test-results/e2e/paint.png, paint-compare.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreLayout } from '../../engine/src/api/index.js';
import { formatAuto } from '../../desktop/src/renderer/format.js';
import { prepareScenario } from '../../engine/src/landuse/index.js';
import { layoutOf, loadFront, readLayoutRaster, type RunManifest } from '../../engine/src/runs/index.js';
import { AppShell } from './pages/app-shell.js';
import { TEST_BROWSER } from '../support/browser.js';
import { runExampleAndExplore } from './support/flows.js';
import { repoRoot, screenshotsDir, startHarness, type Harness } from './support/harness.js';

const BUDGET = { population: 16, generations: 6, workers: 1 };
const balanced = path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');

describe.skipIf(!TEST_BROWSER)('painting a plan in browser mode', () => {
  let h: Harness;
  let shell: AppShell;

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    h = await startHarness();
    shell = new AppShell(h.page);
    expect(await runExampleAndExplore(h.page, BUDGET)).toBe('complete');
  });

  afterAll(async () => {
    await h?.close();
  });

  const planValues = async () => h.page.getByTestId('paint-scores').locator('td.plan-value').allInnerTexts();

  /** Waits until the last stroke's report changes from `before`, and returns it. */
  const nextStroke = async (before: string | null) => {
    const status = h.page.getByTestId('paint-last-stroke');
    await expect
      .poll(async () => ((await status.count()) > 0 ? await status.innerText() : null), { timeout: 30_000 })
      .not.toBe(before);
    return status.innerText();
  };

  it('paints three strokes from the compromise and sees the scores change after each', async () => {
    await shell.open('Paint');
    const page = h.page;
    await page.getByLabel('Start from').selectOption({ index: 1 }); // the compromise
    await page.getByRole('button', { name: 'Start painting' }).click();
    await page.getByTestId('paint-scores').waitFor();
    // The status shown while the session opens gives way to what is painted.
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /Preparing the study area/ })
        .count(),
    ).resolves.toBe(0);
    await expect(page.getByText(/^Painting .*, from layout #\d+$/).count()).resolves.toBe(1);
    const canvas = page.getByTestId('paint-map');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    // The square grid is fitted into the canvas, centred: (fx, fy) are fractions of the grid.
    const side = Math.min(box.width, box.height);
    const at = (fx: number, fy: number) => ({
      x: box.x + (box.width - side) / 2 + side * fx,
      y: box.y + (box.height - side) / 2 + side * fy,
    });
    const start = await planValues();
    expect(start.length).toBe(3);

    // Stroke 1: a brush of radius 4 dragged with residential.
    await page.getByRole('radio', { name: 'Residential' }).check();
    await page.getByLabel('Brush radius in cells').fill('4');
    let p = at(0.35, 0.3);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(p.x + k * 12, p.y + k * 4);
    await page.mouse.up();
    let report = await nextStroke(null);
    expect(report).toMatch(/^Painted \d/);
    const afterFirst = await planValues();
    expect(afterFirst).not.toEqual(start);

    // Stroke 2: a park, elsewhere.
    await page.getByRole('radio', { name: 'Park / green' }).check();
    p = at(0.6, 0.6);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) await page.mouse.move(p.x - k * 10, p.y + k * 6);
    await page.mouse.up();
    report = await nextStroke(report);
    const afterSecond = await planValues();
    expect(afterSecond).not.toEqual(afterFirst);

    // Stroke 3: a polygon of forest over a large area; roads, water and the reserve in it are refused.
    await page.getByRole('radio', { name: 'Forest' }).check();
    await page.getByRole('radio', { name: 'Polygon' }).check();
    for (const [fx, fy] of [
      [0.2, 0.55],
      [0.5, 0.75],
      [0.25, 0.9],
    ] as const) {
      const q = at(fx, fy);
      await page.mouse.click(q.x, q.y);
    }
    await expect(page.locator('.paint-hint').innerText()).resolves.toMatch(/\(3 corners\)/);
    const last = at(0.12, 0.7);
    await page.mouse.dblclick(last.x, last.y);
    report = await nextStroke(report);
    expect(report).toMatch(/cells refused: they cannot change/);
    const afterThird = await planValues();
    expect(afterThird).not.toEqual(afterSecond);
    await expect(page.getByTestId('paint-changed').innerText()).resolves.toMatch(/Changed from today: [\d,.]+ ha/);
    await expect(page.getByTestId('paint-class-changes').innerText()).resolves.toMatch(/Forest \+/);
    await expect(page.getByTestId('paint-front').innerText()).resolves.toMatch(/front/);
    // docs/screenshots/paint.png is a copy of this one.
    await page.screenshot({ path: path.join(screenshotsDir, 'paint.png'), fullPage: true });
  });

  it('saves the plan as a GeoTIFF that reads back with the painted cells and the scores shown', async () => {
    const page = h.page;
    const file = await page.getByLabel('GeoTIFF file').inputValue();
    expect(file).toMatch(/exports[\\/]painted-plan\.tif$/);
    await page.getByRole('button', { name: 'Save plan' }).click();
    await page.getByText(/^Saved .*painted-plan\.tif/).waitFor({ timeout: 30_000 });

    const runDir = path.dirname(path.dirname(file));
    const front = await loadFront(runDir);
    const knee = layoutOf(front, front.manifest.front!.highlights.knee);
    const prepared = await prepareScenario(balanced);
    const read = await readLayoutRaster(file, prepared);
    const classes = prepared.studyArea.classes;
    const painted = new Set(['residential', 'park', 'forest'].map((id) => classes.findIndex((c) => c.id === id)));
    let differing = 0;
    for (let i = 0; i < knee.length; i++) {
      if (read.classes[i] === knee[i]) continue;
      differing++;
      expect(painted.has(read.classes[i]!)).toBe(true);
    }
    expect(differing).toBeGreaterThan(20);
    const scored = await scoreLayout(balanced, file);
    const shown = (await planValues()).map((t) => Number(t.replace(/[,\s]/g, '').replace('−', '-')));
    scored.objectives.forEach((o, j) => {
      const digits = Math.abs(o.value) >= 1000 ? 0 : Math.abs(o.value) >= 10 ? 1 : 2;
      expect(o.value).toBeCloseTo(shown[j]!, digits - 1);
    });
  });

  it('starts a run seeded with the saved plan, recorded in its manifest', async () => {
    const page = h.page;
    const file = await page.getByLabel('GeoTIFF file').inputValue();
    await page.getByRole('button', { name: 'Start a run seeded with this plan' }).click();
    const status = page.getByText(/^Started a run seeded with this plan: /);
    await status.waitFor({ timeout: 60_000 });
    const dir = (await status.innerText()).replace(/^Started a run seeded with this plan: /, '').trim();
    // The run writes its manifest before its first generation; the harness stops it when it closes.
    let manifest: RunManifest | null = null;
    for (let waited = 0; manifest === null && waited < 60_000; waited += 250) {
      manifest = await readFile(path.join(dir, 'manifest.json'), 'utf8').then(
        (text) => JSON.parse(text) as RunManifest,
        () => null,
      );
      if (manifest === null) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(manifest?.steering?.seedLayouts).toEqual([file]);
    expect(manifest?.steering?.files.seeds?.rows).toBe(1);
  });

  it('adds the plan to the comparison, where it shows the live scores, its map, swipe and differences', async () => {
    const page = h.page;
    await shell.open('Paint');
    const live = await planValues();
    const file = await page.getByLabel('GeoTIFF file').inputValue(); // saved by the test above
    await page.getByRole('button', { name: 'Add to comparison' }).click();
    await expect(page.getByTestId('paint-compared').innerText()).resolves.toMatch(
      /In the comparison as .P · Painted plan.: the plan after 3 strokes/,
    );
    await page.getByTestId('paint-compared').getByRole('button', { name: 'Open Compare' }).click();

    const table = page.locator('section[aria-labelledby="indicators-heading"] table');
    await table.waitFor();
    const headers = await table.locator('thead th').allInnerTexts();
    expect(headers.at(-1)).toBe('P · Painted plan');
    // The painted column's objective values are the Paint tab's live scores (the value before the difference).
    const lastValue = (row: Locator) =>
      row
        .locator('td')
        .last()
        .evaluate((td) => td.firstChild?.textContent ?? '');
    const objectiveRows = table.locator('tbody tr.objective-row');
    expect(await objectiveRows.count()).toBe(live.length);
    for (let j = 0; j < live.length; j++) expect(await lastValue(objectiveRows.nth(j))).toBe(live[j]);
    // Its sub-indicators are those `score` gives the saved plan (the plan has not changed since).
    const scored = await scoreLayout(balanced, file);
    const subRows = table.locator('tbody tr:not(.objective-row)');
    expect(await subRows.count()).toBe(scored.indicators.length);
    for (let k = 0; k < scored.indicators.length; k++) {
      const key = await subRows.nth(k).locator('th').getAttribute('title');
      const indicator = scored.indicators.find((i) => `${i.objective}.${i.indicator}` === key)!;
      expect(await lastValue(subRows.nth(k))).toBe(formatAuto(indicator.value));
    }
    // Its map beside the layouts, its areas against the demands, and the swipe and difference map offer it.
    const slot = page.getByTestId('compare-slot').filter({ has: page.getByTestId('painted-slot-name') });
    await expect(slot.count()).resolves.toBe(1);
    await expect(slot.locator('canvas').count()).resolves.toBeGreaterThan(0);
    const areaHeaders = await page.locator('section[aria-labelledby="areas-heading"] thead th').allInnerTexts();
    expect(areaHeaders.at(-1)).toBe('P · Painted plan');
    await expect(page.getByLabel('Swipe layout B').inputValue()).resolves.toBe(String(headers.length - 2));
    await page.locator('#diff-b').selectOption('painted');
    await expect
      .poll(async () => page.getByTestId('changed-ha').innerText(), { timeout: 30_000 })
      .toMatch(/^[1-9][\d,.]* ha differ/);
    await page.getByTestId('compare-slot').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshotsDir, 'paint-compare.png'), fullPage: true });

    await slot.getByRole('button', { name: 'Remove the painted plan from the comparison' }).click();
    await expect(page.getByTestId('painted-slot-name').count()).resolves.toBe(0);
    expect((await table.locator('thead th').allInnerTexts()).at(-1)).not.toBe('P · Painted plan');
  });
});
