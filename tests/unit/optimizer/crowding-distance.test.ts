import { describe, expect, it } from 'vitest';
import { CrowdingDistance, crowdingDistances, nonDominatedRanks } from '../../../engine/src/optimizer/index.js';
import { naiveCrowding, pointsWithTies, testRandom } from './naive.js';

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] === Infinity) expect(actual[i]).toBe(Infinity);
    else expect(actual[i]).toBeCloseTo(expected[i]!, 12);
  }
}

describe('crowding distance', () => {
  it('gives extremes Infinity and interior points the normalised neighbour gaps', () => {
    // Sorted by f1: gaps (0.5 - 0) / 1 + (1 - 0.5) / 1 = 1 for each objective -> 2.
    expectClose(
      crowdingDistances([
        [0, 1],
        [0.5, 0.5],
        [1, 0],
      ]),
      [Infinity, 2, Infinity],
    );
    expectClose(
      crowdingDistances([
        [0, 4],
        [1, 3],
        [3, 1],
        [4, 0],
      ]),
      [Infinity, 1.5, 1.5, Infinity],
    );
  });

  it('counts exact duplicates once: the copy gets 0', () => {
    expectClose(
      crowdingDistances([
        [0, 1],
        [0.5, 0.5],
        [0.5, 0.5],
        [1, 0],
      ]),
      [Infinity, 2, 0, Infinity],
    );
    expectClose(
      crowdingDistances([
        [1, 1],
        [1, 1],
      ]),
      [Infinity, 0],
    );
  });

  it('ignores an objective on which the whole set agrees', () => {
    expectClose(
      crowdingDistances([
        [0, 7],
        [1, 7],
        [3, 7],
      ]),
      [Infinity, 1, Infinity],
    ); // (3 - 0) / 3
  });

  for (const m of [2, 3, 4]) {
    it(`matches the naive reference on random fronts with ties and duplicates, M = ${m}`, () => {
      const random = testRandom(40 + m);
      const calculator = new CrowdingDistance();
      for (let trial = 0; trial < 60; trial++) {
        const all = pointsWithTies(3 + Math.floor(random() * 60), m, random, trial % 3 === 0 ? 5 : 50);
        // Take the first front (the case NSGA-II meets) and, every other trial, the raw set.
        const ranks = nonDominatedRanks(all);
        const points = trial % 2 === 0 ? all.filter((_, i) => ranks[i] === 0) : all;
        const data = Float64Array.from(points.flat());
        const out = new Float64Array(points.length).fill(-1);
        calculator.compute(data, m, Int32Array.from(points.keys()), 0, points.length, out);
        expectClose(out, naiveCrowding(points));
      }
    });
  }
});
