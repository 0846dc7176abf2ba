/**
 * Bringing your own data, on the real Zion NLCD rasters (tests/fixtures/real/zion): `init` writes
 * a scenario that validates and runs as written; exports keep every unchanged code and the nodata
 * value of the input, cell by cell; the change map and `prepare` say what changed and what the
 * optimiser sees. Everything through the CLI, as a planner runs it.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeoTiff } from '../../../engine/src/gis/index.js';
import { repoRoot, runCli } from './cli-helpers.js';

const zion = (name: string): string => path.join(repoRoot, 'tests/fixtures/real/zion', name);
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'byod-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('init on the Zion NLCD 2011 raster with the park boundary', () => {
  let scenario: string;
  let run: string;

  it("writes a scenario grouped by the NLCD legend, with today's areas, that validates", async () => {
    scenario = path.join(tmp, 'zion.yaml');
    const result = await runCli([
      'init',
      zion('landcover_nlcd2011.tif'),
      '--boundary',
      zion('boundary.geojson'),
      '--out',
      scenario,
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      legend: string;
      classes: { id: string; codes: number[]; cells: number }[];
      objectives: string[];
      validation: { ok: boolean };
    };
    expect(report.legend).toMatch(/NLCD/);
    expect(report.validation.ok).toBe(true);
    expect(report.objectives).toEqual(['economic', 'social', 'ecological']);
    const forest = report.classes.find((c) => c.id === 'forest')!;
    expect(forest.codes).toEqual([41, 42, 43]);
    // The park covers part of the raster: fewer forest cells than the 767,537 of the whole raster.
    expect(forest.cells).toBeGreaterThan(100_000);
    expect(forest.cells).toBeLessThan(196_044 + 564_668 + 6_825);
    const document = parseYaml(await readFile(scenario, 'utf8')) as { classes: unknown[]; boundary: string };
    expect(document.boundary).toBe('boundary');
    expect(document.classes).toHaveLength(10);

    const validate = await runCli(['validate', scenario, '--json']);
    expect(validate.code).toBe(0);
    const validation = JSON.parse(validate.stdout) as { ok: boolean; summary: { studyAreaCells: number } };
    expect(validation.ok).toBe(true);
    expect(validation.summary.studyAreaCells).toBe(report.classes.reduce((sum, c) => sum + c.cells, 0));
  });

  it('runs as written', async () => {
    run = path.join(tmp, 'run');
    const result = await runCli([
      'run',
      scenario,
      '--out',
      run,
      '--population',
      '4',
      '--generations',
      '2',
      '--workers',
      '1',
      '--quiet',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { status: string }).status).toBe('complete');
  });

  it('exports the knee keeping every unchanged code, the nodata value, data type and grid of the input', async () => {
    const out = path.join(tmp, 'knee.tif');
    const result = await runCli(['export', run, '--format', 'geotiff', '--out', out, '--json']);
    expect(result.code).toBe(0);
    const facts = JSON.parse(result.stdout) as { style: string; facts: { changedCells: number; nodata: number } };
    expect(facts.style).toBe(path.join(tmp, 'knee.qml'));
    await stat(facts.style);
    const [exported, input] = await Promise.all([readGeoTiff(out), readGeoTiff(zion('landcover_nlcd2011.tif'))]);
    expect(exported.grid).toEqual(input.grid);
    expect(exported.sampleType).toBe(input.sampleType);
    expect(exported.nodata).toBe(255);
    expect(facts.facts.nodata).toBe(255);
    // Every cell: the input's code, or (changed) the first code of an NLCD group.
    const firstCodes = new Set([11, 21, 22, 24, 31, 41, 51, 71, 81, 90]);
    let changed = 0;
    for (let i = 0; i < input.data.length; i++) {
      if (exported.data[i] === input.data[i]) continue;
      changed++;
      expect(firstCodes.has(exported.data[i]!)).toBe(true);
    }
    expect(changed).toBe(facts.facts.changedCells);
  });

  it('exports the change map (from -> to codes) and the changed cells as polygons', async () => {
    const map = path.join(tmp, 'changes.tif');
    expect((await runCli(['export', run, '--format', 'change-map', '--out', map])).code).toBe(0);
    const [changes, input, layout] = await Promise.all([
      readGeoTiff(map),
      readGeoTiff(zion('landcover_nlcd2011.tif')),
      readGeoTiff(path.join(tmp, 'knee.tif')),
    ]);
    for (let i = 0; i < input.data.length; i++) {
      const value = changes.data[i]!;
      if (value === changes.nodata) continue;
      if (value === 0) expect(layout.data[i]).toBe(input.data[i]);
      else {
        expect(Math.floor(value / 100)).toBe(input.data[i]);
        expect(value % 100).toBe(layout.data[i]);
      }
    }
    const polygons = path.join(tmp, 'changes.geojson');
    const result = await runCli(['export', run, '--format', 'change-polygons', '--out', polygons, '--json']);
    expect(result.code).toBe(0);
    const collection = JSON.parse(await readFile(polygons, 'utf8')) as {
      features: { properties: { fromCode: number; toCode: number; cellCount: number } }[];
    };
    const cells = collection.features.reduce((sum, f) => sum + f.properties.cellCount, 0);
    expect(cells).toBe((JSON.parse(result.stdout) as { facts: { changedCells: number } }).facts.changedCells);
  });

  it('refuses an --out QGIS would not find the style of', async () => {
    const result = await runCli(['export', run, '--format', 'geotiff', '--out', path.join(tmp, 'knee.geotiff')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/written as \.tif or \.tiff \(QGIS then finds its style as <name>\.qml/);
  });
});

describe('init on the 8-class Zion raster (names from its .aux.xml)', () => {
  it('makes one class per code named from the category names, that validates', async () => {
    const scenario = path.join(tmp, 'zion8.yaml');
    const result = await runCli(['init', zion('landcover_nlcd8.tif'), '--out', scenario, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      legend: string | null;
      names: string;
      classes: { name: string; cells: number; role: string }[];
      validation: { ok: boolean };
    };
    expect(report.legend).toBeNull();
    expect(report.names).toBe('aux.xml');
    expect(report.classes.map((c) => c.name)).toEqual([
      'Water',
      'Developed',
      'Barren',
      'Forest',
      'Shrubland',
      'Herbaceous',
      'Cultivated',
      'Wetlands',
    ]);
    expect(report.classes.map((c) => c.cells)).toEqual([1209, 17517, 106070, 767537, 545771, 4878, 8728, 6497]);
    expect(report.classes.map((c) => c.role)).toEqual([
      'water',
      'housing',
      'barren',
      'forest',
      'shrubland',
      'grassland',
      'agriculture',
      'wetland',
    ]);
    expect(report.validation.ok).toBe(true);
  });

  it('refuses to overwrite a scenario without --force', async () => {
    const scenario = path.join(tmp, 'zion8.yaml');
    const result = await runCli(['init', zion('landcover_nlcd8.tif'), '--out', scenario]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/exists; choose another --out, or pass --force/);
  });
});
