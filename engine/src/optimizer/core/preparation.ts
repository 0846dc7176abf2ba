/**
 * Per-row seeded preparation: the sampling, repair and improvement of each row of a batch, drawn from that
 * row's own generator instead of the algorithm's single stream.
 *
 * NSGA-II draws ONE seed per row from its stream, in a fixed order; row i is then sampled
 * (initial population, when the sampling has `sampleRow`), repaired and improved with
 * `createRandom(seeds[i])` alone. A row's result therefore depends only on its own content and seed — not on which thread
 * prepares it, nor in which order — so the work can move into the workers that evaluate the rows
 * (an {@link Evaluator} with `preparesRows`) and runs stay bit-identical with 1, 2 or N workers and
 * with the sequential evaluator.
 */
import type { Improvement, Repair, Sampling } from './operators.js';
import type { EvaluationBatch, VariableArray } from './problem.js';
import { OptimizerInputError } from '../errors.js';
import { createRandom } from './random.js';

/** The work left to do on each row of a batch before it is evaluated. */
export interface RowPreparation<V extends VariableArray = VariableArray> {
  /** `seeds[i]`: the seed of row i's own generator, `createRandom(seeds[i])`. One per batch row. */
  readonly seeds: Uint32Array;
  /**
   * When non-null, rows with `sampleIndex[i] >= 0` are first filled by
   * `sampling.sampleRow(row, sampleIndex[i], random)` (the sampling must implement `sampleRow`).
   */
  readonly sampling: Sampling<V> | null;
  /** Per batch row: the index passed to `sampleRow`, or -1 when the row is already filled. */
  readonly sampleIndex: Int32Array | null;
  /** When non-null, every row is then repaired in place with the same generator. */
  readonly repair: Repair<V> | null;
  /** When given, every row is then improved in place with the same generator (see `Improvement`). */
  readonly improvement?: Improvement<V> | null;
  /** Per batch row: the `focus` passed to `improve` (-1: the routine step). Absent: -1 for every row. */
  readonly focus?: Int32Array | null;
  /** Evaluations of each focused row's search. */
  readonly budget?: number;
  /**
   * When given, each focused row gets the improvement's `polish` (with this patience) instead of
   * `improve`: the end of a run, where the best layouts get a longer search (runs/polish.ts).
   */
  readonly polishPatience?: number;
}

/**
 * Prepare one row in place: sample it (if asked), repair it, then improve it, from `createRandom(seeds[index])`.
 * @param row the row view of batch row `index`.
 */
export function prepareRow<V extends VariableArray>(preparation: RowPreparation<V>, row: V, index: number): void {
  const random = createRandom(preparation.seeds[index]!);
  const { sampling, sampleIndex, repair } = preparation;
  // A row the sampling left repaired is not repaired again (at 2,000 x 2,000 cells a repair that
  // changes nothing still lists and groups the row's changes: 1.8 s of a first generation).
  const repaired =
    sampling !== null && sampleIndex !== null && sampleIndex[index]! >= 0
      ? sampling.sampleRow!(row, sampleIndex[index]!, random) === true
      : false;
  if (repair && !repaired) repair.repair(row, random);
  const improvement = preparation.improvement;
  if (improvement) {
    const focus = preparation.focus?.[index] ?? -1;
    const budget = focus >= 0 ? (preparation.budget ?? 0) : 0;
    const patience = preparation.polishPatience;
    if (patience === undefined || focus < 0) improvement.improve(row, random, focus, budget);
    else if (improvement.polish) improvement.polish(row, random, focus, budget, patience);
    else throw new OptimizerInputError(`the improvement ${improvement.name} cannot polish rows (it has no polish())`);
  }
}

/**
 * Prepare every row of a variable matrix holding a contiguous run of batch rows (a whole batch,
 * or a worker's chunk of it).
 * @param variables `rows x numberOfVariables` values; matrix row r is batch row `firstRow + r`.
 * @param firstRow index in the batch (and in `preparation`) of the matrix's first row. Default 0.
 */
export function prepareRows<V extends VariableArray>(
  preparation: RowPreparation<V>,
  variables: V,
  numberOfVariables: number,
  rows: number,
  firstRow = 0,
): void {
  for (let r = 0; r < rows; r++) {
    const row = variables.subarray(r * numberOfVariables, (r + 1) * numberOfVariables) as V;
    prepareRow(preparation, row, firstRow + r);
  }
}

/** Carry out a batch's pending preparation on the calling thread (no-op when it has none). */
export function prepareBatch<V extends VariableArray>(batch: EvaluationBatch<V>, numberOfVariables: number): void {
  if (batch.preparation) prepareRows(batch.preparation, batch.variables, numberOfVariables, batch.size);
}
