/**
 * Narrowing an objective range from the Steer card, in browser mode (harness:
 * tests/e2e/support/harness.ts): run a small budget of the bundled balanced-growth scenario, raise
 * the first objective's min on the card above the lower part of the front (its fields start at the
 * front's range) and start a steered run. Every layout of the new run, read back with the engine's
 * front reader, meets the min, and its manifest records it as the CLI's `--min` would.
 * Screenshot: test-results/e2e/steer-ranges.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFront, type RunManifest } from '../../engine/src/runs/index.js';
import { AppShell } from './pages/app-shell.js';
import { RunPage } from './pages/run-page.js';
import { SteerPage } from './pages/steer-page.js';
import { TEST_BROWSER } from '../support/browser.js';
import { runExampleAndExplore } from './support/flows.js';
import { screenshotsDir, startHarness, type Harness } from './support/harness.js';

const BUDGET = { population: 12, generations: 5, workers: 1 };
const STEERED_GENERATIONS = 3;

describe.skipIf(!TEST_BROWSER)('narrowing an objective range from the Steer card', () => {
  let h: Harness;
  let shell: AppShell;
  let run: RunPage;
  let steer: SteerPage;

  beforeAll(async () => {
    await mkdir(screenshotsDir, { recursive: true });
    h = await startHarness();
    shell = new AppShell(h.page);
    run = new RunPage(h.page);
    steer = new SteerPage(h.page);
    expect(await runExampleAndExplore(h.page, BUDGET)).toBe('complete');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('starts a steered run whose every layout meets the min set on the card', async () => {
    await steer.panel().waitFor();
    await steer.lock('none');
    const fields = steer.rangeFields(0);
    await fields.min.scrollIntoViewIfNeeded();
    // The fields start at the front's range.
    const low = Number(await fields.min.inputValue());
    const high = Number(await fields.max.inputValue());
    expect(high).toBeGreaterThan(low);
    const min = Number((low + 0.3 * (high - low)).toPrecision(6));
    await fields.min.fill(String(min));
    await steer.setGenerations(STEERED_GENERATIONS);
    const dir = await steer.start();
    await steer.panel().scrollIntoViewIfNeeded();
    await shell.screenshot('steer-ranges');

    await shell.open('Run');
    expect(await run.waitForStatus(/complete/, 120_000)).toBe('complete');
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
    const objective = manifest.objectives[0]!.id;
    expect(manifest.steering?.objectiveBounds).toEqual([{ objective, min, max: null }]);
    expect(manifest.command).toContain(`--min ${objective}=${min}`);

    const parent = await loadFront(manifest.steering!.parent!.dir);
    // The bound bites: part of the parent's front lies below it.
    expect(parent.table.some((row) => row[1]! < min)).toBe(true);
    const steered = await loadFront(dir);
    expect(steered.rows).toBeGreaterThan(0);
    for (const row of steered.table) expect(row[1]).toBeGreaterThanOrEqual(min);
  });
});
