/**
 * Where NSGA-II keeps the variables of its population's members (rows [0, N) of its population)
 * between generations: in the population's own matrix, as they are (the default), or in a store
 * that encodes them (`NSGA2Options.populationRows`: a land-use layout as its changes against
 * today's map, model/compact-layouts.ts). The operators work on whole rows, so a stored member
 * is read back into a buffer when it is a parent or an elite copy, and the offspring stay whole
 * in rows [N, N + O) until survival keeps them. The members' values (objectives, violations,
 * rank, crowding) stay in the population; only their variables move, so a run keeps the same
 * members, writes the same files and resumes the same whichever way they are kept.
 */
import type { ArchiveRows, ArchiveRowsState } from '../archive/archive-rows.js';
import { hashRow, type DuplicateFilter } from '../core/duplicate-filter.js';
import type { Population } from '../core/population.js';
import type { VariableArray } from '../core/problem.js';
import { OptimizerInputError } from '../errors.js';

export class PopulationMembers<V extends VariableArray> {
  /** Each stored member's {@link hashRow}, so duplicate checks read a member back only on a hit. */
  private readonly hashes: Int32Array;
  /** A buffer for a stored member read back by a duplicate check. */
  private compared: V | null = null;

  /**
   * @param population rows [0, size) are the members; with a `store` their variable rows are
   *   never written (the matrix's pages for them are never touched, so they take no memory).
   */
  constructor(
    private readonly population: Population<V>,
    private readonly size: number,
    private readonly store: ArchiveRows<V> | null,
    private readonly createVariables: (rows: number) => V,
  ) {
    this.hashes = new Int32Array(store ? size : 0);
    store?.reserve(size);
  }

  /** True when the members are kept in a store rather than as rows of the population. */
  get stored(): boolean {
    return this.store !== null;
  }

  /** The name of the store's encoding ({@link ArchiveRows.encoding}), when it encodes rows. */
  get encoding(): string | null {
    return this.store?.encoding ?? null;
  }

  /**
   * Member i's variables: a view of the population's row (valid until the member is replaced), or
   * read from the store into `buffer` (a new array without one).
   */
  read(i: number, buffer?: V): V {
    if (!this.store) return this.population.rows[i]!;
    return this.store.read(i, buffer ?? this.createVariables(1));
  }

  /** Member i's variables copied into `out`. */
  copyInto(i: number, out: V): void {
    if (this.store) this.store.read(i, out);
    else (out as VariableArray).set(this.population.rows[i]!);
  }

  /**
   * `row` (a row of the population past the members) becomes member i's variables; `encoded`,
   * when given, is the same row already in the store's encoding (made by a worker).
   */
  keep(i: number, row: V, encoded?: Uint8Array): void {
    const store = this.store;
    if (!store) {
      (this.population.variables as VariableArray).set(row, i * this.population.numberOfVariables);
      return;
    }
    if (encoded && store.writeEncoded) store.writeEncoded(i, encoded);
    else store.write(i, row);
    this.hashes[i] = hashRow(row);
  }

  /** Add members [0, count) to a duplicate filter (reset for them and what is compared after). */
  addTo(filter: DuplicateFilter<V>, capacity: number, count: number): void {
    if (!this.store) {
      filter.reset(capacity);
      for (let i = 0; i < count; i++) filter.add(this.population.rows[i]!);
      return;
    }
    filter.reset(capacity, (i) => this.store!.read(i, (this.compared ??= this.createVariables(1))));
    for (let i = 0; i < count; i++) filter.addStored(this.hashes[i]!, i);
  }

  /** Members [0, count) as plain data (checkpoints); `views`: the live matrix or records, not copies. */
  state(count: number, views: boolean): ArchiveRowsState<V> {
    if (this.store) return this.store.state(count, views);
    const length = count * this.population.numberOfVariables;
    const matrix = this.population.variables;
    return { variables: (views ? matrix.subarray(0, length) : matrix.slice(0, length)) as V };
  }

  /** Members [0, count) from plain data (either form, as far as the way they are kept allows). */
  restore(state: ArchiveRowsState<V>, count: number): void {
    const n = this.population.numberOfVariables;
    if (!this.store) {
      if (state.variables === undefined)
        throw new OptimizerInputError('the checkpoint population holds encoded rows; this run keeps them as they are');
      if (state.variables.length !== count * n)
        throw new OptimizerInputError('the checkpoint population matrices do not match the problem sizes');
      (this.population.variables as VariableArray).set(state.variables, 0);
      return;
    }
    try {
      this.store.restore(state, count);
    } catch (error) {
      // The store words its errors for an archive.
      if (error instanceof OptimizerInputError)
        throw new OptimizerInputError(error.message.replace('checkpoint archive', 'checkpoint population'));
      throw error;
    }
    const buffer = (this.compared ??= this.createVariables(1));
    for (let i = 0; i < count; i++) this.hashes[i] = hashRow(this.store.read(i, buffer));
  }

  /** Bytes holding members [0, count)'s variables (for tests and benchmarks). */
  byteLength(count: number): number {
    return this.store
      ? this.store.byteLength(count)
      : count * this.population.numberOfVariables * this.population.variables.BYTES_PER_ELEMENT;
  }
}
