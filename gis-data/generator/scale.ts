/**
 * Riverbend at another size: `size` x `size` cells of `cellSize` metres, for large-grid tests and
 * benches (issue 20: a city region is 2000 x 2000 cells at 25 m).
 *
 * The landscape is generated on Riverbend's own 240 x 240 grid and resampled:
 * - today's land use by nearest neighbour (the fine cell takes the class of the Riverbend cell
 *   under its centre), so the map keeps Riverbend's detail and does not gain any;
 * - the DEM bilinearly between Riverbend cell centres, then its slope by Horn's method at the new
 *   cell size;
 * - the vectors are Riverbend's, placed on the new extent.
 *
 * The extent is `size * cellSize` metres. By default `cellSize = 6000 / size`, so the area stays
 * Riverbend's 6 x 6 km at a finer resolution and the scenarios' hectares and metres keep their
 * meaning. Another cell size stretches the landscape by s = extent / 6 km; elevations above the
 * lowest point are stretched by s too, so slopes (and the scenarios' slope rules) are Riverbend's,
 * and `scenarios.ts` scales areas by s^2 and distances by s.
 *
 * Deterministic: the same seed, size and cell size give the same data.
 */
import type { GridSpec } from '../../engine/src/gis/grid.js';
import { CELL_SIZE_M, GRID_SIZE } from './grid.js';
import { classFacts, generateRiverbend, slopeFacts, summary, type StudyArea } from './riverbend.js';
import { slopeDegrees } from './terrain.js';

/** Riverbend's extent in metres (240 cells of 25 m). */
export const RIVERBEND_EXTENT_M = GRID_SIZE * CELL_SIZE_M;
/** Grid sizes the generator accepts (a 10,000 x 10,000 grid is 100 M cells, beyond any scenario). */
export const MIN_SIZE = 20;
export const MAX_SIZE = 10_000;

export interface ScaledStudyArea extends StudyArea {
  /** Horizontal stretch against Riverbend (1 when the extent is 6 km). */
  readonly stretch: number;
}

/**
 * Riverbend resampled to `size` x `size` cells.
 * @param seed The study-area seed.
 * @param size Cells per side, MIN_SIZE to MAX_SIZE.
 * @param cellSize Metres per cell; default 6000 / size (Riverbend's extent).
 * @example scaleStudyArea(20260501, 1000).grid.pixelWidth // 6
 */
export function scaleStudyArea(seed: number, size: number, cellSize = RIVERBEND_EXTENT_M / size): ScaledStudyArea {
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
    throw new RangeError(`size must be a whole number of cells from ${MIN_SIZE} to ${MAX_SIZE}; got ${size}.`);
  }
  if (!Number.isFinite(cellSize) || cellSize <= 0) {
    throw new RangeError(`cell size must be a positive number of metres; got ${cellSize}.`);
  }
  const stretch = (size * cellSize) / RIVERBEND_EXTENT_M;
  const base = generateRiverbend(seed, CELL_SIZE_M * stretch);
  const grid: GridSpec = { ...base.grid, width: size, height: size, pixelWidth: cellSize, pixelHeight: cellSize };

  let lowest = Infinity;
  for (const z of base.dem) if (z < lowest) lowest = z;
  const landuse = new Uint8Array(size * size);
  const dem = new Float32Array(size * size);
  // Position of a fine cell centre in Riverbend cells; `toBase` of a coordinate.
  const toBase = GRID_SIZE / size;
  const last = GRID_SIZE - 1;
  for (let row = 0; row < size; row++) {
    const y = (row + 0.5) * toBase;
    const nearestRow = Math.min(last, Math.floor(y));
    // Bilinear weights between the centres of Riverbend rows r0 and r0 + 1 (edges clamped).
    const yc = Math.min(last, Math.max(0, y - 0.5));
    const r0 = Math.min(last - 1, Math.floor(yc));
    const fy = yc - r0;
    for (let col = 0; col < size; col++) {
      const x = (col + 0.5) * toBase;
      const i = row * size + col;
      landuse[i] = base.landuse[nearestRow * GRID_SIZE + Math.min(last, Math.floor(x))]!;
      const xc = Math.min(last, Math.max(0, x - 0.5));
      const c0 = Math.min(last - 1, Math.floor(xc));
      const fx = xc - c0;
      const top = base.dem[r0 * GRID_SIZE + c0]! * (1 - fx) + base.dem[r0 * GRID_SIZE + c0 + 1]! * fx;
      const bottom = base.dem[(r0 + 1) * GRID_SIZE + c0]! * (1 - fx) + base.dem[(r0 + 1) * GRID_SIZE + c0 + 1]! * fx;
      const z = top * (1 - fy) + bottom * fy;
      // Centimetres, as Riverbend's DEM.
      dem[i] = Math.round((lowest + (z - lowest) * stretch) * 100) / 100;
    }
  }
  const slope = slopeDegrees(dem, size, cellSize);
  const hectaresPerCell = (cellSize * cellSize) / 10_000;
  const scaleZ = (z: number): number => Math.round((lowest + (z - lowest) * stretch) * 100) / 100;
  return {
    grid,
    dem,
    landuse,
    slope,
    vectors: base.vectors,
    stretch,
    facts: {
      ...base.facts,
      classes: classFacts(landuse, hectaresPerCell),
      elevation: summary(dem),
      slope: slopeFacts(slope),
      river: {
        ...base.facts.river,
        fromElevation: scaleZ(base.facts.river.fromElevation),
        toElevation: scaleZ(base.facts.river.toElevation),
      },
    },
  };
}
