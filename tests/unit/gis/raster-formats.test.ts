/**
 * Rasters through the one entry point: a Cloud-Optimised GeoTIFF reads as its source, a
 * multi-band file needs its band, and the scenario's per-layer options (band, nodata, layer,
 * resampling) are checked where they apply (tests/fixtures/gis/rasters/make.sh, GDAL 3.6).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRaster } from '../../../engine/src/gis/index.js';
import { parseScenarioText, prepareScenario } from '../../../engine/src/landuse/index.js';
import { riverbendScenarioWithLayers } from '../../support/minimal-scenario.js';
import { fixtures, repoRoot } from './paths.js';

const riverbend = (name: string): string => path.join(repoRoot, 'gis-data/riverbend', name);
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rasters-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('raster formats', () => {
  it('reads a Cloud-Optimised GeoTIFF (tiles, overviews) as its source raster', async () => {
    const [cog, source] = await Promise.all([
      readRaster(fixtures('rasters/landuse-cog.tif')),
      readRaster(riverbend('landuse.tif')),
    ]);
    expect(cog.layout).toBe('tiles');
    expect(cog.grid).toEqual(source.grid);
    expect(Array.from(cog.data)).toEqual(Array.from(source.data));
  });

  it('a multi-band raster needs its band; each band reads as written', async () => {
    await expect(readRaster(fixtures('rasters/three-bands.tif'))).rejects.toThrow(
      /three-bands\.tif: the file has 3 bands; choose one/,
    );
    const [b1, b2, b3] = await Promise.all(
      [1, 2, 3].map((band) => readRaster(fixtures('rasters/three-bands.tif'), { band })),
    );
    for (let i = 0; i < b1!.data.length; i += 97) {
      expect(b2!.data[i]).toBeCloseTo(b1!.data[i]! + 1000, 3);
      expect(b3!.data[i]).toBeCloseTo(b1!.data[i]! * 2, 3);
    }
  });

  it("a nodata override replaces the file's", async () => {
    const raster = await readRaster(riverbend('dem.tif'), { nodata: -1 });
    expect(raster.nodata).toBe(-1);
  });
});

describe('scenario layer options', () => {
  const scenario = (layers: string): string => riverbendScenarioWithLayers('options', layers);

  it('reads the band a layer names', async () => {
    const file = path.join(tmp, 'band.yaml');
    await writeFile(
      file,
      scenario(`  elevation: { path: ${JSON.stringify(fixtures('rasters/three-bands.tif'))}, band: 2 }`),
    );
    const prepared = await prepareScenario(file);
    const dem = await readRaster(riverbend('dem.tif'));
    expect(prepared.studyArea.layers.elevation![123]).toBeCloseTo(dem.data[123]! + 1000, 3);
  });

  it('rejects options where they do not apply, naming the field', () => {
    const text = scenario(
      [
        `  roads: { path: ${JSON.stringify(riverbend('roads.geojson'))}, band: 2, nodata: 0 }`,
        `  dem: { path: ${JSON.stringify(riverbend('dem.tif'))}, layer: roads }`,
        `  zones: { path: ${JSON.stringify(riverbend('landuse.tif'))}, kind: categorical, resampling: bilinear }`,
        '  slope: { derive: slope, from: dem, band: 1 }',
      ].join('\n'),
    );
    expect(() => parseScenarioText(text, 'options.yaml')).toThrow(
      new RegExp(
        [
          'layers\\.roads\\.band: "band" applies to raster layers only',
          'layers\\.roads\\.nodata: "nodata" applies to raster layers only',
          'layers\\.dem\\.layer: "layer" picks a table of a GeoPackage',
          'layers\\.zones\\.resampling: a categorical layer is resampled by nearest neighbour',
          'layers\\.slope\\.band: "band" applies to file layers, not derived ones',
        ].join('[\\s\\S]*'),
      ),
    );
  });
});

describe('CRS errors in a scenario', () => {
  it('name the layer and the CRS', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'crs-error-'));
    try {
      await writeFile(
        path.join(dir, 'zones.geojson'),
        JSON.stringify({
          type: 'FeatureCollection',
          crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::99999' } },
          features: [],
        }),
      );
      const file = path.join(dir, 'crs.yaml');
      await writeFile(
        file,
        riverbendScenarioWithLayers('crs', `  zones: { path: ${JSON.stringify(path.join(dir, 'zones.geojson'))} }`),
      );
      await expect(prepareScenario(file)).rejects.toThrow(
        /layer "zones": .*zones\.geojson: the CRS EPSG:99999 is not in the EPSG registry/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
