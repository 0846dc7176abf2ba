/**
 * Slope of a DEM by Horn's method (the method of `gdaldem slope`).
 *
 * With the 3 x 3 window   a b c
 *                         d e f
 *                         g h i
 * dz/dx = ((c + 2f + i) - (a + 2d + g)) / (8 * cellWidth)
 * dz/dy = ((g + 2h + i) - (a + 2b + c)) / (8 * cellHeight)
 * slope = atan(sqrt(dz/dx^2 + dz/dy^2)) in degrees, or 100 * sqrt(...) in percent.
 */
import { GisError } from './errors.js';
import type { GridSpec } from './grid.js';
import { cellCenterY, cellCount } from './grid.js';

export interface SlopeOptions {
  /** 'degrees' (default) or 'percent'. */
  readonly units?: 'degrees' | 'percent';
  /** The DEM's nodata value: such cells get NaN. */
  readonly nodata?: number | null;
  /**
   * Horizontal units per vertical unit, as `gdaldem -s` (default 1). For a grid in a geographic
   * CRS without a scale, cell sizes in degrees are converted to metres at each row's latitude.
   */
  readonly scale?: number;
}

const METRES_PER_DEGREE_LATITUDE = 110_574;
const METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111_320;

/**
 * Slope of every cell. Cells on the grid's edge or next to nodata use the centre cell's height
 * in place of the missing neighbours (so they get a value, flatter than the truth; `gdaldem`
 * leaves the outer ring as nodata). Nodata cells give NaN.
 * @returns Float32 slope per cell, NaN where the DEM is nodata.
 * @example const slope = computeSlope(dem.grid, dem.data, { nodata: dem.nodata });
 */
export function computeSlope(grid: GridSpec, dem: ArrayLike<number>, options: SlopeOptions = {}): Float32Array {
  const { width, height } = grid;
  if (dem.length !== cellCount(grid)) {
    throw new GisError('invalid-data', `slope: the DEM has ${dem.length} values, the grid ${cellCount(grid)} cells.`);
  }
  const percent = options.units === 'percent';
  const nodata = options.nodata ?? null;
  const scale = options.scale ?? 1;
  const geographic = grid.crs.kind === 'geographic';
  const out = new Float32Array(width * height);
  // NaN marks nodata inside the loop (NaN !== NaN), so the hot loop needs no closures.
  const nodataValue = nodata === null ? Number.NaN : nodata;
  const toDegrees = 180 / Math.PI;

  for (let row = 0; row < height; row++) {
    let ewRes = grid.pixelWidth * scale;
    let nsRes = grid.pixelHeight * scale;
    if (geographic && options.scale === undefined) {
      const latitude = (cellCenterY(grid, row) * Math.PI) / 180;
      ewRes = grid.pixelWidth * METRES_PER_DEGREE_LONGITUDE_AT_EQUATOR * Math.cos(latitude);
      nsRes = grid.pixelHeight * METRES_PER_DEGREE_LATITUDE;
    }
    const xFactor = 1 / (8 * ewRes);
    const yFactor = 1 / (8 * nsRes);
    const up = (row > 0 ? row - 1 : row) * width;
    const here = row * width;
    const down = (row < height - 1 ? row + 1 : row) * width;
    for (let col = 0; col < width; col++) {
      const index = here + col;
      const e = dem[index]!;
      if (e !== e || e === nodataValue) {
        out[index] = Number.NaN;
        continue;
      }
      const left = col > 0 ? col - 1 : col;
      const right = col < width - 1 ? col + 1 : col;
      // Missing neighbours (edge or nodata) take the centre's height.
      let a = dem[up + left]!;
      if (a !== a || a === nodataValue) a = e;
      let b = dem[up + col]!;
      if (b !== b || b === nodataValue) b = e;
      let c = dem[up + right]!;
      if (c !== c || c === nodataValue) c = e;
      let d = dem[here + left]!;
      if (d !== d || d === nodataValue) d = e;
      let f = dem[here + right]!;
      if (f !== f || f === nodataValue) f = e;
      let g = dem[down + left]!;
      if (g !== g || g === nodataValue) g = e;
      let h = dem[down + col]!;
      if (h !== h || h === nodataValue) h = e;
      let i = dem[down + right]!;
      if (i !== i || i === nodataValue) i = e;
      const dzdx = (c + 2 * f + i - (a + 2 * d + g)) * xFactor;
      const dzdy = (g + 2 * h + i - (a + 2 * b + c)) * yFactor;
      const gradient = Math.sqrt(dzdx * dzdx + dzdy * dzdy);
      out[index] = percent ? 100 * gradient : Math.atan(gradient) * toDegrees;
    }
  }
  return out;
}
