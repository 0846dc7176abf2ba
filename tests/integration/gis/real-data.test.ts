/**
 * GIS on real data from tests/fixtures/real (copied from ../shared/gis-data): Zion (NLCD land cover, park boundary, points)
 * and Swellendam (OSM and cadastral vectors in WGS 84, projected to UTM 34S).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { area as turfArea } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeoTiffReadResult, GridSpec } from '../../../engine/src/gis/index.js';
import {
  alignRaster,
  computeSlope,
  crsFromEpsg,
  defineStudyArea,
  distanceToLayer,
  polygonize,
  projectVectorLayer,
  rasterizeLayer,
  readGeoJson,
  readGeoTiff,
  vectorBounds,
  writeGeoTiff,
} from '../../../engine/src/gis/index.js';
import { repoRoot, realGisData } from '../../unit/gis/paths.js';

const zion = (name: string): string => realGisData('zion', name);
const swellendam = (name: string): string => realGisData('swellendam', name);

let dir: string;
let nlcd8: GeoTiffReadResult;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gis-real-'));
  nlcd8 = await readGeoTiff(zion('landcover_nlcd8.tif'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Zion land cover', () => {
  it('reads the raster as gdalinfo does (README facts)', () => {
    expect(nlcd8.grid.width).toBe(1073);
    expect(nlcd8.grid.height).toBe(1359);
    expect(nlcd8.grid.crs.epsg).toBe(26912);
    expect(nlcd8.grid.pixelWidth).toBeCloseTo(31.5303, 4);
    expect(nlcd8.grid.pixelHeight).toBeCloseTo(31.5247, 4);
    expect(nlcd8.grid.originX).toBeCloseTo(301903.344, 3);
    expect(nlcd8.grid.originY).toBeCloseTo(4154086.472, 3);
    expect(nlcd8.nodata).toBe(255);
    expect(nlcd8.compression).toBe('LZW');
    const counts = new Array<number>(256).fill(0);
    for (const v of nlcd8.data) counts[v]!++;
    expect(counts.slice(1, 9)).toEqual([1209, 17517, 106070, 767537, 545771, 4878, 8728, 6497]);
    expect(counts[255]).toBe(0);
  });

  it('the CLI inspect command prints the same counts', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'engine/src/cli/main.ts'),
        'inspect',
        zion('landcover_nlcd2011.tif'),
        '--json',
      ],
      { cwd: repoRoot },
    );
    const report = JSON.parse(stdout) as {
      crs: { epsg: number };
      dataType: string;
      compression: string;
      valueCounts: { value: number; count: number }[];
    };
    expect(report.crs.epsg).toBe(26912);
    expect(report.dataType).toBe('Byte');
    expect(report.compression).toBe('deflate');
    expect(report.valueCounts.find((v) => v.value === 42)?.count).toBe(564668);
    expect(report.valueCounts.find((v) => v.value === 95)?.count).toBe(75);
  });

  it('clips to the park boundary and aligns the full legend raster onto the same grid', async () => {
    const boundary = await readGeoJson(zion('boundary.geojson'));
    const area = defineStudyArea(nlcd8.grid, boundary);
    // The boundary covers part of the raster (the raster is the park's bounding box plus 1 km).
    expect(area.cellsInside).toBeGreaterThan(0.3 * 1073 * 1359);
    expect(area.cellsInside).toBeLessThan(0.9 * 1073 * 1359);
    // Its area agrees with the polygon's (projected, so within a fraction of a percent).
    const parkHa = turfArea(boundary.features[0] as never) / 10_000;
    const cellHa = (nlcd8.grid.pixelWidth * nlcd8.grid.pixelHeight) / 10_000;
    expect(Math.abs((area.cellsInside * cellHa) / parkHa - 1)).toBeLessThan(0.01);

    const full = await readGeoTiff(zion('landcover_nlcd2011.tif'));
    const aligned = alignRaster(full, area, { kind: 'categorical' });
    expect(aligned.cellsOutsideCoverage).toBe(0);
    expect(aligned.cellsOutsideStudyArea).toBe(1073 * 1359 - area.cellsInside);
    for (let i = 0; i < aligned.data.length; i += 997) {
      if (area.mask![i]) expect(aligned.data[i]).toBe(full.data[i]);
      else expect(aligned.data[i]).toBe(255);
    }
  });

  it('resamples onto a coarser 90 m grid: nearest for classes, and reports cells outside coverage', () => {
    const g = nlcd8.grid;
    const coarse: GridSpec = {
      ...g,
      originX: g.originX - 900,
      width: 400,
      height: 480,
      pixelWidth: 90,
      pixelHeight: 90,
    };
    const aligned = alignRaster(nlcd8, coarse, { kind: 'categorical' });
    expect(aligned.cellsOutsideCoverage).toBeGreaterThan(0);
    expect(aligned.messages.join(' ')).toMatch(/lie outside the layer's extent and are set to nodata/);
    const forest = [...aligned.data].filter((v) => v === 4).length / [...aligned.data].filter((v) => v !== 255).length;
    expect(forest).toBeCloseTo(767537 / (1073 * 1359), 1);
  });

  it('rasterises the points and measures distance to them', async () => {
    const points = await readGeoJson(zion('points.geojson'));
    expect(points.features.length).toBe(30);
    const { cellsBurned } = rasterizeLayer(points, nlcd8.grid);
    expect(cellsBurned).toBe(30);
    const distance = distanceToLayer(points, nlcd8.grid);
    const projected = projectVectorLayer(points, nlcd8.grid.crs);
    // At each point's cell the distance is 0; elsewhere no larger than the distance to the first point + half a cell diagonal.
    const first = projected.features[0]!.geometry as unknown as { coordinates: number[] };
    const g = nlcd8.grid;
    for (let row = 0; row < g.height; row += 101) {
      for (let col = 0; col < g.width; col += 89) {
        const x = g.originX + (col + 0.5) * g.pixelWidth;
        const y = g.originY - (row + 0.5) * g.pixelHeight;
        expect(distance[row * g.width + col]).toBeLessThanOrEqual(
          Math.hypot(x - first.coordinates[0]!, y - first.coordinates[1]!) + g.pixelWidth,
        );
      }
    }
  });

  it('polygonises the land cover with areas within 0.5% of the raster', () => {
    const out = polygonize(nlcd8.grid, nlcd8.data, { mode: 'classes', nodata: 255 });
    expect(out.features.length).toBe(8);
    const cellHa = (nlcd8.grid.pixelWidth * nlcd8.grid.pixelHeight) / 10_000;
    for (const feature of out.features) {
      expect(feature.properties.areaHa).toBeCloseTo(feature.properties.cellCount * cellHa, 2);
      const geodesicHa = turfArea(feature as never) / 10_000;
      expect(Math.abs(geodesicHa / feature.properties.areaHa - 1)).toBeLessThan(0.005);
    }
  });

  it('writes a categorical layer that reads back identically, with a palette and a QGIS style', async () => {
    const file = path.join(dir, 'nlcd8.tif');
    const classes = ['Water', 'Developed', 'Barren', 'Forest', 'Shrubland', 'Herbaceous', 'Cultivated', 'Wetlands'].map(
      (name, i) => ({
        value: i + 1,
        name,
        color: nlcd8.colorTable!.get(i + 1)!,
      }),
    );
    const written = await writeGeoTiff(file, { grid: nlcd8.grid, data: nlcd8.data, nodata: 255, classes });
    const back = await readGeoTiff(file);
    expect(back.grid).toEqual(nlcd8.grid);
    expect(Buffer.compare(Buffer.from(back.data.buffer), Buffer.from(nlcd8.data.buffer))).toBe(0);
    expect(back.colorTable?.get(4)).toBe(nlcd8.colorTable?.get(4));
    expect(await readFile(written.qmlPath!, 'utf8')).toContain('label="Shrubland"');
  });

  it('derives slope from a DEM on the real grid (a tilted plane: constant slope)', () => {
    const g = nlcd8.grid;
    const dem = new Float32Array(g.width * g.height);
    for (let row = 0; row < g.height; row++)
      for (let col = 0; col < g.width; col++) dem[row * g.width + col] = 1500 + 0.1 * col * g.pixelWidth;
    const slope = computeSlope(g, dem);
    expect(slope[500 * g.width + 500]).toBeCloseTo((Math.atan(0.1) * 180) / Math.PI, 3);
  });
});

describe('Swellendam vectors, WGS 84 -> UTM 34S', () => {
  it('validates every layer and reports the README feature counts', async () => {
    const expected: Record<string, number> = {
      'roads_osm.geojson': 717,
      'roads_major.geojson': 345,
      'schools_osm.geojson': 4,
      'places_osm.geojson': 5,
      'protected_areas_osm.geojson': 2,
      'water_osm.geojson': 37,
      'rivers_osm.geojson': 20,
      'urban_areas_cadastre.geojson': 6,
      'farm_parcels_cadastre.geojson': 2008,
    };
    for (const [name, count] of Object.entries(expected))
      expect((await readGeoJson(swellendam(name))).features.length, name).toBe(count);
  });

  it('rasterises farm parcels, roads and schools onto a 50 m UTM 34S grid and measures distance to schools', async () => {
    const farms = await readGeoJson(swellendam('farm_parcels_cadastre.geojson'));
    const utm34s = crsFromEpsg(32734);
    const [minX, minY, maxX, maxY] = vectorBounds(projectVectorLayer(farms, utm34s).features)!;
    const cell = 50;
    const grid: GridSpec = {
      width: Math.ceil((maxX - minX) / cell),
      height: Math.ceil((maxY - minY) / cell),
      originX: Math.floor(minX),
      originY: Math.ceil(maxY),
      pixelWidth: cell,
      pixelHeight: cell,
      crs: utm34s,
    };
    const parcels = rasterizeLayer(farms, grid, { burn: 1 });
    expect(parcels.cellsBurned).toBeGreaterThan(10_000);
    // Large parcels one by one (parcels overlap, so not all at once): cell area vs geodesic area within 3%.
    const large = farms.features.filter((f) => turfArea(f as never) > 200 * 10_000).slice(0, 15);
    expect(large.length).toBe(15);
    for (const parcel of large) {
      const { cellsBurned } = rasterizeLayer({ ...farms, features: [parcel] }, grid);
      expect(Math.abs((cellsBurned * cell * cell) / turfArea(parcel as never) - 1)).toBeLessThan(0.03);
    }

    const roads = await readGeoJson(swellendam('roads_major.geojson'));
    const roadCells = rasterizeLayer(roads, grid, { allTouched: true }).cellsBurned;
    expect(roadCells).toBeGreaterThan(1000);

    const schools = await readGeoJson(swellendam('schools_osm.geojson'));
    const distance = distanceToLayer(schools, grid);
    const zero = [...distance].filter((d) => d === 0).length;
    expect(zero).toBeGreaterThan(0);
    expect(distance.reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(
      Math.hypot(grid.width * cell, grid.height * cell),
    );

    // The same layer on a 33S grid (the cadastre's own zone) keeps its area.
    const utm33s = crsFromEpsg(32733);
    const [x0, y0, x1, y1] = vectorBounds(projectVectorLayer(farms, utm33s).features)!;
    const grid33: GridSpec = {
      ...grid,
      crs: utm33s,
      originX: Math.floor(x0),
      originY: Math.ceil(y1),
      width: Math.ceil((x1 - x0) / cell),
      height: Math.ceil((y1 - y0) / cell),
    };
    const cells33 = rasterizeLayer(farms, grid33, { burn: 1 }).cellsBurned;
    expect(Math.abs(cells33 / parcels.cellsBurned - 1)).toBeLessThan(0.01);
  });
});
