/**
 * Which grid cells a shape drawn on a map covers: a brush's disk, a dragged brush, a polygon, and
 * the union of polygons as a mask. Shared by the Paint tab (brush and polygon strokes) and the
 * Steer card (polygon locks); tested in tests/unit/desktop/paint-model.test.ts.
 */

export interface Cell {
  col: number;
  row: number;
}

/** Grid indices of the cells within `radius` cells of (col, row) (a disk; radius 0 is one cell), clipped to the grid. */
export function diskCells(width: number, height: number, centre: Cell, radius: number): number[] {
  const cells: number[] = [];
  const r = Math.max(0, Math.floor(radius));
  for (let dy = -r; dy <= r; dy++) {
    const row = centre.row + dy;
    if (row < 0 || row >= height) continue;
    for (let dx = -r; dx <= r; dx++) {
      const col = centre.col + dx;
      if (col < 0 || col >= width || dx * dx + dy * dy > r * r) continue;
      cells.push(row * width + col);
    }
  }
  return cells;
}

/** The disks of a brush dragged from `a` to `b`, one per cell step along the segment (so fast drags leave no gaps). */
export function segmentCells(width: number, height: number, a: Cell, b: Cell, radius: number): number[] {
  const steps = Math.max(Math.abs(b.col - a.col), Math.abs(b.row - a.row), 1);
  const cells = new Set<number>();
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    const centre = { col: Math.round(a.col + (b.col - a.col) * t), row: Math.round(a.row + (b.row - a.row) * t) };
    for (const c of diskCells(width, height, centre, radius)) cells.add(c);
  }
  return [...cells];
}

/**
 * Cells whose centre lies inside the polygon through the centres of `vertices` (even-odd rule,
 * scanning each row's centre line), plus the vertices' own cells.
 */
export function polygonCells(width: number, height: number, vertices: readonly Cell[]): number[] {
  const cells = new Set<number>();
  for (const v of vertices)
    if (v.col >= 0 && v.row >= 0 && v.col < width && v.row < height) cells.add(v.row * width + v.col);
  if (vertices.length < 3) return [...cells];
  const rows = vertices.map((v) => v.row);
  const top = Math.max(0, Math.min(...rows));
  const bottom = Math.min(height - 1, Math.max(...rows));
  for (let row = top; row <= bottom; row++) {
    // Crossings of the row's centre line (y = row) with each edge, half-open so shared vertices count once.
    const xs: number[] = [];
    for (let i = 0; i < vertices.length; i++) {
      const p = vertices[i]!;
      const q = vertices[(i + 1) % vertices.length]!;
      if (p.row <= row === q.row <= row) continue;
      xs.push(p.col + ((row - p.row) / (q.row - p.row)) * (q.col - p.col));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k]!));
      const to = Math.min(width - 1, Math.floor(xs[k + 1]!));
      for (let col = from; col <= to; col++) cells.add(row * width + col);
    }
  }
  return [...cells];
}

/**
 * The cell under a pointer on an element showing the whole grid (one cell per pixel, scaled to the
 * element's box), clamped to the grid.
 */
export function cellUnderPointer(
  event: { clientX: number; clientY: number; currentTarget: Element },
  width: number,
  height: number,
): Cell {
  const box = event.currentTarget.getBoundingClientRect();
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, Math.floor(v)));
  return {
    col: clamp(((event.clientX - box.left) / box.width) * width, width),
    row: clamp(((event.clientY - box.top) / box.height) * height, height),
  };
}

/**
 * The union of polygons (each through the centres of its vertices' cells, as {@link polygonCells})
 * as a mask of the grid: 1 inside any of them, 0 elsewhere.
 */
export function polygonsMask(width: number, height: number, polygons: readonly (readonly Cell[])[]): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const polygon of polygons) for (const cell of polygonCells(width, height, polygon)) mask[cell] = 1;
  return mask;
}
