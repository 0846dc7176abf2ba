/**
 * Decoding the layouts the page carries (data.ts): base64, then raw deflate with the browser's own
 * DecompressionStream (no library, no network), then today's map plus each layout's changes. The
 * table of change codes is read as it inflates and kept sparse (`SparseChanges`), so the page
 * never holds it whole.
 */
import type { ExplorerData } from '../data.js';

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function inflated(base64: string): ReadableStream<Uint8Array> {
  return new Blob([bytesOf(base64)]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
}

async function inflate(base64: string): Promise<Uint8Array> {
  return new Uint8Array(await new Response(inflated(base64)).arrayBuffer());
}

/**
 * The gene-major table of change codes (data.ts), read as it inflates and kept sparse: per gene,
 * the layouts that change it (ascending) and their codes. The table itself has a byte per layout
 * and changeable cell (745 MB for 202 layouts of 2000 x 2000 cells), almost all zero.
 */
class SparseChanges {
  /** Entries of gene g: [geneStart[g], geneStart[g + 1]). */
  readonly geneStart: Int32Array;
  layoutOf: Uint16Array | Uint32Array;
  codes: Uint8Array;
  private size = 0;
  /** Table bytes (change codes) read so far. */
  read = 0;
  /** Where the next byte falls: its layout and gene. */
  private row = 0;
  private gene = 0;

  constructor(
    private readonly genes: number,
    private readonly rows: number,
  ) {
    this.geneStart = new Int32Array(genes + 1);
    const capacity = 1 << 16;
    this.layoutOf = rows <= 0xffff ? new Uint16Array(capacity) : new Uint32Array(capacity);
    this.codes = new Uint8Array(capacity);
  }

  take(chunk: Uint8Array): void {
    const { rows, geneStart } = this;
    this.read += chunk.length;
    if (rows === 0) return;
    let { row, gene, size } = this;
    for (let k = 0; k < chunk.length; k++) {
      if (row === 0) geneStart[gene] = size;
      const code = chunk[k]!;
      if (code !== 0) {
        if (size === this.codes.length) this.grow();
        this.layoutOf[size] = row;
        this.codes[size++] = code;
      }
      if (++row === rows) {
        row = 0;
        gene++;
      }
    }
    this.row = row;
    this.gene = gene;
    this.size = size;
  }

  /** Closes the last gene's entries (once the table is read). */
  finish(): void {
    this.geneStart[this.genes] = this.size;
  }

  private grow(): void {
    const capacity = this.codes.length * 2;
    const layouts = this.layoutOf instanceof Uint16Array ? new Uint16Array(capacity) : new Uint32Array(capacity);
    layouts.set(this.layoutOf);
    const codes = new Uint8Array(capacity);
    codes.set(this.codes);
    this.layoutOf = layouts;
    this.codes = codes;
  }
}

export class Layouts {
  private constructor(
    /** Today's class per cell, NO_CLASS (255, engine/src/rules) outside the study area. */
    readonly current: Uint8Array,
    /** The changeable cells, ascending. */
    readonly cells: Int32Array,
    private readonly changes: SparseChanges,
  ) {}

  static async decode(data: ExplorerData): Promise<Layouts> {
    const [current, cellBytes] = await Promise.all([inflate(data.maps.current), inflate(data.maps.cells)]);
    const deltas = new DataView(cellBytes.buffer, cellBytes.byteOffset, cellBytes.byteLength);
    const cells = new Int32Array(cellBytes.byteLength / 4);
    let cell = 0;
    for (let g = 0; g < cells.length; g++) cells[g] = cell += deltas.getUint32(g * 4, true);
    const rows = data.front.ids.length;
    const changes = new SparseChanges(cells.length, rows);
    const reader = inflated(data.maps.changes).getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) changes.take(chunk.value);
    changes.finish();
    const expected = data.grid.width * data.grid.height;
    if (current.length !== expected || changes.read !== cells.length * rows) {
      throw new Error(
        `The page's maps are damaged: ${current.length} cells for a ${data.grid.width} x ${data.grid.height} grid, ${changes.read} change codes for ${cells.length} cells x ${rows} layouts.`,
      );
    }
    return new Layouts(current, cells, changes);
  }

  /** The full map of the layout at front index `row`. */
  layout(row: number): Uint8Array {
    const map = this.current.slice();
    const { cells } = this;
    const { geneStart, layoutOf, codes } = this.changes;
    for (let g = 0; g < cells.length; g++) {
      // A gene's entries are in layout order: stop at the first at or past `row`.
      for (let k = geneStart[g]!, end = geneStart[g + 1]!; k < end; k++) {
        const layout = layoutOf[k]!;
        if (layout < row) continue;
        if (layout === row) map[cells[g]!] = codes[k]! - 1;
        break;
      }
    }
    return map;
  }
}
