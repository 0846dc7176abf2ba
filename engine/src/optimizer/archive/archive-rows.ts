/**
 * Where a {@link NonDominatedArchive} keeps its members' variables. The archive chooses its
 * members from their objectives alone and only stores, moves and reads rows here, so a store
 * that encodes rows (a land-use layout as its changes against today's map:
 * landuse/model/compact-layouts.ts, an eighth of the memory at 2,000 x 2,000 cells) changes the
 * memory a run takes, never its results.
 */
import { OptimizerInputError } from '../errors.js';
import type { VariableArray } from '../core/problem.js';

/** The stored rows as plain data (checkpoints): a matrix, or one encoded record per row. */
export type ArchiveRowsState<V extends VariableArray> =
  | { readonly variables: V; readonly records?: undefined }
  | { readonly records: readonly Uint8Array[]; readonly variables?: undefined };

/**
 * How a store that encodes rows encodes one: named, so that whoever holds the problem (a worker
 * that has just finished a row) can encode rows for the store on its own thread, and the store
 * can tell its own encoding from another (see `ArchiveRows.encoding`).
 */
export interface RowEncoding<V extends VariableArray> {
  readonly name: string;
  /** The row's encoding: a pure function of the row (and of the problem). */
  encode(row: V): Uint8Array;
}

export interface ArchiveRows<V extends VariableArray> {
  /**
   * The name of the encoding the store keeps rows in ({@link RowEncoding}), when it encodes them;
   * then `writeEncoded` stores a row encoded elsewhere.
   */
  readonly encoding?: string;
  /** Make room for rows [0, rows), keeping those written. */
  reserve(rows: number): void;
  /** Store `variables` (one row of the problem's) as row `row`. */
  write(row: number, variables: ArrayLike<number>): void;
  /** Store as row `row` a row already encoded with this store's `encoding` (the same bytes `write` would make). */
  writeEncoded?(row: number, encoded: Uint8Array): void;
  /** Row `row` as the store keeps it, in its `encoding` (never changed once made: read it, do not write it). */
  encodedRow?(row: number): Uint8Array;
  /**
   * Row `row`'s variables: into `out` when given; otherwise a view of the store's own memory
   * (valid until the store next changes) or a new array, whichever the store holds.
   */
  read(row: number, out?: V): V;
  /** Row `from` replaces row `to` (`from` is then free). */
  move(from: number, to: number): void;
  /** Rows [0, size) as plain data; `views`: the store's own arrays rather than copies, where it has them. */
  state(size: number, views: boolean): ArchiveRowsState<V>;
  /** Rows [0, size) from plain data (either form). @throws OptimizerInputError when it does not fit the problem */
  restore(state: ArchiveRowsState<V>, size: number): void;
  /** Bytes holding the rows written (for tests and benchmarks). */
  byteLength(size: number): number;
}

/**
 * The rows as they are, in one rows x n matrix (`createVariables`: usually
 * `problem.createVariables`). The matrix is allocated for the archive's most members at once:
 * rows not written yet take no memory (their pages are never touched), while growing it later
 * would copy every member.
 */
export class DenseArchiveRows<V extends VariableArray> implements ArchiveRows<V> {
  private matrix: V;
  private rows: number;

  constructor(
    private readonly numberOfVariables: number,
    rows: number,
    private readonly createVariables: (rows: number) => V,
  ) {
    this.rows = rows;
    this.matrix = createVariables(rows);
  }

  reserve(rows: number): void {
    if (rows <= this.rows) return;
    const matrix = this.createVariables(rows);
    (matrix as VariableArray).set(this.matrix);
    this.matrix = matrix;
    this.rows = rows;
  }

  write(row: number, variables: ArrayLike<number>): void {
    (this.matrix as VariableArray).set(variables, row * this.numberOfVariables);
  }

  read(row: number, out?: V): V {
    const n = this.numberOfVariables;
    const view = this.matrix.subarray(row * n, (row + 1) * n) as V;
    if (!out) return view;
    (out as VariableArray).set(view);
    return out;
  }

  move(from: number, to: number): void {
    if (from === to) return;
    const n = this.numberOfVariables;
    this.matrix.copyWithin(to * n, from * n, (from + 1) * n);
  }

  state(size: number, views: boolean): ArchiveRowsState<V> {
    const length = size * this.numberOfVariables;
    return { variables: (views ? this.matrix.subarray(0, length) : this.matrix.slice(0, length)) as V };
  }

  restore(state: ArchiveRowsState<V>, size: number): void {
    if (state.variables === undefined) throw new OptimizerInputError('the checkpoint archive holds encoded rows');
    if (state.variables.length !== size * this.numberOfVariables)
      throw new OptimizerInputError('the checkpoint archive matrices do not match the problem sizes');
    this.reserve(size + 1);
    (this.matrix as VariableArray).set(state.variables, 0);
  }

  byteLength(size: number): number {
    return size * this.numberOfVariables * this.matrix.BYTES_PER_ELEMENT;
  }
}
