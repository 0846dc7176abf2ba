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
  const squared = squaredDistanceTransform(
    (cell) => !!isFeature[cell],
    width,
    height,
    grid.pixelWidth,
    grid.pixelHeight,
    new Float64Array(width * height),
  );
  const out = new Float32Array(width * height);
  const max = options.maxDistance ?? Infinity;
  for (let i = 0; i < out.length; i++) {
    const distance = Math.sqrt(squared[i]!);
    out[i] = distance > max ? Infinity : distance;
  }
  return out;
}

/**
 * Reusable work buffers for {@link squaredDistanceTransform} on grids up to `maxSide` cells wide/high
 * (the land-use objectives run the transform on every layout without allocating).
 */
export class DistanceScratch {
  readonly f: Float64Array;
  readonly d: Float64Array;
  readonly v: Int32Array;
  readonly z: Float64Array;
  /** Per parabola of the envelope, f[p] + w2 * p^2 (computed once, not at every comparison). */
  readonly h: Float64Array;
  constructor(maxSide: number) {
    this.f = new Float64Array(maxSide);
    this.d = new Float64Array(maxSide);
    this.v = new Int32Array(maxSide);
    this.z = new Float64Array(maxSide + 1);
    this.h = new Float64Array(maxSide);
  }
}

/** 1-D lower envelope of parabolas: d[q] = min_p (f[p] + (q-p)^2 * w2). */
function transform1d(f: Float64Array, n: number, w2: number, scratch: DistanceScratch): void {
  const { d, v, z, h } = scratch;
  let k = 0;
  // Skip leading infinite samples: they never form part of the envelope.
  let first = 0;
  while (first < n && f[first] === Infinity) first++;
  if (first === n) {
    for (let q = 0; q < n; q++) d[q] = Infinity;
    return;
  }
  v[0] = first;
  h[0] = f[first]! + w2 * first * first;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = first + 1; q < n; q++) {
    const fq = f[q]!;
    if (fq === Infinity) continue;
    const hq = fq + w2 * q * q;
    let s: number;
    for (;;) {
      s = (hq - h[k]!) / (2 * w2 * (q - v[k]!));
      if (s <= z[k]! && k > 0) k--;
      else break;
    }
    if (s <= z[k]!) {
      // k === 0 and the new parabola dominates from the start.
      v[0] = q;
      h[0] = hq;
      z[0] = -Infinity;
      z[1] = Infinity;
      k = 0;
      continue;
    }
    k++;
    v[k] = q;
    h[k] = hq;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) * w2 + f[p]!;
  }
}

/**
 * Squared distance from every cell centre to the nearest cell where `isSource(i)` is true.
 * @param out receives squared distances (Infinity when there is no source at all).
 * @param cellSizeX cell width in metres; @param cellSizeY cell height in metres.
 */
export function squaredDistanceTransform(
  isSource: (cell: number) => boolean,
  width: number,
  height: number,
  cellSizeX: number,
  cellSizeY: number,
  out: Float64Array,
  scratch: DistanceScratch = new DistanceScratch(Math.max(width, height)),
): Float64Array {
  const { f, d, v } = scratch;
  const wy2 = cellSizeY * cellSizeY;
  const wx2 = cellSizeX * cellSizeX;
  // Columns first (distance along y), then rows. The columns' input is 0 or Infinity, so their
  // lower envelope is simply the nearest source above or below: two sweeps down and up the rows,
  // in memory order (a column at a time strode across the whole grid, 2000 x 2000: most of the
  // transform's time). The values are the envelope's bit for bit, (y - p)^2 * wy2.
  const nearest = v; // per column, the row of the nearest source so far (-1: none yet)
  nearest.fill(-1, 0, width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (isSource(row + x)) {
        nearest[x] = y;
        out[row + x] = 0;
      } else {
        const p = nearest[x]!;
        out[row + x] = p < 0 ? Infinity : (y - p) * (y - p) * wy2;
      }
    }
  }
  nearest.fill(-1, 0, width);
  for (let y = height - 1; y >= 0; y--) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      // Only sources are at distance 0 (wy2 > 0 elsewhere).
      if (out[row + x] === 0) nearest[x] = y;
      else {
        const p = nearest[x]!;
        if (p >= 0) {
          const below = (y - p) * (y - p) * wy2;
          if (below < out[row + x]!) out[row + x] = below;
        }
      }
    }
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = out[row + x]!;
    transform1d(f, width, wx2, scratch);
    for (let x = 0; x < width; x++) out[row + x] = d[x]!;
  }
  return out;
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
