/**
 * A layout as a record of its changes against a reference genome (today's map): the record of
 * one layout in a run's layouts file (runs/layouts-codec.ts, which compresses each record) and of
 * one member of the compact archive (compact-layouts.ts, which keeps them as they are). Layouts
 * under a change limit differ from today in a few per cent of their genes, so a record takes
 * about two bytes per changed gene where the genome takes one byte per gene.
 *
 * Record (integers little-endian):
 *   kind     uint8    0 = dense, 1 = changes
 *   dense:   the genome, one byte per gene
 *   changes: uint32 count, then `count` gene gaps as unsigned LEB128 varints (the first is the
 *            first changed gene's index, each next one the distance to the previous minus one),
 *            then `count` class bytes
 * A record is dense when its changes would not be smaller (a layout that rewrites most of the
 * map). The record is a pure function of the genome and the reference.
 */

import { ReferenceGenome } from './genome-changes.js';

const DENSE = 0;
const CHANGES = 1;

/** Thrown for a record (or a file of records) that is cut short or damaged; the caller names the file. */
export class LayoutsFormatError extends Error {}

export function damagedRecord(): LayoutsFormatError {
  return new LayoutsFormatError('the file is cut short or damaged');
}

/**
 * A genome's changes against today: its changed genes (ascending) and their classes into the
 * buffers (of `today.length` entries); returns how many.
 */
export function genomeChanges(genome: Uint8Array, today: Uint8Array, genes: Int32Array, classes: Uint8Array): number {
  let count = 0;
  for (let g = 0; g < today.length; g++) {
    const c = genome[g]!;
    if (c === today[g]) continue;
    genes[count] = g;
    classes[count++] = c;
  }
  return count;
}

/** The bytes of `value` as an unsigned LEB128 varint. */
export function varintBytes(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    bytes++;
  }
  return bytes;
}

/** Write `value` as an unsigned LEB128 varint at `bytes[at]`; returns the offset after it. */
export function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    bytes[at++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 0x80);
  }
  bytes[at++] = value;
  return at;
}

/**
 * The record of `genome`, given the genes in which it differs from the reference (`changed`,
 * ascending, `count` of them: ReferenceGenome.listChanges lists them eight genes a step).
 */
export function encodeChangeRecord(genome: Uint8Array, changed: Int32Array, count: number): Uint8Array {
  const genes = genome.length;
  let gapBytes = 0;
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const gap = changed[i]! - previous - 1;
    gapBytes += gap < 0x80 ? 1 : varintBytes(gap); // most gaps fit one byte: no call for them
    previous = changed[i]!;
  }
  if (4 + gapBytes + count >= genes) {
    const record = new Uint8Array(1 + genes);
    record[0] = DENSE;
    record.set(genome, 1);
    return record;
  }
  const record = new Uint8Array(1 + 4 + gapBytes + count);
  record[0] = CHANGES;
  new DataView(record.buffer).setUint32(1, count, true);
  let at = 5;
  let classAt = 5 + gapBytes;
  previous = -1;
  for (let i = 0; i < count; i++) {
    const g = changed[i]!;
    at = writeVarint(record, at, g - previous - 1);
    record[classAt++] = genome[g]!;
    previous = g;
  }
  return record;
}

/**
 * Records of genomes against one reference (its buffers made once: 5 bytes a gene), by default
 * change records; `encode` makes another kind from the same list of changed genes (change-runs.ts).
 */
export class ChangeRecorder {
  private readonly reference: ReferenceGenome;
  private readonly changed: Int32Array;

  constructor(
    readonly today: Uint8Array,
    private readonly encode: (
      genome: Uint8Array,
      changed: Int32Array,
      count: number,
    ) => Uint8Array = encodeChangeRecord,
  ) {
    this.reference = new ReferenceGenome(today);
    this.changed = new Int32Array(today.length);
  }

  /** The record of `genome` (of `today.length` genes). */
  record(genome: Uint8Array): Uint8Array {
    if (genome.length !== this.today.length)
      throw new RangeError(`a genome of ${genome.length} genes against ${this.today.length}`);
    return this.encode(genome, this.changed, this.reference.listChanges(genome, this.changed));
  }
}

/**
 * The changes of the record `bytes[start .. end)` (kind byte first) against `today`: its changed
 * genes (ascending) and their classes into the buffers (of `today.length` entries); returns how
 * many. @throws LayoutsFormatError when the record is damaged.
 */
export function recordChanges(
  bytes: Uint8Array,
  start: number,
  end: number,
  today: Uint8Array,
  genes: Int32Array,
  classes: Uint8Array,
): number {
  let at = start;
  const kind = bytes[at++];
  if (kind === DENSE) {
    if (end - at !== today.length) throw damagedRecord();
    return genomeChanges(bytes.subarray(at, end), today, genes, classes);
  }
  const count = changesCount(bytes, start, end);
  at = readGaps(bytes, start + 5, end - count, count, today.length, genes);
  if (at !== end - count) throw damagedRecord();
  classes.set(bytes.subarray(at, end));
  return count;
}

/** Buffers for one layout's changes (its genes and their classes), made once and reused. */
export class ChangeBuffers {
  readonly genes: Int32Array;
  readonly classes: Uint8Array;

  /** @param length the most changes a layout has: its number of genes. */
  constructor(length: number) {
    this.genes = new Int32Array(length);
    this.classes = new Uint8Array(length);
  }

  /**
   * Write the first `count` changes listed here into `target`: gene g's class at
   * `target[index[g]]` (at `target[g]` without an index). The rest of `target` is left as it is.
   */
  writeInto(count: number, target: Uint8Array, index?: Int32Array): void {
    const { genes, classes } = this;
    if (index) for (let i = 0; i < count; i++) target[index[genes[i]!]!] = classes[i]!;
    else for (let i = 0; i < count; i++) target[genes[i]!] = classes[i]!;
  }
}

/**
 * Per-gene class counts that changes are added to (`step` 1) or taken from (-1): genes x
 * `classCount`, row-major (decision/agreement.ts's ChangeCounts).
 */
export interface ChangeTally {
  readonly counts: Uint8Array | Uint16Array;
  readonly classCount: number;
  readonly step: 1 | -1;
}

/**
 * Add the record's changes to a tally (or take them away), decoding and counting in one pass. A
 * class beyond those counted is damage. @throws LayoutsFormatError
 */
export function countRecordChanges(
  bytes: Uint8Array,
  start: number,
  end: number,
  today: Uint8Array,
  tally: ChangeTally,
): void {
  if (bytes[start] === DENSE) {
    countDenseChanges(bytes, start + 1, end, today, tally);
    return;
  }
  const count = changesCount(bytes, start, end);
  if (readGaps(bytes, start + 5, end - count, count, today.length, null, tally) !== end - count) throw damagedRecord();
}

/** {@link countRecordChanges} of a genome stored as it is at `bytes[at .. end)`. */
export function countDenseChanges(
  bytes: Uint8Array,
  at: number,
  end: number,
  today: Uint8Array,
  tally: ChangeTally,
): void {
  if (end - at !== today.length) throw damagedRecord();
  const { counts, classCount, step } = tally;
  for (let g = 0; g < today.length; g++) {
    const c = bytes[at + g]!;
    if (c === today[g]) continue;
    if (c >= classCount) throw damagedRecord();
    counts[g * classCount + c]! += step;
  }
}

/**
 * Where the record starting at `bytes[at]` ends, for records laid end to end without a table of
 * their lengths (the uncompressed layouts files of earlier versions). @throws LayoutsFormatError
 */
export function recordEnd(bytes: Uint8Array, at: number, genes: number): number {
  if (at >= bytes.length) throw damagedRecord();
  const kind = bytes[at];
  if (kind === DENSE) {
    if (at + 1 + genes > bytes.length) throw damagedRecord();
    return at + 1 + genes;
  }
  if (kind !== CHANGES || at + 5 > bytes.length) throw damagedRecord();
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at + 1, true);
  const end = readGaps(bytes, at + 5, bytes.length, count, genes, null) + count;
  if (end > bytes.length) throw damagedRecord();
  return end;
}

/** The number of changes of a changes record at `bytes[start .. end)`, checked against its size. */
function changesCount(bytes: Uint8Array, start: number, end: number): number {
  if (bytes[start] !== CHANGES || start + 5 > end) throw damagedRecord();
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(start + 1, true);
  if (end - count < start + 5) throw damagedRecord();
  return count;
}

/**
 * Read `count` LEB128 gaps from `bytes[at ..)`, not past `limit`, into ascending genes below
 * `genes`; returns the offset after the last gap. The genes go into `out` when given; with a
 * `tally`, each gene's count of its class (the classes follow the gaps, from `limit`) takes its
 * step instead: decoding and counting in one pass, without buffers.
 */
function readGaps(
  bytes: Uint8Array,
  at: number,
  limit: number,
  count: number,
  genes: number,
  out: Int32Array | null,
  tally: ChangeTally | null = null,
): number {
  const counts = tally?.counts ?? null;
  const classCount = tally?.classCount ?? 0;
  const step = tally?.step ?? 1;
  let gene = -1;
  for (let i = 0; i < count; i++) {
    let gap = 0;
    let scale = 1;
    for (;;) {
      if (at >= limit || scale > 2 ** 35) throw damagedRecord();
      const byte = bytes[at++]!;
      gap += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
    }
    gene += gap + 1;
    if (gene >= genes) throw damagedRecord();
    if (out) out[i] = gene;
    else if (counts) {
      const c = bytes[limit + i]!;
      if (c >= classCount) throw damagedRecord();
      counts[gene * classCount + c]! += step;
    }
  }
  return at;
}
