/**
 * `paretoplan agreement` across two small runs of the bundled scenario (seeds 1 and 2), through the
 * built CLI: the three GeoTIFFs read back with GDAL on the study area's grid, and their values
 * equal a count made here from the picked layouts as `paretoplan export` writes them. Runs on
 * another grid and unknown solution names are refused with exit code 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementResult } from '../../../engine/src/api/index.js';
import { balancedScenario, readFront, repoRoot, runCli, SMALL_BUDGET } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-agreement-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const runs = [path.join(tmp, 'seed-1'), path.join(tmp, 'seed-2')];
const cropped = path.join(tmp, 'cropped-run');
const landuse = path.join(repoRoot, 'gis-data/riverbend/landuse.tif');

interface GdalRaster {
  size: [number, number];
  geoTransform: number[];
  projection: string;
  nodata: number | null;
  data: number[];
}

/** Read rasters with GDAL's Python bindings (an outside reader, not the engine's). */
function gdalRead(files: string[]): GdalRaster[] {
  const script = `
import json, sys
from osgeo import gdal
out = []
for f in sys.argv[1:]:
    ds = gdal.Open(f)
    band = ds.GetRasterBand(1)
    out.append({"size": [ds.RasterXSize, ds.RasterYSize], "geoTransform": list(ds.GetGeoTransform()),
                "projection": ds.GetProjection(), "nodata": band.GetNoDataValue(),
                "data": band.ReadAsArray().astype(int).ravel().tolist()})
print(json.dumps(out))
`;
  const result = spawnSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as GdalRaster[];
}

beforeAll(async () => {
  for (const [k, dir] of runs.entries()) {
    const result = await runCli([
      'run',
      balancedScenario,
      '--out',
      dir,
      '--seed',
      String(k + 1),
      ...SMALL_BUDGET,
      '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
  }
});

/**
 * Export every layout the summary says it picked, read them and the three maps with GDAL, and
 * check each map cell by cell against a count over the exported layouts. Returns the cells where
 * the layouts differ.
 */
async function expectCountOfExports(summary: AgreementResult, tag: string): Promise<number> {
  // The picked layouts, as `paretoplan export` writes them (the land-use codes).
  const exported: string[] = [];
  for (const [r, run] of summary.runs.entries()) {
    expect(run.solutions.length).toBeGreaterThanOrEqual(1);
    for (const id of run.solutions) {
      const file = path.join(tmp, `${tag}-run${r}-layout${id}.tif`);
      const done = await runCli(['export', run.dir, '--solution', String(id), '--format', 'geotiff', '--out', file]);
      expect(done.code, done.stderr).toBe(0);
      exported.push(file);
    }
  }
  expect(summary.layouts).toBe(exported.length);
  const [agree, cls, change, input, ...layouts] = gdalRead([
    summary.files.agreement,
    summary.files.class,
    summary.files.change,
    landuse,
    ...exported,
  ]);
  for (const map of [agree!, cls!, change!]) {
    expect(map.size).toEqual(input!.size);
    expect(map.geoTransform).toEqual(input!.geoTransform);
    expect(map.projection).toBe(input!.projection);
  }
  expect(agree!.nodata).toBe(255);
  expect(change!.nodata).toBe(255);

  // Codes to classes in the scenario's order (ties go to the earlier class), then count.
  const manifest = JSON.parse(readFileSync(path.join(summary.runs[0]!.dir, 'manifest.json'), 'utf8')) as {
    classes: { codes: number[] }[];
  };
  const classOf = new Map(manifest.classes.flatMap((c, k) => c.codes.map((code) => [code, k] as const)));
  const n = layouts.length;
  let contested = 0;
  for (let i = 0; i < input!.data.length; i++) {
    if (input!.data[i] === input!.nodata || !classOf.has(input!.data[i]!)) {
      expect(agree!.data[i]).toBe(255);
      expect(cls!.data[i]).toBe(cls!.nodata);
      expect(change!.data[i]).toBe(255);
      continue;
    }
    const counts = new Array<number>(manifest.classes.length).fill(0);
    let changed = 0;
    for (const layout of layouts) {
      counts[classOf.get(layout.data[i]!)!]!++;
      if (layout.data[i] !== input!.data[i]) changed++;
    }
    const most = Math.max(...counts);
    if (most < n) contested++;
    expect(agree!.data[i]).toBe(Math.round((100 * most) / n));
    expect(change!.data[i]).toBe(Math.round((100 * changed) / n));
    expect(cls!.data[i]).toBe(manifest.classes[counts.indexOf(most)]!.codes[0]);
  }
  return contested;
}

describe('paretoplan agreement', () => {
  it("writes agreement, class and change GeoTIFFs on the study area's grid that equal a count over the exported layouts", async () => {
    const out = path.join(tmp, 'maps', 'agreement.tif');
    const result = await runCli([
      'agreement',
      ...runs,
      '--solutions',
      'compromise,best-economic,best-ecological',
      '--out',
      out,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as AgreementResult;
    expect(summary.runs.map((r) => r.seed)).toEqual([1, 2]);
    expect(summary.files.class).toBe(path.join(tmp, 'maps', 'agreement-class.tif'));
    expect(summary.files.change).toBe(path.join(tmp, 'maps', 'agreement-change.tif'));
    for (const style of summary.files.styles) expect(existsSync(style)).toBe(true);

    const contested = await expectCountOfExports(summary, 'seeds');
    expect(contested).toBeGreaterThan(0); // two seeds' picks do differ somewhere
    expect(summary.contestedHa).toBeCloseTo(contested * 0.0625, 9);
  });

  it('compares runs of different scenarios of the same study area (balanced growth, nature first)', async () => {
    const nature = path.join(tmp, 'nature');
    const run = await runCli([
      'run',
      path.join(repoRoot, 'scenarios/riverbend-nature.yaml'),
      '--out',
      nature,
      ...SMALL_BUDGET,
      '--quiet',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = await runCli([
      'agreement',
      runs[0]!,
      nature,
      '--solutions',
      'compromise,best-social',
      '--out',
      path.join(tmp, 'scenarios.tif'),
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as AgreementResult;
    expect(summary.runs.map((r) => r.scenario)).toEqual([
      'Riverbend 2040 - balanced growth',
      'Riverbend 2040 - nature first',
    ]);
    const contested = await expectCountOfExports(summary, 'scenarios');
    expect(summary.contestedHa).toBeCloseTo(contested * 0.0625, 9);
  });

  it('takes the whole front of every run by default and prints a summary', async () => {
    const out = path.join(tmp, 'all.tif');
    const result = await runCli(['agreement', ...runs, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Agreement of \d+ layouts from 2 runs/);
    expect(result.stdout).toContain(out);
    const json = await runCli(['agreement', ...runs, '--out', out, '--json']);
    const summary = JSON.parse(json.stdout) as AgreementResult;
    for (const run of summary.runs) {
      const csv = readFront(run.dir).csv.toString('utf8').trim().split('\n');
      expect(run.solutions).toEqual(Array.from({ length: csv.length - 1 }, (_, i) => i));
    }
  });

  it('refuses a run on another grid with exit code 2, naming its folder, and writes nothing', async () => {
    // The same scenario on a 240 x 200 crop of the land-use map: another study area.
    const crop = path.join(tmp, 'landuse-crop.tif');
    const translate = spawnSync('gdal_translate', ['-q', '-srcwin', '0', '0', '240', '200', landuse, crop]);
    expect(translate.status, String(translate.stderr)).toBe(0);
    const scenario = readFileSync(balancedScenario, 'utf8')
      .replaceAll('../gis-data/', `${path.join(repoRoot, 'gis-data')}/`)
      .replace(`${path.join(repoRoot, 'gis-data')}/riverbend/landuse.tif`, crop)
      // The crop holds less of the town's edge: meeting the demands there takes more change.
      .replace(/^( *)maxChange: 300 ha$/m, '$1maxChange: 600 ha');
    const scenarioFile = path.join(tmp, 'cropped.yaml');
    writeFileSync(scenarioFile, scenario);
    const run = await runCli(['run', scenarioFile, '--out', cropped, ...SMALL_BUDGET, '--quiet']);
    expect(run.code, run.stderr).toBe(0);

    const out = path.join(tmp, 'refused.tif');
    const result = await runCli(['agreement', runs[0]!, cropped, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(cropped);
    expect(result.stderr).toMatch(/not on the same study area/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown solution name with exit code 2, listing the accepted names', async () => {
    const out = path.join(tmp, 'bad-name.tif');
    const result = await runCli(['agreement', ...runs, '--solutions', 'compromise,best-wealth', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"best-wealth"');
    expect(result.stderr).toContain(runs[0]!);
    expect(result.stderr).toContain('all, compromise, knee, best-economic, best-social, best-ecological');
    expect(existsSync(out)).toBe(false);

    const missing = await runCli(['agreement', ...runs, '--solutions', '9999', '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Solution 9999 does not exist/);
    expect(missing.stderr).toContain(runs[0]!);

    const extension = await runCli(['agreement', ...runs, '--out', path.join(tmp, 'agreement.png')]);
    expect(extension.code).toBe(2);
    expect(extension.stderr).toMatch(/\.tif/);

    // --out naming a folder is refused before any of the three maps is written.
    const folder = path.join(tmp, 'folder.tif');
    mkdirSync(folder);
    const intoFolder = await runCli(['agreement', ...runs, '--out', folder]);
    expect(intoFolder.code).toBe(2);
    expect(intoFolder.stderr).toMatch(/is a folder/);
    expect(existsSync(path.join(tmp, 'folder-class.tif'))).toBe(false);
  });
});
