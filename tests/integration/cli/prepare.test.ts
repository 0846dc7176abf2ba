/**
 * `paretoplan prepare` writes every layer the optimiser sees, named after the scenario's layer
 * ids, with QGIS styles; its slope agrees with `gdaldem slope` (tests/fixtures/gis/prepare/make.sh)
 * within 0.01 degrees; a layer's `nodata:` keeps a zero-filled hole from reading as a cliff.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeoTiff } from '../../../engine/src/gis/index.js';
import { prepareScenario } from '../../../engine/src/landuse/index.js';
import { riverbendScenarioWithLayers } from '../../support/minimal-scenario.js';
import { balancedScenario, repoRoot, runCli } from './cli-helpers.js';

const fixture = (name: string): string => path.join(repoRoot, 'tests/fixtures/gis/prepare', name);
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'prepare-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('paretoplan prepare', () => {
  it('writes every layer, the changeable mask and per-class allowed masks, each with a .qml, and lists them with --json', async () => {
    const out = path.join(tmp, 'prepared');
    const result = await runCli(['prepare', balancedScenario, '--out', out, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      written: {
        file: string;
        what: string;
        layer?: string;
        class?: string;
        style?: string;
        facts: Record<string, unknown>;
      }[];
    };
    const layers = report.written.filter((w) => w.what === 'layer').map((w) => w.layer);
    expect(layers.sort()).toEqual([
      'centre',
      'elevation',
      'floodzone',
      'reserve',
      'roads',
      'schools',
      'slope',
      'transit',
    ]);
    const allowed = report.written.filter((w) => w.what === 'allowed').map((w) => w.class);
    expect(allowed).toHaveLength(10);
    for (const entry of report.written.filter((w) => w.what !== 'summary')) {
      expect(entry.style).toBe(entry.file.replace(/\.tif$/, '.qml'));
      await stat(entry.file);
      await stat(entry.style!);
    }
    expect(report.written.find((w) => w.layer === 'slope')!.facts.unit).toBe('degree');
    expect(path.relative(out, report.written.find((w) => w.layer === 'roads')!.file)).toBe(
      path.join('layers', 'roads.tif'),
    );
  });

  it('slope agrees with gdaldem slope (Horn, -compute_edges) within 0.01 degrees', async () => {
    const [ours, gdal] = await Promise.all([
      readGeoTiff(path.join(tmp, 'prepared', 'layers', 'slope.tif')),
      readGeoTiff(fixture('riverbend-slope.tif')),
    ]);
    expect(ours.grid).toEqual(gdal.grid);
    let compared = 0;
    let worst = 0;
    for (let i = 0; i < ours.data.length; i++) {
      if (Number.isNaN(ours.data[i]!)) continue;
      compared++;
      worst = Math.max(worst, Math.abs(ours.data[i]! - gdal.data[i]!));
    }
    expect(compared).toBeGreaterThan(50_000);
    expect(worst).toBeLessThan(0.01);
  });
});

describe('a layer nodata override', () => {
  const scenarioText = (nodata: string): string =>
    riverbendScenarioWithLayers(
      'zero-filled DEM',
      [
        `  elevation: { path: ${JSON.stringify(fixture('dem-zero-fill.tif'))}${nodata} }`,
        '  slope: { derive: slope, from: elevation }',
      ].join('\n'),
    );
  const steepCells = async (nodata: string): Promise<number> => {
    const file = path.join(tmp, `zero-fill${nodata ? '-declared' : ''}.yaml`);
    await writeFile(file, scenarioText(nodata));
    const prepared = await prepareScenario(file);
    return prepared.studyArea.layers.slope!.filter((v) => v > 40).length;
  };

  it('`nodata: 0` keeps the zero-filled hole from reading as cliffs', async () => {
    const undeclared = await steepCells('');
    const declared = await steepCells(', nodata: 0');
    const original = (
      await readGeoTiff(path.join(repoRoot, 'tests/fixtures/gis/prepare/riverbend-slope.tif'))
    ).data.filter((v) => v > 40).length;
    expect(undeclared).toBeGreaterThan(original + 90); // the hole's rim: 2 x (30 + 20) cells and more
    expect(declared).toBeLessThanOrEqual(original);
  });
});

describe('validate says how layers meet the land-use grid', () => {
  it('warns about a layer in another CRS, one on another grid, and one covering half the study area', async () => {
    const file = path.join(tmp, 'mismatched.yaml');
    await writeFile(
      file,
      riverbendScenarioWithLayers(
        'mismatched layers',
        [
          `  dem-wgs84: { path: ${JSON.stringify(fixture('dem-wgs84.tif'))} }`,
          `  dem-west: { path: ${JSON.stringify(fixture('dem-west-50m.tif'))}, resampling: bilinear }`,
        ].join('\n'),
      ),
    );
    const result = await runCli(['validate', file, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      warnings: { path: string; line: number; message: string }[];
    };
    expect(report.ok).toBe(true);
    const about = (layer: string) => report.warnings.filter((w) => w.path === `layers.${layer}`).map((w) => w.message);
    expect(about('dem-wgs84')).toEqual([
      expect.stringMatching(
        /^is in EPSG:4326 \(WGS 84\), the land use in EPSG:32633 \(WGS 84 \/ UTM zone 33N\): it is reprojected, .* and resampled by bilinear interpolation/,
      ),
    ]);
    const west = about('dem-west');
    expect(west[0]).toMatch(
      /^has 50 m x 50 m cells on another grid than the land use \(25 m x 25 m\): it is resampled by bilinear/,
    );
    expect(west[1]).toMatch(/^gives values to only 50\.0 % of the study area/);
    expect(report.warnings.find((w) => w.path === 'layers.dem-west')!.line).toBe(6); // its path's line
  });
});
