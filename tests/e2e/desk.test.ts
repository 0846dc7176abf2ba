/**
 * The planner's desk (issue 19): what the app showed wrongly, checked in Chromium on a real run.
 * Brushing a parallel axis sets exactly the dragged range and draws it; the app's letters and
 * colours are the report's; the layouts table sorts; the written files stay listed when the Export
 * tab is left; the run form refuses an impossible population with the engine's own limit.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppShell } from './pages/app-shell.js';
import { ExplorerPage } from './pages/explorer-page.js';
import { ExportPage } from './pages/export-page.js';
import { TEST_BROWSER } from '../support/browser.js';
import { runExampleAndExplore } from './support/flows.js';
import { onAnotherPage, screenshotsDir, startHarness, type Harness } from './support/harness.js';

const BUDGET = { population: 16, generations: 6, workers: 1 };

describe.skipIf(!TEST_BROWSER)("the planner's desk in browser mode", () => {
  let h: Harness;
  let shell: AppShell;
  let explorer: ExplorerPage;

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    h = await startHarness();
    shell = new AppShell(h.page);
    explorer = new ExplorerPage(h.page);
    await runExampleAndExplore(h.page, BUDGET);
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  /** The table's values of objective column `j` (0-based), by layout id. */
  const objectiveColumn = async (j: number) =>
    h.page.locator('table.solutions tbody tr').evaluateAll(
      (trs, col) =>
        trs.map((tr) => {
          const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
          return { id: Number(cells[0]!.replace('#', '')), value: Number(cells[2 + col]!.replace(/,/g, '')) };
        }),
      j,
    );

  /** Polls until `read` gives a non-empty text (React renders a moment after the chart's event). */
  const waitForValue = async (read: () => Promise<string>) => {
    for (let i = 0; i < 100; i++) {
      if ((await read()) !== '') return;
      await h.page.waitForTimeout(50);
    }
    throw new Error('No value appeared.');
  };

  it('brushing a parallel axis sets exactly the dragged range and draws the band', async () => {
    await explorer.useParallelCoordinates();
    await h.page.waitForFunction(() => !!window.__paretoplanExplorer?.axisPixel(2, 0));
    const ecology = (await objectiveColumn(2)).map((r) => r.value);
    const low = Math.min(...ecology);
    const high = Math.max(...ecology);
    // From 80 % of the range down to 30 %, as a planner drags from a high value to a lower one.
    const from = low + 0.8 * (high - low);
    const to = low + 0.3 * (high - low);
    await explorer.brushParallelAxis(2, from, to);
    await waitForValue(() => explorer.threshold('Ecology', 'at least'));
    const least = Number(await explorer.threshold('Ecology', 'at least'));
    const most = Number(await explorer.threshold('Ecology', 'at most'));
    // One pixel of the axis in the objective's units: the drag ends within a pixel or two of its target.
    const [, yLow] = await explorer.axisPixel(2, low);
    const [, yHigh] = await explorer.axisPixel(2, high);
    const perPixel = (high - low) / Math.abs(yLow - yHigh);
    expect(Math.abs(least - to)).toBeLessThan(3 * perPixel);
    expect(Math.abs(most - from)).toBeLessThan(3 * perPixel);
    // The band is drawn over exactly that stretch of the axis.
    const bands = await explorer.brushBands();
    expect(bands).toHaveLength(1);
    const [, yFrom] = await explorer.axisPixel(2, from);
    const [, yTo] = await explorer.axisPixel(2, to);
    expect(Math.abs(bands[0]!.y - Math.min(yFrom, yTo))).toBeLessThan(3);
    expect(Math.abs(bands[0]!.y + bands[0]!.height - Math.max(yFrom, yTo))).toBeLessThan(3);
    // The filter count follows the band.
    const inside = ecology.filter((v) => v >= least && v <= most).length;
    expect(await explorer.filterCount()).toMatch(new RegExp(`^${inside} of ${ecology.length}`));
    await shell.screenshot('parallel-brush');
    // Typing a threshold redraws the band from it.
    await explorer.setThreshold('Ecology', 'at most', high);
    await h.page.waitForFunction(
      (y) => {
        const band = window.__paretoplanExplorer!.brushBands()[0];
        return !!band && Math.abs(band.y - y) < 3;
      },
      (await explorer.axisPixel(2, high))[1],
    );
    await explorer.clearFilters();
    await h.page.waitForFunction(() => window.__paretoplanExplorer!.brushBands().length === 0);
    await h.page.getByRole('radio', { name: 'Scatter' }).click();
  });

  it('sorts the layouts table by a column, both ways', async () => {
    const heading = h.page.locator('table.solutions thead').getByRole('button', { name: /^Economic return/ });
    await heading.click();
    let values = (await objectiveColumn(0)).map((r) => r.value);
    expect(values).toEqual([...values].sort((a, b) => b - a)); // best (highest) first
    await expect(h.page.locator('table.solutions thead th').nth(2).getAttribute('aria-sort')).resolves.toBe(
      'descending',
    );
    await heading.click();
    values = (await objectiveColumn(0)).map((r) => r.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    await h.page
      .locator('table.solutions thead')
      .getByRole('button', { name: /^Layout/ })
      .click();
    const ids = (await objectiveColumn(0)).map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("draws the map with a scale bar, north arrow and the pointer's coordinates; the wheel zooms, not the page", async () => {
    const map = h.page.getByTestId('front-map');
    await h.page.evaluate(() => window.scrollTo(0, 0)); // the table tests leave the page scrolled
    await h.page.getByTestId('scale-bar').waitFor();
    await h.page.getByTestId('north-arrow').waitFor();
    const before = await h.page.getByTestId('scale-bar').innerText();
    expect(before).toMatch(/^[\d.,]+ (m|km)$/);
    const box = (await map.boundingBox())!;
    await h.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const coords = h.page.getByTestId('map-coordinates');
    await coords.filter({ hasText: /^x [\d,]+, y [\d,]+/ }).waitFor();
    const at = (await coords.innerText()).match(/^x ([\d,]+), y ([\d,]+)/)!;
    // Moving east raises x; moving south lowers y (rows go south).
    await h.page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 40);
    const moved = (await coords.innerText()).match(/^x ([\d,]+), y ([\d,]+)/)!;
    const n = (t: string) => Number(t.replace(/,/g, ''));
    expect(n(moved[1]!)).toBeGreaterThan(n(at[1]!));
    expect(n(moved[2]!)).toBeLessThan(n(at[2]!));
    // The wheel zooms the map (the scale bar shortens) and leaves the page where it was.
    const scrolled = await h.page.evaluate(() => window.scrollY);
    await h.page.mouse.wheel(0, -300);
    await h.page.waitForFunction(
      (text) => document.querySelector('[data-testid="scale-bar"]')!.textContent !== text,
      before,
    );
    expect(await h.page.evaluate(() => window.scrollY)).toBe(scrolled);
    // Zoom to changes: the view closes in on the changed cells (a shorter scale bar still).
    await h.page.getByRole('button', { name: 'Fit map' }).click();
    await explorer.showMap('Change from today');
    await h.page
      .getByRole('figure', { name: 'New class where changed legend' })
      .getByText('Unchanged from today')
      .waitFor();
    // (The bar's length and label follow the zoom: a new view changes at least one of them.)
    const bar = () =>
      h.page.evaluate(() => {
        const el = document.querySelector<HTMLElement>('[data-testid="scale-bar"]')!;
        return `${el.textContent} ${el.querySelector<HTMLElement>('.map-scale-bar')!.style.width}`;
      });
    const fitted = await bar();
    await h.page.getByRole('button', { name: 'Zoom to changes' }).click();
    await expect.poll(bar).not.toBe(fitted);
    await shell.screenshot('map-change-zoomed');
    await h.page.getByRole('button', { name: 'Fit map' }).click();
    await explorer.showMap('Layout');
  });

  it("shows the selected layout's contribution to an objective, its cells adding up to the layout's value", async () => {
    const id = Number((await explorer.selectedRowId()).replace('#', ''));
    const economic = (await objectiveColumn(0)).find((r) => r.id === id)!.value;
    await explorer.showMap('Contribution');
    await explorer.waitForMapHeading(`Layout #${id}: contribution to economic return`);
    const legend = h.page.getByRole('figure', { name: /^Contribution per cell, .* legend$/ });
    await legend.waitFor();
    const total = (await legend.getAttribute('aria-label'))!.match(/\(total (-?[\d,.]+) /)![1]!;
    // The legend's total is rounded for display: within half a per cent of the table's value.
    expect(Math.abs(Number(total.replace(/,/g, '')) - economic)).toBeLessThanOrEqual(Math.abs(economic) * 0.005);
    await shell.screenshot('map-contribution');
    // Another objective: its own map, unit and total (never the last map's under the new heading).
    const social = (await objectiveColumn(1)).find((r) => r.id === id)!.value;
    await h.page.getByLabel('Contribution to objective').selectOption({ label: 'Social welfare' });
    await explorer.waitForMapHeading(`Layout #${id}: contribution to social welfare`);
    const socialLegend = h.page.getByRole('figure', { name: /^Contribution per cell, points .* legend$/ });
    await socialLegend.waitFor();
    const socialTotal = (await socialLegend.getAttribute('aria-label'))!.match(/\(total (-?[\d,.]+) /)![1]!;
    expect(Math.abs(Number(socialTotal.replace(/,/g, '')) - social)).toBeLessThanOrEqual(Math.abs(social) * 0.005);
    await h.page.getByLabel('Contribution to objective').selectOption({ label: 'Economic return' });
    await explorer.showMap('Layout');
  });

  it('hints when a minimum is above the maximum instead of silently matching nothing', async () => {
    await explorer.setThreshold('Economic return', 'at least', 10);
    await explorer.setThreshold('Economic return', 'at most', 5);
    await h.page
      .getByRole('alert')
      .filter({ hasText: /"at least" value is above the "at most" value/ })
      .waitFor();
    await explorer.clearFilters();
  });

  it('names and letters the layouts as the report does, in the same colours', async () => {
    // The highlighted layouts as the table's role column shows them: letter, its colour, id.
    const marked = await h.page.locator('table.solutions tbody tr').evaluateAll((trs) =>
      trs
        .filter((tr) => tr.querySelector('[data-testid="role-letter"]'))
        .map((tr) => {
          const letter = tr.querySelector('[data-testid="role-letter"]')!;
          return {
            id: Number(tr.querySelector('td')!.textContent!.replace('#', '')),
            letter: letter.textContent!,
            color: getComputedStyle(letter).color,
          };
        }),
    );
    expect(marked.map((m) => m.letter)).toContain('A');
    // The chart's key shows the same letters in the same colours (a party's pick may add its own: `A · D`).
    const key = await h.page
      .locator('.mark-key .mark-letter')
      .evaluateAll((spans) =>
        spans.map((s) => ({ letter: s.textContent!.split(' · ')[0]!.trim(), color: getComputedStyle(s).color })),
      );
    for (const m of marked) expect(key).toContainEqual({ letter: m.letter, color: m.color });

    await shell.open('Export');
    const exporter = new ExportPage(h.page);
    await h.page.getByLabel('Compromise and extremes').check();
    await exporter.createReport('HTML');
    const [report] = await exporter.written(1);
    await onAnotherPage(h, async (page) => {
      await page.goto(`file://${report}`);
      // The report's title-page table: mark (symbol and letter), name, #id.
      const rows = await page.locator('tr:has(td .mark)').evaluateAll((trs) =>
        trs.map((tr) => {
          const mark = tr.querySelector('.mark')!;
          return {
            letter: mark
              .textContent!.trim()
              .split(/\s|\u202f/)
              .pop()!,
            color: getComputedStyle(mark).color,
            id: Number(tr.querySelectorAll('td')[2]!.textContent!.replace('#', '')),
          };
        }),
      );
      for (const m of marked) {
        const inReport = rows.find((r) => r.id === m.id);
        expect(inReport, `layout #${m.id} in the report`).toBeDefined();
        expect(inReport!.letter).toBe(m.letter);
        expect(inReport!.color).toBe(m.color);
      }
    });
  });

  it('keeps the list of written files when leaving the Export tab and coming back', async () => {
    const exporter = new ExportPage(h.page);
    await exporter.exportCsv();
    const before = await exporter.written(2);
    await shell.open('Explore');
    await h.page.evaluate(() => window.scrollTo(0, 400));
    expect(await h.page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await shell.open('Export');
    // A new tab starts at its top.
    await expect.poll(() => h.page.evaluate(() => window.scrollY)).toBe(0);
    expect(await exporter.written(2)).toEqual(before);
    // A second report in the run folder does not replace the first.
    await exporter.createReport('HTML');
    const [second] = await exporter.written(3);
    expect(second).toMatch(/report-2\.html$/);
    expect(before.some((f) => f.endsWith('/report.html'))).toBe(true);
  });

  it('refuses an impossible population in the run form, with the engine limit', async () => {
    await shell.open('Run');
    // The bounds are shown before anything is typed, from the engine's rules.
    expect(await h.page.getByTestId('budget-limits').innerText()).toMatch(
      /Population: an even whole number from 4 to 10,000/,
    );
    await h.page.getByLabel('Population', { exact: true }).fill('1000000000');
    const message = h.page.locator('.field-error').filter({ hasText: /Population must be/ });
    await message.waitFor();
    expect(await message.innerText()).toMatch(/from 4 to 10,000/);
    await expect(h.page.getByRole('button', { name: 'Start run' }).isDisabled()).resolves.toBe(true);
    await h.page.getByLabel('Population', { exact: true }).fill(String(BUDGET.population));
  });

  it("shows the settings with the engine's names and the demands as declared, the save button whole", async () => {
    await shell.open('Scenario');
    const settings = h.page.locator('form.settings');
    await settings.scrollIntoViewIfNeeded();
    await settings.getByText('Homes within walking distance of green space').waitFor();
    expect(await h.page.getByLabel('Minimum hectares of Residential').inputValue()).toBe('281');
    expect(await h.page.getByLabel('Minimum hectares of Forest').inputValue()).toBe('1453.9375');
    const save = settings.getByRole('button', { name: 'Save as new scenario' });
    const cut = await save.evaluate(
      (b) =>
        b.scrollWidth > b.clientWidth + 1 ||
        b.getBoundingClientRect().right > b.closest('form')!.getBoundingClientRect().right,
    );
    expect(cut).toBe(false);
    await settings.screenshot({ path: `${screenshotsDir}/settings.png` });
  });

  it('loads without a console error (the favicon exists)', async () => {
    await onAnotherPage(h, async (page) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(h.server.newLaunchUrl());
      await page.getByText(/engine \d+\.\d+\.\d+/).waitFor({ timeout: 15_000 });
      await page.waitForTimeout(500);
      expect(errors).toEqual([]);
    });
  });
});
