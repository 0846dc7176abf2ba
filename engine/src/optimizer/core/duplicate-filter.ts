import type { VariableArray } from './problem.js';

/**
 * A set of variable rows keyed by a hash of their values, for duplicate elimination in O(n) per
 * row (no pairwise comparison of million-cell genomes). Rows are compared exactly on hash hits.
 * A row kept elsewhere in another form (a population member stored as its changes) joins by its
 * hash and an index, and is read back only on a hash hit (`resolve`).
 */
export class DuplicateFilter<V extends VariableArray = VariableArray> {
  private table = new Int32Array(0); // slot -> entry + 1 (0 = empty)
  private hashes = new Int32Array(0);
  /** Each entry's row view, or the index `resolve` reads it back by. */
  private rows: (V | number)[] = [];
  private count = 0;
  private mask = 0;
  private resolve: ((index: number) => V) | null = null;

  /**
   * Empty the set, ready for up to `capacity` rows.
   * @param resolve reads back a row added with {@link addStored} (into a buffer of its own).
   */
  reset(capacity: number, resolve: ((index: number) => V) | null = null): void {
    this.resolve = resolve;
    let size = 16;
    while (size < 2 * capacity) size *= 2;
    if (this.table.length !== size) {
      this.table = new Int32Array(size);
      this.hashes = new Int32Array(capacity);
    } else this.table.fill(0);
    if (this.hashes.length < capacity) this.hashes = new Int32Array(capacity);
    this.mask = size - 1;
    this.rows.length = 0;
    this.count = 0;
  }

  /** True when an equal row is in the set. */
  has(row: V): boolean {
    const hash = hashRow(row);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.table[slot]!;
      if (entry === 0) return false;
      if (this.hashes[entry - 1] === hash && equalRows(this.entryRow(entry - 1), row)) return true;
    }
  }

  /** Add a row view (kept by reference: do not overwrite it while the set is in use). */
  add(row: V): void {
    this.insert(hashRow(row), row);
  }

  /** Add a row kept elsewhere: its {@link hashRow} and the index `resolve` reads it back by. */
  addStored(hash: number, index: number): void {
    this.insert(hash, index);
  }

  private insert(hash: number, row: V | number): void {
    let slot = hash & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.rows.push(row);
    this.hashes[this.count++] = hash;
    this.table[slot] = this.count;
  }

  private entryRow(entry: number): V {
    const row = this.rows[entry]!;
    if (typeof row !== 'number') return row;
    if (!this.resolve) throw new Error('a stored row was added to a duplicate filter reset without a resolver');
    return this.resolve(row);
  }
}

/** Longest stretch hashed value by value; longer rows (land-use genomes) hash an even sample. */
const HASHED_VALUES = 1024;

/** The hash the filter keys a row by. */
export function hashRow(row: VariableArray): number {
  let hash = 0x811c9dc5 | 0;
  const n = row.length;
  const step = n > HASHED_VALUES ? Math.floor(n / HASHED_VALUES) : 1;
  if (row instanceof Float64Array) {
    for (let i = 0; i < n; i += step) hash = Math.imul(hash ^ ((row[i]! * 4294967291) | 0), 0x01000193);
  } else {
    for (let i = 0; i < n; i += step) hash = Math.imul(hash ^ row[i]!, 0x01000193);
  }
  return (hash ^ (hash >>> 15)) & 0x7fffffff;
}

function equalRows(a: VariableArray, b: VariableArray): boolean {
  const n = a.length;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
