/**
 * Decoding the layouts the page carries (data.ts): base64, then raw deflate with the browser's own
 * DecompressionStream (no library, no network), then today's map plus each layout's changes.
 */
import type { ExplorerData } from '../data.js';

async function inflate(base64: string): Promise<Uint8Array> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export class Layouts {
  private constructor(
    /** Today's class per cell, NO_CLASS (255, engine/src/rules) outside the study area. */
    readonly current: Uint8Array,
    /** The changeable cells, ascending. */
    readonly cells: Int32Array,
    /** Gene-major codes: 0 = today's class, c + 1 = class c (data.ts). */
    private readonly changes: Uint8Array,
    private readonly rows: number,
  ) {}

  static async decode(data: ExplorerData): Promise<Layouts> {
    const [current, cellBytes, changes] = await Promise.all([
      inflate(data.maps.current),
      inflate(data.maps.cells),
      inflate(data.maps.changes),
    ]);
    const deltas = new DataView(cellBytes.buffer, cellBytes.byteOffset, cellBytes.byteLength);
    const cells = new Int32Array(cellBytes.byteLength / 4);
    let cell = 0;
    for (let g = 0; g < cells.length; g++) cells[g] = cell += deltas.getUint32(g * 4, true);
    const rows = data.front.ids.length;
    const expected = data.grid.width * data.grid.height;
    if (current.length !== expected || changes.length !== cells.length * rows) {
      throw new Error(
        `The page's maps are damaged: ${current.length} cells for a ${data.grid.width} x ${data.grid.height} grid, ${changes.length} change codes for ${cells.length} cells x ${rows} layouts.`,
      );
    }
    return new Layouts(current, cells, changes, rows);
  }

  /** The full map of the layout at front index `row`. */
  layout(row: number): Uint8Array {
    const map = this.current.slice();
    const { cells, changes, rows } = this;
    for (let g = 0; g < cells.length; g++) {
      const code = changes[g * rows + row]!;
      if (code !== 0) map[cells[g]!] = code - 1;
    }
    return map;
  }
}
