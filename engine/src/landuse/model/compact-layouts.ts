/**
 * A run's archive of layouts, and its population's members between generations, kept compact:
 * each as its record of changes against today's map (change-record.ts, the record a layouts file
 * compresses), not as its genome (NSGA2Options.archive.rows and .populationRows). Layouts under
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
import { encodeChangeRuns, readChangeRuns } from './change-runs.js';

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

/**
 * How a store keeps each layout: its encoding's name, a recorder made for today's map, and the
 * reading back of a record into a genome (@throws LayoutsFormatError for a damaged record).
 */
interface LayoutCodec {
  readonly name: string;
  encode(genome: Uint8Array): Uint8Array;
  decode(record: Uint8Array, out: Uint8Array): void;
}

/** Layouts kept as one encoded record each (null: a free row); a record is never changed once made, only replaced. */
abstract class EncodedLayoutRows implements ArchiveRows<Uint8Array> {
  readonly encoding: string;
  private records: (Uint8Array | null)[] = [];

  /** @param today today's class per gene: the reference of the changes. */
  constructor(
    readonly today: Uint8Array,
    private readonly codec: LayoutCodec,
  ) {
    this.encoding = codec.name;
  }

  reserve(rows: number): void {
    while (this.records.length < rows) this.records.push(null);
  }

  write(row: number, variables: ArrayLike<number>): void {
    this.reserve(row + 1);
    this.records[row] = this.codec.encode(variables instanceof Uint8Array ? variables : Uint8Array.from(variables));
  }

  /** A layout's record made elsewhere with this store's encoding (the bytes `write` would make). */
  writeEncoded(row: number, encoded: Uint8Array): void {
    this.reserve(row + 1);
    this.records[row] = encoded;
  }

  encodedRow(row: number): Uint8Array {
    const record = this.records[row];
    if (!record) throw new RangeError(`row ${row} of the store holds no layout`);
    return record;
  }

  read(row: number, out: Uint8Array = new Uint8Array(this.today.length)): Uint8Array {
    const record = this.encodedRow(row);
    if (out.length !== this.today.length)
      throw new RangeError(`a buffer of ${out.length} genes for layouts of ${this.today.length}`);
    this.codec.decode(record, out);
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
   * checkpoint written before the rows were kept encoded.
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
    const scratch = new Uint8Array(genes);
    state.records.forEach((record, r) => {
      try {
        this.codec.decode(record, scratch);
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
}

/** The archive's store: each layout as its change record (change-record.ts), the layouts file's record. */
export class CompactLayoutRows extends EncodedLayoutRows {
  constructor(today: Uint8Array) {
    const recorder = new ChangeRecorder(today);
    let buffers: ChangeBuffers | null = null; // made on first read
    super(today, {
      name: LAYOUT_CHANGES_ENCODING,
      encode: (genome) => recorder.record(genome),
      decode: (record, out) => {
        buffers ??= new ChangeBuffers(today.length);
        const count = recordChanges(record, 0, record.length, today, buffers.genes, buffers.classes);
        out.set(today);
        buffers.writeInto(count, out);
      },
    });
  }
}

/** The name of the encoding {@link ChangeRunRows} keeps layouts in. */
export const LAYOUT_CHANGE_RUNS_ENCODING = 'layout change runs against today';

/**
 * The population's store between generations: each member as the runs of genes it changes
 * (change-runs.ts), read back several times faster than a change record (a parent is read back
 * for every crossover).
 */
export class ChangeRunRows extends EncodedLayoutRows {
  constructor(today: Uint8Array) {
    const recorder = new ChangeRecorder(today, encodeChangeRuns);
    super(today, {
      name: LAYOUT_CHANGE_RUNS_ENCODING,
      encode: (genome) => recorder.record(genome),
      decode: (record, out) => readChangeRuns(record, today, out),
    });
  }
}

/**
 * The size from which a run keeps its population's members as change runs ({@link ChangeRunRows})
 * rather than as genomes: 256 MiB of members' genes (a population of 100 on 2.7 million
 * changeable cells). Either way the run is the same. Measured (bench/results/large-grid.md): at
 * 2,000 x 2,000 cells the change runs take 345 MiB less memory at no time that the runs could
 * tell apart; at 1,000 x 1,000 the 88 MiB saved were not seen in the process's memory while
 * reading parents back and storing survivors took 3.4 % of a generation on one worker.
 */
export const COMPACT_MEMBERS_FROM_BYTES = 256 * 1024 * 1024;

/** The store for a run's population's members: change runs from {@link COMPACT_MEMBERS_FROM_BYTES} on, else none (genomes). */
export function populationRowsFor(today: Uint8Array, population: number): ChangeRunRows | undefined {
  return population * today.length >= COMPACT_MEMBERS_FROM_BYTES ? new ChangeRunRows(today) : undefined;
}
