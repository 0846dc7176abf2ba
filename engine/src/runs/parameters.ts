/**
 * The parameters of a run: the scenario's optimiser settings, overridden by the caller (CLI flags,
 * the desktop app). Each is checked against OPTIMIZER_LIMITS with a message naming where the value
 * came from (a scenario line, a flag or a form field), and the memory the layouts need is checked before anything
 * is allocated, so a typo gives a sentence instead of `Invalid typed array length` mid-run.
 */
import { constants as bufferConstants } from 'node:buffer';
import os from 'node:os';
import type { ResolvedScenario } from '../landuse/index.js';
import {
  describeSource,
  limitProblem,
  settingMessage,
  workersProblem,
  type OptimizerLimit,
  type ValueSource,
} from '../rules/index.js';
import { resolveWorkerCount, type WorkerCount } from '../parallel/index.js';
import { RunInputError } from './errors.js';
import type { RunManifest } from './run-folder.js';

/** The overrides a caller may give (undefined: the scenario's value or the default). */
export interface ParameterOverrides {
  seed?: number | undefined;
  population?: number | undefined;
  generations?: number | undefined;
  workers?: WorkerCount | undefined;
  checkpointEvery?: number | undefined;
  archiveCapacity?: number | undefined;
  /** Where the overrides came from, for messages: command-line flags (default) or the app's form fields. */
  overridesFrom?: 'flag' | 'form' | undefined;
}

export const DEFAULT_CHECKPOINT_EVERY = 10;

/** Where a value came from: the caller's override, else the scenario's line, else a default. */
function sourceOf(key: OptimizerLimit, overrides: ParameterOverrides, scenario: ResolvedScenario): ValueSource {
  if (overrides[key] !== undefined) return { kind: overrides.overridesFrom ?? 'flag' };
  const line = scenario.lines[`optimizer.${key}`];
  return line !== undefined ? { kind: 'scenario', file: scenario.file, line } : { kind: 'default' };
}

/**
 * Resolve and check the parameters of a new run of `scenario`, whose study area has `genes`
 * changeable cells.
 * @throws RunInputError naming the flag, form field or scenario line of the first value out of bounds.
 */
export function resolveRunParameters(
  overrides: ParameterOverrides,
  scenario: ResolvedScenario,
  genes: number,
): RunManifest['parameters'] {
  const optimizer = scenario.optimizer;
  const checked = <T>(key: OptimizerLimit, value: T, problem: string | null): T => {
    if (problem !== null) throw new RunInputError(settingMessage(key, problem, sourceOf(key, overrides, scenario)));
    return value;
  };
  const bounded = (key: OptimizerLimit, value: number) => checked(key, value, limitProblem(key, value));
  const seed = bounded('seed', overrides.seed ?? optimizer.seed);
  const population = bounded('population', overrides.population ?? optimizer.population);
  const workers = overrides.workers ?? optimizer.workers;
  checked('workers', workers, workersProblem(workers));
  if (workers === 'auto') resolveWorkerCount(workers);
  const archiveCapacity = bounded('archiveCapacity', overrides.archiveCapacity ?? Math.max(200, 2 * population));
  checkLayoutMemory(
    population,
    archiveCapacity,
    genes,
    describeSource('population', sourceOf('population', overrides, scenario)),
  );
  return {
    seed,
    population,
    generations: bounded('generations', overrides.generations ?? optimizer.generations),
    workers,
    archiveCapacity,
    checkpointEvery: bounded('checkpointEvery', overrides.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY),
    crossoverProbability: optimizer.crossoverProbability,
    mutationCells: optimizer.mutationCells,
  };
}

/**
 * The optimiser reserves one array for parents and offspring (2 x population + 2 layouts), one
 * byte per changeable cell each, of which the offspring's rows are used; the population's members
 * are kept between generations as their runs of changes against today's map, and the archive's
 * layouts as their changes (landuse/model/compact-layouts.ts), each at most one byte per
 * changeable cell (a layout that rewrites most of the map; usually far less). The array may not
 * exceed the largest the platform allows, and the layouts' worst case may take at most half of
 * this computer's memory.
 */
export function checkLayoutMemory(population: number, archiveCapacity: number, genes: number, source: string): void {
  const populationRows = 2 * population + 2;
  const total = layoutBytes(population, archiveCapacity, genes);
  const largest = populationRows * genes;
  const allowed = Math.min(os.totalmem() / 2, Number.MAX_SAFE_INTEGER);
  if (largest > bufferConstants.MAX_LENGTH || total > allowed) {
    throw new RunInputError(
      `${source}: a population of ${population.toLocaleString('en-GB')} needs up to ${formatBytes(total)} for its layouts ` +
        `(${(populationRows + archiveCapacity).toLocaleString('en-GB')} layouts, archive included, of ` +
        `${genes.toLocaleString('en-GB')} changeable cells); this computer allows ` +
        `${formatBytes(Math.min(allowed, bufferConstants.MAX_LENGTH))}. Choose a smaller population.`,
    );
  }
}

/** The layouts' memory, for messages. */
function layoutBytes(population: number, archiveCapacity: number, genes: number): number {
  return (2 * population + 2 + archiveCapacity) * genes;
}

const ALLOCATION_FAILURE =
  /Array buffer allocation failed|Invalid typed array length|Invalid array buffer length|out of memory/i;

/**
 * An allocation that failed although the parameters passed {@link checkLayoutMemory} (a process
 * memory limit, other programs using the memory) becomes a sentence that says what to do.
 */
export function explainFailure(error: unknown, parameters: RunManifest['parameters'], genes: number): unknown {
  if (!(error instanceof RangeError) || !ALLOCATION_FAILURE.test(error.message)) return error;
  const bytes = layoutBytes(parameters.population, parameters.archiveCapacity, genes);
  return new Error(
    `not enough memory (${error.message}): a population of ${parameters.population.toLocaleString('en-GB')} on ` +
      `${genes.toLocaleString('en-GB')} changeable cells needs up to ${formatBytes(bytes)} for its layouts alone. ` +
      'Free memory, raise the memory limit of this process, or choose a smaller population.',
    { cause: error },
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.ceil(bytes / 1e6)} MB`;
}
