/**
 * How a batch reaches the problem: the Evaluation component swapped for parallelism (jMetal).
 * The algorithm never evaluates anything itself except through an Evaluator.
 */
import type { EvaluationBatch, Problem, VariableArray } from './problem.js';

export interface Evaluator<V extends VariableArray = VariableArray> {
  /**
   * True when this evaluator carries out a batch's `preparation` itself (each row sampled and/or
   * repaired from its own seed, e.g. inside the workers that evaluate it) before evaluating, and
   * writes the prepared rows back into `batch.variables`. Otherwise (the default) NSGA-II prepares
   * the rows on its own thread in `ask()`. Either way every row ends up bit-identical.
   */
  readonly preparesRows?: boolean;
  /**
   * True when this evaluator honours a batch's `finishAhead` (core/finish-ahead.ts): having
   * evaluated the batch, it finishes the rows as `finishRowsAhead` does (where it evaluates them,
   * e.g. in its workers) and puts them in `finishAhead.rows`. It may leave rows out; NSGA-II
   * finishes those itself, with `finishRows` or on its own thread.
   */
  readonly finishesAhead?: boolean;
  /**
   * True when this evaluator (one that `preparesRows`) honours a batch's `make`: it makes the rows
   * of the first tasks it sends, then the rest while those are evaluated (e.g. the first chunks
   * are in the workers while the main thread makes the other offspring). NSGA-II's `step()` then
   * hands it the offspring before they are all made; otherwise every row is made in `ask()`.
   */
  readonly evaluatesAsRowsAreMade?: boolean;
  /**
   * How many rows this evaluator works on at once (its workers), when it knows. NSGA-II's first
   * generation finishes rows in rounds of that many (`ArchiveFinishing.inEvaluator`, nsga2/finishing.ts).
   */
  readonly workers?: number;
  /**
   * Fill `batch.objectives` (natural units and directions) and `batch.violations` for every row.
   * May return a promise (a worker pool); synchronous evaluators let `runSync()` be used.
   * The arrays belong to the algorithm: write into them, do not transfer (detach) their buffers.
   * A problem whose `createVariables` allocates on a SharedArrayBuffer lets workers read rows in place.
   */
  evaluate(problem: Problem<V>, batch: EvaluationBatch<V>, signal?: AbortSignal): void | Promise<void>;
  /**
   * Optional: apply `improvement.finish` (see operators.ts) to every row of `batch` where the
   * problem lives (e.g. in the workers), and evaluate the rows it changed: their new values go
   * into `batch.variables`, `batch.objectives` (natural units) and `batch.violations`; a row it
   * left unchanged gets NaN as its first objective (and is not evaluated again). NSGA-II uses it
   * to take the archive's last step off its own thread (see `NSGA2.step`). `improvementName` is
   * the algorithm's improvement's name; an evaluator whose problem has another one returns false
   * without doing anything, and NSGA-II finishes the rows itself.
   *
   * `encoding` names the row encoding of the archive the rows are for (archive-rows.ts
   * `RowEncoding`): an evaluator whose problem can encode rows that way may return each finished
   * row (changed or not) encoded ({@link EncodedRows}), so that the archive stores them without
   * encoding them on the algorithm's thread; otherwise it returns true.
   */
  finishRows?(
    problem: Problem<V>,
    batch: EvaluationBatch<V>,
    improvementName: string,
    signal?: AbortSignal,
    encoding?: string,
  ): Promise<boolean | EncodedRows>;
}

/** The rows of a batch encoded where they were finished (see `Evaluator.finishRows`). */
export interface EncodedRows {
  /** The encoding's name (archive-rows.ts `RowEncoding`). */
  readonly encoding: string;
  /** Per batch row, its encoding. */
  readonly rows: readonly Uint8Array[];
}

/** The default: calls `problem.evaluate(batch)` on the calling thread. */
export class SequentialEvaluator<V extends VariableArray = VariableArray> implements Evaluator<V> {
  evaluate(problem: Problem<V>, batch: EvaluationBatch<V>): void {
    problem.evaluate(batch);
  }
}
