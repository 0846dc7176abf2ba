/**
 * The layouts file (layouts-<generation>.bin): a front's genomes stored as their changes against
 * today's map, each layout compressed on its own, so a 2000 x 2000 front of 200 layouts that each
 * change a few per cent of the land takes about 20 MB where the raw genomes took 740 MB, and one
 * layout is read without the others.
 *
 * Layout (all integers little-endian):
 *   magic      8 bytes  0xFF "PPLAY2\n" (0xFF never occurs in a genome, whose values are class
 *                       indices below 255, so the magic cannot be mistaken for a raw genome)
 *   rows       uint32
 *   genes      uint32
 *   lengths    rows x uint32: the byte length of each row's compressed record
 *   then each row's record (landuse/model/change-record.ts: its changes against today, or the
 *              genome when that is not smaller), compressed with raw DEFLATE (RFC 1951, level 1)
 * The compact archive keeps the same records uncompressed (landuse/model/compact-layouts.ts).
 * The encoding is a pure function of the genomes and today's map (and of zlib's level-1
 * output, the same for the same Node.js), so equal fronts give equal files (tests compare run
 * folders byte for byte).
 *
 * Older files are still read: "PPLAY1" files hold the same records uncompressed, one after the
 * other without a table of lengths, and the first files were the raw genomes (rows x genes bytes).
 */
import { promisify } from 'node:util';
import { deflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { rowReader, type GenomeRows } from '../decision/rows.js';
import {
  ChangeBuffers,
  ChangeRecorder,
  countDenseChanges,
  countRecordChanges,
  damagedRecord,
  genomeChanges,
  LayoutsFormatError,
  recordChanges,
  recordEnd,
} from '../landuse/model/change-record.js';

export { genomeChanges, LayoutsFormatError };

const MAGIC = Uint8Array.from([0xff, ...Buffer.from('PPLAY2\n', 'latin1')]);
/** The uncompressed format without a table of lengths, read only. */
const MAGIC_PLAIN = Uint8Array.from([0xff, ...Buffer.from('PPLAY1\n', 'latin1')]);
const HEADER_BYTES = MAGIC.length + 8;
/** Level 1: the checkpoints that write the file come every few minutes at 2000 x 2000; level 6 took 3x as long for 20 % less. */
const DEFLATE = { level: 1 } as const;
/** Rows compressed at once by {@link compressLayouts} (their records are held until compressed). */
const ROWS_AT_ONCE = 16;
const deflateRawAsync = promisify(deflateRaw);

/** Class per gene today: `current[geneCells[g]]`, the reference the changes are taken against. */
export function todayGenome(current: Uint8Array, geneCells: Int32Array): Uint8Array {
  const today = new Uint8Array(geneCells.length);
  for (let g = 0; g < geneCells.length; g++) today[g] = current[geneCells[g]!]!;
  return today;
}

/**
 * Row r of `rows` genomes given as one row-major matrix, a list of rows (both checked against the
 * size) or a function giving row r (each row is checked as it is encoded).
 */
function rowsOf(genomes: GenomeRows, rows: number, genes: number): (r: number) => Uint8Array {
  if (typeof genomes === 'function') return genomes;
  const list = Array.isArray(genomes) ? genomes : null;
  const size = list ? list.length * genes : (genomes as Uint8Array).length;
  if (size !== rows * genes || list?.some((row) => row.length !== genes))
    throw new RangeError(`${size} bytes for ${rows} x ${genes} genes`);
  return rowReader(genomes, genes);
}

/** The file from its rows' compressed records: header, table of lengths, records. */
function assemble(records: readonly Uint8Array[], genes: number): Uint8Array {
  const rows = records.length;
  const out = new Uint8Array(HEADER_BYTES + 4 * rows + records.reduce((sum, r) => sum + r.length, 0));
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(MAGIC.length, rows, true);
  view.setUint32(MAGIC.length + 4, genes, true);
  let at = HEADER_BYTES + 4 * rows;
  records.forEach((record, r) => {
    view.setUint32(HEADER_BYTES + 4 * r, record.length, true);
    out.set(record, at);
    at += record.length;
  });
  return out;
}

/**
 * Encode genomes of `today.length` genes as changes against `today`: `rows` of them row-major in
 * one matrix, a list of rows, or a function giving row r, which may reuse one buffer (a run's
 * front, read from its compact archive: 200 layouts at 2000 x 2000 are not decoded into 740 MB first).
 */
export function encodeLayouts(genomes: GenomeRows, rows: number, today: Uint8Array): Uint8Array {
  const rowOf = rowsOf(genomes, rows, today.length);
  const recorder = new ChangeRecorder(today);
  const records = Array.from({ length: rows }, (_, r) => deflateRawSync(recorder.record(rowOf(r)), DEFLATE));
  return assemble(records, today.length);
}

/**
 * Compressed records kept between calls of {@link compressLayouts}, by a key the caller gives each
 * layout (a run's checkpoints: its genome's SHA-256). A record depends only on the genome and
 * today's map, so a kept record is the one the layout would get again.
 */
export interface LayoutRecordCache {
  /** The key of each layout, in order. */
  readonly keys: readonly string[];
  /** Records by key: read for the layouts found, written for the others. */
  readonly records: Map<string, Uint8Array>;
}

/**
 * {@link encodeLayouts}, the same bytes, with the compression in libuv's thread pool, a few rows
 * at once, while this thread encodes the next rows (a run's checkpoints: the workers wait). With
 * a `cache`, the layouts it holds are not encoded again (most of a front stays in it from one
 * checkpoint to the next).
 * @param recordOf row r's change record against `today` (the bytes a `ChangeRecorder` of `today`
 *   makes of its genome: a run's archive keeps them), when the caller has them: compressed as they
 *   are, the genome not read.
 */
export async function compressLayouts(
  genomes: GenomeRows,
  rows: number,
  today: Uint8Array,
  cache?: LayoutRecordCache,
  recordOf?: (r: number) => Uint8Array,
): Promise<Uint8Array> {
  const rowOf = rowsOf(genomes, rows, today.length);
  if (cache && cache.keys.length !== rows) throw new RangeError(`${cache.keys.length} keys for ${rows} layouts`);
  const records: Uint8Array[] = [];
  const recorder = new ChangeRecorder(today);
  for (let first = 0; first < rows; first += ROWS_AT_ONCE) {
    const group: (Uint8Array | Promise<Uint8Array>)[] = [];
    for (let r = first; r < Math.min(rows, first + ROWS_AT_ONCE); r++)
      group.push(
        cache?.records.get(cache.keys[r]!) ??
          deflateRawAsync(recordOf ? recordOf(r) : recorder.record(rowOf(r)), DEFLATE),
      );
    const done = await Promise.all(group);
    if (cache) done.forEach((record, k) => cache.records.set(cache.keys[first + k]!, record));
    records.push(...done);
  }
  return assemble(records, today.length);
}

function startsWith(bytes: Uint8Array, magic: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

/** One row's record: `bytes[start .. end)`, its kind byte first (raw genomes: no kind byte). */
interface RowRecord {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/**
 * A layouts file opened for reading, in any of its formats: one row at a time (a layout map at
 * 2000 x 2000 cells decodes in milliseconds) or every row at once. Opening checks the header and
 * the table of lengths; each record is checked as it is read.
 */
export class EncodedLayouts {
  readonly genes: number;
  private readonly format: 'compressed' | 'plain' | 'raw';
  /** Byte offset of each row's record in the file, and the file's end (plain files: found on first use). */
  private offsets: Float64Array | null = null;
  /** Buffers of {@link applyRow}, made on first use. */
  private scratch: ChangeBuffers | null = null;

  /** @throws LayoutsFormatError when the header does not announce `rows` x `today.length` genomes. */
  constructor(
    private readonly bytes: Uint8Array,
    readonly rows: number,
    /** Today's class per gene: the reference of the changes. */
    readonly today: Uint8Array,
  ) {
    this.genes = today.length;
    this.format = startsWith(bytes, MAGIC) ? 'compressed' : startsWith(bytes, MAGIC_PLAIN) ? 'plain' : 'raw';
    if (this.format === 'raw') {
      if (bytes.length !== rows * this.genes) throw new LayoutsFormatError('the file has the wrong size');
      return;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(MAGIC.length, true) !== rows || view.getUint32(MAGIC.length + 4, true) !== this.genes) {
      throw new LayoutsFormatError(`the file does not hold ${rows} layouts of ${this.genes} cells`);
    }
    if (this.format !== 'compressed') return;
    if (HEADER_BYTES + 4 * rows > bytes.length) throw damagedRecord();
    const offsets = new Float64Array(rows + 1);
    offsets[0] = HEADER_BYTES + 4 * rows;
    for (let r = 0; r < rows; r++) offsets[r + 1] = offsets[r]! + view.getUint32(HEADER_BYTES + 4 * r, true);
    if (offsets[rows] !== bytes.length) throw damagedRecord();
    this.offsets = offsets;
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
    const buffers = (this.scratch ??= new ChangeBuffers(this.genes));
    buffers.writeInto(this.rowChanges(r, buffers.genes, buffers.classes), target, index);
  }

  /**
   * Row r's changes against today: its changed genes (ascending) and their classes into the
   * buffers (of `genes` entries); returns how many.
   */
  rowChanges(r: number, genes: Int32Array, classes: Uint8Array): number {
    const { bytes, start, end } = this.record(r);
    if (this.format !== 'raw') return recordChanges(bytes, start, end, this.today, genes, classes);
    if (end - start !== this.genes) throw damagedRecord();
    return genomeChanges(bytes.subarray(start, end), this.today, genes, classes);
  }

  /**
   * Add (`step` 1) or take away (-1) row r's changes to or from per-gene class counts (genes x
   * `classCount`, row-major: decision/agreement.ts's ChangeCounts), decoding and counting in one
   * pass: at 2000 x 2000 about 4 ms a layout, against 6 ms through {@link rowChanges}'s buffers.
   */
  countRowChanges(r: number, counts: Uint8Array | Uint16Array, classCount: number, step: 1 | -1): void {
    const { bytes, start, end } = this.record(r);
    const tally = { counts, classCount, step };
    if (this.format === 'raw') countDenseChanges(bytes, start, end, this.today, tally);
    else countRecordChanges(bytes, start, end, this.today, tally);
  }

  /** Every genome (rows x genes, row-major). */
  all(): Uint8Array {
    const genomes = new Uint8Array(this.rows * this.genes);
    for (let r = 0; r < this.rows; r++) this.row(r, genomes.subarray(r * this.genes, (r + 1) * this.genes));
    return genomes;
  }

  /** Row r's record, decompressed when the file is compressed. */
  private record(r: number): RowRecord {
    const offsets = this.rowOffsets();
    const start = offsets[r]!;
    const end = offsets[r + 1]!;
    if (this.format !== 'compressed') return { bytes: this.bytes, start, end };
    let record: Uint8Array;
    try {
      record = inflateRawSync(this.bytes.subarray(start, end));
    } catch {
      throw new LayoutsFormatError(`layout ${r} does not decompress`);
    }
    return { bytes: record, start: 0, end: record.length };
  }

  /** The rows' extents: from the table of lengths, or (plain files) one pass over the records that checks each one's size. */
  private rowOffsets(): Float64Array {
    if (this.offsets) return this.offsets;
    const { bytes, rows, genes } = this;
    const offsets = new Float64Array(rows + 1);
    if (this.format === 'raw') {
      for (let r = 0; r <= rows; r++) offsets[r] = r * genes;
      return (this.offsets = offsets);
    }
    let at = HEADER_BYTES;
    for (let r = 0; r < rows; r++) {
      offsets[r] = at;
      at = recordEnd(bytes, at, genes);
    }
    if (at !== bytes.length) throw damagedRecord();
    offsets[rows] = at;
    return (this.offsets = offsets);
  }
}

/**
 * The genomes (rows x genes, row-major) of a layouts file in any of its formats.
 * @throws LayoutsFormatError when the file does not hold `rows` x `genes` genomes.
 */
export function decodeLayouts(bytes: Uint8Array, rows: number, today: Uint8Array): Uint8Array {
  return new EncodedLayouts(bytes, rows, today).all();
}
