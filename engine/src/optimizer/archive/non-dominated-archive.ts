/**
 * A bounded external archive of every non-dominated solution found during a run (planners want
 * every good layout, not only the last population). Objectives are kept in minimisation form.
 *
 * Without a hypervolume reference, a full archive drops its most crowded member (crowding
 * distance over the archive, the newcomer included), so it keeps a well-spread front.
 *
 * With a reference fixed for the run ({@link NonDominatedArchive.setHypervolumeReference}) the
 * archive also keeps its hypervolume against that reference, and that hypervolume never
 * decreases (bounded archiving that respects the Lebesgue measure, Knowles and Corne 2003):
 * - a newcomer p that no member dominates adds g = c(p, S) = HV(S ∪ {p}) - HV(S) >= 0, and the
 *   members it dominates go (their region lies inside p's);
 * - when more than `capacity` members are not the best on any objective, the most crowded of
 *   those is dropped only if its exclusive contribution is at most what is left of g; otherwise
 *   the newcomer itself goes (its exclusive contribution is then exactly g) unless it is now the
 *   best on an objective. The best member on each objective is never dropped, so in the rare
 *   case where a new best layout adds less than the member that would make room for it holds,
 *   the archive keeps one member more than its capacity rather than lose either.
 * The hypervolume is updated by adding each step's net gain (>= 0 by construction), so it is
 * monotone in floating point too; it equals a fresh computation to within rounding.
 */
import type { VariableArray } from '../core/problem.js';
import { OptimizerInputError } from '../errors.js';
import { DenseArchiveRows, type ArchiveRows, type ArchiveRowsState } from './archive-rows.js';
import { hypervolume, hypervolumeContribution } from '../indicators/hypervolume.js';
import { CrowdingDistance } from '../ranking/crowding-distance.js';

/**
 * Plain snapshot of an archive (typed arrays are copies): the members' variables as a matrix, or
 * as one encoded record each when the archive's store encodes them (archive-rows.ts).
 */
export type ArchiveState<V extends VariableArray = VariableArray> = ArchiveRowsState<V> & ArchiveObjectivesState;

interface ArchiveObjectivesState {
  readonly size: number;
  readonly objectives: Float64Array;
  /**
   * The run's hypervolume reference (minimisation form) and the archive's hypervolume against
   * it; null (or absent, in checkpoints of earlier versions) before a reference is set.
   */
  readonly hypervolume?: { readonly reference: Float64Array; readonly value: number } | null;
}

/**
 * Whether none of `count` members (`members`: count x m objectives, minimisation form) dominates
 * or equals the candidate at `offset` of `objectives`: the archive's test for considering a
 * candidate ({@link NonDominatedArchive.admits}), also run on a copy of the members where the
 * archive is not (core/finish-ahead.ts).
 */
export function admittedBy(
  members: Float64Array,
  count: number,
  m: number,
  objectives: Float64Array,
  offset = 0,
): boolean {
  for (let i = 0; i < count; i++) {
    let candidateBetter = false;
    for (let j = 0; j < m; j++) {
      if (objectives[offset + j]! < members[i * m + j]!) {
        candidateBetter = true;
        break;
      }
    }
    if (!candidateBetter) return false;
  }
  return true;
}

/** Whether the row at offset a of `objectives` is no worse than the row at offset b on each of the m objectives (minimisation). */
export function weaklyDominates(objectives: Float64Array, a: number, b: number, m: number): boolean {
  for (let j = 0; j < m; j++) if (objectives[a + j]! > objectives[b + j]!) return false;
  return true;
}

export class NonDominatedArchive<V extends VariableArray = VariableArray> {
  size = 0;
  /**
   * The members' variables. Room is made at once for the most members the archive can hold (with
   * a hypervolume reference, `capacity` + M + 1, see the module comment) and one spare row for the
   * candidate being inserted.
   */
  private readonly rows: ArchiveRows<V>;
  objectives: Float64Array;
  private crowding: Float64Array;
  private rowIds: Int32Array;
  private protectedRows: Uint8Array;
  private readonly crowdingDistance = new CrowdingDistance();
  private reference: Float64Array | null = null;
  private volume = 0;

  /**
   * @param capacity maximum number of members (>= 1); with a hypervolume reference, the maximum
   *   number of members that are not the best on any objective (see the module comment).
   * @param rows where the members' variables are kept (archive-rows.ts), or a function that
   *   allocates a rows x numberOfVariables matrix (usually `problem.createVariables`) to keep them as they are.
   */
  constructor(
    readonly capacity: number,
    readonly numberOfVariables: number,
    readonly numberOfObjectives: number,
    rows: ((rows: number) => V) | ArchiveRows<V>,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new OptimizerInputError(`the archive capacity must be an integer >= 1, got ${capacity}`);
    }
    const room = capacity + numberOfObjectives + 2;
    this.rows = typeof rows === 'function' ? new DenseArchiveRows(numberOfVariables, room, rows) : rows;
    this.rows.reserve(room);
    this.objectives = new Float64Array(room * numberOfObjectives);
    this.crowding = new Float64Array(room);
    this.rowIds = new Int32Array(room);
    this.protectedRows = new Uint8Array(room);
  }

  /**
   * Member i's variables: into `out` when given; otherwise a view of the archive's own memory
   * (valid until the archive next changes) or, when its store encodes rows, a new array.
   */
  row(i: number, out?: V): V {
    return this.rows.read(this.member(i), out);
  }

  /**
   * The members as the store keeps them, when it encodes rows and gives its records: the encoding's
   * name and member i's record (no decoding; never changed once made: read it, do not write it).
   */
  get encodedRows(): { readonly encoding: string; row(i: number): Uint8Array } | null {
    const rows = this.rows;
    if (rows.encoding === undefined || !rows.encodedRow) return null;
    return {
      encoding: rows.encoding,
      row: (i) => rows.encodedRow!(this.member(i)),
    };
  }

  /** `i`, checked to be a member's index. */
  private member(i: number): number {
    if (!(i >= 0 && i < this.size)) throw new RangeError(`no member ${i} in an archive of ${this.size}`);
    return i;
  }

  /** The members' objectives (minimisation form), a copy: size x numberOfObjectives. */
  getObjectives(): Float64Array {
    return this.objectives.slice(0, this.size * this.numberOfObjectives);
  }

  /** The encoding its store keeps members in (see `add`'s `encoded`), or null for the rows as they are. */
  get rowEncoding(): string | null {
    return this.rows.encoding ?? null;
  }

  /** Bytes holding the members' variables (an encoding store holds fewer than the rows themselves). */
  get variablesByteLength(): number {
    return this.rows.byteLength(this.size);
  }

  /** The fixed hypervolume reference (minimisation form), or null before one is set. */
  get hypervolumeReference(): Float64Array | null {
    return this.reference === null ? null : this.reference.slice();
  }

  /** Hypervolume of the members against the reference; null before a reference is set. */
  get hypervolume(): number | null {
    return this.reference === null ? null : this.volume;
  }

  /**
   * Fix the hypervolume reference (minimisation form) for the rest of the run. From now on the
   * archive's hypervolume never decreases. It can be set once; the checkpoint state keeps it.
   */
  setHypervolumeReference(reference: ArrayLike<number>): void {
    const m = this.numberOfObjectives;
    if (this.reference !== null) throw new OptimizerInputError('the archive already has a hypervolume reference');
    if (reference.length !== m) {
      throw new OptimizerInputError(`the hypervolume reference has ${reference.length} values for ${m} objectives`);
    }
    for (let j = 0; j < m; j++) {
      if (!Number.isFinite(reference[j]!))
        throw new OptimizerInputError(`hypervolume reference value ${j} is ${reference[j]}; it must be finite`);
    }
    this.reference = Float64Array.from(reference);
    this.volume = hypervolume(this.objectives.subarray(0, this.size * m), this.reference);
  }

  /**
   * Whether no member dominates or equals these objectives (minimisation form): a solution with
   * them would be considered by {@link add} (it may still be truncated away when the archive is full).
   * A member that dominates or equals a candidate rejects it, so no member is ever dominated by
   * another: the archive is mutually non-dominated.
   */
  admits(objectives: Float64Array, objectivesOffset = 0): boolean {
    return admittedBy(this.objectives, this.size, this.numberOfObjectives, objectives, objectivesOffset);
  }

  /**
   * Offer a feasible solution (objectives in minimisation form). Returns true when it entered the
   * archive. Rejected when an archive member dominates it or has the very same objectives.
   * @param encoded `variables` already encoded with the store's encoding ({@link rowEncoding}),
   *   when that was done elsewhere (by the worker that finished the row): stored as they are.
   */
  add(variables: ArrayLike<number>, objectives: Float64Array, objectivesOffset = 0, encoded?: Uint8Array): boolean {
    const m = this.numberOfObjectives;
    const archive = this.objectives;
    if (!this.admits(objectives, objectivesOffset)) return false;
    const reference = this.reference;
    let gain = 0;
    if (reference) {
      for (let i = 0; i < this.size; i++) this.rowIds[i] = i;
      gain = hypervolumeContribution(archive, m, this.rowIds, this.size, objectives, objectivesOffset, reference);
    }
    // Drop the members the candidate dominates.
    let i = 0;
    while (i < this.size) {
      let memberBetter = false;
      for (let j = 0; j < m; j++) {
        if (archive[i * m + j]! < objectives[objectivesOffset + j]!) {
          memberBetter = true;
          break;
        }
      }
      if (!memberBetter) {
        this.moveRow(this.size - 1, i);
        this.size--;
      } else i++;
    }
    this.ensureRows(this.size + 1);
    const row = this.size++;
    for (let j = 0; j < m; j++) this.objectives[row * m + j] = objectives[objectivesOffset + j]!;
    let kept = row;
    if (!reference) {
      if (this.size > this.capacity) kept = this.dropMostCrowded(row);
    } else kept = this.truncateKeepingHypervolume(row, gain, reference);
    // The candidate's variables are stored once it is known to stay, where it ended up: a store
    // that encodes rows does not encode the many that a full archive turns away at once.
    if (kept >= 0) {
      if (encoded && this.rows.writeEncoded) this.rows.writeEncoded(kept, encoded);
      else this.rows.write(kept, variables);
    }
    return kept >= 0;
  }

  /**
   * Without a reference: drop the most crowded member (maybe the candidate, the last row); returns
   * the candidate's row after that, or -1 when it was dropped.
   */
  private dropMostCrowded(candidate: number): number {
    this.computeCrowding();
    let worst = 0;
    for (let i = 1; i < this.size; i++) if (this.crowding[i]! < this.crowding[worst]!) worst = i;
    this.moveRow(this.size - 1, worst);
    this.size--;
    return worst === candidate ? -1 : worst;
  }

  /**
   * With a reference: bring the members that are not the best on any objective back to the
   * capacity while the hypervolume gained by the candidate pays for what is dropped (module
   * comment). Adds the net gain to the hypervolume; returns the candidate's row after that, or -1
   * when it was dropped.
   * Members tried, in order, each dropped only if its exclusive contribution fits the budget:
   * the most crowded; one outside the reference box (it holds none); the candidate; the one
   * holding least among the candidate's nearest neighbours (a best layout it displaced, say).
   */
  private truncateKeepingHypervolume(candidateRow: number, gain: number, reference: Float64Array): number {
    let candidate = candidateRow;
    let budget = gain;
    while (this.size - this.markProtected() > this.capacity) {
      this.computeCrowding();
      const crowded = this.mostCrowded(reference, false);
      if (crowded < 0) break;
      let drop = -1;
      let loss = this.contributionOf(crowded, reference);
      if (loss <= budget) drop = crowded;
      if (drop < 0) {
        drop = this.mostCrowded(reference, true);
        loss = 0;
      }
      if (drop < 0 && candidate >= 0 && !this.protectedRows[candidate]) {
        loss = this.contributionOf(candidate, reference);
        if (loss <= budget) drop = candidate;
      }
      if (drop < 0 && candidate >= 0) {
        for (const neighbour of this.nearest(candidate, 2 * this.numberOfObjectives)) {
          const c = this.contributionOf(neighbour, reference);
          if (c <= budget && (drop < 0 || c < loss)) {
            drop = neighbour;
            loss = c;
          }
        }
      }
      if (drop < 0) break; // keeping a new best layout: one member over the capacity
      budget -= loss;
      const last = this.size - 1;
      this.moveRow(last, drop);
      this.size--;
      if (drop === candidate) candidate = -1;
      else if (candidate === last) candidate = drop;
    }
    this.volume += budget;
    return candidate;
  }

  /** The most crowded unprotected member (only among those outside the reference box if `outside`); -1 if none. */
  private mostCrowded(reference: Float64Array, outside: boolean): number {
    const m = this.numberOfObjectives;
    let found = -1;
    for (let i = 0; i < this.size; i++) {
      if (this.protectedRows[i]) continue;
      if (outside) {
        let inside = true;
        for (let j = 0; j < m; j++) if (!(this.objectives[i * m + j]! < reference[j]!)) inside = false;
        if (inside) continue;
      }
      if (found < 0 || this.crowding[i]! < this.crowding[found]!) found = i;
    }
    return found;
  }

  /** Up to `count` unprotected members nearest to `row` (objectives scaled by the archive's range). */
  private nearest(row: number, count: number): number[] {
    const m = this.numberOfObjectives;
    const o = this.objectives;
    const span = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < this.size; i++) {
        lo = Math.min(lo, o[i * m + j]!);
        hi = Math.max(hi, o[i * m + j]!);
      }
      span[j] = hi > lo ? hi - lo : 1;
    }
    const distances: [number, number][] = [];
    for (let i = 0; i < this.size; i++) {
      if (i === row || this.protectedRows[i]) continue;
      let d = 0;
      for (let j = 0; j < m; j++) d += ((o[i * m + j]! - o[row * m + j]!) / span[j]!) ** 2;
      distances.push([d, i]);
    }
    distances.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return distances.slice(0, count).map(([, i]) => i);
  }

  /** c(member, archive without it) against the reference. */
  private contributionOf(row: number, reference: Float64Array): number {
    const m = this.numberOfObjectives;
    for (let i = 0; i < this.size; i++) this.rowIds[i] = i;
    return hypervolumeContribution(
      this.objectives,
      m,
      this.rowIds,
      this.size,
      this.objectives,
      row * m,
      reference,
      row,
    );
  }

  /** Flags the member with the best value of each objective (ties: the first row); returns how many. */
  private markProtected(): number {
    const m = this.numberOfObjectives;
    const flags = this.protectedRows;
    flags.fill(0, 0, this.size);
    for (let j = 0; j < m; j++) {
      let best = 0;
      for (let i = 1; i < this.size; i++) if (this.objectives[i * m + j]! < this.objectives[best * m + j]!) best = i;
      if (this.size > 0) flags[best] = 1;
    }
    let count = 0;
    for (let i = 0; i < this.size; i++) count += flags[i]!;
    return count;
  }

  private computeCrowding(): void {
    for (let i = 0; i < this.size; i++) this.rowIds[i] = i;
    this.crowdingDistance.compute(this.objectives, this.numberOfObjectives, this.rowIds, 0, this.size, this.crowding);
  }

  /** Make room for `rows` members (the archive may hold more than its capacity, see the module comment). */
  private ensureRows(rows: number): void {
    if (this.crowding.length >= rows) return;
    const size = Math.max(rows, this.crowding.length + this.numberOfObjectives + 1);
    this.rows.reserve(size);
    const objectives = new Float64Array(size * this.numberOfObjectives);
    objectives.set(this.objectives.subarray(0, this.size * this.numberOfObjectives));
    this.objectives = objectives;
    this.crowding = new Float64Array(size);
    this.rowIds = new Int32Array(size);
    this.protectedRows = new Uint8Array(size);
  }

  private moveRow(from: number, to: number): void {
    if (from === to) return;
    const m = this.numberOfObjectives;
    this.rows.move(from, to);
    this.objectives.copyWithin(to * m, from * m, (from + 1) * m);
  }

  /**
   * @param views the members' variables as a view of the archive's own memory instead of a copy:
   *   valid only until the archive next changes (for encoding at once; a copy of a large
   *   archive's layouts costs as much memory as the archive).
   */
  getState(views = false): ArchiveState<V> {
    return {
      size: this.size,
      ...this.rows.state(this.size, views),
      objectives: this.objectives.slice(0, this.size * this.numberOfObjectives),
      hypervolume: this.reference === null ? null : { reference: this.reference.slice(), value: this.volume },
    };
  }

  setState(state: ArchiveState<V>): void {
    const withReference = state.hypervolume ?? null;
    // With a reference the best member per objective may be kept over the capacity.
    if (!withReference && state.size > this.capacity) {
      throw new OptimizerInputError(
        `the checkpoint's archive holds ${state.size} solutions, more than the capacity ${this.capacity}`,
      );
    }
    if (state.objectives.length !== state.size * this.numberOfObjectives) {
      throw new OptimizerInputError('the checkpoint archive matrices do not match the problem sizes');
    }
    if (withReference && withReference.reference.length !== this.numberOfObjectives) {
      throw new OptimizerInputError('the checkpoint archive hypervolume reference does not match the objectives');
    }
    this.size = 0;
    this.ensureRows(state.size + 1);
    this.rows.restore(state, state.size);
    this.objectives.set(state.objectives, 0);
    this.size = state.size;
    this.reference = withReference ? Float64Array.from(withReference.reference) : null;
    this.volume = withReference ? withReference.value : 0;
  }
}
