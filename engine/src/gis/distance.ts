/**
 * Exact Euclidean distance transform in map units (Felzenszwalb & Huttenlocher 2012, "Distance
 * Transforms of Sampled Functions"): a 1-D lower envelope of parabolas down every column, then
 * along every row. Linear in the number of cells; exact for rectangular cells. Distances are
 * between cell centres, as `gdal_proximity -distunits GEO` measures them.
 */
import type { VectorLayer } from './geojson.js';
import { GisError } from './errors.js';
import type { GridSpec } from './grid.js';
import { cellCount } from './grid.js';
import { rasterizeLayer } from './rasterize.js';

/** Squared distance stand-in for "no feature yet"; finite so the envelope arithmetic stays exact. */
const FAR = 1e30;

export interface DistanceOptions {
  /** Distances beyond this (map units) become `Infinity` (default: no limit). */
  readonly maxDistance?: number;
}

/**
 * Distance from every cell centre to the nearest feature cell centre, in map units.
 * @param isFeature Grid-sized; non-zero marks a feature cell (distance 0).
 * @returns Float32 distances; `Infinity` when there is no feature cell at all (or beyond
 *   `maxDistance`).
 * @example const toRoads = euclideanDistance(grid, roadsMask); // metres in a UTM grid
 */
export function euclideanDistance(
  grid: GridSpec,
  isFeature: ArrayLike<number>,
  options: DistanceOptions = {},
): Float32Array {
  const { width, height } = grid;
  if (isFeature.length !== cellCount(grid)) {
    throw new GisError(
      'invalid-data',
      `distance: the feature mask has ${isFeature.length} values, the grid ${cellCount(grid)} cells.`,
    );
  }
  const squared = new Float64Array(width * height);
  const longest = Math.max(width, height);
  const f = new Float64Array(longest);
  const d = new Float64Array(longest);
  const v = new Int32Array(longest);
  const z = new Float64Array(longest + 1);

  // Columns: spacing pixelHeight.
  const ny2 = grid.pixelHeight * grid.pixelHeight;
  for (let col = 0; col < width; col++) {
    for (let row = 0; row < height; row++) f[row] = isFeature[row * width + col] ? 0 : FAR;
    envelope1d(f, d, v, z, height, ny2);
    for (let row = 0; row < height; row++) squared[row * width + col] = d[row]!;
  }
  // Rows: spacing pixelWidth.
  const nx2 = grid.pixelWidth * grid.pixelWidth;
  const out = new Float32Array(width * height);
  const max = options.maxDistance ?? Infinity;
  for (let row = 0; row < height; row++) {
    const offset = row * width;
    for (let col = 0; col < width; col++) f[col] = squared[offset + col]!;
    envelope1d(f, d, v, z, width, nx2);
    for (let col = 0; col < width; col++) {
      const value = d[col]!;
      const distance = value >= FAR / 2 ? Infinity : Math.sqrt(value);
      out[offset + col] = distance > max ? Infinity : distance;
    }
  }
  return out;
}

/**
 * d[p] = min over q of f[q] + spacing2 * (p - q)^2, for p in [0, n): the lower envelope of the
 * parabolas rooted at each q.
 */
function envelope1d(
  f: Float64Array,
  d: Float64Array,
  v: Int32Array,
  z: Float64Array,
  n: number,
  spacing2: number,
): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    const fq = f[q]! + spacing2 * q * q;
    let s = (fq - (f[v[k]!]! + spacing2 * v[k]! * v[k]!)) / (2 * spacing2 * (q - v[k]!));
    while (s <= z[k]!) {
      k--;
      s = (fq - (f[v[k]!]! + spacing2 * v[k]! * v[k]!)) / (2 * spacing2 * (q - v[k]!));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const delta = q - v[k]!;
    d[q] = spacing2 * delta * delta + f[v[k]!]!;
  }
}

/**
 * Distance (map units) from every cell to the nearest feature of a vector layer: the layer is
 * rasterised with all cells touched, then `euclideanDistance` runs.
 * @example const toStops = distanceToLayer(await readGeoJson('stops.geojson'), grid);
 */
export function distanceToLayer(layer: VectorLayer, grid: GridSpec, options: DistanceOptions = {}): Float32Array {
  const { data } = rasterizeLayer(layer, grid, { burn: 1, allTouched: true });
  return euclideanDistance(grid, data, options);
}
