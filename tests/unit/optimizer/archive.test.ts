import { describe, expect, it } from 'vitest';
import { NonDominatedArchive, OptimizerInputError, nonDominatedRanks } from '../../../engine/src/optimizer/index.js';
import { testRandom } from './naive.js';

describe('non-dominated archive', () => {
  const create = (capacity: number) =>
    new NonDominatedArchive<Float64Array>(capacity, 1, 2, (rows) => new Float64Array(rows));

  it('accepts non-dominated solutions and evicts the ones a newcomer dominates', () => {
    const archive = create(10);
    expect(archive.add([1], Float64Array.of(1, 3))).toBe(true);
    expect(archive.add([2], Float64Array.of(3, 1))).toBe(true);
    expect(archive.add([3], Float64Array.of(2, 4))).toBe(false); // dominated by (1, 3)
    expect(archive.add([4], Float64Array.of(1, 3))).toBe(false); // same objectives
    expect(archive.add([5], Float64Array.of(0.5, 0.5))).toBe(true); // dominates both
    expect(archive.size).toBe(1);
    expect([...archive.getState().variables]).toEqual([5]);
  });

  it('stays bounded and mutually non-dominated, keeping the extremes', () => {
    const archive = create(20);
    const random = testRandom(9);
    for (let i = 0; i < 500; i++) {
      const x = random();
      archive.add([i], Float64Array.of(x, 1 - x + 0.2 * random()));
    }
    expect(archive.size).toBe(20);
    const state = archive.getState();
    const points = Array.from({ length: state.size }, (_, i) => [
      state.objectives[2 * i]!,
      state.objectives[2 * i + 1]!,
    ]);
    expect([...nonDominatedRanks(points)].every((r) => r === 0)).toBe(true);
    const f1 = points.map((p) => p[0]!);
    expect(Math.min(...f1)).toBeLessThan(0.05);
    expect(Math.max(...f1)).toBeGreaterThan(0.95);
  });

  it('round-trips its state and rejects an oversized one', () => {
    const archive = create(5);
    archive.add([1], Float64Array.of(1, 2));
    archive.add([2], Float64Array.of(2, 1));
    const copy = create(5);
    copy.setState(archive.getState());
    expect(copy.getState()).toEqual(archive.getState());
    expect(() => create(1).setState(archive.getState())).toThrow(OptimizerInputError);
    expect(() => create(0)).toThrow(/capacity/);
  });
});
