/**
 * The optimiser's smallest contracts (jMetal-style): a Problem knows its sizes and how to
 * evaluate a batch of candidate solutions stored as rows of typed-array matrices.
 *
 * This module is pure TypeScript: no Node built-ins, no GIS, so the core runs in Node,
 * in worker threads and in the browser alike (enforced by lint).
 */

import type { FinishAhead } from './finish-ahead.js';
import type { RowPreparation } from './preparation.js';

/** The typed arrays a decision-variable matrix may use: real vectors or class-per-cell genomes. */
export type VariableArray = Float64Array | Int32Array | Uint8Array | Uint16Array;

export type ObjectiveDirection = 'minimize' | 'maximize';

/** What the decision variables are: bounded reals, bounded integers or categories 0..k-1. */
export type VariableSpace =
  | { readonly kind: 'real'; readonly lower: Float64Array; readonly upper: Float64Array }
  | { readonly kind: 'integer'; readonly lower: Int32Array; readonly upper: Int32Array }
  | { readonly kind: 'categorical'; readonly cardinality: number };

/**
 * A batch of candidates to evaluate: `size` rows, row i of `variables` is
 * `variables.subarray(i * numberOfVariables, (i + 1) * numberOfVariables)`.
 * `evaluate` fills `objectives` (size x M, in the problem's natural units and directions)
 * and `violations` (size x K, each >= 0 where 0 means the constraint holds).
 */
export interface EvaluationBatch<V extends VariableArray = VariableArray> {
  readonly size: number;
  readonly variables: V;
  readonly objectives: Float64Array;
  readonly violations: Float64Array;
  /**
   * Per-row work still to do before evaluation: sample and/or repair row i, in place, from its own
   * generator `createRandom(preparation.seeds[i])` (see `prepareRow` in preparation.ts), then
   * evaluate it, leaving the prepared row in `variables`. NSGA-II only hands such batches to
   * evaluators that declare `preparesRows`; otherwise it prepares the rows itself in `ask()`.
   */
  readonly preparation?: RowPreparation<V>;
  /**
   * The rows to finish right after evaluating them, for an archive (see finish-ahead.ts). NSGA-II
   * only adds it for evaluators that declare `finishesAhead`; others ignore it.
   */
  readonly finishAhead?: FinishAhead<V>;
  /**
   * Present while some rows are not made yet (NSGA-II's offspring, for an evaluator that
   * `evaluatesAsRowsAreMade`): `make(end)` makes every row before `end`, synchronously. Call it
   * before reading a row. Making a row reads the rows made before it as they were made, so call
   * `make(size)` before writing anything back into `variables` (before awaiting any result).
   */
  readonly make?: (end: number) => void;
}

export interface Problem<V extends VariableArray = VariableArray> {
  readonly name: string;
  readonly numberOfVariables: number;
  readonly numberOfObjectives: number;
  /** Number of constraint-violation columns K (0 for unconstrained problems). */
  readonly numberOfConstraints: number;
  readonly variables: VariableSpace;
  /** Natural direction of each objective; the algorithm minimises internally and reports natural values. */
  readonly directions: readonly ObjectiveDirection[];
  readonly objectiveNames: readonly string[];
  /** Allocate a zeroed matrix of `rows` x numberOfVariables of this problem's variable type. */
  createVariables(rows: number): V;
  /** Evaluate every row of the batch in place. Must be deterministic for given variables. */
  evaluate(batch: EvaluationBatch<V>): void;
}
