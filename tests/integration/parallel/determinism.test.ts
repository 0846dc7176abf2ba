/**
 * Determinism: the same problem and seed give bit-identical NSGA-II populations and fronts with
 * the sequential evaluator and with 1, 2 or 4 worker threads. Evaluation is a pure function of the
 * rows, and the only randomness in the workers (sampling and repair of a row) comes from that
 * row's own seed, so only the evaluator changes between runs.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MaxGenerations, NSGA2, type NSGA2Options, type NSGA2Result } from '../../../engine/src/optimizer/index.js';
import type { VariableArray } from '../../../engine/src/optimizer/core/problem.js';
import {
  createProblemFromSpec,
  createSyntheticGridLayers,
  ParallelEvaluator,
  shareStaticArrays,
  type ProblemSpec,
} from '../../../engine/src/parallel/index.js';
import { gridSnapRepair, rowUniformSampling } from './fixtures/repaired-problem.js';
import { repoRoot, sameBytes } from './helpers.js';

async function runWith<V extends VariableArray>(
  spec: ProblemSpec,
  workers: number | null,
  generations: number,
  populationSize: number,
  operators: Pick<NSGA2Options<V>, 'sampling' | 'repair' | 'archive'> = {},
) {
  const problem = await createProblemFromSpec<V>(spec);
  const evaluator = workers === null ? undefined : new ParallelEvaluator<V>({ spec, workers });
  try {
    return await new NSGA2<V>(problem, {
      populationSize,
      seed: 2024,
      termination: new MaxGenerations(generations),
      evaluator,
      ...operators,
    }).run();
  } finally {
    await evaluator?.close();
  }
}

function expectIdentical(actual: NSGA2Result, expected: NSGA2Result): void {
  expect(actual.generation).toBe(expected.generation);
  expect(actual.front.size).toBe(expected.front.size);
  expect(sameBytes(actual.front.objectives, expected.front.objectives)).toBe(true);
  expect(sameBytes(actual.front.variables, expected.front.variables)).toBe(true);
  expect(sameBytes(actual.population.objectives, expected.population.objectives)).toBe(true);
  expect(sameBytes(actual.population.violations, expected.population.violations)).toBe(true);
  expect(sameBytes(actual.population.variables, expected.population.variables)).toBe(true);
  expect(actual.archive === null).toBe(expected.archive === null);
  if (actual.archive && expected.archive) {
    expect(sameBytes(actual.archive.variables, expected.archive.variables)).toBe(true);
    expect(sameBytes(actual.archive.objectives, expected.archive.objectives)).toBe(true);
  }
}

describe('parallel runs are bit-identical to sequential ones', () => {
  it('NSGA-II on ZDT1 with 1, 2 and 4 workers', async () => {
    const spec: ProblemSpec = { kind: 'benchmark', name: 'ZDT1' };
    const sequential = await runWith<Float64Array>(spec, null, 30, 40);
    expect(sequential.front.size).toBeGreaterThan(5);
    for (const workers of [1, 2, 4]) expectIdentical(await runWith<Float64Array>(spec, workers, 30, 40), sequential);
  });

  it('NSGA-II on DTLZ2 (3 objectives) with 3 workers', async () => {
    const spec: ProblemSpec = { kind: 'benchmark', name: 'DTLZ2' };
    expectIdentical(await runWith<Float64Array>(spec, 3, 15, 24), await runWith<Float64Array>(spec, null, 15, 24));
  });

  it('NSGA-II on a constrained categorical grid problem (Uint8Array genomes) with 2 and 4 workers', async () => {
    const options = { width: 24, height: 20, classes: 4, radius: 1 };
    const spec: ProblemSpec = {
      kind: 'synthetic-grid',
      options,
      data: shareStaticArrays(createSyntheticGridLayers(options)),
    };
    const sequential = await runWith<Uint8Array>(spec, null, 8, 20);
    for (const workers of [2, 4]) expectIdentical(await runWith<Uint8Array>(spec, workers, 8, 20), sequential);
  });

  it('ZDT1 with a randomised repair and row-wise sampling run in the workers, with 1, 2 and 4 workers', async () => {
    const spec: ProblemSpec = {
      kind: 'module',
      module: pathToFileURL(path.join(repoRoot, 'tests/integration/parallel/fixtures/repaired-problem.ts')).href,
    };
    const operators = { sampling: rowUniformSampling, repair: gridSnapRepair, archive: { capacity: 40 } };
    const sequential = await runWith<Float64Array>(spec, null, 20, 40, operators);
    expect(sequential.archive!.size).toBeGreaterThan(5);
    for (const workers of [1, 2, 4]) {
      expectIdentical(await runWith<Float64Array>(spec, workers, 20, 40, operators), sequential);
    }
  });
});
