import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { VARIANT_SCENARIOS_DIR, planBatch } from '../../../engine/src/runs/batch-plan.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tiny = path.join(root, 'tests/fixtures/runs/tiny.yaml');
const variants = path.join(root, 'tests/fixtures/distributed/variants.yaml');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pp-plan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('planBatch: the jobs of a batch and their run folders', () => {
  it('one job per scenario and seed, in that order, named <scenario>-seed<N> (or <scenario> with its own seed)', async () => {
    const out = path.join(tmp, 'plain');
    const plan = await planBatch({ scenarios: [tiny], outDir: out, seeds: [3, 1] });
    expect(plan).toEqual({
      outDir: out,
      variants: false,
      jobs: [
        { scenario: tiny, variant: null, seed: 3, dir: path.join(out, 'tiny-seed3'), hypervolumeGroup: tiny },
        { scenario: tiny, variant: null, seed: 1, dir: path.join(out, 'tiny-seed1'), hypervolumeGroup: tiny },
      ],
    });
    const own = await planBatch({ scenarios: [tiny], outDir: out });
    expect(own.jobs.map((j) => [j.seed, path.basename(j.dir)])).toEqual([[null, 'tiny']]);
  });

  it('with variants: scenario, then variant, then seed, each variant read from its own copy of the scenario', async () => {
    const out = path.join(tmp, 'variants');
    const plan = await planBatch({ scenarios: [tiny], outDir: out, seeds: [1, 2], variants });
    const copies = path.join(out, VARIANT_SCENARIOS_DIR);
    expect(plan.variants).toBe(true);
    expect(plan.jobs.map((j) => [path.relative(out, j.scenario), j.variant, j.seed, path.basename(j.dir)])).toEqual([
      [`${VARIANT_SCENARIOS_DIR}/tiny--base.yaml`, 'base', 1, 'tiny--base-seed1'],
      [`${VARIANT_SCENARIOS_DIR}/tiny--base.yaml`, 'base', 2, 'tiny--base-seed2'],
      [`${VARIANT_SCENARIOS_DIR}/tiny--more-homes.yaml`, 'more-homes', 1, 'tiny--more-homes-seed1'],
      [`${VARIANT_SCENARIOS_DIR}/tiny--more-homes.yaml`, 'more-homes', 2, 'tiny--more-homes-seed2'],
    ]);
    // The base variant keeps the scenario's objectives and compares with it; more-homes changes a weight.
    expect(plan.jobs.map((j) => path.relative(out, j.hypervolumeGroup!))).toEqual([
      path.relative(out, tiny),
      path.relative(out, tiny),
      `${VARIANT_SCENARIOS_DIR}/tiny--more-homes.yaml`,
      `${VARIANT_SCENARIOS_DIR}/tiny--more-homes.yaml`,
    ]);
    // Planning again (a second submission) keeps the copies: a run resumed from one checks its hash.
    const copy = path.join(copies, 'tiny--base.yaml');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(copy, old, old);
    await planBatch({ scenarios: [tiny], outDir: out, seeds: [1, 2], variants });
    expect(statSync(copy).mtimeMs).toBe(old.getTime());
  });

  it('refuses jobs that would share a run folder', async () => {
    const other = path.join(tmp, 'other');
    mkdirSync(other);
    copyFileSync(tiny, path.join(other, 'tiny.yaml'));
    const out = path.join(tmp, 'clash');
    await expect(planBatch({ scenarios: [tiny, path.join(other, 'tiny.yaml')], outDir: out })).rejects.toThrow(
      /tiny\.yaml and .*other\/tiny\.yaml would share the run folder .*clash\/tiny: give scenarios different file names/,
    );
    await expect(planBatch({ scenarios: [tiny], outDir: out, seeds: [1, 1] })).rejects.toThrow(
      /runs .*tiny\.yaml twice with seed 1: give each seed once/,
    );
  });
});
