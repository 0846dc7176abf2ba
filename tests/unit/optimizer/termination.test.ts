import { describe, expect, it } from 'vitest';
import {
  HypervolumeStagnation,
  MaxEvaluations,
  MaxGenerations,
  NSGA2,
  OptimizerInputError,
  WallTime,
  Zdt1,
  allOf,
  anyOf,
  type TerminationContext,
} from '../../../engine/src/optimizer/index.js';

function context(generation: number, evaluations = generation * 10, front = [0.5, 0.5]): TerminationContext {
  return {
    generation,
    evaluations,
    elapsedMs: generation * 100,
    front: Float64Array.from(front),
    frontSize: front.length / 2,
    numberOfObjectives: 2,
  };
}

describe('termination', () => {
  it('reports progress in [0, 1] for budgets', () => {
    const generations = new MaxGenerations(4);
    expect([1, 2, 4, 5].map((g) => generations.update(context(g)))).toEqual([0.25, 0.5, 1, 1]);
    expect(new MaxEvaluations(100).update(context(3))).toBe(0.3);
    expect(new WallTime(1000).update(context(5))).toBe(0.5);
  });

  it('combines criteria: anyOf = max progress, allOf = min progress', () => {
    const any = anyOf(new MaxGenerations(10), new MaxEvaluations(50));
    expect(any.update(context(5))).toBe(1);
    expect(any.reason).toBe('max-evaluations');
    const all = allOf(new MaxGenerations(10), new MaxEvaluations(50));
    expect(all.update(context(5))).toBe(0.5);
  });

  it('stops on hypervolume stagnation after `window` generations without improvement', () => {
    const stagnation = new HypervolumeStagnation({ window: 3, reference: [1, 1] });
    expect(stagnation.update(context(1, 10, [0.5, 0.5]))).toBe(0);
    expect(stagnation.lastHypervolume).toBeCloseTo(0.25);
    expect(stagnation.update(context(2, 20, [0.4, 0.4]))).toBe(0); // improved
    expect(stagnation.update(context(3, 30, [0.4, 0.4]))).toBeCloseTo(1 / 3);
    expect(stagnation.update(context(4, 40, [0.4, 0.4]))).toBeCloseTo(2 / 3);
    // Its bookkeeping survives a checkpoint.
    const copy = new HypervolumeStagnation({ window: 3 });
    copy.setState(JSON.parse(JSON.stringify(stagnation.getState())));
    expect(copy.update(context(5, 50, [0.4, 0.4]))).toBe(1);
    expect(stagnation.update(context(5, 50, [0.4, 0.4]))).toBe(1);
  });

  it('ends a real run on stagnation before the generation budget', () => {
    const result = new NSGA2(new Zdt1(), {
      populationSize: 20,
      termination: anyOf(new MaxGenerations(2000), new HypervolumeStagnation({ window: 10, tolerance: 1e-3 })),
    }).runSync();
    expect(result.stopReason).toBe('hypervolume-stagnation');
    expect(result.generation).toBeLessThan(2000);
  });

  it('rejects bad limits', () => {
    expect(() => new MaxGenerations(0)).toThrow(OptimizerInputError);
    expect(() => new MaxEvaluations(1.5)).toThrow(/integer >= 1/);
    expect(() => new WallTime(-1)).toThrow(/> 0 ms/);
    expect(() => anyOf()).toThrow(/at least one/);
  });
});
