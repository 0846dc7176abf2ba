import { describe, expect, it } from 'vitest';
import {
  createProblemFromSpec,
  createSyntheticGridLayers,
  createSyntheticGridProblem,
  ParallelInputError,
  shareStaticArrays,
} from '../../../engine/src/parallel/index.js';

describe('the synthetic grid problem', () => {
  const options = { width: 5, height: 4, classes: 3, radius: 1 };
  const layers = createSyntheticGridLayers(options);
  const problem = createSyntheticGridProblem(options, layers);

  it('has one categorical gene per cell and deterministic layers', () => {
    expect(problem.numberOfVariables).toBe(20);
    expect(problem.variables).toEqual({ kind: 'categorical', cardinality: 3 });
    expect(problem.createVariables(2)).toBeInstanceOf(Uint8Array);
    expect(createSyntheticGridLayers(options)).toEqual(layers);
    expect(createSyntheticGridLayers({ ...options, layerSeed: 2 }).weight).not.toEqual(layers.weight);
  });

  it('scores a uniform layout: suitability of that class, no disagreement, class-0 share as the constraint', () => {
    const rows = 2;
    const variables = problem.createVariables(rows);
    variables.fill(0, 0, 20); // row 0: all class 0
    variables.fill(2, 20, 40); // row 1: all class 2
    const batch = { size: rows, variables, objectives: new Float64Array(4), violations: new Float64Array(2) };
    problem.evaluate(batch);
    const sum = (from: number) => layers.suitability.subarray(from, from + 20).reduce((a, b) => a + b, 0);
    expect(batch.objectives[0]).toBeCloseTo(sum(0), 10);
    expect(batch.objectives[1]).toBe(0);
    expect(batch.objectives[2]).toBeCloseTo(sum(40), 10);
    expect(batch.objectives[3]).toBe(0);
    expect(batch.violations[0]).toBe(0);
    expect(batch.violations[1]).toBeCloseTo(Math.ceil(20 / 6) / 20, 12);
  });

  it('is built the same from a spec with shared layers', async () => {
    const spec = { kind: 'synthetic-grid', options, data: shareStaticArrays(layers) } as const;
    const fromSpec = await createProblemFromSpec<Uint8Array>(spec);
    expect(fromSpec.name).toBe(problem.name);
    const variables = Uint8Array.from({ length: 20 }, (_, i) => (i * 7) % 3);
    const a = { size: 1, variables, objectives: new Float64Array(2), violations: new Float64Array(1) };
    const b = { size: 1, variables, objectives: new Float64Array(2), violations: new Float64Array(1) };
    problem.evaluate(a);
    fromSpec.evaluate(b);
    expect(b).toEqual(a);
  });

  it('rejects bad sizes and mismatched layers with a clear error', () => {
    expect(() => createSyntheticGridLayers({ width: 0, height: 3 })).toThrow(
      /"width" must be an integer in 1\.\.10000, got 0/,
    );
    expect(() => createSyntheticGridProblem({ ...options, classes: 4 }, layers)).toThrow(ParallelInputError);
    expect(() => createSyntheticGridProblem(options, { weight: layers.weight })).toThrow(/layer "suitability"/);
  });
});
