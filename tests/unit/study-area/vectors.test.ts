/**
 * The committed Riverbend vector layers: valid RFC 7946 GeoJSON inside the study-area boundary,
 * a river that flows downhill, one connected road network, a flood zone along the river and a
 * reserve over natural land.
 */
import { booleanClockwise, booleanIntersects, booleanPointInPolygon, pointToLineDistance } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGeoJson } from '../../../engine/src/gis/geojson.js';
import { readGeoTiff, type GeoTiffReadResult } from '../../../engine/src/gis/geotiff-read.js';
import { CODE } from '../../../gis-data/generator/classes.js';
import { VECTOR_LAYERS } from '../../../gis-data/generator/riverbend.js';
import {
  cellAt,
  readLayer,
  riverbendFile,
  type LonLat,
  type TestCollection,
  type TestFeature,
} from './riverbend-files.js';

const layers = {} as Record<(typeof VECTOR_LAYERS)[number], TestCollection>;
let dem: GeoTiffReadResult;
let landuse: GeoTiffReadResult;

beforeAll(async () => {
  for (const name of VECTOR_LAYERS) layers[name] = await readLayer(name);
  dem = await readGeoTiff(riverbendFile('dem.tif'));
  landuse = await readGeoTiff(riverbendFile('landuse.tif'));
});

const positionsOf = (feature: TestFeature): LonLat[] => {
  const g = feature.geometry;
  return g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.coordinates.flat();
};
const geometryTypes = (name: (typeof VECTOR_LAYERS)[number]): string[] => [
  ...new Set(layers[name].features.map((f) => f.geometry.type)),
];

describe('Riverbend vector layers', () => {
  it.each(VECTOR_LAYERS)('%s.geojson is valid GeoJSON in WGS 84 (the GIS reader accepts it)', async (name) => {
    const layer = await readGeoJson(riverbendFile(`${name}.geojson`));
    expect(layer.crs.epsg).toBe(4326);
    expect(layer.features.length).toBeGreaterThan(0);
  });

  it('has the documented geometry types', () => {
    expect(geometryTypes('boundary')).toEqual(['Polygon']);
    expect(geometryTypes('roads')).toEqual(['LineString']);
    expect(geometryTypes('river')).toEqual(['LineString']);
    expect(geometryTypes('floodzone')).toEqual(['Polygon']);
    expect(geometryTypes('protected')).toEqual(['Polygon']);
    expect(geometryTypes('schools')).toEqual(['Point']);
    expect(geometryTypes('transit')).toEqual(['Point']);
    expect(geometryTypes('centres')).toEqual(['Point']);
    expect(layers.centres.features).toHaveLength(1);
    expect(layers.protected.features).toHaveLength(1);
  });

  it('polygons follow the right-hand rule (exterior counter-clockwise, holes clockwise) and are closed', () => {
    for (const name of ['boundary', 'floodzone', 'protected'] as const) {
      for (const feature of layers[name].features) {
        if (feature.geometry.type !== 'Polygon') continue;
        feature.geometry.coordinates.forEach((ring, k) => {
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          expect(booleanClockwise(ring), `${name} ring ${k}`).toBe(k > 0);
        });
      }
    }
  });

  it('every vertex of every layer lies inside the study-area boundary', () => {
    const boundary = layers.boundary.features[0]!.geometry;
    const outline = { type: 'LineString', coordinates: (boundary.coordinates as LonLat[][])[0]! };
    for (const name of VECTOR_LAYERS) {
      if (name === 'boundary') continue;
      for (const feature of layers[name].features) {
        for (const p of positionsOf(feature)) {
          // Polygons traced along cells on the grid edge lie on the boundary: allow rounding (1e-7 deg, about 1 cm).
          const inside =
            booleanPointInPolygon(p, boundary as never) ||
            pointToLineDistance(p, outline as never, { units: 'meters' }) < 0.05;
          expect(inside, `${name} ${p.join(',')}`).toBe(true);
        }
      }
    }
  });

  it('the river is open water along its whole course and flows downhill, west to east', () => {
    const river = layers.river.features[0]!.geometry.coordinates as LonLat[];
    const heights = river.map((p) => dem.data[cellAt(dem.grid, p)]!);
    for (const p of river) expect(landuse.data[cellAt(landuse.grid, p)]).toBe(CODE.water);
    for (let i = 1; i < heights.length; i++) expect(heights[i]!).toBeLessThanOrEqual(heights[i - 1]!);
    expect(heights[0]! - heights[heights.length - 1]!).toBeGreaterThan(10);
    // The channel is the lowest ground across the valley: nothing within 500 m is lower.
    expect(Math.min(...dem.data)).toBeGreaterThanOrEqual(heights[heights.length - 1]! - 0.01);
  });

  it('the flood zone covers the river and the low land beside it, and little else', () => {
    const river = layers.river.features[0]!.geometry.coordinates as LonLat[];
    const zones = layers.floodzone.features;
    for (const p of river) expect(zones.some((zone) => booleanPointInPolygon(p, zone.geometry as never))).toBe(true);
    const areaHa = zones.reduce((sum, zone) => sum + Number(zone.properties.areaHa), 0);
    expect(areaHa).toBeGreaterThan(60);
    expect(areaHa).toBeLessThan(600);
    // Low land: every vertex of the zone lies within 1 km of the river.
    const riverLine = layers.river.features[0]!.geometry;
    for (const zone of zones) {
      for (const p of positionsOf(zone))
        expect(pointToLineDistance(p, riverLine as never, { units: 'meters' })).toBeLessThan(1000);
    }
  });

  it('the roads form one connected network of primary, secondary and local roads', () => {
    const roads = layers.roads.features;
    const count = (cls: string): number => roads.filter((r) => r.properties.class === cls).length;
    expect(count('primary')).toBeGreaterThanOrEqual(1);
    expect(count('secondary')).toBeGreaterThanOrEqual(2);
    expect(count('local')).toBeGreaterThanOrEqual(10);
    expect(roads.every((r) => ['primary', 'secondary', 'local'].includes(String(r.properties.class)))).toBe(true);
    const reached = new Set<number>([0]);
    const queue = [0];
    while (queue.length > 0) {
      const a = queue.shift()!;
      roads.forEach((road, b) => {
        if (!reached.has(b) && booleanIntersects(roads[a]!.geometry as never, road.geometry as never)) {
          reached.add(b);
          queue.push(b);
        }
      });
    }
    expect(reached.size).toBe(roads.length);
  });

  it('the primary road crosses the area from west to east along the valley', () => {
    const primary = layers.roads.features.find((r) => r.properties.class === 'primary')!.geometry
      .coordinates as LonLat[];
    const cols = primary.map((p) => cellAt(landuse.grid, p) % 240);
    expect(Math.min(...cols)).toBe(0);
    expect(Math.max(...cols)).toBe(239);
  });

  it('transit stops are on roads', () => {
    const roads = layers.roads.features.map((r) => r.geometry);
    for (const stop of layers.transit.features) {
      const nearest = Math.min(
        ...roads.map((line) =>
          pointToLineDistance(stop.geometry.coordinates as LonLat, line as never, { units: 'meters' }),
        ),
      );
      expect(nearest, String(stop.properties.name)).toBeLessThan(1);
    }
  });

  it('the nature reserve lies over forest, wetland, grassland and water', () => {
    const reserve = layers.protected.features[0]!.geometry;
    let natural = 0;
    let total = 0;
    // Sample the reserve at the cells whose centres fall inside it.
    const [west, south, east, north] = bbox(positionsOf(layers.protected.features[0]!));
    for (let k = 0; k < 2500; k++) {
      const p: LonLat = [
        west + ((k % 50) + 0.5) * ((east - west) / 50),
        south + (Math.floor(k / 50) + 0.5) * ((north - south) / 50),
      ];
      if (!booleanPointInPolygon(p, reserve as never)) continue;
      total++;
      const code = landuse.data[cellAt(landuse.grid, p)]!;
      if (code === CODE.forest || code === CODE.wetland || code === CODE.grassland || code === CODE.water) natural++;
    }
    expect(total).toBeGreaterThan(500);
    expect(natural / total).toBeGreaterThan(0.97);
  });
});

function bbox(points: LonLat[]): [number, number, number, number] {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
