/**
 * Contribution maps in the app (api/explore.ts FrontCache): each run's map sums to its layout's
 * objective, and runs of one scenario file share what the maps need (the scenario's layers and
 * compiled sub-indicators, read once), while another scenario reads its own.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrontCache } from '../../../engine/src/api/explore.js';
import { runScenario } from '../../../engine/src/runs/index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/runs');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-contribution-'));
  const text = await readFile(path.join(fixtures, 'tiny.yaml'), 'utf8');
  await copyFile(path.join(fixtures, 'landuse-40.tif'), path.join(dir, 'landuse-40.tif'));
  await writeFile(path.join(dir, 'tiny.yaml'), text);
  // Another scenario on the same map: other demands.
  await writeFile(
    path.join(dir, 'other.yaml'),
    text.replace('min: 20 cells, max: 40 cells', 'min: 25 cells, max: 45 cells'),
  );
  for (const [name, scenario, seed] of [
    ['a', 'tiny.yaml', 1],
    ['b', 'tiny.yaml', 2],
    ['c', 'other.yaml', 1],
  ] as const) {
    await runScenario({
      scenario: path.join(dir, scenario),
      outDir: path.join(dir, name),
      population: 8,
      generations: 2,
      seed,
      workers: 1,
    });
  }
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('contribution maps of several runs', () => {
  it("sum to each run's objectives; runs of one scenario share its layers, another scenario reads its own", async () => {
    const cache = new FrontCache();
    const total = async (run: string) => {
      const front = await cache.get(path.join(dir, run));
      const economic = front.header.indexOf('economic (max)');
      expect(economic).toBeGreaterThan(0);
      const [id, ...values] = front.table[0]!;
      const map = await cache.contributionMap(path.join(dir, run), id!, 'economic');
      expect(map.total).toBeCloseTo(values[economic - 1]!, 3);
    };
    await cache.prepareContributions(path.join(dir, 'a'));
    await total('a');
    // The scenario's layer is gone: run b (the same scenario, another seed) needs no read of it...
    await rm(path.join(dir, 'landuse-40.tif'));
    await total('b');
    // ...while run c (another scenario) must read it, and says which file is missing.
    await expect(cache.prepareContributions(path.join(dir, 'c'))).rejects.toThrow(/landuse-40\.tif/);
  });
});
