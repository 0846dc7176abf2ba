/**
 * Zoom and pan of a map: a scale (screen pixels per cell) and the screen position of the grid's
 * top-left corner. Pure, so side-by-side maps share one view and tests check the arithmetic.
 */
export interface MapView {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 64;

/** The view that fits a grid of `gridW` x `gridH` cells into a `boxW` x `boxH` canvas, centred. */
export function fitView(gridW: number, gridH: number, boxW: number, boxH: number): MapView {
  const scale = Math.max(MIN_SCALE, Math.min(boxW / gridW, boxH / gridH));
  return { scale, x: (boxW - gridW * scale) / 2, y: (boxH - gridH * scale) / 2 };
}

/** Zoom by `factor` keeping the screen point (px, py) over the same cell. */
export function zoomAt(view: MapView, factor: number, px: number, py: number): MapView {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const k = scale / view.scale;
  return { scale, x: px - (px - view.x) * k, y: py - (py - view.y) * k };
}

export function panBy(view: MapView, dx: number, dy: number): MapView {
  return { scale: view.scale, x: view.x + dx, y: view.y + dy };
}

/** The cell under screen point (px, py), or null outside the grid. */
export function cellAt(
  view: MapView,
  px: number,
  py: number,
  gridW: number,
  gridH: number,
): { col: number; row: number } | null {
  const col = Math.floor((px - view.x) / view.scale);
  const row = Math.floor((py - view.y) / view.scale);
  return col >= 0 && row >= 0 && col < gridW && row < gridH ? { col, row } : null;
}
