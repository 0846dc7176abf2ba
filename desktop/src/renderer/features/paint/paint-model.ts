/**
 * The Paint view's pure parts: which cells a brush or a polygon covers, cells as the Int32 base64
 * the API takes, and the painted map's pixels (locked cells hatched). Everything here works on
 * typed arrays and is tested without a browser (tests/unit/desktop/paint-model.test.ts).
 */
import type { PaintOpened } from '../../../../../engine/src/api/contract.js';
import { packColor } from '../map/render.js';

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

/** Cells as the API takes them: Int32 little-endian grid indices, base64. */
export function encodeCells(cells: readonly number[] | Int32Array): string {
  const bytes = new Uint8Array(cells.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < cells.length; i++) view.setInt32(i * 4, cells[i]!, true);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return btoa(binary);
}

export function decodeCells(base64: string): Int32Array {
  const binary = atob(base64);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Int32Array(binary.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true);
  return out;
}

/** `cells` in pieces of at most `size` (one request each). */
export function chunks<T>(cells: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < cells.length; i += size) out.push(cells.slice(i, i + size));
  return out;
}

/** Colour of cells that cannot be painted (blended over their class, in diagonal hatching). */
export const LOCKED_COLOR: readonly [number, number, number] = [60, 60, 70];
/** Colour of the stroke being drawn and the polygon's vertices. */
export const STROKE_COLOR: readonly [number, number, number] = [20, 20, 20];

/**
 * The painted layout's pixels: each cell in its class colour; with `showLocked`, cells that
 * cannot change hatched dark; then the cells of the stroke being drawn (`pending`, in the class
 * being painted, only where paintable) and the polygon's vertices.
 */
export function paintPlanPixels(
  width: number,
  layout: Uint8Array,
  locked: Uint8Array,
  palette: Uint32Array,
  out: Uint32Array,
  options: { showLocked: boolean; pending?: readonly number[]; pendingClass?: number; marks?: readonly number[] },
): void {
  for (let i = 0; i < layout.length; i++) out[i] = palette[layout[i]!]!;
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  if (options.showLocked) {
    const [r, g, b] = LOCKED_COLOR;
    for (let i = 0; i < locked.length; i++) {
      const lock = locked[i]!;
      if (lock === 0 || lock === 255) continue;
      const x = i % width;
      const y = (i - x) / width;
      const alpha = (x + y) % 4 < 2 ? 0.55 : 0.3;
      const p = i * 4;
      bytes[p] = Math.round(bytes[p]! * (1 - alpha) + r * alpha);
      bytes[p + 1] = Math.round(bytes[p + 1]! * (1 - alpha) + g * alpha);
      bytes[p + 2] = Math.round(bytes[p + 2]! * (1 - alpha) + b * alpha);
    }
  }
  if (options.pending && options.pendingClass !== undefined) {
    const colour = palette[options.pendingClass]!;
    for (const c of options.pending) if (locked[c] === 0) out[c] = colour;
  }
  const mark = packColor(...STROKE_COLOR);
  for (const c of options.marks ?? []) out[c] = mark;
}

/** Hectares per class gained (+) or lost (−) since today, classes that did not change left out. */
export function changeFromToday(
  session: Pick<PaintOpened, 'classes' | 'todayHa'>,
  areasHa: readonly number[],
): { id: string; name: string; color: string; ha: number }[] {
  return session.classes
    .map((c, k) => ({ id: c.id, name: c.name, color: c.color, ha: areasHa[k]! - session.todayHa[k]! }))
    .filter((c) => Math.abs(c.ha) > 1e-9);
}
