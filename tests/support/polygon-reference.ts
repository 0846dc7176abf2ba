/**
 * A reference for the cells a polygon drawn on a map covers (the app's map/cell-shapes.ts), written
 * apart from it: even-odd ray casting of cell centres, and whether a centre lies exactly on an edge
 * (where either answer is right). Vertices are cells (col, row); a cell's centre is (col, row) here.
 */
export interface GridPoint {
  col: number;
  row: number;
}

/** Even-odd point-in-polygon by ray casting. */
export function insidePolygon(x: number, y: number, poly: readonly GridPoint[]): boolean {
  let result = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.row > y !== b.row > y && x < ((b.col - a.col) * (y - a.row)) / (b.row - a.row) + a.col) result = !result;
  }
  return result;
}

/** Whether (x, y) lies on an edge of the polygon (either answer is right there). */
export function onPolygonEdge(x: number, y: number, poly: readonly GridPoint[]): boolean {
  return poly.some((a, i) => {
    const b = poly[(i + 1) % poly.length]!;
    const cross = (b.col - a.col) * (y - a.row) - (b.row - a.row) * (x - a.col);
    const within =
      x >= Math.min(a.col, b.col) &&
      x <= Math.max(a.col, b.col) &&
      y >= Math.min(a.row, b.row) &&
      y <= Math.max(a.row, b.row);
    return cross === 0 && within;
  });
}
