/**
 * Coordinate reference systems against GDAL 3.6 / PROJ 9.1 (tests/fixtures/gis/crs/make.sh):
 * points within 1 mm of gdaltransform and grids warped cell for cell as gdalwarp -r near -et 0,
 * for eight national grids and a GeoTIFF whose CRS is only WKT.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alignRaster,
  coordinateTransformer,
  crsFromDefinition,
  crsFromEpsg,
  readGeoTiff,
} from '../../../engine/src/gis/index.js';
import { fixtures } from './paths.js';

const CODES = [2056, 2180, 27700, 28992, 31370, 5514, 3006, 2154];
const crsFixture = (name: string): string => fixtures('crs', name);
const numbers = (file: string): number[][] =>
  readFileSync(crsFixture(file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));

describe.each(CODES)('EPSG:%i', (code) => {
  it('projects WGS 84 points within 1 mm of gdaltransform, and back', () => {
    const lonLat = numbers(`points-${code}.lonlat.txt`);
    const expected = numbers(`points-${code}.xy.txt`);
    const forward = coordinateTransformer(crsFromEpsg(4326), crsFromEpsg(code));
    const inverse = coordinateTransformer(crsFromEpsg(code), crsFromEpsg(4326));
    lonLat.forEach((p, i) => {
      const [x, y] = forward(p);
      expect(Math.abs(x - expected[i]![0]!)).toBeLessThan(1e-3);
      expect(Math.abs(y - expected[i]![1]!)).toBeLessThan(1e-3);
      const [lon, lat] = inverse(expected[i]!);
      expect(Math.abs(lon - p[0]!)).toBeLessThan(2e-8); // about 2 mm: proj4 inverts a Helmert to first order
      expect(Math.abs(lat - p[1]!)).toBeLessThan(2e-8);
    });
  });

  it('warps a WGS 84 raster onto a grid in this CRS cell for cell as gdalwarp -r near -et 0', async () => {
    const source = await readGeoTiff(crsFixture(`ids-wgs84-${code}.tif`));
    const expected = await readGeoTiff(crsFixture(`warped-near-${code}.tif`));
    expect(expected.grid.crs.epsg).toBe(code);
    const aligned = alignRaster(source, expected.grid, { kind: 'categorical' });
    expect(aligned.cellsOutsideCoverage).toBe(0);
    let differing = 0;
    for (let i = 0; i < expected.data.length; i++) if (aligned.data[i] !== expected.data[i]) differing++;
    expect(differing).toBe(0);
  });

  it('identifies the ESRI WKT of a Shapefile .prj as the EPSG code', () => {
    const crs = crsFromDefinition(readFileSync(crsFixture(`esri-${code}.prj`), 'utf8'));
    expect(crs.epsg).toBe(code);
  });
});

describe('a GeoTIFF whose CRS is only WKT (ESRI PE citation, no EPSG code)', () => {
  it('reads the definition and transforms and warps as GDAL does', async () => {
    const grid = await readGeoTiff(crsFixture('grid-wkt-only.tif'));
    expect(grid.grid.crs.epsg).toBeNull();
    expect(grid.grid.crs.kind).toBe('projected');
    expect(grid.grid.crs.definition).toMatch(/Transverse_Mercator/);
    const toGrid = coordinateTransformer(crsFromEpsg(4326), grid.grid.crs);
    const lonLat = numbers('points-2056.lonlat.txt');
    const expected = numbers('points-wkt-only.xy.txt');
    lonLat.forEach((p, i) => {
      const [x, y] = toGrid(p);
      expect(Math.abs(x - expected[i]![0]!)).toBeLessThan(1e-3);
      expect(Math.abs(y - expected[i]![1]!)).toBeLessThan(1e-3);
    });
    const source = await readGeoTiff(crsFixture('ids-wgs84-2056.tif'));
    const warped = await readGeoTiff(crsFixture('warped-near-wkt-only.tif'));
    const aligned = alignRaster(source, grid.grid, { kind: 'categorical' });
    expect(Array.from(aligned.data)).toEqual(Array.from(warped.data));
  });
});

describe('errors name the layer and the CRS', () => {
  it('an unknown code', () => {
    expect(() => crsFromEpsg(123456, 'layer "roads" (roads.shp)')).toThrow(
      /layer "roads" \(roads\.shp\): the CRS EPSG:123456 is not in the EPSG registry/,
    );
  });
  it('an unreadable definition', () => {
    expect(() => crsFromDefinition('PROJCS["broken"', 'zones.prj')).toThrow(
      /zones\.prj: cannot read the CRS definition/,
    );
  });
  it('a grid without any CRS definition cannot be transformed', () => {
    const unknown = { epsg: null, kind: 'user-defined', name: 'mystery', units: 'unknown' } as const;
    expect(() => coordinateTransformer(unknown, crsFromEpsg(4326), 'dem.tif')).toThrow(
      /dem\.tif: cannot transform coordinates to or from mystery/,
    );
  });
});
