/**
 * Shapefile and GeoPackage inputs against their GeoJSON conversions by ogr2ogr (GDAL 3.6;
 * tests/fixtures/gis/vector/make.sh): the same features, attributes and rasterised layer; attribute
 * encodings as GDAL reads them; errors naming the file and table.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GridSpec, VectorLayer } from '../../../engine/src/gis/index.js';
import { crsFromEpsg, rasterizeLayer, readGeoTiff, readVector, GisError } from '../../../engine/src/gis/index.js';
import { fixtures, repoRoot } from './paths.js';

const vector = (name: string): string => fixtures('vector', name);
const zionLandcover = path.join(repoRoot, 'tests/fixtures/real/zion/landcover_nlcd8.tif');

function expectSameRaster(a: VectorLayer, b: VectorLayer, grid: GridSpec, allTouched = false): number {
  const ra = rasterizeLayer(a, grid, { burn: 1, sampleType: 'Byte', allTouched });
  const rb = rasterizeLayer(b, grid, { burn: 1, sampleType: 'Byte', allTouched });
  expect(ra.cellsBurned).toBeGreaterThan(0);
  expect(Buffer.from(ra.data.buffer).equals(Buffer.from(rb.data.buffer))).toBe(true);
  return ra.cellsBurned;
}

describe('Shapefile', () => {
  it('Zion boundary (UTM 12N): same CRS, features and rasterised layer as its ogr2ogr GeoJSON', async () => {
    const shp = await readVector(vector('zion-boundary.shp'));
    const json = await readVector(vector('zion-boundary-from-shp.geojson'));
    expect(shp.crs.epsg).toBe(26912);
    expect(json.crs.epsg).toBe(26912);
    expect(shp.features).toHaveLength(1);
    expect(shp.features[0]!.geometry).toEqual(json.features[0]!.geometry);
    const { grid } = await readGeoTiff(zionLandcover);
    expect(expectSameRaster(shp, json, grid)).toBeGreaterThan(500_000);
  });

  it('Swellendam cadastral parcels (UTM 33S): attributes and rasterised layer as the GeoJSON', async () => {
    const shp = await readVector(vector('parcels.shp'));
    const json = await readVector(vector('parcels-from-shp.geojson'));
    expect(shp.crs.epsg).toBe(32733);
    expect(shp.features).toHaveLength(60);
    shp.features.forEach((feature, i) => {
      expect(feature.properties).toEqual(json.features[i]!.properties);
      expect(feature.geometry).toEqual(json.features[i]!.geometry);
    });
    const grid: GridSpec = {
      width: 340,
      height: 265,
      originX: 970_000,
      originY: 6_249_000,
      pixelWidth: 200,
      pixelHeight: 200,
      crs: crsFromEpsg(32733),
    };
    expectSameRaster(shp, json, grid);
    expectSameRaster(shp, json, grid, true);
  });

  it.each([
    ['names-cp1252.shp', 'Œuvre – 5 €'],
    ['names-utf8.shp', 'Œuvre – 5 €'],
    ['names-ldid.shp', '?uvre ? 5 ?'], // written by GDAL as ISO-8859-1 (language driver 87), lossy as in ogrinfo
  ])('decodes non-ASCII attributes of %s as ogrinfo shows them', async (file, note) => {
    const layer = await readVector(vector(file));
    expect(layer.crs.epsg).toBe(2056);
    expect(layer.features.map((f) => f.properties?.name)).toEqual([
      'Zürich',
      'Genève',
      'Neuchâtel',
      'Graubünden/Grischun',
    ]);
    expect(layer.features[0]!.properties?.note).toBe(note);
  });

  it('decodes an ISO-8859-1 table with its .cpg', async () => {
    const layer = await readVector(vector('names-latin1.shp'));
    expect(layer.features.map((f) => f.properties?.name)).toEqual([
      'Zürich',
      'Genève',
      'Neuchâtel',
      'Graubünden/Grischun',
    ]);
  });

  it('refuses a Shapefile without .prj, naming the file and the fix', async () => {
    await expect(readVector(vector('no-prj.shp'))).rejects.toThrow(
      /no-prj\.shp: has no \.prj file, so its CRS is unknown/,
    );
  });

  it('names a missing .shp', async () => {
    await expect(readVector(vector('nope.shp'))).rejects.toThrow(/nope\.shp: no such file/);
  });
});

describe('GeoPackage', () => {
  it('picks the feature table named by `layer`; same as its ogr2ogr GeoJSON', async () => {
    const points = await readVector(vector('zion.gpkg'), { layer: 'points' });
    const json = await readVector(vector('zion-points-from-gpkg.geojson'));
    expect(points.crs.epsg).toBe(26912);
    expect(points.features).toHaveLength(30);
    expect(points.features.map((f) => f.geometry)).toEqual(json.features.map((f) => f.geometry));
    const boundary = await readVector(vector('zion.gpkg'), { layer: 'boundary' });
    const boundaryJson = await readVector(vector('zion-boundary-from-gpkg.geojson'));
    const { grid } = await readGeoTiff(zionLandcover);
    expectSameRaster(boundary, boundaryJson, grid);
    expectSameRaster(points, json, grid);
  });

  it('with several tables and no `layer`, lists them', async () => {
    await expect(readVector(vector('zion.gpkg'))).rejects.toThrow(
      /zion\.gpkg: the GeoPackage has 2 feature tables \("boundary", "points"\); choose one with `layer:`/,
    );
  });

  it('names an unknown table and a file that is not a GeoPackage', async () => {
    await expect(readVector(vector('zion.gpkg'), { layer: 'roads' })).rejects.toThrow(
      /zion\.gpkg: has no feature table "roads"; it has "boundary", "points"/,
    );
    const error = await readVector(path.join(vector('names.geojson')).replace(/\.geojson$/, '.gpkg')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GisError);
    await expect(readVector(vector('names-utf8.dbf'))).rejects.toThrow(/is not a vector format read here/);
  });
});
