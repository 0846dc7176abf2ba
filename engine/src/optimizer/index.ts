/**
 * The optimiser core's public surface: contracts, NSGA-II, operators, ranking, termination,
 * indicators and benchmark problems. Pure TypeScript (runs in Node, workers and browsers).
 */
export { OptimizerInputError } from './errors.js';

// Contracts
export type { EvaluationBatch, ObjectiveDirection, Problem, VariableArray, VariableSpace } from './core/problem.js';
export { Population, toMinimisationObjectives, toNaturalObjectives } from './core/population.js';
export type { Crossover, Improvement, Mutation, Repair, Sampling, Selection, Survival } from './core/operators.js';
export { SequentialEvaluator, type EncodedRows, type Evaluator } from './core/evaluator.js';
export {
  FinishAheadSelector,
  FinishInOrderSelector,
  finishAheadPicker,
  finishRowsAhead,
  type FinishAhead,
  type FinishAheadPicker,
  type FinishedAheadRow,
  type OfferReplay,
} from './core/finish-ahead.js';
export { prepareBatch, prepareRow, prepareRows, type RowPreparation } from './core/preparation.js';
export { createRandom, restoreRandom, type Random, type RandomState } from './core/random.js';
export type { Observer, RunState, StopReason } from './core/run-state.js';
export { validateEvaluations, validateProblem } from './core/validation.js';
export { DuplicateFilter } from './core/duplicate-filter.js';

// NSGA-II
export {
  NSGA2,
  type NSGA2Options,
  type NSGA2Result,
  type NSGA2Snapshot,
  type SolutionRows,
  type SolutionSet,
} from './nsga2/nsga2.js';
export { RankAndCrowdingSurvival } from './nsga2/rank-and-crowding-survival.js';
export { admittedBy, NonDominatedArchive, type ArchiveState } from './archive/non-dominated-archive.js';
export { DenseArchiveRows, type ArchiveRows, type ArchiveRowsState, type RowEncoding } from './archive/archive-rows.js';

// Operators
export { defaultOperators, type DefaultOperators } from './operators/defaults.js';
export { SbxCrossover, type SbxOptions } from './operators/real/sbx-crossover.js';
export { PolynomialMutation, type PolynomialMutationOptions } from './operators/real/polynomial-mutation.js';
export { UniformRealSampling } from './operators/real/uniform-real-sampling.js';
export { UniformCrossover, type UniformCrossoverOptions } from './operators/discrete/uniform-crossover.js';
export { TwoPointCrossover, type TwoPointCrossoverOptions } from './operators/discrete/two-point-crossover.js';
export { RandomResetMutation, type RandomResetMutationOptions } from './operators/discrete/random-reset-mutation.js';
export { UniformDiscreteSampling } from './operators/discrete/uniform-discrete-sampling.js';
export { DiscreteDomain } from './operators/discrete/discrete-domain.js';
export { BinaryTournament, type BinaryTournamentOptions } from './operators/selection/binary-tournament.js';

// Ranking
export { NonDominatedSorter, nonDominatedRanks } from './ranking/non-dominated-sort.js';
export { CrowdingDistance, crowdingDistances } from './ranking/crowding-distance.js';

// Termination
export type { Termination, TerminationContext, TerminationState } from './termination/termination.js';
export {
  allOf,
  anyOf,
  CombinedTermination,
  HypervolumeStagnation,
  MaxEvaluations,
  MaxGenerations,
  WallTime,
  type HypervolumeStagnationOptions,
} from './termination/criteria.js';

// Indicators
export { hypervolume, hypervolumeContribution } from './indicators/hypervolume.js';
export { gd, igd, igdPlus } from './indicators/distance.js';
export { additiveEpsilon } from './indicators/epsilon.js';
export { spread } from './indicators/spread.js';

// Benchmark problems
export { RealProblem } from './problems/real-problem.js';
export { Zdt1, Zdt2, Zdt3, Zdt4, Zdt6 } from './problems/zdt.js';
export { Dtlz1, Dtlz2, Dtlz3, Dtlz4, Dtlz5, Dtlz6, Dtlz7 } from './problems/dtlz.js';
export {
  benchmarkProblemNames,
  benchmarkReferencePoint,
  createBenchmarkProblem,
  type BenchmarkProblemName,
} from './problems/registry.js';
