import { readFile } from 'node:fs/promises';
import { area as turfArea, booleanClockwise } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../../../engine/src/gis/index.js';
import { crsFromEpsg, polygonize, readGeoTiff } from '../../../engine/src/gis/index.js';
import { fixtures } from './paths.js';

interface GdalFeature {
  properties: { class: number };
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}

function ringArea(ring: readonly (readonly number[])[]): number {
  let twice = 0;
  for (let i = 1; i < ring.length; i++) twice += ring[i - 1]![0]! * ring[i]![1]! - ring[i]![0]! * ring[i - 1]![1]!;
  return twice / 2;
}
const polygonArea = (rings: readonly (readonly (readonly number[])[])[]): number =>
  rings.reduce((sum, ring) => sum + Math.abs(ringArea(ring)) * (ring === rings[0] ? 1 : -1), 0);

describe('polygonize matches gdal_polygonize', () => {
  it('same patches, areas and holes (in the grid CRS)', async () => {
    const raster = await readGeoTiff(fixtures('in/classes.tif'));
    const gdal = JSON.parse(await readFile(fixtures('out/classes-polygons.geojson'), 'utf8')) as {
      features: GdalFeature[];
    };
    const ours = polygonize(raster.grid, raster.data, { nodata: raster.nodata, to: raster.grid.crs });
    expect(ours.features.length).toBe(gdal.features.length);
    const summary = (list: { cls: number; area: number; holes: number }[]) =>
      list.map((p) => `${p.cls}:${p.area}:${p.holes}`).sort();
    expect(
      summary(
        ours.features.map((f) => ({
          cls: f.properties.class,
          area: polygonArea(f.geometry.coordinates as number[][][]),
          holes: f.geometry.coordinates.length - 1,
        })),
      ),
    ).toEqual(
      summary(
        gdal.features.map((f) => ({
          cls: f.properties.class,
          area: polygonArea(f.geometry.coordinates),
          holes: f.geometry.coordinates.length - 1,
        })),
      ),
    );
    for (const feature of ours.features) {
      expect(feature.properties.areaHa).toBeCloseTo(
        polygonArea(feature.geometry.coordinates as number[][][]) / 10_000,
        6,
      );
      expect(feature.properties.areaHa).toBeCloseTo((feature.properties.cellCount * 900) / 10_000, 6);
    }
  });

  it('writes RFC 7946 WGS 84 with counter-clockwise exteriors and clockwise holes; areas within 0.5%', async () => {
    const raster = await readGeoTiff(fixtures('in/classes.tif'));
    const names = { 1: 'Housing', 2: 'Farmland' };
    const out = polygonize(raster.grid, raster.data, { nodata: 0, classNames: names });
    for (const feature of out.features) {
      const [exterior, ...holes] = feature.geometry.coordinates as number[][][];
      expect(booleanClockwise(exterior as never)).toBe(false);
      for (const hole of holes) expect(booleanClockwise(hole as never)).toBe(true);
      expect(Math.abs(exterior![0]![0]!)).toBeLessThan(180);
      const geodesic = turfArea(feature as never) / 10_000;
      expect(Math.abs(geodesic / feature.properties.areaHa - 1)).toBeLessThan(0.005);
    }
    expect(out.features.find((f) => f.properties.class === 1)?.properties.name).toBe('Housing');
  });

  it('one MultiPolygon per class with totals', () => {
    const grid: GridSpec = {
      width: 3,
      height: 3,
      originX: 0,
      originY: 30,
      pixelWidth: 10,
      pixelHeight: 10,
      crs: crsFromEpsg(32634),
    };
    // Diagonal cells of class 1 are separate 4-connected patches.
    const data = [1, 2, 1, 2, 1, 2, 1, 2, 1];
    const out = polygonize(grid, data, { mode: 'classes', to: grid.crs });
    expect(
      out.features.map((f) => [f.properties.class, f.geometry.type, f.properties.patches, f.properties.cellCount]),
    ).toEqual([
      [1, 'MultiPolygon', 5, 5],
      [2, 'MultiPolygon', 4, 4],
    ]);
    expect(out.features[0]!.properties.areaHa).toBeCloseTo(0.05, 9);
  });

  it('keeps rings simple where a patch touches itself at a corner', () => {
    const grid: GridSpec = {
      width: 4,
      height: 4,
      originX: 0,
      originY: 40,
      pixelWidth: 10,
      pixelHeight: 10,
      crs: crsFromEpsg(32634),
    };
    // One patch of 1s around two 2s that touch at a corner; the patch also touches itself at (col 3, row 2).
    const data = [1, 1, 1, 0, 1, 2, 1, 0, 1, 1, 2, 1, 0, 1, 1, 1];
    const out = polygonize(grid, data, { nodata: 0, to: grid.crs });
    const ones = out.features.filter((f) => f.properties.class === 1);
    expect(ones.length).toBe(1);
    const rings = ones[0]!.geometry.coordinates as number[][][];
    expect(rings.length).toBe(3); // exterior + two holes touching at one point
    expect(polygonArea(rings)).toBeCloseTo(ones[0]!.properties.cellCount * 100, 9);
    for (const ring of rings) {
      const inner = ring.slice(0, -1).map((p) => p.join(','));
      expect(new Set(inner).size).toBe(inner.length); // no repeated vertex: the ring does not touch itself
    }
  });
});
