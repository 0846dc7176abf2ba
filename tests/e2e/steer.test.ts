/**
 * Steering the search from the explorer, in browser mode (harness: tests/e2e/support/harness.ts):
 * run a small budget of the bundled balanced-growth scenario, compare two layouts, lock the cells
 * where they agree and start a steered run from the Steer card. The run's folder, read back with
 * the engine's front reader, shows every layout keeping every locked cell in the class the two
 * layouts agree on, and its manifest records the parent run, the seeds and the lock. A rectangle
 * and polygons drawn on the map lock their cells the same way.
 * Screenshots: test-results/e2e/steer.png, steer-rectangle.png, steer-polygon.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGREEMENT_LOCK_LABEL, agreementMask } from '../../engine/src/api/index.js';
import { layoutOf, loadFront, type RunManifest } from '../../engine/src/runs/index.js';
import { AppShell } from './pages/app-shell.js';
import { ExplorerPage } from './pages/explorer-page.js';
import { RunPage } from './pages/run-page.js';
import { SteerPage } from './pages/steer-page.js';
import { TEST_BROWSER } from '../support/browser.js';
import { insidePolygon, onPolygonEdge } from '../support/polygon-reference.js';
import { runExampleAndExplore } from './support/flows.js';
import { brokenLockedCells, expectedLockedClasses } from './support/steer-checks.js';
import { screenshotsDir, startHarness, type Harness } from './support/harness.js';

const BUDGET = { population: 12, generations: 5, workers: 1 };
const STEERED_GENERATIONS = 3;

describe.skipIf(!TEST_BROWSER)('steering the search from the explorer', () => {
  let h: Harness;
  let shell: AppShell;
  let run: RunPage;
  let explorer: ExplorerPage;
  let steer: SteerPage;

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    h = await startHarness();
    shell = new AppShell(h.page);
    run = new RunPage(h.page);
    explorer = new ExplorerPage(h.page);
    steer = new SteerPage(h.page);
    expect(await runExampleAndExplore(h.page, BUDGET)).toBe('complete');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('locks the cells where two compared layouts agree and starts a steered run that keeps them', async () => {
    await steer.panel().waitFor();
    // Two layouts to compare: the app starts with the compromise and a best layout (one when they coincide).
    let ids = await steer.seedIds();
    if (ids.length < 2) {
      const other = ids[0] === 0 ? 1 : 0;
      await explorer.toggleCompare(other);
      await h.page.waitForFunction(
        () =>
          (document.querySelector('[data-testid="steer-panel"] p.muted')?.textContent?.match(/#\d+/g) ?? []).length >=
          2,
      );
      ids = await steer.seedIds();
    }
    expect(ids.length).toBeGreaterThanOrEqual(2);
    await steer.lock('agreement');
    await steer.setGenerations(STEERED_GENERATIONS);
    await steer.panel().scrollIntoViewIfNeeded();
    const dir = await steer.start();
    await h.page.getByTestId('steer-started').scrollIntoViewIfNeeded();
    await shell.screenshot('steer');

    // The Run tab watches the steered run to its end.
    await shell.open('Run');
    expect(await run.waitForStatus(/complete/, 120_000)).toBe('complete');
    expect(await run.stats()).toContain(`${STEERED_GENERATIONS} / ${STEERED_GENERATIONS}`);

    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
    const parentDir = manifest.steering!.parent!.dir;
    expect(manifest.steering!.parent!.ids).toEqual([...ids].sort((a, b) => a - b));
    const parent = await loadFront(parentDir);
    const mask = agreementMask(parent, ids);
    const seeds = ids.map((id) => layoutOf(parent, id));
    const lockedCells = mask.reduce((n, v) => n + v, 0);
    expect(lockedCells).toBeGreaterThan(0);
    expect(manifest.steering!.lock).toMatchObject({ source: AGREEMENT_LOCK_LABEL, kind: 'cells', cells: lockedCells });
    expect(manifest.command).toContain(`--seed-from ${parentDir}:`);
    expect(manifest.command).toContain(`--lock ${path.join(dir, 'steering-lock.tif')}`);

    // Every layout of the steered run keeps every locked cell in the class the two layouts agree on.
    const agreed = new Map<number, number>();
    mask.forEach((locked, i) => locked && agreed.set(i, seeds[0]![i]!));
    expect(await brokenLockedCells(dir, agreed)).toBe(0);
  });

  it("locks a rectangle drawn on the map, in the compared layouts' class where they agree, else today's", async () => {
    await shell.open('Explore');
    await steer.panel().waitFor();
    const ids = await steer.seedIds();
    await steer.lock('rect');
    const rect = await steer.drawRectangle([0.3, 0.35], [0.55, 0.6]);
    expect(rect.width).toBeGreaterThan(1);
    expect(rect.height).toBeGreaterThan(1);
    await steer.setGenerations(STEERED_GENERATIONS);
    const dir = await steer.start();
    await steer.panel().scrollIntoViewIfNeeded();
    await shell.screenshot('steer-rectangle');
    await shell.open('Run');
    expect(await run.waitForStatus(/complete/, 120_000)).toBe('complete');

    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
    const parent = await loadFront(manifest.steering!.parent!.dir);
    const width = parent.manifest.grid.width;
    const cells: number[] = [];
    for (let row = rect.row; row < rect.row + rect.height; row++)
      for (let col = rect.col; col < rect.col + rect.width; col++) cells.push(row * width + col);
    const expected = expectedLockedClasses(parent, ids, cells);
    expect(manifest.steering!.lock).toMatchObject({ kind: 'cells', cells: expected.size });
    expect(await brokenLockedCells(dir, expected)).toBe(0);
  });

  it('locks polygons drawn on the map (their union), each locked cell keeping its class in the steered run', async () => {
    await shell.open('Explore');
    await steer.panel().waitFor();
    const ids = await steer.seedIds();
    await steer.lock('polygon');
    const { width, height } = await steer.polygonGrid();
    // Two overlapping shapes, corners as fractions of the grid: a triangle and a quadrilateral.
    const cell = (fx: number, fy: number) => ({ col: Math.round(fx * width), row: Math.round(fy * height) });
    const shapes = [
      [cell(0.25, 0.3), cell(0.55, 0.33), cell(0.38, 0.58)],
      [cell(0.46, 0.42), cell(0.7, 0.4), cell(0.73, 0.62), cell(0.5, 0.66)],
    ];
    // A shape drawn and cleared locks nothing.
    await steer.drawPolygon([cell(0.1, 0.1), cell(0.2, 0.1), cell(0.15, 0.2)]);
    await expect(steer.polygonStatus()).resolves.toMatch(/^1 shape: /);
    await steer.panel().getByRole('button', { name: 'Clear' }).click();
    await expect(steer.polygonStatus()).resolves.toMatch(/^Click the corners of a shape/);
    await expect(steer.panel().getByRole('button', { name: 'Start steered run' }).isDisabled()).resolves.toBe(true);
    await steer.drawPolygon(shapes[0]!);
    await expect(steer.polygonStatus()).resolves.toMatch(/^1 shape: [\d,]+ cells, [\d,.]+ ha locked\.$/);
    await steer.drawPolygon(shapes[1]!);
    const status = await steer.polygonStatus();
    expect(status).toMatch(/^2 shapes: [\d,]+ cells, [\d,.]+ ha locked\.$/);
    const shownCells = Number(/: ([\d,]+) cells/.exec(status)![1]!.replace(/,/g, ''));
    // The corners the tool recorded: each within a cell of where the test clicked (a click lands on
    // whole CSS pixels of a map scaled 1.5 px per cell), and the reference below is computed from them.
    const drawn = await steer.drawnPolygons();
    expect(drawn.map((s) => s.length)).toEqual(shapes.map((s) => s.length));
    drawn.forEach((shape, k) =>
      shape.forEach((corner, j) => {
        expect(Math.abs(corner.col - shapes[k]![j]!.col)).toBeLessThanOrEqual(1);
        expect(Math.abs(corner.row - shapes[k]![j]!.row)).toBeLessThanOrEqual(1);
      }),
    );
    await steer.setGenerations(STEERED_GENERATIONS);
    const dir = await steer.start();
    await h.page.getByTestId('steer-polygon-map').scrollIntoViewIfNeeded();
    await shell.screenshot('steer-polygon');
    await shell.open('Run');
    expect(await run.waitForStatus(/complete/, 120_000)).toBe('complete');

    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
    const parent = await loadFront(manifest.steering!.parent!.dir);
    expect(parent.manifest.grid).toMatchObject({ width, height });
    // The reference: cell centres inside either shape by ray casting; centres exactly on an edge may go either way.
    const inside: number[] = [];
    let edge = 0;
    for (let row = 0; row < height; row++)
      for (let col = 0; col < width; col++) {
        const i = row * width + col;
        if (parent.current[i] === 255) continue;
        if (drawn.some((s) => onPolygonEdge(col, row, s))) edge++;
        else if (drawn.some((s) => insidePolygon(col, row, s))) inside.push(i);
      }
    const expected = expectedLockedClasses(parent, ids, inside);
    expect(expected.size).toBeGreaterThan(100);
    const lock = manifest.steering!.lock!;
    expect(lock).toMatchObject({ kind: 'cells', source: '2 polygons drawn on the map' });
    expect((lock as { cells: number }).cells).toBe(shownCells);
    expect(shownCells).toBeGreaterThanOrEqual(expected.size);
    expect(shownCells).toBeLessThanOrEqual(expected.size + edge);
    expect(await brokenLockedCells(dir, expected)).toBe(0);
  });
});
