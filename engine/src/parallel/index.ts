/**
 * Parallel evaluation in worker threads: the public surface of engine/src/parallel.
 *
 * @example
 * const spec = { kind: 'synthetic-grid', options, data: shareStaticArrays(createSyntheticGridLayers(options)) } as const;
 * const problem = await createProblemFromSpec(spec);        // the main thread's copy (shares the data)
 * const evaluator = new ParallelEvaluator({ spec, workers: 'auto' });
 * try { await new NSGA2(problem, { evaluator, signal }).run(); } finally { await evaluator.close(); }
 */
export {
  ParallelEvaluator,
  type BatchProgress,
  type EvaluationStats,
  type ParallelEvaluatorOptions,
} from './parallel-evaluator.js';
export { WorkerPool, resolveWorkerCount, type WorkerCount, type WorkerPoolOptions } from './pool.js';
export type {
  BatchRequest,
  BatchResponse,
  ChannelFactory,
  EvaluationChannel,
  ProblemShape,
  VariableArrayType,
} from './channel.js';
export {
  ComlinkWorker,
  WorkerChannel,
  workerEntry,
  workerModuleEntry,
  type ComlinkWorkerOptions,
  type WorkerChannelOptions,
  type WorkerModuleEntry,
} from './worker-channel.js';
export { InProcessChannel, EvaluationService } from './worker-service.js';
export { nodeEndpoint } from './node-endpoint.js';
export { outsideAsar, outsideAsarPath } from './asar.js';
export {
  createLandUseSpec,
  openLandUseSpec,
  createProblemFromSpec,
  type ProblemFactory,
  type ProblemSetup,
  type ProblemSpec,
  type RowDetails,
} from './problem-spec.js';
export { openStaticData, shareStaticArrays, writeStaticBundle, type StaticDataRef } from './static-data.js';
// The byte layout of typed arrays is engine/src/io's; re-exported for the workers' users.
export {
  restoreTypedArrays,
  separateTypedArrays,
  type ArrayLocation,
  type StaticArray,
  type StaticArrays,
  type StaticArrayPlaceholder,
  type StaticArrayType,
} from '../io/typed-arrays.js';
export {
  createSyntheticGridLayers,
  createSyntheticGridProblem,
  type SyntheticGridLayers,
  type SyntheticGridOptions,
} from './problems/synthetic-grid.js';
export { ParallelInputError, WorkerFailureError, type WorkerFailureCause } from './errors.js';
