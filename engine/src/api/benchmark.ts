/**
 * Benchmark runs of the optimiser core: NSGA-II on a ZDT / DTLZ problem, scored by hypervolume
 * and IGD against jMetal's reference fronts, shipped in `tests/fixtures/reference-fronts` (with
 * their provenance in its README).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  MaxGenerations,
  NSGA2,
  benchmarkProblemNames,
  benchmarkReferencePoint,
  createBenchmarkProblem,
  hypervolume,
  igd,
} from '../optimizer/index.js';
import { projectRoot } from '../project.js';

/** Names accepted by {@link runBenchmark}: ZDT1-4, ZDT6, DTLZ1-7. */
export const benchmarkProblems: readonly string[] = benchmarkProblemNames;

/** Where the reference fronts live by default: the copy shipped with the project. */
export const defaultReferenceFrontsDir = path.join(projectRoot, 'tests/fixtures/reference-fronts');

export interface BenchmarkOptions {
  /** Problem name, case-insensitive (see {@link benchmarkProblems}). */
  readonly problem: string;
  /** Default 100. */
  readonly populationSize?: number;
  /** Default 250 (the evaluated initial population counts as generation 1). */
  readonly generations?: number;
  /** Default 1. */
  readonly seed?: number;
  /** Folder holding `<PROBLEM>.csv` reference fronts. Default {@link defaultReferenceFrontsDir}. */
  readonly referenceFrontsDir?: string;
  readonly signal?: AbortSignal;
}

export interface BenchmarkReport {
  readonly problem: string;
  readonly populationSize: number;
  readonly generations: number;
  readonly seed: number;
  readonly evaluations: number;
  /** Wall time of the optimisation alone, in milliseconds. */
  readonly runTimeMs: number;
  readonly stopReason: string | null;
  /** Hypervolume of the final front (raw objectives) at `referencePoint`. */
  readonly hypervolume: number;
  readonly referencePoint: readonly number[];
  /** IGD to the reference front, or null when its file is missing. */
  readonly igd: number | null;
  readonly referenceFrontFile: string | null;
  readonly referenceFrontHypervolume: number | null;
  /** The final front's objective vectors (all objectives minimised). */
  readonly front: readonly (readonly number[])[];
}

async function readFront(file: string): Promise<number[][]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map(Number));
}

/**
 * Run NSGA-II on a benchmark problem and score its final front.
 * @throws an input error (kind 'input') for an unknown problem name or bad sizes.
 * @example const report = await runBenchmark({ problem: 'ZDT1', seed: 3 }); report.hypervolume // ~0.87
 */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkReport> {
  const problem = createBenchmarkProblem(options.problem);
  const populationSize = options.populationSize ?? 100;
  const generations = options.generations ?? 250;
  const seed = options.seed ?? 1;
  const algorithm = new NSGA2(problem, {
    populationSize,
    seed,
    termination: new MaxGenerations(generations),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const started = performance.now();
  const result = await algorithm.run();
  const runTimeMs = performance.now() - started;

  const m = problem.numberOfObjectives;
  const referencePoint = benchmarkReferencePoint(problem.name);
  const front = Array.from({ length: result.front.size }, (_, i) =>
    Array.from(result.front.objectives.subarray(i * m, (i + 1) * m)),
  );
  const file = path.join(options.referenceFrontsDir ?? defaultReferenceFrontsDir, `${problem.name}.csv`);
  const reference = existsSync(file) ? await readFront(file) : null;
  return {
    problem: problem.name,
    populationSize,
    generations: result.generation,
    seed,
    evaluations: result.evaluations,
    runTimeMs,
    stopReason: result.stopReason,
    hypervolume: hypervolume(result.front.objectives, referencePoint),
    referencePoint,
    igd: reference ? igd(result.front.objectives, reference, m) : null,
    referenceFrontFile: reference ? file : null,
    referenceFrontHypervolume: reference ? hypervolume(reference, referencePoint) : null,
    front,
  };
}

/** A short human-readable summary of a benchmark report. */
export function formatBenchmark(report: BenchmarkReport): string {
  const lines = [
    `${report.problem}: NSGA-II, population ${report.populationSize}, ${report.generations} generations (${report.evaluations} evaluations), seed ${report.seed}`,
    `  hypervolume  ${report.hypervolume.toFixed(6)}  (reference point [${report.referencePoint.join(', ')}]${
      report.referenceFrontHypervolume === null
        ? ''
        : `; reference front ${report.referenceFrontHypervolume.toFixed(6)}`
    })`,
    `  IGD          ${report.igd === null ? 'n/a (no reference front file found)' : report.igd.toExponential(4)}`,
    `  front size   ${report.front.length}`,
    `  run time     ${report.runTimeMs.toFixed(1)} ms`,
  ];
  return lines.join('\n');
}
