/**
 * The injected components of an evolutionary algorithm (pymoo/jMetal style). Every operator works
 * on ROW VIEWS of typed-array matrices, in place, and draws randomness only from the `Random`
 * it is given, so a run is reproducible from its seed and its checkpoint.
 *
 * Real-valued, integer and categorical implementations live in ../operators/; the land-use
 * problem brings its own spatial ones.
 */
import type { Population } from './population.js';
import type { VariableArray } from './problem.js';
import type { Random } from './random.js';

/** Fills the first `rows` rows of an initial variable matrix. */
export interface Sampling<V extends VariableArray = VariableArray> {
  readonly name: string;
  /** @param variables a rows x numberOfVariables matrix to fill completely. */
  sample(variables: V, rows: number, random: Random): void;
  /**
   * Optional: fill ONE row of the initial population from its own generator. When present, NSGA-II
   * draws one seed per sampled row and calls this for each (on its thread, or in the workers of an
   * evaluator with `preparesRows`) instead of `sample`, so rows can be sampled in parallel and the
   * run does not depend on where or in which order they are. Must fill the row completely and draw
   * randomness only from `random`.
   * @param index the row's position among the rows this sampling fills (0 for the first).
   * @returns true when it left the row as the algorithm's repair would (a repair of it would
   *   change nothing and draw nothing): the row is then not repaired again (preparation.ts).
   */
  sampleRow?(row: V, index: number, random: Random): boolean | void;
}

/** Two parents -> two children. All four arguments are row views of equal length. */
export interface Crossover<V extends VariableArray = VariableArray> {
  readonly name: string;
  /** Write both children completely (copy the parents when no crossover happens). Parents are read-only. */
  cross(parentA: V, parentB: V, childA: V, childB: V, random: Random): void;
}

/** Mutates one row in place. */
export interface Mutation<V extends VariableArray = VariableArray> {
  readonly name: string;
  mutate(row: V, random: Random): void;
}

/**
 * Makes one row valid in place (applied after crossover and mutation, before evaluation). NSGA-II
 * gives every row its own seeded generator, so a repair may run in a worker: it must depend only on
 * the row, the generator and immutable data (no state carried from one call to the next).
 */
export interface Repair<V extends VariableArray = VariableArray> {
  readonly name: string;
  repair(row: V, random: Random): void;
}

/**
 * Improves one row in place after its repair and before its evaluation: jMetal's local search
 * operator, which makes NSGA-II a memetic algorithm. NSGA-II gives it every row (the routine
 * step) and, when asked to intensify (NSGA2Options.intensification), copies of its best rows with
 * a search budget. Like a repair it runs from the row's own generator and may run in a worker: it
 * must depend only on the row, the generator, its arguments and immutable data.
 */
export interface Improvement<V extends VariableArray = VariableArray> {
  readonly name: string;
  /**
   * @param focus what to improve: -1, the routine step every row gets (e.g. removing change
   *   that serves no objective; may do nothing); `m` in [0, M), a search raising objective m;
   *   M (the number of objectives), a search raising some objective without lowering any other.
   * @param budget evaluations the search may spend (0 for the routine step).
   */
  improve(row: V, random: Random, focus: number, budget: number): void;
  /**
   * Optional last step before a row may be reported: NSGA-II calls it on the main thread, after
   * evaluation, on each feasible row that the archive would admit (on every feasible row when the
   * run has no archive), in row order, and evaluates the row again when it returns true (the row
   * changed in place). Rows that cannot enter the archive are spared its cost. Must be
   * deterministic (no generator): the result may not depend on the number of workers.
   */
  finish?(row: V): boolean;
  /**
   * Optional: a longer search on objective `focus` for the layouts a run ends with (the best of
   * each objective), stopping after `budget` evaluations or `patience` sampled moves in a row
   * without a gain. Deterministic for a given `random`, like `improve`, so it may run in a worker.
   */
  polish?(row: V, random: Random, focus: number, budget: number, patience: number): unknown;
}

/** Chooses parents for mating among the current population (rank/crowding/totalViolation are filled). */
export interface Selection {
  readonly name: string;
  /** Write `count` parent row indices into `out[0..count)`. */
  select(population: Population, count: number, out: Int32Array, random: Random): void;
}

/** Elitist replacement: chooses which candidates (parents + offspring) survive. */
export interface Survival {
  readonly name: string;
  /**
   * Choose `count` rows of `candidates` (objectives in minimisation form). Writes their indices into
   * `selected[0..count)` and fills `candidates.rank` and `candidates.crowding` for at least the
   * selected rows (the values the next mating selection reads).
   */
  survive(candidates: Population, count: number, selected: Int32Array, random: Random): void;
}
