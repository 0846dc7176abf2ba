/**
 * Narrowing the objective ranges of a steered run through the built CLI:
 * `paretoplan run --seed-from <run-dir> --min <objective>=<value> --max <objective>=<value>`.
 * Every layout of the new run, read back from its front.csv, lies within the bounds; the manifest
 * records them and the command reproduces them; two workers give the same front as one; `resume`
 * of an interrupted run keeps them (the same front as the uninterrupted run); bounds no layout can meet give a complete run that says
 * there is no feasible layout; bad flags exit with code 2 naming the flag (and, for an unknown
 * objective, the valid ids), never a stack trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFront, type RunManifest } from '../../../engine/src/runs/index.js';
import { repoRoot, runCli, sameFront } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-ranges-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const scenario = path.join(repoRoot, 'tests/fixtures/runs/tiny.yaml');
const parent = path.join(tmp, 'parent');
/** economic >= the parent front's median economic, ecological <= its largest ecological. */
let minEconomic = 0;
let maxEcological = 0;

function manifestOf(dir: string): RunManifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
}

/** The objective columns (economic, social, ecological) of each layout of a run's front. */
async function frontValues(dir: string): Promise<number[][]> {
  const front = await loadFront(dir);
  return front.table.map((row) => row.slice(1, 4));
}

const rangeFlags = () => ['--min', `economic=${minEconomic}`, '--max', `ecological=${maxEcological}`];

beforeAll(async () => {
  const result = await runCli(['run', scenario, '--out', parent, '--quiet']);
  expect(result.code, result.stderr).toBe(0);
  const values = await frontValues(parent);
  const economic = values.map((v) => v[0]!).sort((a, b) => a - b);
  minEconomic = Math.round(economic[Math.floor(economic.length / 2)]! * 100) / 100;
  maxEcological = Math.max(...values.map((v) => v[2]!));
});

describe('paretoplan run --min/--max', () => {
  const steered = path.join(tmp, 'steered');

  it('keeps every layout of the new run within the bounds and records them', async () => {
    const result = await runCli(['run', scenario, '--out', steered, '--seed-from', parent, ...rangeFlags()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`bounds: +economic >= ${minEconomic.toLocaleString('en-GB')}`));
    const values = await frontValues(steered);
    expect(values.length).toBeGreaterThan(1);
    for (const [economic, , ecological] of values) {
      expect(economic).toBeGreaterThanOrEqual(minEconomic);
      expect(ecological).toBeLessThanOrEqual(maxEcological);
    }
    // The bound bites: the parent's front has layouts below it.
    expect((await frontValues(parent)).some((v) => v[0]! < minEconomic)).toBe(true);
    const manifest = manifestOf(steered);
    expect(manifest.steering?.objectiveBounds).toEqual([
      { objective: 'economic', min: minEconomic, max: null },
      { objective: 'ecological', min: null, max: maxEcological },
    ]);
    expect(manifest.command).toContain(`--min economic=${minEconomic} --max ecological=${maxEcological}`);
  });

  it('gives the same front for the same bounds and seed, whatever the number of workers', async () => {
    // Two workers evaluate and finish (reversion) rows in their threads, with the bounds they were sent.
    const again = path.join(tmp, 'steered-two-workers');
    const result = await runCli([
      'run',
      scenario,
      '--out',
      again,
      '--seed-from',
      parent,
      ...rangeFlags(),
      '--workers',
      '2',
      '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(sameFront(steered, again)).toBe(true);
  });

  it('resumes an interrupted run with its bounds, from its own folder', async () => {
    const interrupted = path.join(tmp, 'interrupted');
    const first = await runCli([
      'run',
      scenario,
      '--out',
      interrupted,
      '--seed-from',
      parent,
      ...rangeFlags(),
      '--quiet',
    ]);
    expect(first.code, first.stderr).toBe(0);
    // Make it look killed before its first checkpoint: resume restarts from what the manifest recorded.
    const manifest = manifestOf(interrupted);
    writeFileSync(
      path.join(interrupted, 'manifest.json'),
      JSON.stringify({ ...manifest, status: 'interrupted', checkpoint: null, front: null, hypervolume: null }),
    );
    const resumed = await runCli(['resume', interrupted, '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(sameFront(steered, interrupted)).toBe(true);
    expect(manifestOf(interrupted).steering?.objectiveBounds).toEqual(manifest.steering?.objectiveBounds);
    for (const [economic] of await frontValues(interrupted)) expect(economic).toBeGreaterThanOrEqual(minEconomic);
  });

  it('bounds a run without seeds too, and one objective on both sides', async () => {
    const dir = path.join(tmp, 'range-only');
    const high = minEconomic * 10;
    const result = await runCli([
      'run',
      scenario,
      '--out',
      dir,
      '--min',
      'economic=-1000',
      '--max',
      `economic=${high}`,
      '--generations',
      '3',
      '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(manifestOf(dir).steering).toMatchObject({
      parent: null,
      lock: null,
      objectiveBounds: [{ objective: 'economic', min: -1000, max: high }],
    });
  });

  it('completes and says so when no layout can meet the bounds', async () => {
    const dir = path.join(tmp, 'unreachable');
    const result = await runCli(['run', scenario, '--out', dir, '--min', 'economic=1e6', '--generations', '3']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/front:\s+0 layouts/);
    expect(result.stderr).toContain(
      'No feasible layout: no layout met every demand and rule within the objective bounds (economic >= 1,000,000).',
    );
    expect(result.stderr).not.toContain('Next: paretoplan report');
    expect(manifestOf(dir)).toMatchObject({ status: 'complete', front: { rows: 0 } });
  });
});

describe('bad --min/--max input', () => {
  const refused = async (args: string[], message: RegExp) => {
    const result = await runCli(['run', scenario, '--out', path.join(tmp, `bad-${Math.random()}`), ...args, '--quiet']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  it('refuses an unknown objective, naming the flag and the valid ids', () =>
    refused(
      ['--min', 'economy=3'],
      /--min: "economy" is not an objective of this scenario; its objectives are economic, social, ecological\./,
    ));

  it('refuses a value that is not a number, naming the flag', async () => {
    await refused(['--max', 'social=lots'], /--max <objective=value>.*expected <objective>=<number>/);
    await refused(['--min', 'economic'], /--min <objective=value>.*expected <objective>=<number>/);
  });

  it('refuses a min above the max', () =>
    refused(['--min', 'social=50', '--max', 'social=40'], /--min: the min of social \(50\) is above its max \(40\)/));

  it('refuses bounds with --single', () =>
    refused(['--single', 'economic', '--min', 'social=1'], /--min and --max steer a run of the front/));
});
