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

/** A block of cells, inclusive: the columns col0..col1 and rows row0..row1. */
export interface CellBox {
  col0: number;
  row0: number;
  col1: number;
  row1: number;
}

/**
 * The view that shows a block of cells as large as fits a `boxW` x `boxH` canvas, centred, with
 * a margin of `margin` cells on every side (never closer than `maxScale` pixels per cell).
 */
export function fitBox(box: CellBox, boxW: number, boxH: number, margin = 3, maxScale = 24): MapView {
  const cols = box.col1 - box.col0 + 1 + 2 * margin;
  const rows = box.row1 - box.row0 + 1 + 2 * margin;
  const scale = Math.max(MIN_SCALE, Math.min(maxScale, MAX_SCALE, boxW / cols, boxH / rows));
  const centreCol = (box.col0 + box.col1 + 1) / 2;
  const centreRow = (box.row0 + box.row1 + 1) / 2;
  return { scale, x: boxW / 2 - centreCol * scale, y: boxH / 2 - centreRow * scale };
}

/** The smallest block holding every cell where `a` and `b` differ (outside cells skipped), or null. */
export function changedBox(a: Uint8Array, b: Uint8Array, width: number): CellBox | null {
  let col0 = Infinity;
  let row0 = Infinity;
  let col1 = -1;
  let row1 = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const row = Math.floor(i / width);
    const col = i - row * width;
    if (col < col0) col0 = col;
    if (col > col1) col1 = col;
    if (row < row0) row0 = row;
    if (row > row1) row1 = row;
  }
  return col1 < 0 ? null : { col0, row0, col1, row1 };
}

/** Map coordinates of screen point (px, py): x east, y north (rows go south). */
export function mapPointAt(
  view: MapView,
  px: number,
  py: number,
  geo: { originX: number; originY: number; pixelWidth: number; pixelHeight: number },
): { x: number; y: number } {
  return {
    x: geo.originX + ((px - view.x) / view.scale) * geo.pixelWidth,
    y: geo.originY - ((py - view.y) / view.scale) * geo.pixelHeight,
  };
}
