/**
 * `paretoplan run <scenario> --single <objective>`: the single-objective baseline from the command
 * line. It starts from today's layout (repaired) and from a run's best layout, never makes the
 * objective worse, keeps the hard rules (checked independently on the GeoTIFF it writes), and
 * names an unknown objective clearly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readGeoTiff } from '../../../engine/src/gis/index.js';
import { checkLayout } from '../../../engine/src/landuse/constraints/check.js';
import { prepareScenario } from '../../../engine/src/landuse/model/load.js';
import { parseCsv } from '../../../engine/src/runs/csv.js';
import { balancedScenario, readFront, runCli, SMALL_BUDGET } from './cli-helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-single-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('run --single', () => {
  test('from today and from a run front: better or equal, within the budget, a valid layout', async () => {
    const runDir = path.join(dir, 'run');
    const run = await runCli(['run', balancedScenario, '--out', runDir, '--quiet', ...SMALL_BUDGET]);
    expect(run.code, run.stderr).toBe(0);
    const out = path.join(dir, 'single');
    const single = await runCli([
      'run',
      balancedScenario,
      '--single',
      'economic',
      '--evaluations',
      '3000',
      '--from',
      runDir,
      '--out',
      out,
      '--json',
    ]);
    expect(single.code, single.stderr).toBe(0);
    const result = JSON.parse(single.stdout) as {
      budget: number;
      starts: { start: string; initial: number; value: number; evaluations: number }[];
      best: { value: number };
      files: string[];
    };
    expect(result.budget).toBe(3000);
    expect(result.starts.map((s) => s.start)).toEqual(['today', 'front']);
    for (const start of result.starts) {
      expect(start.value).toBeGreaterThanOrEqual(start.initial);
      expect(start.evaluations).toBeLessThanOrEqual(3000);
    }
    // The front start begins at the run's best economic value.
    const [header, ...rows] = parseCsv(readFront(runDir).csv.toString('utf8'));
    const column = header!.indexOf('economic (max)');
    const best = Math.max(...rows.map((r) => Number(r[column])));
    expect(result.starts[1]!.initial).toBeCloseTo(best, 6);
    expect(result.best.value).toBe(Math.max(...result.starts.map((s) => s.value)));
    // The layout written keeps every hard rule, the change limit included (independent check).
    const prepared = await prepareScenario(balancedScenario);
    const raster = await readGeoTiff(path.join(out, 'single-economic.tif'));
    const codeToClass = new Map(prepared.scenario.classes.map((c, i) => [c.codes[0]!, i]));
    const layout = Uint8Array.from(raster.data, (code) => codeToClass.get(code) ?? 255);
    expect(checkLayout(prepared.input, layout)).toEqual([]);
  }, 300_000);

  test('an unknown objective is named with the ones there are', async () => {
    const result = await runCli(['run', balancedScenario, '--single', 'wealth', '--out', path.join(dir, 'x')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('has no objective "wealth"; its objectives are economic, social, ecological');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
