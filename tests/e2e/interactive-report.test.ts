/**
 * The interactive report (`paretoplan report --format interactive`) in Chromium, opened from
 * file:// with the network cut off: it starts, no request leaves the page, brushing the scatter
 * plot and the parallel coordinates narrows the list of layouts to exactly the brushed ones,
 * clicking a layout draws its map cell by cell, and the parties' picks select their layouts.
 * Screenshots go to test-results/e2e/.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderInteractiveHtml } from '../../engine/src/report/index.js';
import { UNCHANGED_COLOR } from '../../engine/src/charts/map-colors.js';
import { possessive } from '../../engine/src/report/format.js';
import { buildReportInput } from '../fixtures/report/build-report-input.js';
import { TEST_BROWSER } from '../support/browser.js';
import { screenshotsDir } from './support/harness.js';

const OUTSIDE = 255;

function rgb(hex: string): number[] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

describe.skipIf(!TEST_BROWSER)('interactive report in Chromium, from file://, offline', () => {
  const input = buildReportInput();
  const rows = input.front.length;
  let directory = '';
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  /** The full layout of front index `row`, from the report input. */
  const layoutOf = (row: number) => {
    const map = input.current.slice();
    const { cells } = input.frontLayouts!;
    const classes = input.frontLayouts!.classesOf(row);
    cells.forEach((cell, g) => (map[cell] = classes[g]!));
    return map;
  };
  const listedIds = async () =>
    (await page.locator('#layout-list tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id'))))
      .map(Number)
      .sort((a, b) => a - b);
  const mapTitle = () => page.locator('.map-card h2').innerText();

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    directory = await mkdtemp(path.join(tmpdir(), 'paretoplan-interactive-'));
    const file = path.join(directory, 'report-interactive.html');
    await writeFile(file, await renderInteractiveHtml(input, { generatedAt: new Date('2025-03-15T10:00:00Z') }));
    browser = await chromium.launch({ executablePath: TEST_BROWSER!, headless: true });
    const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.on('request', (request) => {
      if (!request.url().startsWith('data:')) requests.push(request.url());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready]');
  });

  afterAll(async () => {
    await browser?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('starts from disk with no network: no request leaves the page, no error', async () => {
    expect(await page.evaluate(() => document.body.dataset.ready)).toBe('true');
    expect(errors).toEqual([]);
    // The page itself is the only request.
    expect(requests).toEqual([page.url()]);
    expect(await page.locator('#layout-count').innerText()).toBe(`${rows} of ${rows} layouts`);
    expect(await page.locator('svg.scatter circle.pt').count()).toBe(rows);
    expect(await page.locator('svg.parallel polyline.line:not(.marked):not(.selected)').count()).toBe(rows);
    await page.screenshot({ path: path.join(screenshotsDir, 'interactive-start.png'), fullPage: true });
  });

  it('opens on the compromise, with its map and indicator table', async () => {
    const compromise = input.highlights.knee;
    expect(await mapTitle()).toContain(`Layout #${compromise}`);
    expect(await page.locator('#indicator-table tbody tr').count()).toBe(
      input.objectives.length + input.objectives.reduce((n, o) => n + o.indicators.length, 0),
    );
  });

  it('brushing a rectangle on the scatter plot keeps exactly the layouts inside it', async () => {
    const box = (await page.locator('svg.scatter').boundingBox())!;
    const from = { x: box.x + box.width * 0.25, y: box.y + box.height * 0.15 };
    const to = { x: box.x + box.width * 0.7, y: box.y + box.height * 0.65 };
    // Which points lie inside, from where the page drew them.
    const centres = await page
      .locator('svg.scatter circle.pt')
      .evaluateAll((circles) =>
        circles.map((c) => ({ row: Number(c.getAttribute('data-row')), rect: c.getBoundingClientRect().toJSON() })),
      );
    const inside = centres
      .filter(({ rect }) => {
        const cx = rect.x + rect.width / 2;
        const cy = rect.y + rect.height / 2;
        return cx >= from.x && cx <= to.x && cy >= from.y && cy <= to.y;
      })
      .map(({ row }) => input.front[row]!.id)
      .sort((a, b) => a - b);
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.length).toBeLessThan(rows);

    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
    expect(await listedIds()).toEqual(inside);
    expect(await page.locator('#layout-count').innerText()).toBe(`${inside.length} of ${rows} layouts`);
    expect(await page.locator('#brush-summary').innerText()).toMatch(/^Brushed: /);
    expect(await page.locator('svg.scatter circle.pt:not(.out)').count()).toBe(inside.length);
    await page.screenshot({ path: path.join(screenshotsDir, 'interactive-brushed.png'), fullPage: true });
  });

  it('brushing along an axis of the parallel coordinates narrows further; Clear filters brings all back', async () => {
    const before = await listedIds();
    const axis = (await page.locator('svg.parallel rect.axis-hit[data-objective="2"]').boundingBox())!;
    const x = axis.x + axis.width / 2;
    await page.mouse.move(x, axis.y + axis.height * 0.05);
    await page.mouse.down();
    await page.mouse.move(x, axis.y + axis.height * 0.5, { steps: 6 });
    await page.mouse.up();
    const after = await listedIds();
    expect(after.length).toBeLessThan(before.length);
    for (const id of after) expect(before).toContain(id);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    expect((await listedIds()).length).toBe(rows);
  });

  it('clicking a layout draws its map cell by cell in the class colours, and its change map', async () => {
    const row = 7;
    const id = input.front[row]!.id;
    await page.locator(`#layout-list tbody tr[data-id="${id}"]`).click();
    expect(await mapTitle()).toContain(`Layout #${id}`);
    const pixels = await page
      .locator('#layout-map')
      .evaluate((canvas: HTMLCanvasElement) => [
        ...canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data,
      ]);
    const layout = layoutOf(row);
    const colours = input.classes.map((c) => rgb(c.color));
    let checked = 0;
    for (let cell = 0; cell < layout.length; cell++) {
      const c = layout[cell]!;
      const pixel = pixels.slice(cell * 4, cell * 4 + 4);
      if (c === OUTSIDE) expect(pixel[3]).toBe(0);
      else {
        expect(pixel).toEqual([...colours[c]!, 255]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Change from today' }).click();
    const changed = await page.locator('#layout-map').evaluate((canvas: HTMLCanvasElement, unchanged: number[]) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let grey = 0;
      for (let p = 0; p < data.length; p += 4)
        if (data[p] === unchanged[0] && data[p + 1] === unchanged[1] && data[p + 2] === unchanged[2]) grey++;
      return grey;
    }, rgb(UNCHANGED_COLOR));
    const unchangedCells = layout.filter((c, cell) => c !== OUTSIDE && c === input.current[cell]).length;
    expect(changed).toBe(unchangedCells);
    await page.screenshot({ path: path.join(screenshotsDir, 'interactive-layout.png'), fullPage: true });
    await page.getByRole('button', { name: 'Planned' }).click();
  });

  it('clicking a point on the scatter plot selects its layout', async () => {
    const row = 3;
    const point = page.locator(`svg.scatter circle.pt[data-row="${row}"]`);
    const rect = (await point.boundingBox())!;
    await page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2);
    expect(await mapTitle()).toContain(`Layout #${input.front[row]!.id}`);
    expect(await page.locator('#layout-list tbody tr.selected').getAttribute('data-id')).toBe(
      String(input.front[row]!.id),
    );
  });

  it("a party's pick selects its layout, and the satisfaction table shows every party", async () => {
    const party = input.parties!.parties[1]!;
    await page
      .locator('#scatter-key')
      .getByRole('button', { name: `${possessive(party.name)} pick` })
      .click();
    expect(await mapTitle()).toContain(`Layout #${party.preferred}`);
    const satisfaction = page.locator('ul.satisfaction li');
    expect(await satisfaction.count()).toBe(input.parties!.parties.length);
    const row = input.front.findIndex((s) => s.id === party.preferred);
    expect(await satisfaction.nth(1).innerText()).toContain(party.satisfaction[row]!.toFixed(2));
    // Sorting the list by the party's satisfaction puts its pick first.
    await page.locator('#layout-list thead').getByRole('button', { name: party.name }).click();
    expect(await page.locator('#layout-list tbody tr').first().getAttribute('data-id')).toBe(String(party.preferred));
    expect(errors).toEqual([]);
    expect(requests).toEqual([page.url()]);
  });
});

describe.skipIf(!TEST_BROWSER)('interactive report of a run without parties', () => {
  it('starts without the parties card, rings or satisfaction columns', async () => {
    const input = buildReportInput({ parties: false });
    const directory = await mkdtemp(path.join(tmpdir(), 'paretoplan-interactive-'));
    const browser = await chromium.launch({ executablePath: TEST_BROWSER!, headless: true });
    try {
      const file = path.join(directory, 'report-interactive.html');
      await writeFile(file, await renderInteractiveHtml(input));
      const page = await (await browser.newContext({ offline: true })).newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-ready]');
      expect(await page.evaluate(() => document.body.dataset.ready)).toBe('true');
      expect(errors).toEqual([]);
      expect(await page.locator('.parties-card, ul.satisfaction, circle.party-ring').count()).toBe(0);
      expect(await page.locator('#layout-list thead th').count()).toBe(2 + input.objectives.length);
      expect(await page.locator('.map-card h2').innerText()).toContain(`Layout #${input.highlights.knee}`);
    } finally {
      await browser.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
