/**
 * Line layers up on one study-area grid. The grid comes from one raster (its CRS, extent and
 * cell size), optionally clipped by a boundary polygon. Every other raster is resampled onto it:
 * nearest neighbour for categorical layers; for continuous layers bilinear when the layer's cells
 * are about as large as the grid's or larger, and the area-weighted average of the layer's cells
 * each grid cell covers (as GDAL's `-r average`) when they are at least twice as fine (by area).
 * A raster in another CRS is warped: each grid cell's centre is transformed exactly into the
 * layer's CRS (as `gdalwarp -et 0`) and sampled there; for the average, the cell's four corners
 * are transformed and the layer's cells inside their bounding box are averaged.
 */
import type { Raster } from './geotiff-read.js';
import type { VectorLayer } from './geojson.js';
import { describeCrs, sameCrs } from './crs.js';
import { coordinateTransformer } from './crs-transform.js';
import { GisError } from './errors.js';
import type { Bounds, GridSpec, RasterArray, SampleType } from './grid.js';
import {
  allocateRaster,
  cellCenterX,
  cellCenterY,
  cellCount,
  columnOf,
  gridBounds,
  rowOf,
  sameGrid,
  sampleTypeOf,
} from './grid.js';
import { rasterizeLayer } from './rasterize.js';

/** How a layer's values behave: classes (never averaged) or measurements. */
export type LayerKind = 'categorical' | 'continuous';
export type ResamplingMethod = 'nearest' | 'bilinear' | 'average';

/**
 * The grid every layer is aligned onto, and which cells are inside the study area (the land-use
 * model's `StudyArea`, engine/src/landuse, is built on it).
 */
export interface StudyAreaGrid {
  readonly grid: GridSpec;
  /** 1 for cells inside the boundary, 0 outside; null when there is no boundary (all inside). */
  readonly mask: Uint8Array | null;
  /** Number of cells inside the study area. */
  readonly cellsInside: number;
}

/**
 * Define a study area from a raster's grid, optionally clipped by a boundary polygon layer
 * (cells whose centre is inside the boundary are in the study area).
 * @throws GisError('no-overlap') when the boundary does not cover any cell of the raster.
 * @example const area = defineStudyArea(landcover.grid, await readGeoJson('boundary.geojson'));
 */
export function defineStudyArea(grid: GridSpec, boundary?: VectorLayer): StudyAreaGrid {
  if (!boundary) return { grid, mask: null, cellsInside: cellCount(grid) };
  const { data, cellsBurned } = rasterizeLayer(boundary, grid, { burn: 1, sampleType: 'Byte' });
  if (cellsBurned === 0) {
    throw new GisError(
      'no-overlap',
      `${boundary.file}: the boundary does not cover any cell of the study-area grid (${describeCrs(grid.crs)}). ` +
        'Check that the boundary and the raster show the same place.',
      { file: boundary.file },
    );
  }
  return { grid, mask: data as Uint8Array, cellsInside: cellsBurned };
}

export interface AlignOptions {
  /** Categorical layers are resampled by nearest neighbour, continuous by bilinear or average. */
  readonly kind: LayerKind;
  /** Override the method chosen from `kind` (nearest is the only method allowed for categorical). */
  readonly method?: ResamplingMethod;
  /** Name of the layer in messages (defaults to the raster's file). */
  readonly label?: string;
  /**
   * Nodata of a categorical result when the layer declares none (default: the largest value of
   * its type, e.g. 255 for Byte). Continuous results are Float32 with NaN as nodata.
   */
  readonly nodata?: number;
}

/** A layer on the study-area grid, with what the resampling did. */
export interface AlignedLayer {
  readonly grid: GridSpec;
  readonly data: RasterArray;
  readonly nodata: number;
  readonly method: ResamplingMethod;
  /** Study-area cells outside the layer's extent (set to nodata). */
  readonly cellsOutsideCoverage: number;
  /** Study-area cells inside its extent whose value is nodata. */
  readonly cellsNodata: number;
  /** Cells outside the study-area boundary (set to nodata). */
  readonly cellsOutsideStudyArea: number;
  /** Sentences for the user, e.g. about cells that became nodata. */
  readonly messages: readonly string[];
}

/**
 * Resample a raster onto the study-area grid.
 * @throws GisError crs-mismatch (naming both CRSs), no-overlap, all-nodata.
 * @example const elevation = alignRaster(dem, area, { kind: 'continuous' });
 */
export function alignRaster(
  raster: Raster & { readonly file?: string },
  area: StudyAreaGrid | GridSpec,
  options: AlignOptions,
): AlignedLayer {
  const study: StudyAreaGrid = 'mask' in area ? area : { grid: area, mask: null, cellsInside: cellCount(area) };
  const target = study.grid;
  const source = raster.grid;
  const label = options.label ?? raster.file ?? 'raster layer';
  const fileOption = raster.file === undefined ? {} : { file: raster.file };

  const warp = sameCrs(source.crs, target.crs)
    ? null
    : coordinateTransformer(target.crs, source.crs, label, gridBounds(target));
  const s = gridBounds(source);
  const t = warp ? transformedBounds(target, warp) : gridBounds(target);
  if (s.minX >= t.maxX || s.maxX <= t.minX || s.minY >= t.maxY || s.maxY <= t.minY) {
    throw new GisError(
      'no-overlap',
      `${label}: does not overlap the study area (layer x ${s.minX.toFixed(1)}..${s.maxX.toFixed(1)}, y ${s.minY.toFixed(1)}..${s.maxY.toFixed(1)}` +
        `${warp ? ` in ${describeCrs(source.crs)}` : ''}; study area x ${t.minX.toFixed(1)}..${t.maxX.toFixed(1)}, y ${t.minY.toFixed(1)}..${t.maxY.toFixed(1)}` +
        `${warp ? ` transformed to the same CRS` : `, ${describeCrs(target.crs)}`}). Check that both show the same place and that their CRSs are declared right.`,
      fileOption,
    );
  }
  const srcNodata = raster.nodata;
  const isNodata = (v: number): boolean => Number.isNaN(v) || (srcNodata !== null && v === srcNodata);
  if (!hasValidCell(raster.data, isNodata)) {
    throw new GisError(
      'all-nodata',
      `${label}: every cell is nodata${srcNodata === null ? '' : ` (${srcNodata})`}; the layer holds no data.`,
      fileOption,
    );
  }

  const method = chooseMethod(options, source, target, label, warp ? sourceCellArea(source, target, warp) : null);
  const categorical = method === 'nearest' && options.kind === 'categorical';
  const outType: SampleType = categorical ? sampleTypeOf(raster.data) : 'Float32';
  const outNodata = categorical ? (srcNodata ?? options.nodata ?? largestValueOf(outType)) : Number.NaN;
  const out = allocateRaster(outType, cellCount(target));

  let outsideCoverage = 0;
  let nodataCells = 0;
  let outsideStudyArea = 0;
  const { width, height } = target;
  const mask = study.mask;

  // Per target column/row: the source column/row holding the cell centre (-1 outside).
  const nearestCol = new Int32Array(width);
  const nearestRow = new Int32Array(height);
  for (let col = 0; col < width; col++)
    nearestCol[col] = indexInside(Math.floor(columnOf(source, cellCenterX(target, col))), source.width);
  for (let row = 0; row < height; row++)
    nearestRow[row] = indexInside(Math.floor(rowOf(source, cellCenterY(target, row))), source.height);
  const identical = !warp && sameGrid(source, target);
  const spans = method === 'average' && !warp ? averagingSpans(source, target) : null;

  for (let row = 0; row < height; row++) {
    const sr = nearestRow[row]!;
    for (let col = 0; col < width; col++) {
      const index = row * width + col;
      if (mask && mask[index] === 0) {
        out[index] = outNodata;
        outsideStudyArea++;
        continue;
      }
      let value: number;
      if (warp) {
        value = warpedValue(raster.data, source, target, warp, method, col, row, isNodata);
        if (value === OUTSIDE) {
          out[index] = outNodata;
          outsideCoverage++;
          continue;
        }
      } else {
        const sc = nearestCol[col]!;
        if (sr < 0 || sc < 0) {
          out[index] = outNodata;
          outsideCoverage++;
          continue;
        }
        if (identical || method === 'nearest') {
          value = raster.data[sr * source.width + sc]!;
          if (isNodata(value)) value = Number.NaN;
        } else if (method === 'bilinear') {
          value = bilinear(raster.data, source, cellCenterX(target, col), cellCenterY(target, row), isNodata);
        } else {
          value = averageOf(raster.data, source, spans!, col, row, isNodata);
        }
      }
      if (Number.isNaN(value)) {
        out[index] = outNodata;
        nodataCells++;
      } else out[index] = value;
    }
  }

  const inside = study.cellsInside;
  if (outsideCoverage + nodataCells >= inside) {
    throw new GisError(
      'no-overlap',
      `${label}: none of the ${inside} study-area cells gets a value from this layer (it lies outside the boundary or is nodata there).`,
      fileOption,
    );
  }
  const messages: string[] = [];
  if (outsideCoverage > 0) {
    messages.push(
      `${label}: ${outsideCoverage} of ${inside} study-area cells lie outside the layer's extent and are set to nodata.`,
    );
  }
  if (nodataCells > 0) messages.push(`${label}: ${nodataCells} of ${inside} study-area cells are nodata in the layer.`);
  return {
    grid: target,
    data: out,
    nodata: outNodata,
    method,
    cellsOutsideCoverage: outsideCoverage,
    cellsNodata: nodataCells,
    cellsOutsideStudyArea: outsideStudyArea,
    messages,
  };
}

function chooseMethod(
  options: AlignOptions,
  source: GridSpec,
  target: GridSpec,
  label: string,
  warpedSourceCellArea: number | null,
): ResamplingMethod {
  if (options.kind === 'categorical') {
    if (options.method && options.method !== 'nearest') {
      throw new GisError(
        'invalid-data',
        `${label}: a categorical layer can only be resampled by nearest neighbour (classes cannot be ${options.method}d).`,
      );
    }
    return 'nearest';
  }
  if (options.method) return options.method;
  const sourceArea = warpedSourceCellArea ?? source.pixelWidth * source.pixelHeight;
  const ratio = (target.pixelWidth * target.pixelHeight) / sourceArea;
  return ratio >= 2 ? 'average' : 'bilinear';
}

/**
 * The area, in the target grid's units, of the layer's cell under the target grid's centre (its
 * corners transformed), to compare cell sizes across CRSs (degrees against metres).
 */
function sourceCellArea(
  source: GridSpec,
  target: GridSpec,
  toSource: (p: readonly number[]) => [number, number],
): number {
  const toTarget = coordinateTransformer(source.crs, target.crs);
  const [x, y] = toSource([cellCenterX(target, target.width >> 1), cellCenterY(target, target.height >> 1)]);
  const col = Math.floor(columnOf(source, x));
  const row = Math.floor(rowOf(source, y));
  const x0 = source.originX + col * source.pixelWidth;
  const y0 = source.originY - row * source.pixelHeight;
  const [ax, ay] = toTarget([x0, y0]);
  const [bx, by] = toTarget([x0 + source.pixelWidth, y0]);
  const [cx, cy] = toTarget([x0, y0 - source.pixelHeight]);
  // The parallelogram spanned by the cell's two edges.
  return Math.abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

/** Marks a grid cell whose centre falls outside the layer. */
const OUTSIDE = Number.NEGATIVE_INFINITY;

/** The value of target cell (col, row) warped from a raster in another CRS. */
function warpedValue(
  data: RasterArray,
  source: GridSpec,
  target: GridSpec,
  warp: (p: readonly number[]) => [number, number],
  method: ResamplingMethod,
  col: number,
  row: number,
  isNodata: (v: number) => boolean,
): number {
  const [x, y] = warp([cellCenterX(target, col), cellCenterY(target, row)]);
  const sc = Math.floor(columnOf(source, x));
  const sr = Math.floor(rowOf(source, y));
  if (!(sc >= 0 && sc < source.width && sr >= 0 && sr < source.height)) return OUTSIDE;
  if (method === 'nearest') {
    const value = data[sr * source.width + sc]!;
    return isNodata(value) ? Number.NaN : value;
  }
  if (method === 'bilinear') return bilinear(data, source, x, y, isNodata);
  // Average: the layer's cells inside the bounding box of the cell's transformed corners.
  const x0 = target.originX + col * target.pixelWidth;
  const y0 = target.originY - row * target.pixelHeight;
  const corners = [
    warp([x0, y0]),
    warp([x0 + target.pixelWidth, y0]),
    warp([x0, y0 - target.pixelHeight]),
    warp([x0 + target.pixelWidth, y0 - target.pixelHeight]),
  ];
  const cols = corners.map((c) => columnOf(source, c[0]));
  const rows = corners.map((c) => rowOf(source, c[1]));
  const spans: Spans = {
    colFrom: Float64Array.of(Math.max(0, Math.min(...cols))),
    colTo: Float64Array.of(Math.min(source.width, Math.max(...cols))),
    rowFrom: Float64Array.of(Math.max(0, Math.min(...rows))),
    rowTo: Float64Array.of(Math.min(source.height, Math.max(...rows))),
  };
  return averageOf(data, source, spans, 0, 0, isNodata);
}

/** The bounds of a grid's outline (21 points per edge) transformed to another CRS. */
function transformedBounds(grid: GridSpec, transform: (p: readonly number[]) => [number, number]): Bounds {
  const b = gridBounds(grid);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const steps = 20;
  for (let i = 0; i <= steps; i++) {
    const fx = b.minX + ((b.maxX - b.minX) * i) / steps;
    const fy = b.minY + ((b.maxY - b.minY) * i) / steps;
    for (const p of [
      [fx, b.minY],
      [fx, b.maxY],
      [b.minX, fy],
      [b.maxX, fy],
    ]) {
      const [x, y] = transform(p);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  return { minX, minY, maxX, maxY };
}

function hasValidCell(data: RasterArray, isNodata: (v: number) => boolean): boolean {
  for (let i = 0; i < data.length; i++) if (!isNodata(data[i]!)) return true;
  return false;
}

function indexInside(index: number, size: number): number {
  return index >= 0 && index < size ? index : -1;
}

function largestValueOf(type: SampleType): number {
  switch (type) {
    case 'Byte':
      return 255;
    case 'Int8':
      return 127;
    case 'UInt16':
      return 65535;
    case 'Int16':
      return 32767;
    case 'UInt32':
      return 4294967295;
    case 'Int32':
      return 2147483647;
    default:
      return Number.NaN;
  }
}

/** Bilinear interpolation between the four nearest cell centres; nodata neighbours are left out. */
function bilinear(data: RasterArray, grid: GridSpec, x: number, y: number, isNodata: (v: number) => boolean): number {
  const u = columnOf(grid, x) - 0.5;
  const v = rowOf(grid, y) - 0.5;
  const c0 = Math.floor(u);
  const r0 = Math.floor(v);
  const fu = u - c0;
  const fv = v - r0;
  let sum = 0;
  let weights = 0;
  for (let dr = 0; dr <= 1; dr++) {
    const r = Math.min(grid.height - 1, Math.max(0, r0 + dr));
    const wr = dr === 0 ? 1 - fv : fv;
    for (let dc = 0; dc <= 1; dc++) {
      const c = Math.min(grid.width - 1, Math.max(0, c0 + dc));
      const w = wr * (dc === 0 ? 1 - fu : fu);
      if (w === 0) continue;
      const value = data[r * grid.width + c]!;
      if (isNodata(value)) continue;
      sum += w * value;
      weights += w;
    }
  }
  return weights > 0 ? sum / weights : Number.NaN;
}

/**
 * For each target column (row): the fractional span it covers in source column (row) units,
 * clipped to the source, as [from, to). A source cell's weight in a target cell is the share of it
 * that the target cell covers, per axis — the area-weighted average of GDAL's `-r average`.
 */
interface Spans {
  colFrom: Float64Array;
  colTo: Float64Array;
  rowFrom: Float64Array;
  rowTo: Float64Array;
}

function averagingSpans(source: GridSpec, target: GridSpec): Spans {
  const colFrom = new Float64Array(target.width);
  const colTo = new Float64Array(target.width);
  const rowFrom = new Float64Array(target.height);
  const rowTo = new Float64Array(target.height);
  for (let col = 0; col < target.width; col++) {
    const x0 = columnOf(source, target.originX + col * target.pixelWidth);
    const x1 = columnOf(source, target.originX + (col + 1) * target.pixelWidth);
    colFrom[col] = Math.max(0, Math.min(x0, x1));
    colTo[col] = Math.min(source.width, Math.max(x0, x1));
  }
  for (let row = 0; row < target.height; row++) {
    const y0 = rowOf(source, target.originY - row * target.pixelHeight);
    const y1 = rowOf(source, target.originY - (row + 1) * target.pixelHeight);
    rowFrom[row] = Math.max(0, Math.min(y0, y1));
    rowTo[row] = Math.min(source.height, Math.max(y0, y1));
  }
  return { colFrom, colTo, rowFrom, rowTo };
}

/** Area-weighted mean of the source cells a target cell covers; nodata cells are left out. */
function averageOf(
  data: RasterArray,
  source: GridSpec,
  spans: Spans,
  col: number,
  row: number,
  isNodata: (v: number) => boolean,
): number {
  const x0 = spans.colFrom[col]!;
  const x1 = spans.colTo[col]!;
  const y0 = spans.rowFrom[row]!;
  const y1 = spans.rowTo[row]!;
  let sum = 0;
  let weights = 0;
  for (let r = Math.floor(y0); r < y1; r++) {
    const wy = Math.min(r + 1, y1) - Math.max(r, y0);
    if (wy <= 0) continue;
    const offset = r * source.width;
    for (let c = Math.floor(x0); c < x1; c++) {
      const wx = Math.min(c + 1, x1) - Math.max(c, x0);
      if (wx <= 0) continue;
      const value = data[offset + c]!;
      if (isNodata(value)) continue;
      sum += wx * wy * value;
      weights += wx * wy;
    }
  }
  return weights > 0 ? sum / weights : Number.NaN;
}
