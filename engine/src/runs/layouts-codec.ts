/**
 * The layouts file (layouts-<generation>.bin): a front's genomes stored as their changes against
 * today's map, so a 2000 x 2000 front of 200 layouts that each change a few per cent of the land
 * takes megabytes where the raw genomes took most of a gigabyte.
 *
 * Layout (all integers little-endian):
 *   magic      8 bytes  0xFF "PPLAY1\n" (0xFF never occurs in a genome, whose values are class
 *                       indices below 255, so the magic cannot be mistaken for a raw genome)
 *   rows       uint32
 *   genes      uint32
 *   then, per row:
 *     kind     uint8    0 = dense, 1 = changes
 *     dense:   `genes` bytes, the genome
 *     changes: uint32 count, then `count` gene gaps as unsigned LEB128 varints (the first is the
 *              first changed gene's index, each next one the distance to the previous minus one),
 *              then `count` class bytes
 * A row is stored dense when its changes would not be smaller (a layout that rewrites most of the
 * map). The encoding is a pure function of the genomes and today's map, so equal fronts give equal
 * files (tests compare run folders byte for byte).
 *
 * Files written before this format are the raw genomes (rows x genes bytes); {@link decodeLayouts}
 * still reads them.
 */

const MAGIC = Uint8Array.from([0xff, ...Buffer.from('PPLAY1\n', 'latin1')]);
const HEADER_BYTES = MAGIC.length + 8;
const DENSE = 0;
const CHANGES = 1;

/** Thrown for a file that is neither format or is cut short; the caller names the file. */
export class LayoutsFormatError extends Error {}

/** Class per gene today: `current[geneCells[g]]`, the reference the changes are taken against. */
export function todayGenome(current: Uint8Array, geneCells: Int32Array): Uint8Array {
  const today = new Uint8Array(geneCells.length);
  for (let g = 0; g < geneCells.length; g++) today[g] = current[geneCells[g]!]!;
  return today;
}

function varintBytes(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    bytes++;
  }
  return bytes;
}

/**
 * Encode genomes of `today.length` genes as changes against `today`: `rows` of them row-major in
 * one matrix, or a list of rows (views into wherever they live: a front of 200 layouts at
 * 2000 x 2000 is not packed into a 740 MB matrix first).
 */
export function encodeLayouts(
  genomes: Uint8Array | readonly Uint8Array[],
  rows: number,
  today: Uint8Array,
): Uint8Array {
  const genes = today.length;
  const list = Array.isArray(genomes) ? genomes : null;
  const size = list ? list.length * genes : (genomes as Uint8Array).length;
  if (size !== rows * genes || list?.some((row) => row.length !== genes))
    throw new RangeError(`${size} bytes for ${rows} x ${genes} genes`);
  const rowOf = list
    ? (r: number) => list[r]!
    : (r: number) => (genomes as Uint8Array).subarray(r * genes, (r + 1) * genes);
  // First pass: the size of each row's changes, to choose its kind and size the buffer once.
  const changeBytes = new Float64Array(rows);
  const counts = new Uint32Array(rows);
  let total = HEADER_BYTES;
  for (let r = 0; r < rows; r++) {
    const row = rowOf(r);
    let bytes = 0;
    let count = 0;
    let previous = -1;
    for (let g = 0; g < genes; g++) {
      if (row[g] === today[g]) continue;
      bytes += varintBytes(g - previous - 1) + 1;
      previous = g;
      count++;
    }
    counts[r] = count;
    changeBytes[r] = 4 + bytes;
    total += 1 + Math.min(genes, changeBytes[r]!);
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(MAGIC.length, rows, true);
  view.setUint32(MAGIC.length + 4, genes, true);
  let at = HEADER_BYTES;
  for (let r = 0; r < rows; r++) {
    const row = rowOf(r);
    if (changeBytes[r]! >= genes) {
      out[at++] = DENSE;
      out.set(row, at);
      at += genes;
      continue;
    }
    out[at++] = CHANGES;
    const count = counts[r]!;
    view.setUint32(at, count, true);
    at += 4;
    let classAt = at + changeBytes[r]! - 4 - count;
    let previous = -1;
    for (let g = 0; g < genes; g++) {
      if (row[g] === today[g]) continue;
      let gap = g - previous - 1;
      while (gap >= 0x80) {
        out[at++] = (gap & 0x7f) | 0x80;
        gap = Math.floor(gap / 0x80);
      }
      out[at++] = gap;
      out[classAt++] = row[g]!;
      previous = g;
    }
    at = classAt;
  }
  return out;
}

function isEncoded(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

/**
 * A layouts file opened for reading, in either format: one row at a time (a layout map at
 * 2000 x 2000 cells decodes in milliseconds) or every row at once. Opening checks the header;
 * the rows' extents are found on the first read of a row (one pass over the file, which checks
 * that it holds exactly `rows` rows).
 */
export class EncodedLayouts {
  readonly genes: number;
  private readonly encoded: boolean;
  /** Byte offset of each row's record (its kind byte; raw files: its first gene), and the file's end. */
  private offsets: Float64Array | null = null;
  /** Buffers of {@link applyRow}, made on first use. */
  private scratch: { genes: Int32Array; classes: Uint8Array } | null = null;

  /** @throws LayoutsFormatError when the header does not announce `rows` x `today.length` genomes. */
  constructor(
    private readonly bytes: Uint8Array,
    readonly rows: number,
    private readonly today: Uint8Array,
  ) {
    this.genes = today.length;
    this.encoded = isEncoded(bytes);
    if (!this.encoded) {
      if (bytes.length !== rows * this.genes) throw new LayoutsFormatError('the file has the wrong size');
      return;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(MAGIC.length, true) !== rows || view.getUint32(MAGIC.length + 4, true) !== this.genes) {
      throw new LayoutsFormatError(`the file does not hold ${rows} layouts of ${this.genes} cells`);
    }
  }

  /** Row r's genome (into `out` when given). */
  row(r: number, out: Uint8Array = new Uint8Array(this.genes)): Uint8Array {
    out.set(this.today);
    this.applyRow(r, out);
    return out;
  }

  /**
   * Write row r's changed genes into `target`: gene g's class at `target[index[g]]` (at
   * `target[g]` without an index). The rest of `target` is left as it is: today's genome, or
   * today's class map with `index` the genes' cells.
   */
  applyRow(r: number, target: Uint8Array, index?: Int32Array): void {
    this.scratch ??= { genes: new Int32Array(this.genes), classes: new Uint8Array(this.genes) };
    const { genes, classes } = this.scratch;
    const count = this.rowChanges(r, genes, classes);
    if (index) for (let i = 0; i < count; i++) target[index[genes[i]!]!] = classes[i]!;
    else for (let i = 0; i < count; i++) target[genes[i]!] = classes[i]!;
  }

  /**
   * Row r's changes against today: its changed genes (ascending) and their classes into the
   * buffers (of `genes` entries); returns how many.
   */
  rowChanges(r: number, genes: Int32Array, classes: Uint8Array): number {
    const offsets = this.rowOffsets();
    const { bytes, today } = this;
    let at = offsets[r]!;
    if (!this.encoded || bytes[at++] === DENSE) {
      let count = 0;
      for (let g = 0; g < this.genes; g++) {
        const c = bytes[at + g]!;
        if (c === today[g]) continue;
        genes[count] = g;
        classes[count++] = c;
      }
      return count;
    }
    const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
    at += 4;
    classes.set(bytes.subarray(offsets[r + 1]! - count, offsets[r + 1]!));
    let gene = -1;
    for (let i = 0; i < count; i++) {
      let gap = 0;
      let scale = 1;
      for (;;) {
        const byte = bytes[at++]!;
        gap += (byte & 0x7f) * scale;
        if (byte < 0x80) break;
        scale *= 0x80;
      }
      gene += gap + 1;
      genes[i] = gene;
    }
    return count;
  }

  /** Every genome (rows x genes, row-major). */
  all(): Uint8Array {
    const genomes = new Uint8Array(this.rows * this.genes);
    for (let r = 0; r < this.rows; r++) this.row(r, genomes.subarray(r * this.genes, (r + 1) * this.genes));
    return genomes;
  }

  /** The rows' extents, found once: a pass over the records that checks each one's size. */
  private rowOffsets(): Float64Array {
    if (this.offsets) return this.offsets;
    const { bytes, rows, genes } = this;
    const offsets = new Float64Array(rows + 1);
    if (!this.encoded) {
      for (let r = 0; r <= rows; r++) offsets[r] = r * genes;
      return (this.offsets = offsets);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const cut = () => new LayoutsFormatError('the file is cut short or damaged');
    let at = HEADER_BYTES;
    for (let r = 0; r < rows; r++) {
      offsets[r] = at;
      if (at >= bytes.length) throw cut();
      const kind = bytes[at++];
      if (kind === DENSE) {
        at += genes;
        if (at > bytes.length) throw cut();
        continue;
      }
      if (kind !== CHANGES || at + 4 > bytes.length) throw cut();
      const count = view.getUint32(at, true);
      at += 4;
      // Each gap ends at a byte below 0x80; the gaps must stay within the genome.
      let gene = -1;
      for (let i = 0; i < count; i++) {
        let gap = 0;
        let scale = 1;
        for (;;) {
          if (at >= bytes.length || scale > 2 ** 35) throw cut();
          const byte = bytes[at++]!;
          gap += (byte & 0x7f) * scale;
          if (byte < 0x80) break;
          scale *= 0x80;
        }
        gene += gap + 1;
        if (gene >= genes) throw cut();
      }
      at += count;
      if (at > bytes.length) throw cut();
    }
    if (at !== bytes.length) throw cut();
    offsets[rows] = at;
    return (this.offsets = offsets);
  }
}

/**
 * The genomes (rows x genes, row-major) of a layouts file in either format.
 * @throws LayoutsFormatError when the file does not hold `rows` x `genes` genomes.
 */
export function decodeLayouts(bytes: Uint8Array, rows: number, today: Uint8Array): Uint8Array {
  return new EncodedLayouts(bytes, rows, today).all();
}
