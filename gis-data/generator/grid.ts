/**
 * The Riverbend grid: 240 x 240 cells of 25 m (6 x 6 km) in WGS 84 / UTM zone 33N (EPSG:32633).
 * The west edge is on the zone's central meridian (15 deg E, x = 500 000 m) and the north edge
 * at y = 5 760 000 m (about 52.0 deg N).
 *
 * Inside the generator, positions are continuous grid coordinates (col, row): the centre of cell
 * (c, r) is (c + 0.5, r + 0.5), cell corners are integers, rows grow southwards.
 */
import { crsFromEpsg } from '../../engine/src/gis/crs.js';
import type { GridSpec } from '../../engine/src/gis/grid.js';

export const RIVERBEND_EPSG = 32633;
export const GRID_SIZE = 240;
export const CELL_SIZE_M = 25;
export const ORIGIN_X = 500_000;
export const ORIGIN_Y_TOP = 5_760_000;
/** Hectares per cell (25 m x 25 m = 625 m2). */
export const HECTARES_PER_CELL = (CELL_SIZE_M * CELL_SIZE_M) / 10_000;

/**
 * The georeferenced grid of every Riverbend raster.
 * @param cellSize Metres per cell; another value than CELL_SIZE_M stretches the landscape (used by
 *   `scale.ts` for study areas of another extent).
 */
export function riverbendGrid(cellSize = CELL_SIZE_M): GridSpec {
  return {
    width: GRID_SIZE,
    height: GRID_SIZE,
    originX: ORIGIN_X,
    originY: ORIGIN_Y_TOP,
    pixelWidth: cellSize,
    pixelHeight: cellSize,
    crs: crsFromEpsg(RIVERBEND_EPSG),
  };
}

/** A position in continuous grid coordinates (cells; rows grow southwards). */
export interface GridPoint {
  readonly col: number;
  readonly row: number;
}

/** UTM 33N easting/northing of a grid position (cells of `cellSize` metres). */
export function gridToUtm(point: GridPoint, cellSize = CELL_SIZE_M): [number, number] {
  return [ORIGIN_X + point.col * cellSize, ORIGIN_Y_TOP - point.row * cellSize];
}

/** The cell index (row-major) holding a grid position, clamped to the grid. */
export function cellIndexAt(point: GridPoint): number {
  const col = Math.min(GRID_SIZE - 1, Math.max(0, Math.floor(point.col)));
  const row = Math.min(GRID_SIZE - 1, Math.max(0, Math.floor(point.row)));
  return row * GRID_SIZE + col;
}

/** Distance from p to the segment a-b, in cells. */
export function distanceToSegment(p: GridPoint, a: GridPoint, b: GridPoint): number {
  const dx = b.col - a.col;
  const dy = b.row - a.row;
  const lengthSq = dx * dx + dy * dy;
  let t = lengthSq === 0 ? 0 : ((p.col - a.col) * dx + (p.row - a.row) * dy) / lengthSq;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p.col - (a.col + t * dx), p.row - (a.row + t * dy));
}

/** Length of a polyline in cells. */
export function polylineLength(line: readonly GridPoint[]): number {
  let length = 0;
  for (let i = 1; i < line.length; i++)
    length += Math.hypot(line[i]!.col - line[i - 1]!.col, line[i]!.row - line[i - 1]!.row);
  return length;
}

/**
 * Distance (cells) from p to a polyline and the distance along the polyline of the nearest point.
 */
export function nearestOnPolyline(p: GridPoint, line: readonly GridPoint[]): { distance: number; along: number } {
  let best = Infinity;
  let bestAlong = 0;
  let walked = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const dx = b.col - a.col;
    const dy = b.row - a.row;
    const lengthSq = dx * dx + dy * dy;
    const segment = Math.sqrt(lengthSq);
    let t = lengthSq === 0 ? 0 : ((p.col - a.col) * dx + (p.row - a.row) * dy) / lengthSq;
    t = Math.max(0, Math.min(1, t));
    const ex = p.col - (a.col + t * dx);
    const ey = p.row - (a.row + t * dy);
    const d = Math.sqrt(ex * ex + ey * ey);
    if (d < best) {
      best = d;
      bestAlong = walked + t * segment;
    }
    walked += segment;
  }
  return { distance: best, along: bestAlong };
}

/**
 * Mark every cell a polyline passes through (sampled every 0.1 cell), giving a line one cell
 * wide and 8-connected.
 */
export function rasteriseLine(mask: Uint8Array, line: readonly GridPoint[], value = 1): void {
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const steps = Math.max(1, Math.ceil(Math.hypot(b.col - a.col, b.row - a.row) * 10));
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      mask[cellIndexAt({ col: a.col + t * (b.col - a.col), row: a.row + t * (b.row - a.row) })] = value;
    }
  }
}

/** Whether p lies inside a closed ring (even-odd rule; the ring need not repeat its first vertex). */
export function pointInRing(p: GridPoint, ring: readonly GridPoint[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a.row > p.row !== b.row > p.row && p.col < ((b.col - a.col) * (p.row - a.row)) / (b.row - a.row) + a.col)
      inside = !inside;
  }
  return inside;
}
