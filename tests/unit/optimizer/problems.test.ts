import { describe, expect, it } from 'vitest';
import {
  OptimizerInputError,
  benchmarkProblemNames,
  benchmarkReferencePoint,
  createBenchmarkProblem,
  type Problem,
} from '../../../engine/src/optimizer/index.js';

function evaluate(problem: Problem<Float64Array>, x: number[]): number[] {
  const batch = {
    size: 1,
    variables: Float64Array.from(x),
    objectives: new Float64Array(problem.numberOfObjectives),
    violations: new Float64Array(problem.numberOfConstraints),
  };
  problem.evaluate(batch);
  return [...batch.objectives];
}

/** An optimal x: positions given, distance variables at their optimum value. */
function optimal(name: string, positions: number[]): number[] {
  const problem = createBenchmarkProblem(name);
  const rest = problem.numberOfVariables - positions.length;
  const distance = name.startsWith('ZDT') || name === 'DTLZ6' || name === 'DTLZ7' ? 0 : 0.5;
  return [...positions, ...new Array(rest).fill(distance)];
}

describe('benchmark problems', () => {
  it('have the standard sizes', () => {
    const sizes = benchmarkProblemNames.map((name) => {
      const p = createBenchmarkProblem(name);
      return `${p.name}:${p.numberOfVariables}x${p.numberOfObjectives}`;
    });
    expect(sizes).toEqual([
      'ZDT1:30x2',
      'ZDT2:30x2',
      'ZDT3:30x2',
      'ZDT4:10x2',
      'ZDT6:10x2',
      'DTLZ1:7x3',
      'DTLZ2:12x3',
      'DTLZ3:12x3',
      'DTLZ4:12x3',
      'DTLZ5:12x3',
      'DTLZ6:12x3',
      'DTLZ7:22x3',
    ]);
  });

  it('ZDT optima lie on their analytic fronts', () => {
    for (const f1 of [0, 0.25, 0.81]) {
      expect(evaluate(createBenchmarkProblem('ZDT1'), optimal('ZDT1', [f1]))[1]).toBeCloseTo(1 - Math.sqrt(f1), 12);
      expect(evaluate(createBenchmarkProblem('ZDT2'), optimal('ZDT2', [f1]))[1]).toBeCloseTo(1 - f1 * f1, 12);
      expect(evaluate(createBenchmarkProblem('ZDT3'), optimal('ZDT3', [f1]))[1]).toBeCloseTo(
        1 - Math.sqrt(f1) - f1 * Math.sin(10 * Math.PI * f1),
        12,
      );
      expect(evaluate(createBenchmarkProblem('ZDT4'), optimal('ZDT4', [f1]))[1]).toBeCloseTo(1 - Math.sqrt(f1), 12);
      const [g1, g2] = evaluate(createBenchmarkProblem('ZDT6'), optimal('ZDT6', [f1]));
      expect(g2).toBeCloseTo(1 - g1! * g1!, 12);
    }
    // ZDT1 away from the optimum: x = all ones -> g = 10, f2 = 10 * (1 - sqrt(1/10)).
    expect(evaluate(createBenchmarkProblem('ZDT1'), new Array(30).fill(1))[1]).toBeCloseTo(
      10 * (1 - Math.sqrt(0.1)),
      12,
    );
  });

  it('DTLZ optima lie on their analytic fronts', () => {
    for (const [a, b] of [
      [0.2, 0.7],
      [0, 1],
      [0.5, 0.5],
    ] as const) {
      const linear = evaluate(createBenchmarkProblem('DTLZ1'), optimal('DTLZ1', [a, b]));
      expect(linear.reduce((s, v) => s + v)).toBeCloseTo(0.5, 12);
      for (const name of ['DTLZ2', 'DTLZ3', 'DTLZ4', 'DTLZ5', 'DTLZ6']) {
        const f = evaluate(createBenchmarkProblem(name), optimal(name, [a, b]));
        expect(f.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 12);
      }
      const f5 = evaluate(createBenchmarkProblem('DTLZ5'), optimal('DTLZ5', [a, b]));
      expect(f5[0]).toBeCloseTo(f5[1]!, 12); // degenerate curve: f1 = f2
      const f7 = evaluate(createBenchmarkProblem('DTLZ7'), optimal('DTLZ7', [a, b]));
      const h = 3 - (a / 2) * (1 + Math.sin(3 * Math.PI * a)) - (b / 2) * (1 + Math.sin(3 * Math.PI * b));
      expect(f7).toEqual([a, b, expect.closeTo(2 * h, 12)]);
    }
    // DTLZ2 angles: x = (0, 0) -> f = (1, 0, 0).
    const corner = evaluate(createBenchmarkProblem('DTLZ2'), optimal('DTLZ2', [0, 0]));
    expect(corner[0]).toBeCloseTo(1, 12);
    expect(corner[2]).toBeCloseTo(0, 12);
  });

  it('reference points: 1.1 everywhere except DTLZ7', () => {
    expect(benchmarkReferencePoint('zdt1')).toEqual([1.1, 1.1]);
    expect(benchmarkReferencePoint('DTLZ7')).toEqual([1.1, 1.1, 6.6]);
  });

  it('an unknown name is an input error listing the valid names', () => {
    expect(() => createBenchmarkProblem('ZDT5')).toThrow(OptimizerInputError);
    expect(() => createBenchmarkProblem('ZDT5')).toThrow(/valid names: ZDT1, ZDT2, ZDT3, ZDT4, ZDT6, DTLZ1/);
  });
});
