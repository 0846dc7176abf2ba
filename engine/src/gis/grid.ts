/**
 * The georeferenced grid every layer is aligned onto: its size, a north-up affine geotransform
 * as named fields, and its CRS. Cells are stored row-major, row 0 at the top (north).
 *
 * Map coordinates of the top-left corner of cell (col, row):
 *   x = originX + col * pixelWidth
 *   y = originY - row * pixelHeight
 * (GDAL's geotransform is [originX, pixelWidth, 0, originY, 0, -pixelHeight].)
 */
import type { Crs } from './crs.js';
import { GisError } from './errors.js';

export interface GridSpec {
  /** Number of columns. */
  readonly width: number;
  /** Number of rows. */
  readonly height: number;
  /** Map x of the west edge of column 0. */
  readonly originX: number;
  /** Map y of the north edge of row 0. */
  readonly originY: number;
  /** Cell size along x in map units (positive). */
  readonly pixelWidth: number;
  /** Cell size along y in map units (positive; rows go south). */
  readonly pixelHeight: number;
  /** The coordinate reference system. */
  readonly crs: Crs;
}

/** A rectangle in map units. */
export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Every typed array a single-band raster can hold. */
export type RasterArray =
  Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** The sample types of a raster, named as GDAL names them. */
export type SampleType = 'Byte' | 'Int8' | 'UInt16' | 'Int16' | 'UInt32' | 'Int32' | 'Float32' | 'Float64';

/** The GDAL-style sample type of a typed array. */
export function sampleTypeOf(data: RasterArray): SampleType {
  if (data instanceof Uint8Array) return 'Byte';
  if (data instanceof Int8Array) return 'Int8';
  if (data instanceof Uint16Array) return 'UInt16';
  if (data instanceof Int16Array) return 'Int16';
  if (data instanceof Uint32Array) return 'UInt32';
  if (data instanceof Int32Array) return 'Int32';
  if (data instanceof Float32Array) return 'Float32';
  return 'Float64';
}

/** Whether a sample type holds integers (value counts make sense). */
export function isIntegerSampleType(type: SampleType): boolean {
  return type !== 'Float32' && type !== 'Float64';
}

/** Allocate an array of a sample type. */
export function allocateRaster(type: SampleType, length: number): RasterArray {
  switch (type) {
    case 'Byte':
      return new Uint8Array(length);
    case 'Int8':
      return new Int8Array(length);
    case 'UInt16':
      return new Uint16Array(length);
    case 'Int16':
      return new Int16Array(length);
    case 'UInt32':
      return new Uint32Array(length);
    case 'Int32':
      return new Int32Array(length);
    case 'Float32':
      return new Float32Array(length);
    case 'Float64':
      return new Float64Array(length);
  }
}

/** Number of cells of a grid. */
export function cellCount(grid: GridSpec): number {
  return grid.width * grid.height;
}

/** The grid's extent in map units. */
export function gridBounds(grid: GridSpec): Bounds {
  return {
    minX: grid.originX,
    maxX: grid.originX + grid.width * grid.pixelWidth,
    minY: grid.originY - grid.height * grid.pixelHeight,
    maxY: grid.originY,
  };
}

/** Map x of the centre of column `col`. */
export function cellCenterX(grid: GridSpec, col: number): number {
  return grid.originX + (col + 0.5) * grid.pixelWidth;
}

/** Map y of the centre of row `row`. */
export function cellCenterY(grid: GridSpec, row: number): number {
  return grid.originY - (row + 0.5) * grid.pixelHeight;
}

/** Fractional column of map x (0 at the west edge of the grid). */
export function columnOf(grid: GridSpec, x: number): number {
  return (x - grid.originX) / grid.pixelWidth;
}

/** Fractional row of map y (0 at the north edge of the grid). */
export function rowOf(grid: GridSpec, y: number): number {
  return (grid.originY - y) / grid.pixelHeight;
}

/** The GDAL geotransform array [originX, pixelWidth, 0, originY, 0, -pixelHeight]. */
export function gdalGeoTransform(grid: GridSpec): [number, number, number, number, number, number] {
  return [grid.originX, grid.pixelWidth, 0, grid.originY, 0, -grid.pixelHeight];
}

/**
 * Check a grid's numbers (positive integer size, positive finite cell size, finite origin).
 * @throws GisError('invalid-grid') naming the bad field.
 */
export function validateGrid(grid: GridSpec, what = 'grid'): void {
  const bad = (field: string, value: unknown, rule: string): never => {
    throw new GisError('invalid-grid', `${what}: ${field} is ${String(value)}; it must be ${rule}.`);
  };
  if (!Number.isInteger(grid.width) || grid.width <= 0) bad('width', grid.width, 'a positive integer');
  if (!Number.isInteger(grid.height) || grid.height <= 0) bad('height', grid.height, 'a positive integer');
  if (!Number.isFinite(grid.originX)) bad('originX', grid.originX, 'a finite number');
  if (!Number.isFinite(grid.originY)) bad('originY', grid.originY, 'a finite number');
  if (!(grid.pixelWidth > 0) || !Number.isFinite(grid.pixelWidth))
    bad('pixelWidth', grid.pixelWidth, 'a positive number');
  if (!(grid.pixelHeight > 0) || !Number.isFinite(grid.pixelHeight))
    bad('pixelHeight', grid.pixelHeight, 'a positive number');
}

/**
 * Whether two grids are cell-for-cell the same (size, CRS EPSG and transform within a tolerance
 * of `relativeTolerance` of a cell).
 */
export function sameGrid(a: GridSpec, b: GridSpec, relativeTolerance = 1e-6): boolean {
  if (a.width !== b.width || a.height !== b.height || a.crs.epsg !== b.crs.epsg) return false;
  const tolX = a.pixelWidth * relativeTolerance;
  const tolY = a.pixelHeight * relativeTolerance;
  return (
    Math.abs(a.originX - b.originX) <= tolX &&
    Math.abs(a.originY - b.originY) <= tolY &&
    Math.abs(a.pixelWidth - b.pixelWidth) <= tolX &&
    Math.abs(a.pixelHeight - b.pixelHeight) <= tolY
  );
}
