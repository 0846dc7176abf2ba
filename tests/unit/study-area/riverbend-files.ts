/** Paths and readers of the committed Riverbend study area, shared by the study-area tests. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crsFromEpsg } from '../../../engine/src/gis/crs.js';
import { coordinateTransformer } from '../../../engine/src/gis/crs-transform.js';
import type { GridSpec } from '../../../engine/src/gis/grid.js';
import { columnOf, rowOf } from '../../../engine/src/gis/grid.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** A file of the committed study area, gis-data/riverbend/<name>. */
export const riverbendFile = (name: string): string => path.join(repoRoot, 'gis-data', 'riverbend', name);

export type LonLat = [number, number];
export interface TestFeature {
  type: 'Feature';
  properties: Record<string, string | number>;
  geometry:
    | { type: 'Point'; coordinates: LonLat }
    | { type: 'LineString'; coordinates: LonLat[] }
    | { type: 'Polygon'; coordinates: LonLat[][] };
}
export interface TestCollection {
  type: 'FeatureCollection';
  features: TestFeature[];
}

/** Parse a committed GeoJSON layer (no validation: see vectors.test.ts for that). */
export async function readLayer(name: string): Promise<TestCollection> {
  return JSON.parse(await readFile(riverbendFile(`${name}.geojson`), 'utf8')) as TestCollection;
}

const toUtm = coordinateTransformer(crsFromEpsg(4326), crsFromEpsg(32633));

/** The row-major index of the grid cell holding a WGS 84 position. */
export function cellAt(grid: GridSpec, lonLat: LonLat): number {
  const [x, y] = toUtm(lonLat);
  const col = Math.floor(columnOf(grid, x));
  const row = Math.floor(rowOf(grid, y));
  if (col < 0 || row < 0 || col >= grid.width || row >= grid.height)
    throw new Error(`${lonLat.join(', ')} is outside the grid`);
  return row * grid.width + col;
}

/** UTM 33N metres of a WGS 84 position. */
export function utm(lonLat: LonLat): [number, number] {
  return toUtm(lonLat);
}
