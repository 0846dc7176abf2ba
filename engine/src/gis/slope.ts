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
 * Slope of every cell, as `gdaldem slope -compute_edges`: on the grid's edge the missing row or
 * column of the 3 x 3 window is extrapolated linearly from the two next to it (2a - b, see
 * `edgeWindow`); a neighbour that is nodata (or extrapolated from nodata) takes the centre cell's
 * height. Grids narrower than two cells repeat the edge instead. Nodata cells give NaN.
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
  const extrapolates = width >= 2 && height >= 2;
  const window = new Float64Array(9);

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
    const edgeRow = row === 0 || row === height - 1;
    for (let col = 0; col < width; col++) {
      const index = here + col;
      const e = dem[index]!;
      if (e !== e || e === nodataValue) {
        out[index] = Number.NaN;
        continue;
      }
      if ((edgeRow || col === 0 || col === width - 1) && extrapolates) {
        edgeWindow(dem, width, height, row, col, nodataValue, window);
        const [a, b, c, d, , f, g, h, i] = window;
        const dzdx = (c! + 2 * f! + i! - (a! + 2 * d! + g!)) * xFactor;
        const dzdy = (g! + 2 * h! + i! - (a! + 2 * b! + c!)) * yFactor;
        const gradient = Math.sqrt(dzdx * dzdx + dzdy * dzdy);
        out[index] = percent ? 100 * gradient : Math.atan(gradient) * toDegrees;
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

/**
 * The 3 x 3 window (a..i, row-major) of an edge cell as `gdaldem -compute_edges` builds it. On
 * the first or last row, the missing row is extrapolated column by column, 2 x (the edge row) -
 * (the next row in), and a missing column (at a corner) repeats the centre column. On the other
 * rows, a missing column is 2 x (the edge column) - (the next column in), row by row. Nodata, or a
 * value extrapolated from nodata, becomes the centre's height.
 */
function edgeWindow(
  dem: ArrayLike<number>,
  width: number,
  height: number,
  row: number,
  col: number,
  nodataValue: number,
  window: Float64Array,
): void {
  const value = (r: number, c: number): number => {
    const v = dem[r * width + c]!;
    return v === nodataValue ? Number.NaN : v; // NaN stays NaN
  };
  const extrapolate = (a: number, b: number): number => 2 * a - b; // NaN in, NaN out
  if (row === 0 || row === height - 1) {
    for (let dc = -1; dc <= 1; dc++) {
      const c = Math.min(width - 1, Math.max(0, col + dc));
      const centre = value(row, c);
      window[dc + 1] = row > 0 ? value(row - 1, c) : extrapolate(centre, value(row + 1, c));
      window[dc + 4] = centre;
      window[dc + 7] = row < height - 1 ? value(row + 1, c) : extrapolate(centre, value(row - 1, c));
    }
  } else {
    for (let dr = -1; dr <= 1; dr++) {
      const r = row + dr;
      const k = (dr + 1) * 3;
      window[k] = col > 0 ? value(r, col - 1) : extrapolate(value(r, col), value(r, col + 1));
      window[k + 1] = value(r, col);
      window[k + 2] = col < width - 1 ? value(r, col + 1) : extrapolate(value(r, col), value(r, col - 1));
    }
  }
  const e = window[4]!;
  for (let k = 0; k < 9; k++) if (Number.isNaN(window[k]!)) window[k] = e;
}
