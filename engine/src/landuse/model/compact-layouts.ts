/**
 * A run's archive of layouts kept compact: each member as its record of changes against today's
 * map (change-record.ts, the record a layouts file compresses), not as its genome. Layouts under
 * a change limit differ from today in a few per cent of their genes, so at 2,000 x 2,000 cells a
 * 200-layout archive takes about a tenth of the 740 MB its genomes take. Storing a layout costs
 * one pass over its genome (ReferenceGenome.listChanges: about 2 ms there), reading one back
 * copies today's map and writes the changes over it.
 *
 * The archive chooses its members from their objectives alone, so a run with this store keeps
 * the same members, writes the same files and resumes the same as with the genomes themselves.
 */
import {
  OptimizerInputError,
  type ArchiveRows,
  type ArchiveRowsState,
  type RowEncoding,
} from '../../optimizer/index.js';
import { ChangeBuffers, ChangeRecorder, LayoutsFormatError, recordChanges } from './change-record.js';

/** The name of the encoding {@link CompactLayoutRows} keeps layouts in: their change records against today's map. */
export const LAYOUT_CHANGES_ENCODING = 'layout changes against today';

/**
 * The encoding of {@link CompactLayoutRows}, for the workers that finish layouts: they encode each
 * finished layout (a pass over its genome, about 0.5 ms at 1,000 x 1,000 cells) in parallel,
 * instead of the run's main thread encoding every layout the archive admits.
 * @param today today's class per gene, built on first use (with the recorder's buffers, 5 bytes a gene).
 */
export function layoutChangesEncoding(today: () => Uint8Array): RowEncoding<Uint8Array> {
  let recorder: ChangeRecorder | null = null;
  return {
    name: LAYOUT_CHANGES_ENCODING,
    encode: (row) => (recorder ??= new ChangeRecorder(today())).record(row),
  };
}

export class CompactLayoutRows implements ArchiveRows<Uint8Array> {
  readonly encoding = LAYOUT_CHANGES_ENCODING;
  /** Each row's record (null: free). A record is never changed once made, only replaced. */
  private records: (Uint8Array | null)[] = [];
  private readonly recorder: ChangeRecorder;
  /** Buffers for reading a record back, made on first use. */
  private scratch: ChangeBuffers | null = null;

  /** @param today today's class per gene: the reference of the changes. */
  constructor(readonly today: Uint8Array) {
    this.recorder = new ChangeRecorder(today);
  }

  reserve(rows: number): void {
    while (this.records.length < rows) this.records.push(null);
  }

  write(row: number, variables: ArrayLike<number>): void {
    this.reserve(row + 1);
    this.records[row] = this.recorder.record(variables instanceof Uint8Array ? variables : Uint8Array.from(variables));
  }

  /** A layout's record made elsewhere with {@link layoutChangesEncoding} (the bytes `write` would make). */
  writeEncoded(row: number, encoded: Uint8Array): void {
    this.reserve(row + 1);
    this.records[row] = encoded;
  }

  read(row: number, out: Uint8Array = new Uint8Array(this.today.length)): Uint8Array {
    const record = this.records[row];
    if (!record) throw new RangeError(`archive row ${row} holds no layout`);
    if (out.length !== this.today.length)
      throw new RangeError(`a buffer of ${out.length} genes for layouts of ${this.today.length}`);
    const buffers = this.buffers();
    const count = recordChanges(record, 0, record.length, this.today, buffers.genes, buffers.classes);
    out.set(this.today);
    buffers.writeInto(count, out);
    return out;
  }

  move(from: number, to: number): void {
    if (from === to) return;
    this.records[to] = this.records[from]!;
    this.records[from] = null;
  }

  /** The records themselves, with or without `views`: they are never changed once made. */
  state(size: number): ArchiveRowsState<Uint8Array> {
    return { records: this.records.slice(0, size) as Uint8Array[] };
  }

  /**
   * From a checkpoint's records (each checked by reading it), or from the genomes of a
   * checkpoint written before the archive was compact.
   */
  restore(state: ArchiveRowsState<Uint8Array>, size: number): void {
    const genes = this.today.length;
    if (state.records === undefined) {
      if (state.variables.length !== size * genes)
        throw new OptimizerInputError('the checkpoint archive matrices do not match the problem sizes');
      this.records = [];
      for (let r = 0; r < size; r++) this.write(r, state.variables.subarray(r * genes, (r + 1) * genes));
      return;
    }
    if (state.records.length !== size)
      throw new OptimizerInputError(`the checkpoint archive holds ${state.records.length} layouts for ${size} members`);
    const { genes: changed, classes } = this.buffers();
    state.records.forEach((record, r) => {
      try {
        recordChanges(record, 0, record.length, this.today, changed, classes);
      } catch (error) {
        if (!(error instanceof LayoutsFormatError)) throw error;
        throw new OptimizerInputError(`the checkpoint archive's layout ${r} is damaged`);
      }
    });
    this.records = [...state.records];
  }

  byteLength(size: number): number {
    let bytes = 0;
    for (let r = 0; r < size; r++) bytes += this.records[r]?.length ?? 0;
    return bytes;
  }

  private buffers(): ChangeBuffers {
    return (this.scratch ??= new ChangeBuffers(this.today.length));
  }
}
