import type { Problem } from '../core/problem.js';
import { OptimizerInputError } from '../errors.js';
import { Dtlz1, Dtlz2, Dtlz3, Dtlz4, Dtlz5, Dtlz6, Dtlz7 } from './dtlz.js';
import { Zdt1, Zdt2, Zdt3, Zdt4, Zdt6 } from './zdt.js';

const factories = {
  ZDT1: () => new Zdt1(),
  ZDT2: () => new Zdt2(),
  ZDT3: () => new Zdt3(),
  ZDT4: () => new Zdt4(),
  ZDT6: () => new Zdt6(),
  DTLZ1: () => new Dtlz1(),
  DTLZ2: () => new Dtlz2(),
  DTLZ3: () => new Dtlz3(),
  DTLZ4: () => new Dtlz4(),
  DTLZ5: () => new Dtlz5(),
  DTLZ6: () => new Dtlz6(),
  DTLZ7: () => new Dtlz7(),
} as const satisfies Record<string, () => Problem<Float64Array>>;

export type BenchmarkProblemName = keyof typeof factories;

/** Names of the built-in benchmark problems, in a stable order. */
export const benchmarkProblemNames: readonly BenchmarkProblemName[] = Object.keys(factories) as BenchmarkProblemName[];

/**
 * Build a benchmark problem by name (case-insensitive), with its standard sizes.
 * @throws OptimizerInputError listing the valid names when the name is unknown.
 * @example createBenchmarkProblem('zdt1').numberOfVariables // 30
 */
export function createBenchmarkProblem(name: string): Problem<Float64Array> {
  const key = name.trim().toUpperCase();
  if (!(key in factories)) {
    throw new OptimizerInputError(
      `unknown benchmark problem "${name}"; valid names: ${benchmarkProblemNames.join(', ')}`,
    );
  }
  return factories[key as BenchmarkProblemName]();
}

/**
 * The hypervolume reference point we report for a benchmark: 1.1 in every objective, except
 * DTLZ7 whose f3 lies in [2.61, 6] ([1.1, 1.1, 6.6], as the reference-front README suggests).
 */
export function benchmarkReferencePoint(name: string): number[] {
  const problem = createBenchmarkProblem(name);
  const reference = new Array<number>(problem.numberOfObjectives).fill(1.1);
  if (problem.name === 'DTLZ7') reference[problem.numberOfObjectives - 1] = 6.6;
  return reference;
}
