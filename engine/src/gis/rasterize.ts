/**
 * Burn vector features onto a grid: polygons by a scanline fill (cell-centre rule, or all cells
 * touched), lines and points on every cell they touch. Each polygon is filled with the even-odd
 * rule over its own rings (holes are left out); overlapping features overwrite in feature order.
 *
 * Why a scanline fill: a point-in-polygon test per cell costs cells x vertices; the scanline fill
 * costs (rows spanned by the edges) + (cells filled), so 10,000 parcels on 16 M cells take seconds.
 */
import type { Feature, Geometry, Position, VectorLayer } from './geojson.js';
import { projectVectorLayer } from './geojson.js';
import { GisError } from './errors.js';
import type { GridSpec, RasterArray, SampleType } from './grid.js';
import { allocateRaster, cellCount, columnOf, rowOf } from './grid.js';

/** How to burn features. */
export interface RasterizeOptions {
  /** A constant (default 1) or the name of a numeric feature property to burn. */
  readonly burn?: number | { readonly property: string };
  /** Polygons: burn every cell the polygon touches instead of cells whose centre is inside. Default false. */
  readonly allTouched?: boolean;
  /** Sample type of a new output: default 'Byte' for a constant burn, 'Float32' for a property. */
  readonly sampleType?: SampleType;
  /** Value of cells no feature touches in a new output (default 0). */
  readonly background?: number;
  /** Burn into this array (grid-sized) instead of a new one. */
  readonly into?: RasterArray;
}

/** The burned raster and how many cells received a value. */
export interface RasterizeResult {
  readonly data: RasterArray;
  readonly cellsBurned: number;
}

/**
 * Rasterise a vector layer onto a grid, projecting it to the grid's CRS first if needed.
 * @example
 * const parks = await readGeoJson('parks.geojson');
 * const { data } = rasterizeLayer(parks, grid, { burn: 1 }); // 1 inside parks, 0 elsewhere
 */
export function rasterizeLayer(layer: VectorLayer, grid: GridSpec, options: RasterizeOptions = {}): RasterizeResult {
  const projected = layer.crs.epsg === grid.crs.epsg ? layer : projectVectorLayer(layer, grid.crs);
  return rasterizeFeatures(projected.features, grid, options, layer.file);
}

/**
 * Rasterise features whose coordinates are already in the grid's CRS.
 * @param label Names the source in error messages.
 * @throws GisError('property-missing') when `burn.property` is not a number on a feature.
 */
export function rasterizeFeatures(
  features: readonly Feature[],
  grid: GridSpec,
  options: RasterizeOptions = {},
  label = 'vector layer',
): RasterizeResult {
  const burn = options.burn ?? 1;
  const size = cellCount(grid);
  let data: RasterArray;
  if (options.into) {
    if (options.into.length !== size) {
      throw new GisError(
        'invalid-data',
        `${label}: the output array has ${options.into.length} cells, the grid ${size}.`,
      );
    }
    data = options.into;
  } else {
    data = allocateRaster(options.sampleType ?? (typeof burn === 'number' ? 'Byte' : 'Float32'), size);
    if (options.background) data.fill(options.background);
  }
  const burner = new Burner(grid, data);
  const allTouched = options.allTouched ?? false;
  features.forEach((feature, index) => {
    if (!feature.geometry) return;
    let value: number;
    if (typeof burn === 'number') value = burn;
    else {
      const raw = feature.properties?.[burn.property];
      value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(value)) {
        throw new GisError(
          'property-missing',
          `${label}: feature ${index} has no numeric property "${burn.property}" (found ${JSON.stringify(raw)}); it is needed as the burn value.`,
          { file: label },
        );
      }
    }
    burner.value = value;
    burnGeometry(burner, feature.geometry, allTouched);
  });
  return { data, cellsBurned: burner.burned };
}

function burnGeometry(burner: Burner, geometry: Geometry, allTouched: boolean): void {
  switch (geometry.type) {
    case 'Point':
      burner.point(geometry.coordinates);
      break;
    case 'MultiPoint':
      for (const p of geometry.coordinates) burner.point(p);
      break;
    case 'LineString':
      burner.line(geometry.coordinates);
      break;
    case 'MultiLineString':
      for (const line of geometry.coordinates) burner.line(line);
      break;
    case 'Polygon':
      burner.polygon(geometry.coordinates, allTouched);
      break;
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) burner.polygon(polygon, allTouched);
      break;
    case 'GeometryCollection':
      for (const g of geometry.geometries) burnGeometry(burner, g, allTouched);
      break;
  }
}

/** Writes one value into cells; tracks which cells were burned at least once. */
class Burner {
  value = 1;
  burned = 0;
  private readonly touched: Uint8Array;
  private crossings = new Float64Array(64);
  private rowCounts = new Int32Array(64);

  constructor(
    private readonly grid: GridSpec,
    private readonly data: RasterArray,
  ) {
    this.touched = new Uint8Array(data.length);
  }

  private set(col: number, row: number): void {
    const index = row * this.grid.width + col;
    this.data[index] = this.value;
    if (this.touched[index] === 0) {
      this.touched[index] = 1;
      this.burned++;
    }
  }

  point(p: Position): void {
    const col = Math.floor(columnOf(this.grid, p[0]!));
    const row = Math.floor(rowOf(this.grid, p[1]!));
    if (col >= 0 && row >= 0 && col < this.grid.width && row < this.grid.height) this.set(col, row);
  }

  line(positions: readonly Position[]): void {
    for (let i = 1; i < positions.length; i++) {
      const a = positions[i - 1]!;
      const b = positions[i]!;
      this.segment(
        columnOf(this.grid, a[0]!),
        rowOf(this.grid, a[1]!),
        columnOf(this.grid, b[0]!),
        rowOf(this.grid, b[1]!),
      );
    }
  }

  /** Every cell the segment passes through (Amanatides-Woo grid traversal), clipped to the grid. */
  private segment(c0: number, r0: number, c1: number, r1: number): void {
    const { width, height } = this.grid;
    // Liang-Barsky clip to the grid rectangle so far-away segments cost nothing.
    let t0 = 0;
    let t1 = 1;
    const dc = c1 - c0;
    const dr = r1 - r0;
    const clip = (p: number, q: number): boolean => {
      if (p === 0) return q >= 0;
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
      return true;
    };
    if (!(clip(-dc, c0) && clip(dc, width - c0) && clip(-dr, r0) && clip(dr, height - r0))) return;
    const sc = c0 + t0 * dc;
    const sr = r0 + t0 * dr;
    const ec = c0 + t1 * dc;
    const er = r0 + t1 * dr;
    let col = Math.min(width - 1, Math.floor(sc));
    let row = Math.min(height - 1, Math.floor(sr));
    const endCol = Math.min(width - 1, Math.floor(ec));
    const endRow = Math.min(height - 1, Math.floor(er));
    const stepC = dc > 0 ? 1 : dc < 0 ? -1 : 0;
    const stepR = dr > 0 ? 1 : dr < 0 ? -1 : 0;
    const tDeltaC = stepC === 0 ? Infinity : Math.abs(1 / dc);
    const tDeltaR = stepR === 0 ? Infinity : Math.abs(1 / dr);
    let tMaxC = stepC > 0 ? (col + 1 - sc) / dc : stepC < 0 ? (sc - col) / -dc : Infinity;
    let tMaxR = stepR > 0 ? (row + 1 - sr) / dr : stepR < 0 ? (sr - row) / -dr : Infinity;
    if (col >= 0 && row >= 0) this.set(col, row);
    let steps = Math.abs(endCol - col) + Math.abs(endRow - row);
    while (steps-- > 0) {
      if (tMaxC < tMaxR) {
        col += stepC;
        tMaxC += tDeltaC;
      } else {
        row += stepR;
        tMaxR += tDeltaR;
      }
      if (col >= 0 && row >= 0 && col < width && row < height) this.set(col, row);
    }
  }

  /**
   * Scanline fill with the cell-centre rule: cell (col, row) is burned when its centre lies inside
   * by the even-odd rule. Each edge adds its crossing x to every row centre it spans (half-open
   * in y so a vertex on a row centre counts once); each row's crossings, sorted, pair into spans.
   */
  polygon(rings: readonly (readonly Position[])[], allTouched: boolean): void {
    const { width, height } = this.grid;
    let minRow = Infinity;
    let maxRow = -Infinity;
    for (const ring of rings) {
      for (const p of ring) {
        const r = rowOf(this.grid, p[1]!);
        if (r < minRow) minRow = r;
        if (r > maxRow) maxRow = r;
      }
    }
    // Rows whose centre (row + 0.5) lies within the polygon's extent.
    const firstRow = Math.max(0, Math.ceil(minRow - 0.5));
    const lastRow = Math.min(height - 1, Math.floor(maxRow - 0.5));
    if (firstRow <= lastRow) {
      const span = lastRow - firstRow + 1;
      if (this.rowCounts.length < span + 1)
        this.rowCounts = new Int32Array(Math.max(span + 1, this.rowCounts.length * 2));
      const counts = this.rowCounts;
      counts.fill(0, 0, span + 1);
      // Pass 1: count crossings per row; pass 2: place them.
      for (let pass = 0; pass < 2; pass++) {
        for (const ring of rings) {
          for (let i = 1; i < ring.length; i++) {
            const r0 = rowOf(this.grid, ring[i - 1]![1]!);
            const r1 = rowOf(this.grid, ring[i]![1]!);
            if (r0 === r1) continue;
            const top = Math.min(r0, r1);
            const bottom = Math.max(r0, r1);
            // Row centres c = row + 0.5 with top <= c < bottom.
            const from = Math.max(firstRow, Math.ceil(top - 0.5));
            const to = Math.min(lastRow, Math.ceil(bottom - 0.5) - 1);
            if (from > to) continue;
            if (pass === 0) {
              for (let row = from; row <= to; row++) counts[row - firstRow + 1]!++;
            } else {
              const c0 = columnOf(this.grid, ring[i - 1]![0]!);
              const c1 = columnOf(this.grid, ring[i]![0]!);
              const slope = (c1 - c0) / (r1 - r0);
              for (let row = from; row <= to; row++) {
                this.crossings[counts[row - firstRow]!++] = c0 + (row + 0.5 - r0) * slope;
              }
            }
          }
        }
        if (pass === 0) {
          // counts[k + 1] holds the count of row k; turn into start offsets shifted by one.
          for (let k = 1; k <= span; k++) counts[k]! += counts[k - 1]!;
          if (this.crossings.length < counts[span]!)
            this.crossings = new Float64Array(Math.max(counts[span]!, this.crossings.length * 2));
        }
      }
      // After pass 2, counts[k] is the end of row k's crossings (and the start of row k + 1).
      let start = 0;
      for (let k = 0; k < span; k++) {
        const end = counts[k]!;
        if (end - start >= 2) {
          const xs = this.crossings.subarray(start, end).sort();
          const row = firstRow + k;
          for (let j = 0; j + 1 < xs.length; j += 2) {
            // Cells whose centre col + 0.5 lies in [xs[j], xs[j + 1]).
            const colFrom = Math.max(0, Math.ceil(xs[j]! - 0.5));
            const colTo = Math.min(width - 1, Math.ceil(xs[j + 1]! - 0.5) - 1);
            for (let col = colFrom; col <= colTo; col++) this.set(col, row);
          }
        }
        start = end;
      }
    }
    // A cell touched but with its centre outside has the boundary passing through it.
    if (allTouched) for (const ring of rings) this.line(ring);
  }
}
