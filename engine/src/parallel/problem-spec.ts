/**
 * Problems are built inside each worker from a serialisable {@link ProblemSpec} (functions and
 * class instances cannot cross a thread boundary). The same function builds the main thread's
 * copy, so both sides evaluate exactly the same problem.
 *
 * Built-in kinds:
 * - `benchmark`: the optimiser's test problems (ZDT, DTLZ) by name.
 * - `landuse`: the land-use problem of a prepared study area (see {@link createLandUseSpec});
 * - `landuse-scenario`: the same problem, but each worker reads and prepares the scenario's files
 *   itself (the alternative to shared memory; slower to start, see docs/parallel.md);
 * - `synthetic-grid`: a grid-sized problem doing real per-cell work (benchmarks, tests).
 * - `module`: any problem factory exported by a module (a file URL), for problems defined outside
 *   this layer (tests, plug-ins): `export function createProblem(options, data): Problem`, or
 *   returning a {@link ProblemSetup} `{ problem, sampling?, repair? }` to let workers sample and
 *   repair rows too.
 *
 * Besides the problem, a spec may give the workers a row-wise sampling and a repair (land use
 * does): NSGA-II then hands them each row's seed and they prepare the rows where they evaluate them.
 * Static arrays travel in `data` (see static-data.ts) and are opened once per worker.
 */
import type { Improvement, Repair, Sampling } from '../optimizer/core/operators.js';
import type { Problem, VariableArray } from '../optimizer/core/problem.js';
import type { RowEncoding } from '../optimizer/archive/archive-rows.js';
import type { StudyArea } from '../landuse/model/study-area.js';
import type { LandUseProblemOptions, LandUseSharedParts } from '../landuse/problem.js';
import { ParallelInputError } from './errors.js';
import type { SyntheticGridOptions } from './problems/synthetic-grid.js';
import { restoreTypedArrays, separateTypedArrays, type StaticArrays } from '../io/typed-arrays.js';
import { openStaticData, shareStaticArrays, writeStaticBundle, type StaticDataRef } from './static-data.js';

export type ProblemSpec =
  | {
      readonly kind: 'benchmark';
      /** ZDT1..ZDT6, DTLZ1..DTLZ7 (case-insensitive), with their standard sizes. */
      readonly name: string;
      readonly data?: undefined;
    }
  | {
      readonly kind: 'landuse';
      /** The study area without its typed arrays (see separateTypedArrays). */
      readonly area: unknown;
      /**
       * The main thread's `LandUseSetup.shared` parts without their typed arrays, or absent: each
       * worker then builds its own.
       */
      readonly shared?: unknown;
      /** The typed arrays of the study area (today's classes, gene maps, demands, grid-sized layers) and of `shared`. */
      readonly data: StaticDataRef;
      /** Options of `createLandUseProblem` (must match the main thread's, for the sampling and repair). */
      readonly operators?: LandUseProblemOptions;
    }
  | {
      readonly kind: 'landuse-scenario';
      /** Absolute path of the scenario file; every worker runs `prepareScenario` on it. */
      readonly scenarioPath: string;
      readonly data?: undefined;
      readonly operators?: LandUseProblemOptions;
    }
  | {
      readonly kind: 'synthetic-grid';
      readonly options: SyntheticGridOptions;
      /** Must hold `suitability` and `weight` (see createSyntheticGridLayers). */
      readonly data: StaticDataRef;
    }
  | {
      readonly kind: 'module';
      /** URL of an ES module (`file:` URL; `.ts` works when running from sources). */
      readonly module: string;
      /** Name of the exported factory. Default `createProblem`. */
      readonly export?: string;
      /** Structured-cloneable options passed to the factory. */
      readonly options?: unknown;
      readonly data?: StaticDataRef;
    };

/**
 * A problem with the per-row operators a worker may apply before evaluating (see
 * core/preparation.ts): a `sampling` with `sampleRow`, a `repair` and an `improvement`. They must be the same
 * (same names, same behaviour) as the operators the algorithm is given on the main thread.
 */
export interface ProblemSetup<V extends VariableArray = VariableArray> {
  readonly problem: Problem<V>;
  readonly sampling?: Sampling<V> | undefined;
  readonly repair?: Repair<V> | undefined;
  readonly improvement?: Improvement<V> | undefined;
  readonly details?: RowDetails<V> | undefined;
  /**
   * How the run's archive encodes a row (optimizer archive-rows.ts), when it does: the worker
   * then encodes the rows it finishes, and the archive stores them as they come.
   */
  readonly encoding?: RowEncoding<V> | undefined;
}

/**
 * Values of a row beyond its objectives, computed where the problem lives (a land-use layout's
 * objectives and sub-indicators, for the front table): the workers compute them for the rows a
 * run writes out, instead of the main thread alone (see ParallelEvaluator.rowDetails).
 */
export interface RowDetails<V extends VariableArray = VariableArray> {
  readonly name: string;
  /** Values per row. */
  readonly width: number;
  /** Write the row's `width` values into `out`. */
  compute(row: V, out: Float64Array): void;
}

/** A factory exported by a `module` spec: a problem, or a problem with its per-row operators. */
export type ProblemFactory = (
  options: unknown,
  data: StaticArrays,
) => Problem | ProblemSetup | Promise<Problem | ProblemSetup>;

/**
 * Build the problem a spec describes (on the main thread or in a worker).
 * @throws ParallelInputError for an unknown kind, a module that does not export the factory, or bad options.
 */
export async function createProblemFromSpec<V extends VariableArray = VariableArray>(
  spec: ProblemSpec,
): Promise<Problem<V>> {
  return (await createProblemSetupFromSpec<V>(spec)).problem;
}

/**
 * Build the problem a spec describes with its per-row operators (what a worker holds).
 * @throws ParallelInputError as {@link createProblemFromSpec}.
 */
export async function createProblemSetupFromSpec<V extends VariableArray = VariableArray>(
  spec: ProblemSpec,
): Promise<ProblemSetup<V>> {
  const data = await openStaticData(spec.data);
  switch (spec.kind) {
    // Imported on demand, so a worker loads only the code of the problem it evaluates.
    case 'benchmark': {
      const { createBenchmarkProblem } = await import('../optimizer/problems/registry.js');
      return { problem: createBenchmarkProblem(spec.name) as unknown as Problem<V> };
    }
    case 'landuse': {
      const { createLandUseProblem } = await import('../landuse/problem.js');
      const { area, shared } = restoreLandUseSpec(spec, data);
      return landUseSetup<V>(createLandUseProblem(area, spec.operators, shared));
    }
    case 'landuse-scenario': {
      const [{ prepareScenario }, { createLandUseProblem }] = await Promise.all([
        import('../landuse/model/load.js'),
        import('../landuse/problem.js'),
      ]);
      const { studyArea } = await prepareScenario(spec.scenarioPath);
      return landUseSetup<V>(createLandUseProblem(studyArea, spec.operators));
    }
    case 'synthetic-grid': {
      const { createSyntheticGridProblem } = await import('./problems/synthetic-grid.js');
      return { problem: createSyntheticGridProblem(spec.options, data) as unknown as Problem<V> };
    }
    case 'module': {
      let loaded: Record<string, unknown>;
      try {
        loaded = (await import(spec.module)) as Record<string, unknown>;
      } catch (error) {
        throw new ParallelInputError(`cannot load the problem module ${spec.module}: ${(error as Error).message}`);
      }
      const name = spec.export ?? 'createProblem';
      const factory = loaded[name];
      if (typeof factory !== 'function') {
        throw new ParallelInputError(`the problem module ${spec.module} does not export a function "${name}"`);
      }
      const made = await (factory as ProblemFactory)(spec.options, data);
      const setup = isProblem(made) ? { problem: made } : made;
      if (!setup || !isProblem(setup.problem)) {
        throw new ParallelInputError(
          `the factory "${name}" of ${spec.module} returned neither a problem nor { problem, sampling?, repair?, improvement? }`,
        );
      }
      return setup as unknown as ProblemSetup<V>;
    }
    default:
      throw new ParallelInputError(
        `unknown problem kind "${(spec as { kind: unknown }).kind}"; expected one of benchmark, landuse, landuse-scenario, synthetic-grid, module`,
      );
  }
}

/** The spec of a land-use problem whose study area travels as static data. */
export type LandUseSpec = Extract<ProblemSpec, { kind: 'landuse' }>;

function restoreLandUseSpec(
  spec: LandUseSpec,
  data: StaticArrays,
): { area: StudyArea; shared: LandUseSharedParts | undefined } {
  return {
    area: restoreTypedArrays<StudyArea>(spec.area, data),
    shared: spec.shared === undefined ? undefined : restoreTypedArrays<LandUseSharedParts>(spec.shared, data),
  };
}

/**
 * The study area and shared parts of a `landuse` spec, their arrays views of its static data: the
 * workers' very copies when the data is in shared memory. A run's main thread builds its own setup
 * from them, so that the arrays it built the spec from can go (at 2,000 x 2,000 cells about 0.4 GB).
 */
export async function openLandUseSpec(
  spec: LandUseSpec,
): Promise<{ area: StudyArea; shared: LandUseSharedParts | undefined }> {
  return restoreLandUseSpec(spec, await openStaticData(spec.data));
}

function isProblem(value: unknown): value is Problem {
  return typeof (value as Problem | null)?.evaluate === 'function';
}

function landUseSetup<V extends VariableArray>(setup: {
  problem: unknown;
  sampling: unknown;
  repair: unknown;
  improvement: unknown;
  details: unknown;
  encoding: unknown;
}): ProblemSetup<V> {
  return setup as ProblemSetup<V>;
}

/**
 * The spec of the land-use problem of a prepared study area. Its typed arrays (grid-sized layers,
 * gene maps) go to the workers once: in shared memory (`transport: 'shared'`, the default) or
 * through a bundle file each worker reads (`'file'`, needs `bundlePath`). Pass the same `operators`
 * options as to the main thread's `createLandUseProblem`: each worker builds its sampling and repair
 * with them (they only matter for the sampling's `seedSearchSteps` today).
 * @example
 * const { studyArea } = await prepareScenario('scenarios/riverbend-balanced.yaml');
 * const spec = await createLandUseSpec(studyArea);
 * const evaluator = new ParallelEvaluator({ spec, workers: 'auto' });
 */
export async function createLandUseSpec(
  area: StudyArea,
  options: {
    transport?: 'shared' | 'file';
    bundlePath?: string;
    operators?: LandUseProblemOptions;
    /** The main thread's setup's `shared` parts (built with the same `operators`): workers use them instead of building their own. */
    shared?: LandUseSharedParts;
  } = {},
): Promise<LandUseSpec> {
  // One walk over both, so an array the compiled indicators share with the study area travels once.
  const { plain: both, arrays } = separateTypedArrays({ area, shared: options.shared ?? null });
  const plain = (both as { area: unknown }).area;
  const sharedPlain = (both as { shared: unknown }).shared;
  const transport = options.transport ?? 'shared';
  if (transport === 'file' && !options.bundlePath) {
    throw new ParallelInputError(
      'createLandUseSpec: the "file" transport needs a bundlePath to write the static data to',
    );
  }
  const data =
    transport === 'shared' ? shareStaticArrays(arrays) : await writeStaticBundle(options.bundlePath!, arrays);
  return {
    kind: 'landuse',
    area: plain,
    data,
    ...(options.shared ? { shared: sharedPlain } : {}),
    ...(options.operators ? { operators: options.operators } : {}),
  };
}
