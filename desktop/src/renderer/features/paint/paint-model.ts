/**
 * The Paint view's pure parts: cells as the Int32 base64 the API takes (and their bytes as it
 * answers), and the painted map's pixels (locked cells hatched); which cells a brush or a
 * polygon covers is map/cell-shapes.ts. Everything here works on typed arrays and is tested
 * without a browser (tests/unit/desktop/paint-model.test.ts).
 */
import type { PaintOpened } from '../../../../../engine/src/api/contract.js';
import { encodeInt32 } from '../../api/bytes.js';
import { packColor } from '../map/render.js';

/** Cells as the API takes them: Int32 little-endian grid indices, base64. */
export function encodeCells(cells: readonly number[] | Int32Array): string {
  return encodeInt32(cells);
}

/** Cells as the API answers them: Int32 little-endian grid indices, as bytes. */
export function decodeCells(bytes: Uint8Array): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int32Array(bytes.byteLength / 4);
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
