/**
 * Finishing ahead: the improvement's `finish` (the archive's last step, operators.ts
 * `Improvement.finish`) applied by the evaluator right after it evaluates a row, to every row an
 * archive may take, instead of in batches of their own once the whole batch is back
 * (`Evaluator.finishRows`, `NSGA2.finishInEvaluator`). Each of those batches waits for its slowest
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
 * The parallel evaluator picks rows as each chunk of the batch comes back and sends each picked
 * row to the next free worker as a task of its own, among the batch's remaining chunks: the
 * finishing is spread over the workers like the evaluation, with no wait between the two.
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
 * `finishInEvaluator`'s rounds skip it: that row's finished version, offered first, as a rule
 * rejects it too). Rows may come in any order (an evaluator picks them as its chunks come back);
 * any choice gives the same run, a worse one only more rows finished for nothing or left to the
 * rounds.
 */
export class FinishAheadSelector {
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
    for (let j = 0; j < violations.length; j++) if (violations[j] !== 0) return false;
    const at = this.count * m;
    const candidate = this.picked.subarray(at, at + m);
    toMinimisationObjectives(objectives, 1, this.directions, candidate);
    if (!admittedBy(this.members, this.memberCount, m, candidate)) return false;
    for (let i = 0; i < this.count; i++)
      if (this.pickedRows[i]! < row && weaklyDominates(this.picked, i * m, at, m)) return false;
    this.pickedRows[this.count++] = row;
    return true;
  }
}

/**
 * Finish ahead, in row order, the rows of an evaluated batch (objectives in natural units) that a
 * {@link FinishAheadSelector} picks: the reference for every evaluator. The batch's rows stay as
 * they were; each finished row is a copy, evaluated again when `finish` changed it.
 * @param members the archive's objectives at the batch's start, minimisation form (`FinishAhead.members`).
 * @param encode when given, each finished row also comes back encoded.
 */
export function finishRowsAhead<V extends VariableArray>(
  problem: Problem<V>,
  batch: EvaluationBatch<V>,
  members: Float64Array,
  finish: (row: V) => boolean,
  encode?: (row: V) => Uint8Array,
): Map<number, FinishedAheadRow<V>> {
  const n = problem.numberOfVariables;
  const m = problem.numberOfObjectives;
  const k = problem.numberOfConstraints;
  const selector = new FinishAheadSelector(members, problem.directions, batch.size);
  const finished = new Map<number, FinishedAheadRow<V>>();
  for (let r = 0; r < batch.size; r++) {
    const picked = selector.pick(
      r,
      batch.objectives.subarray(r * m, (r + 1) * m),
      batch.violations.subarray(r * k, (r + 1) * k),
    );
    if (!picked) continue;
    const variables = batch.variables.slice(r * n, (r + 1) * n) as V;
    let changed: FinishedAheadRow<V>['changed'] = null;
    if (finish(variables)) {
      changed = { variables, objectives: new Float64Array(m), violations: new Float64Array(k) };
      problem.evaluate({ size: 1, ...changed });
    }
    finished.set(r, encode ? { changed, encoded: encode(variables) } : { changed });
  }
  return finished;
}
