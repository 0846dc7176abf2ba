/**
 * Finishing ahead: the improvement's `finish` (the archive's last step, operators.ts
 * `Improvement.finish`) applied by the evaluator right after it evaluates a row, to every row an
 * archive may take, instead of in batches of their own once the whole batch is back
 * (`Evaluator.finishRows`, `ArchiveFinishing.inEvaluator`, nsga2/finishing.ts). Each of those batches waits for its slowest
 * row, and the workers wait for it; finished ahead, the finishing fills the evaluation batch's
 * chunks instead (docs/parallel.md, "Fewer waits").
 *
 * Which rows the archive takes depends on the finished versions of the rows offered before them,
 * known only once the whole batch is back. But a row that the archive's members at the batch's
 * start reject (one of them dominates or equals it) is not taken, unless a member that rejected
 * it left the archive meanwhile without a better one coming in (truncation). So the evaluator
 * finishes the feasible rows those members admit, less those a row it picked before weakly
 * dominates ({@link FinishAheadSelector}), and NSGA-II finishes in a batch of its own only what it
 * missed. Finishing depends on the row alone, so the run is the same either way.
 *
 * In the first generation the archive starts empty: the members admit every feasible row, and
 * most candidates turn out dominated by earlier rows' finished versions. There NSGA-II sends a
 * copy of the archive to replay the offers on (`FinishAhead.replay`), and the evaluator finishes
 * only the rows certain to be needed, in row order ({@link FinishInOrderSelector}): a row once
 * every row before it is evaluated and those the copy admits are finished and offered to it.
 * Nothing is finished for nothing; a row waits for the ones before it, so this is a chain through
 * the batch, finished among its evaluation as far as the evaluation goes.
 *
 * The parallel evaluator picks rows as each chunk of the batch comes back (and, in row order, as
 * each picked row comes back finished) and sends each picked row to the next free worker as a
 * task of its own, among the batch's remaining chunks: the finishing is spread over the workers
 * like the evaluation, with no wait between the two.
 */
import { admittedBy, weaklyDominates } from '../archive/non-dominated-archive.js';
import { toMinimisationObjectives } from './population.js';
import type { EvaluationBatch, ObjectiveDirection, Problem, VariableArray } from './problem.js';

/** What NSGA-II asks of an evaluator that finishes ahead, with a batch (`EvaluationBatch.finishAhead`). */
export interface FinishAhead<V extends VariableArray = VariableArray> {
  /** The improvement whose `finish` to apply, by name: an evaluator whose problem has another one finishes nothing. */
  readonly improvement: string;
  /** The archive's row encoding (archive-rows.ts `RowEncoding`), to return finished rows in when the evaluator can; null: none. */
  readonly encoding: string | null;
  /** The archive's members' objectives when the batch was made (minimisation form), members x M. */
  readonly members: Float64Array;
  /** Filled by the evaluator: each batch row it finished, by row index. */
  readonly rows: Map<number, FinishedAheadRow<V>>;
  /**
   * When given, the rows are finished in row order, only those certain to be needed: the archive's
   * offers replayed on this objectives-only copy of it (the evaluator's to use up), as NSGA-II's
   * `ArchiveFinishing.inEvaluator` replays them ({@link FinishInOrderSelector}). NSGA-II gives one in the
   * first generation.
   */
  readonly replay?: OfferReplay;
}

/** An archive's offers replayed on its members' objectives alone (minimisation form): an objectives-only copy of it. */
export interface OfferReplay {
  admits(objectives: Float64Array, offset: number): boolean;
  add(variables: ArrayLike<number>, objectives: Float64Array, offset: number): boolean;
}

/**
 * Picks the batch's rows to finish ahead as the evaluator learns of them: each call returns the
 * rows to finish now. {@link finishAheadPicker} makes the one a request asks for.
 */
export interface FinishAheadPicker {
  /** Batch row `row` is evaluated (objectives in natural units, its violations). */
  evaluated(row: number, objectives: Float64Array, violations: Float64Array): readonly number[];
  /** Batch row `row`, picked before, is finished. */
  finished(row: number, finished: FinishedAheadRow): readonly number[];
}

const NONE: readonly number[] = [];
/** The variables of every offer to an {@link OfferReplay}, and of its rows: it keeps objectives alone. */
export const EMPTY_ROW = new Uint8Array(0);

/** The picker a request asks for: in row order with a replay, else by the members alone. */
export function finishAheadPicker(
  asked: FinishAhead,
  directions: readonly ObjectiveDirection[],
  rows: number,
): FinishAheadPicker {
  return asked.replay
    ? new FinishInOrderSelector(asked.replay, directions, rows)
    : new FinishAheadSelector(asked.members, directions, rows);
}

function feasible(violations: Float64Array): boolean {
  for (let j = 0; j < violations.length; j++) if (violations[j] !== 0) return false;
  return true;
}

/** A row finished ahead. */
export interface FinishedAheadRow<V extends VariableArray = VariableArray> {
  /** The row as finished, its objectives (natural units) and violations; null when `finish` left it as it was. */
  readonly changed: {
    readonly variables: V;
    readonly objectives: Float64Array;
    readonly violations: Float64Array;
  } | null;
  /** The finished row in the archive's encoding, when the evaluator encoded it. */
  readonly encoded?: Uint8Array;
}

/**
 * Picks the rows to finish ahead as their evaluations come in: a feasible row that no member
 * dominates or equals and that no picked row before it in the batch weakly dominates (as
 * `ArchiveFinishing.inEvaluator`'s rounds skip it: that row's finished version, offered first, as a rule
 * rejects it too). Rows may come in any order (an evaluator picks them as its chunks come back);
 * any choice gives the same run, a worse one only more rows finished for nothing or left to the
 * rounds.
 */
export class FinishAheadSelector implements FinishAheadPicker {
  private readonly m: number;
  private readonly memberCount: number;
  /** The rows picked so far, minimisation form, then room for the candidate; and their batch rows. */
  private readonly picked: Float64Array;
  private readonly pickedRows: Int32Array;
  private count = 0;

  /**
   * @param members the archive's objectives at the batch's start, minimisation form (`FinishAhead.members`).
   * @param rows the batch's size: the most rows that can be picked.
   */
  constructor(
    private readonly members: Float64Array,
    private readonly directions: readonly ObjectiveDirection[],
    rows: number,
  ) {
    this.m = directions.length;
    this.memberCount = members.length / this.m;
    this.picked = new Float64Array(rows * this.m);
    this.pickedRows = new Int32Array(rows);
  }

  /**
   * Whether batch row `row`, evaluated (objectives in natural units, its violations), is one to
   * finish ahead; if so it counts as picked.
   */
  pick(row: number, objectives: Float64Array, violations: Float64Array): boolean {
    const m = this.m;
    if (!feasible(violations)) return false;
    const at = this.count * m;
    const candidate = this.picked.subarray(at, at + m);
    toMinimisationObjectives(objectives, 1, this.directions, candidate);
    if (!admittedBy(this.members, this.memberCount, m, candidate)) return false;
    for (let i = 0; i < this.count; i++)
      if (this.pickedRows[i]! < row && weaklyDominates(this.picked, i * m, at, m)) return false;
    this.pickedRows[this.count++] = row;
    return true;
  }

  evaluated(row: number, objectives: Float64Array, violations: Float64Array): readonly number[] {
    return this.pick(row, objectives, violations) ? [row] : NONE;
  }

  /** A finished row picks no other: the members alone decide. */
  finished(): readonly number[] {
    return NONE;
  }
}

/**
 * Picks, in row order, exactly the rows `ArchiveFinishing.inEvaluator` finishes for the archive: it replays
 * the offers on a copy of the archive as far as the rows are evaluated and the admitted ones
 * finished; the next row the copy admits is picked, and the replay goes on once it is finished
 * (its finished version offered, or itself when `finish` left it as it was). One row at a time is
 * out, so nothing is finished for nothing.
 */
export class FinishInOrderSelector implements FinishAheadPicker {
  private readonly m: number;
  /** Per row: 0 not evaluated yet, 1 feasible, 2 infeasible. */
  private readonly state: Uint8Array;
  /** The rows' objectives, minimisation form. */
  private readonly objectives: Float64Array;
  private readonly done = new Map<number, FinishedAheadRow>();
  /** Room for a finished row's objectives, minimisation form. */
  private readonly scratch: Float64Array;
  /** The replay has offered every row before this one. */
  private next = 0;
  private picked = -1;

  constructor(
    private readonly replay: OfferReplay,
    private readonly directions: readonly ObjectiveDirection[],
    private readonly rows: number,
  ) {
    this.m = directions.length;
    this.state = new Uint8Array(rows);
    this.objectives = new Float64Array(rows * this.m);
    this.scratch = new Float64Array(this.m);
  }

  evaluated(row: number, objectives: Float64Array, violations: Float64Array): readonly number[] {
    const m = this.m;
    toMinimisationObjectives(objectives, 1, this.directions, this.objectives.subarray(row * m, (row + 1) * m));
    this.state[row] = feasible(violations) ? 1 : 2;
    return this.advance();
  }

  finished(row: number, finished: FinishedAheadRow): readonly number[] {
    this.done.set(row, finished);
    return this.advance();
  }

  /** Replay as far as possible; the row picked at the end, if any. */
  private advance(): readonly number[] {
    const m = this.m;
    for (; this.next < this.rows; this.next++) {
      const row = this.next;
      const state = this.state[row];
      if (state === 0) return NONE;
      if (state === 2 || !this.replay.admits(this.objectives, row * m)) continue;
      const done = this.done.get(row);
      if (!done) {
        if (this.picked === row) return NONE;
        this.picked = row;
        return [row];
      }
      if (!done.changed) this.replay.add(EMPTY_ROW, this.objectives, row * m);
      else if (feasible(done.changed.violations)) {
        toMinimisationObjectives(done.changed.objectives, 1, this.directions, this.scratch);
        this.replay.add(EMPTY_ROW, this.scratch, 0);
      }
    }
    return NONE;
  }
}

/**
 * Finish ahead the rows of an evaluated batch (objectives in natural units) that the request's
 * picker ({@link finishAheadPicker}) picks, in the order picked, fed every row in row order: the
 * reference for every evaluator. The batch's rows stay as they were; each finished row is a copy,
 * evaluated again when `finish` changed it.
 * @param encode when given, each finished row also comes back encoded.
 */
export function finishRowsAhead<V extends VariableArray>(
  problem: Problem<V>,
  batch: EvaluationBatch<V>,
  asked: FinishAhead<V>,
  finish: (row: V) => boolean,
  encode?: (row: V) => Uint8Array,
): Map<number, FinishedAheadRow<V>> {
  const n = problem.numberOfVariables;
  const m = problem.numberOfObjectives;
  const k = problem.numberOfConstraints;
  const picker = finishAheadPicker(asked, problem.directions, batch.size);
  const queue: number[] = [];
  for (let r = 0; r < batch.size; r++) {
    queue.push(
      ...picker.evaluated(
        r,
        batch.objectives.subarray(r * m, (r + 1) * m),
        batch.violations.subarray(r * k, (r + 1) * k),
      ),
    );
  }
  const finished = new Map<number, FinishedAheadRow<V>>();
  for (let row = queue.shift(); row !== undefined; row = queue.shift()) {
    const variables = batch.variables.slice(row * n, (row + 1) * n) as V;
    let changed: FinishedAheadRow<V>['changed'] = null;
    if (finish(variables)) {
      changed = { variables, objectives: new Float64Array(m), violations: new Float64Array(k) };
      problem.evaluate({ size: 1, ...changed });
    }
    const result: FinishedAheadRow<V> = encode ? { changed, encoded: encode(variables) } : { changed };
    finished.set(row, result);
    queue.push(...picker.finished(row, result));
  }
  return finished;
}
