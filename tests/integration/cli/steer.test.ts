/**
 * Steering a run through the built CLI: `paretoplan run --seed-from <run-dir>:<ids> --lock <mask>`.
 * Every layout of the steered run, read back from its folder, keeps every locked cell in its locked
 * class (the seeding layouts' class where they agree, else today's); the manifest records the
 * parent run and the lock; the same flags and seed give the same front whatever the number of
 * workers; a GeoJSON lock in another CRS locks the cells GDAL's gdal_rasterize burns on the same
 * grid; `resume` of an interrupted steered run keeps the locks; bad input is refused with exit
 * code 2 and a message, never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutOf, loadFront, type LoadedFront, type RunManifest } from '../../../engine/src/runs/index.js';
import { repoRoot, runCli, sameFront } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-steer-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const scenario = path.join(repoRoot, 'tests/fixtures/runs/tiny.yaml');
const landuse = path.join(repoRoot, 'tests/fixtures/runs/landuse-40.tif');
const parent = path.join(tmp, 'parent');
const mask = path.join(tmp, 'lock-mask.tif');
const seedIds = [0, 1, 2];
const NO_CLASS = 255;

/** Run GDAL's Python bindings (an outside writer and reader, not the engine's). */
function gdal(script: string, ...args: string[]): string {
  const result = spawnSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

/** A Byte mask on the land-use grid (or a `shift`ed one) with 1 in rows/columns [5, 25). */
function writeMask(file: string, shiftCells = 0): void {
  gdal(
    `
import sys, numpy as np
from osgeo import gdal
src = gdal.Open(sys.argv[1])
t = list(src.GetGeoTransform()); t[0] += ${shiftCells} * t[1]
out = gdal.GetDriverByName('GTiff').Create(sys.argv[2], src.RasterXSize, src.RasterYSize, 1, gdal.GDT_Byte)
out.SetGeoTransform(t); out.SetProjection(src.GetProjection())
a = np.zeros((src.RasterYSize, src.RasterXSize), dtype=np.uint8); a[5:25, 5:25] = 7
out.GetRasterBand(1).WriteArray(a); out = None
`,
    landuse,
    file,
  );
}

function readMask(file: string): Uint8Array {
  const out = gdal(
    `
import sys, json
from osgeo import gdal
ds = gdal.Open(sys.argv[1])  # held: a band outliving its dataset crashes GDAL's Python bindings
print(json.dumps(ds.GetRasterBand(1).ReadAsArray().astype(int).ravel().tolist()))
`,
    file,
  );
  return Uint8Array.from(JSON.parse(out) as number[], (v) => (v ? 1 : 0));
}

function manifestOf(dir: string): RunManifest {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
}

/** The class each masked study-area cell must keep: the seeds' class where they agree, else today's. */
function expectedLocks(front: LoadedFront, locked: Uint8Array, ids: readonly number[]): Map<number, number> {
  const seeds = ids.map((id) => layoutOf(front, id));
  const expected = new Map<number, number>();
  for (let i = 0; i < locked.length; i++) {
    if (!locked[i] || front.current[i] === NO_CLASS) continue;
    const first = seeds[0]?.[i] ?? front.current[i]!;
    expected.set(i, seeds.every((s) => s[i] === first) ? first : front.current[i]!);
  }
  return expected;
}

/** Cells of any layout of the run that left their locked class. */
async function brokenLocks(dir: string, expected: Map<number, number>): Promise<number> {
  const front = await loadFront(dir);
  let broken = 0;
  const map = new Uint8Array(front.current.length);
  for (let id = 0; id < front.rows; id++) {
    layoutOf(front, id, map);
    for (const [cell, cls] of expected) if (map[cell] !== cls) broken++;
  }
  return broken;
}

const steerFlags = () => ['--seed-from', `${parent}:${seedIds.join(',')}`, '--lock', mask];

beforeAll(async () => {
  const result = await runCli(['run', scenario, '--out', parent, '--quiet']);
  expect(result.code, result.stderr).toBe(0);
  writeMask(mask);
});

describe('paretoplan run --seed-from --lock', () => {
  const steered = path.join(tmp, 'steered');

  it('keeps every locked cell in every layout and records the parent and the lock', async () => {
    const result = await runCli(['run', scenario, '--out', steered, ...steerFlags(), '--workers', '2', '--quiet']);
    expect(result.code, result.stderr).toBe(0);

    const parentFront = await loadFront(parent);
    const expected = expectedLocks(parentFront, readMask(mask), seedIds);
    expect(expected.size).toBe(400);
    // Some locked cells keep a change the seeds agree on, so "locked to another class" is exercised.
    const changed = [...expected].filter(([cell, cls]) => cls !== parentFront.current[cell]).length;
    expect(changed).toBeGreaterThan(0);
    const front = await loadFront(steered);
    expect(front.rows).toBeGreaterThan(1);
    expect(await brokenLocks(steered, expected)).toBe(0);

    const manifest = manifestOf(steered);
    expect(manifest.steering?.parent).toEqual({ dir: parent, ids: seedIds });
    expect(manifest.steering?.lock).toMatchObject({
      source: mask,
      kind: 'geotiff',
      sha256: createHash('sha256').update(readFileSync(mask)).digest('hex'),
      cells: 400,
      changedCells: changed,
    });
    expect(manifest.command).toContain(`--seed-from ${parent}:0,1,2 --lock ${mask}`);
    // The lock mask the run keeps reads back with GDAL as the cells locked.
    expect(readMask(path.join(steered, manifest.steering!.files.lockMask!.file))).toEqual(readMask(mask));
  });

  it('gives the same front for the same flags and seed, whatever the number of workers', async () => {
    const again = path.join(tmp, 'steered-again');
    const result = await runCli(['run', scenario, '--out', again, ...steerFlags(), '--workers', '1', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(sameFront(steered, again)).toBe(true);
  });

  it('resumes an interrupted steered run with its locks, from its own folder', async () => {
    const interrupted = path.join(tmp, 'steered-interrupted');
    const first = await runCli(['run', scenario, '--out', interrupted, ...steerFlags(), '--workers', '1', '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    // Make it look killed before its first checkpoint: resume restarts from the recorded seeds and locks.
    const manifest = manifestOf(interrupted);
    writeFileSync(
      path.join(interrupted, 'manifest.json'),
      JSON.stringify({ ...manifest, status: 'interrupted', checkpoint: null, front: null, hypervolume: null }),
    );
    const resumed = await runCli(['resume', interrupted, '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(sameFront(steered, interrupted)).toBe(true);
  });

  it('locks the cells whose centre falls inside GeoJSON polygons given in another CRS, as gdal_rasterize burns them', async () => {
    // A polygon in WGS 84 over part of the window (the grid is UTM 33N).
    const polygon = path.join(tmp, 'lock.geojson');
    const corners = gdal(
      `
import sys, json
from osgeo import gdal, osr
src = gdal.Open(sys.argv[1]); t = src.GetGeoTransform()
utm = osr.SpatialReference(wkt=src.GetProjection()); wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER); utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(utm, wgs)
pts = [(t[0] + 8.3 * t[1], t[3] + 3.6 * t[5]), (t[0] + 31.2 * t[1], t[3] + 6.1 * t[5]), (t[0] + 22.7 * t[1], t[3] + 30.4 * t[5]), (t[0] + 4.1 * t[1], t[3] + 18.8 * t[5])]
ring = [list(ct.TransformPoint(x, y)[:2]) for x, y in pts]
print(json.dumps(ring + [ring[0]]))
`,
      landuse,
    );
    writeFileSync(
      polygon,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [JSON.parse(corners)] } },
        ],
      }),
    );
    // GDAL's burn of the same polygon on the land-use grid (it reprojects the polygon): which cells are locked.
    const reference = Uint8Array.from(
      JSON.parse(
        gdal(
          `
import sys, json, numpy
from osgeo import gdal
src = gdal.Open(sys.argv[1])
mem = gdal.GetDriverByName('MEM').Create('', src.RasterXSize, src.RasterYSize, 1, gdal.GDT_Byte)
mem.SetGeoTransform(src.GetGeoTransform()); mem.SetProjection(src.GetProjection())
gdal.Rasterize(mem, sys.argv[2], burnValues=[1])
print(json.dumps(mem.GetRasterBand(1).ReadAsArray().astype(int).ravel().tolist()))
`,
          landuse,
          polygon,
        ),
      ) as number[],
    );

    const out = path.join(tmp, 'geojson-lock');
    const result = await runCli(['run', scenario, '--out', out, '--lock', polygon, '--generations', '4', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const front = await loadFront(out);
    const expected = expectedLocks(front, reference, []);
    expect(expected.size).toBeGreaterThan(100);
    expect(manifestOf(out).steering?.lock).toMatchObject({ kind: 'geojson', cells: expected.size, changedCells: 0 });
    expect(await brokenLocks(out, expected)).toBe(0);
    // The run keeps GDAL's cells as its mask.
    expect(readMask(path.join(out, 'steering-lock.tif'))).toEqual(reference);
  });

  it('seeds a run with a layout GeoTIFF (a painted or exported plan), which a lock then keeps', async () => {
    const plan = path.join(tmp, 'plan.tif');
    const exported = await runCli(['export', parent, '--solution', '1', '--format', 'geotiff', '--out', plan]);
    expect(exported.code, exported.stderr).toBe(0);
    const dir = path.join(tmp, 'seeded-by-layout');
    const result = await runCli(['run', scenario, '--out', dir, '--seed-from', plan, '--lock', mask, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const manifest = manifestOf(dir);
    expect(manifest.steering?.seedLayouts).toEqual([plan]);
    expect(manifest.steering?.parent).toBeNull();
    expect(manifest.steering?.files.seeds?.rows).toBe(1);
    expect(manifest.command).toContain(`--seed-from ${plan} --lock ${mask}`);
    // One seed: every locked cell keeps the plan's class (layout 1 of the parent).
    const expected = expectedLocks(await loadFront(parent), readMask(mask), [1]);
    expect(await brokenLocks(dir, expected)).toBe(0);
  });
});

describe('bad steering input', () => {
  const refused = async (args: string[], message: RegExp) => {
    const result = await runCli(['run', scenario, '--out', path.join(tmp, `bad-${Math.random()}`), ...args, '--quiet']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  it('refuses a run folder that does not exist', () =>
    refused(['--seed-from', `${path.join(tmp, 'nowhere')}:0`], /--seed-from: .*nowhere/));

  it('refuses ids the front does not have', () =>
    refused(
      ['--seed-from', `${parent}:0,9999`],
      /--seed-from: .*Solution 9999 does not exist: the front has ids 0 to \d+/,
    ));

  it('refuses a mask on another grid, naming the file', async () => {
    const shifted = path.join(tmp, 'shifted-mask.tif');
    writeMask(shifted, 3);
    await refused(['--lock', shifted], new RegExp(`--lock ${shifted}: the mask is on another grid`));
  });

  it('refuses a lock file that does not exist or is not a mask', async () => {
    await refused(['--lock', path.join(tmp, 'missing.tif')], /--lock .*missing\.tif: no such file/);
    const text = path.join(tmp, 'notes.txt');
    writeFileSync(text, 'not a mask');
    await refused(['--lock', text], /notes\.txt: not a mask GeoTIFF \(\.tif\) or GeoJSON/);
  });

  it('refuses a seeding layout GeoTIFF on another grid, naming it', async () => {
    const shifted = path.join(tmp, 'shifted-layout.tif');
    writeMask(shifted, 3);
    await refused(['--seed-from', shifted], /shifted-layout\.tif/);
  });

  it('refuses a run of another study area', async () => {
    // The tiny scenario on a 30 x 30 crop of its land use: another grid.
    const dir = path.join(tmp, 'other-area');
    const cropped = path.join(tmp, 'landuse-30.tif');
    const translate = spawnSync('gdal_translate', ['-q', '-srcwin', '0', '0', '30', '30', landuse, cropped]);
    expect(translate.status).toBe(0);
    const otherScenario = path.join(tmp, 'other.yaml');
    writeFileSync(
      otherScenario,
      readFileSync(scenario, 'utf8')
        .replace('path: landuse-40.tif', `path: ${cropped}`)
        .replace(/residential: \{[^}]*\}/, 'residential: { min: 100 cells }')
        .replace(/park: \{[^}]*\}/, 'park: { min: 5 cells }'),
    );
    const other = await runCli(['run', otherScenario, '--out', dir, '--generations', '2', '--quiet']);
    expect(other.code, other.stderr).toBe(0);
    await refused(
      ['--seed-from', dir],
      /--seed-from: the run in .* is not of the same study area .*its grid is 30 x 30 cells/,
    );
  });
});
