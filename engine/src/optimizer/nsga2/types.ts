/**
 * What NSGA-II takes and gives (nsga2.ts): its options, its result and its serialisable state
 * between generations.
 */
import type { ArchiveRows, ArchiveRowsState } from '../archive/archive-rows.js';
import type { ArchiveState } from '../archive/non-dominated-archive.js';
import type { Evaluator } from '../core/evaluator.js';
import type { Crossover, Improvement, Mutation, Repair, Sampling, Selection, Survival } from '../core/operators.js';
import type { VariableArray } from '../core/problem.js';
import type { Random, RandomState } from '../core/random.js';
import type { Observer, StopReason } from '../core/run-state.js';
import type { Termination, TerminationState } from '../termination/termination.js';
import type { SolutionSet } from './solutions.js';

export interface NSGA2Options<V extends VariableArray = VariableArray> {
  /** Population size N (>= 4, even). Default 100. */
  readonly populationSize?: number;
  /** Offspring per generation (>= 2, even). Default: the population size. */
  readonly offspringSize?: number;
  /** Seed of the run's random generator. Default 1. Ignored when `random` is given. */
  readonly seed?: number;
  /** A generator to use instead of `createRandom(seed)`. */
  readonly random?: Random;
  /** Defaults depend on the variable space, see `defaultOperators`. */
  readonly sampling?: Sampling<V>;
  readonly crossover?: Crossover<V>;
  readonly mutation?: Mutation<V>;
  /**
   * Applied to every offspring after mutation (and to the initial population), each row with its
   * own generator seeded from the run's stream (see core/preparation.ts), so an evaluator with
   * `preparesRows` can repair rows in its workers with the same result.
   */
  readonly repair?: Repair<V>;
  /**
   * Applied to every row after the repair (the routine step, focus -1), with the same per-row
   * generator, so it may run in the workers too: see `Improvement` in core/operators.ts.
   */
  readonly improvement?: Improvement<V>;
  /**
   * The memetic step (needs an `improvement`): every `every` generations, copies of the feasible
   * first front's best row of each objective and of its compromise (see intensification.ts) take
   * the place of as many offspring and are improved with a search of `budget` evaluations each
   * (focus m, or M for the compromise); survival then keeps what got better. Default: none.
   */
  readonly intensification?: { readonly every: number; readonly budget: number };
  /** Default: binary tournament on constrained domination, rank, crowding. */
  readonly selection?: Selection;
  /** Default: NSGA-II rank-and-crowding survival. */
  readonly survival?: Survival;
  /**
   * Regenerate offspring whose variables equal a current member's or an earlier offspring's.
   * Default true (pymoo's default). After 100 x offspringSize failed attempts duplicates are accepted.
   * With a `repair`, offspring are compared before they are repaired (the repair may run in a
   * worker, after this check); an offspring that the repair turns into a copy of a member or of an
   * earlier offspring is evaluated but dropped before survival.
   */
  readonly eliminateDuplicates?: boolean;
  /** Default: 250 generations. Combine criteria with anyOf / allOf. */
  readonly termination?: Termination;
  /** How batches are evaluated. Default: sequential, on this thread. */
  readonly evaluator?: Evaluator<V>;
  /**
   * Keep an external archive of up to `capacity` non-dominated feasible solutions, their
   * variables in `rows` (default: a matrix of the rows as they are; archive-rows.ts). Default: none.
   */
  readonly archive?: { readonly capacity: number; readonly rows?: ArchiveRows<V> };
  /**
   * Where the population's members keep their variables between generations
   * (population-members.ts): a store that encodes rows (an empty one, for this run alone) instead
   * of the population's matrix; the offspring stay whole until survival. Needs `offspringSize` >=
   * `populationSize` (the initial population is made in the offspring's rows). Default: the matrix.
   */
  readonly populationRows?: ArchiveRows<V>;
  /** Called after each generation with the typed run state. */
  readonly observers?: readonly Observer[];
  /** Aborting stops the run after the current generation (or interrupts an async evaluation). */
  readonly signal?: AbortSignal;
  /** Reference point in NATURAL units for the `hypervolume` field of the run state. */
  readonly hypervolumeReference?: readonly number[];
  /** Rows (count x n) placed first in the initial population; the rest is sampled. */
  readonly initialVariables?: V;
}

export interface NSGA2Result<V extends VariableArray = VariableArray> {
  readonly problem: string;
  readonly generation: number;
  readonly evaluations: number;
  readonly elapsedMs: number;
  readonly stopReason: StopReason | null;
  /** The final population's feasible first front. */
  readonly front: SolutionSet<V>;
  readonly population: SolutionSet<V>;
  /** The external archive, when one was configured (violations are empty: members are feasible). */
  readonly archive: SolutionSet<V> | null;
}

/** Serialisable state of a run between generations (see docs/optimizer.md, "Checkpoints"). */
export interface NSGA2Snapshot<V extends VariableArray = VariableArray> {
  readonly format: 'paretoplan/nsga2-state';
  readonly version: 1;
  readonly problem: {
    readonly name: string;
    readonly numberOfVariables: number;
    readonly numberOfObjectives: number;
    readonly numberOfConstraints: number;
  };
  readonly populationSize: number;
  readonly offspringSize: number;
  readonly generation: number;
  readonly evaluations: number;
  readonly elapsedMs: number;
  readonly stopReason: StopReason | null;
  readonly random: RandomState;
  /**
   * Current population; objectives in MINIMISATION form. Empty before the first generation. Its
   * variables as a matrix, or as one encoded record per member when the run keeps them so
   * (`NSGA2Options.populationRows`).
   */
  readonly population: {
    readonly size: number;
    readonly objectives: Float64Array;
    readonly violations: Float64Array;
    readonly rank: Int32Array;
    readonly crowding: Float64Array;
  } & ArchiveRowsState<V>;
  readonly termination: TerminationState;
  readonly archive: ArchiveState<V> | null;
}
