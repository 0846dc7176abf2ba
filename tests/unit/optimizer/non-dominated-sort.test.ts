import { describe, expect, it } from 'vitest';
import { NonDominatedSorter, OptimizerInputError, nonDominatedRanks } from '../../../engine/src/optimizer/index.js';
import { sortLexicographic } from '../../../engine/src/optimizer/ranking/index-sort.js';
import { dynamicProgrammingRanks, naiveRanks, pointsWithTies, testRandom } from './naive.js';

describe('non-dominated sorting', () => {
  it('ranks a hand-made bi-objective set', () => {
    expect([
      ...nonDominatedRanks([
        [1, 2],
        [2, 1],
        [2, 2],
        [3, 3],
        [1, 2],
      ]),
    ]).toEqual([0, 0, 1, 2, 0]);
  });

  it('puts exact duplicates on the same front and weakly dominated ties behind', () => {
    // [1,1] dominates [1,2] (tie in f1) and [2,1] (tie in f2); the copies of [1,1] share front 0.
    expect([
      ...nonDominatedRanks([
        [1, 2],
        [1, 1],
        [2, 1],
        [1, 1],
      ]),
    ]).toEqual([1, 0, 1, 0]);
    expect([
      ...nonDominatedRanks([
        [0, 0, 1],
        [0, 0, 0],
        [0, 0, 0],
        [0, 1, 0],
      ]),
    ]).toEqual([1, 0, 0, 1]);
  });

  it('handles one objective and empty input', () => {
    expect([...nonDominatedRanks([[3], [1], [2], [1]])]).toEqual([2, 0, 1, 0]);
    expect([...nonDominatedRanks([])]).toEqual([]);
  });

  for (const m of [2, 3, 4, 5]) {
    it(`matches the naive O(MN^2) peeling for M = ${m} on random sets with ties and duplicates`, () => {
      const random = testRandom(100 + m);
      for (let trial = 0; trial < 40; trial++) {
        const count = 1 + Math.floor(random() * 120);
        const levels = trial % 2 === 0 ? 4 : 1000;
        const points = pointsWithTies(count, m, random, levels);
        expect([...nonDominatedRanks(points)]).toEqual(naiveRanks(points));
      }
    });
  }

  it('matches the naive ranking on continuous random points (many fronts)', () => {
    const random = testRandom(7);
    for (const m of [2, 3, 4]) {
      const points = Array.from({ length: 400 }, () => Array.from({ length: m }, () => random()));
      expect([...nonDominatedRanks(points)]).toEqual(naiveRanks(points));
    }
  });

  it('matches on large sets (radix path) with ties, duplicates, negatives and -0', () => {
    const random = testRandom(77);
    for (const m of [2, 3, 4]) {
      for (const levels of [8, 100000]) {
        const points = pointsWithTies(1500, m, random, levels).map((p) => p.map((v) => (v === 0 ? -0 : v - 0.3)));
        expect([...nonDominatedRanks(points)]).toEqual(dynamicProgrammingRanks(points));
      }
    }
  });

  it('sorts large sets lexicographically and stably like Array.prototype.sort', () => {
    const random = testRandom(78);
    for (const m of [1, 2, 3]) {
      const points = pointsWithTies(2000, m, random, 50).map((p) => p.map((v) => v * 1e6 - 2e5));
      const data = Float64Array.from(points.flat());
      const indices = Int32Array.from(points.keys());
      sortLexicographic(indices, points.length, data, m, new Int32Array(points.length));
      const expected = points
        .map((_, i) => i)
        .sort((a, b) => {
          for (let j = 0; j < m; j++) if (points[a]![j] !== points[b]![j]) return points[a]![j]! - points[b]![j]!;
          return a - b;
        });
      expect([...indices]).toEqual(expected);
    }
  });

  it('ranks a subset of rows and groups them by front in lexicographic order', () => {
    const points = [
      [5, 5],
      [1, 3],
      [3, 1],
      [2, 2],
      [4, 4],
      [0, 9],
    ];
    const data = Float64Array.from(points.flat());
    const rank = new Int32Array(points.length).fill(-1);
    const sorter = new NonDominatedSorter();
    const fronts = sorter.sort(data, 2, [1, 2, 3, 4], 4, rank);
    expect(fronts).toBe(2);
    expect([...rank]).toEqual([-1, 0, 0, 0, 1, -1]); // rows 0 and 5 untouched
    expect([...sorter.byFront.subarray(0, 4)]).toEqual([1, 3, 2, 4]);
    expect([...sorter.frontStart.subarray(0, 3)]).toEqual([0, 3, 4]);
  });

  it('reuses its buffers across calls of different sizes', () => {
    const sorter = new NonDominatedSorter();
    const random = testRandom(3);
    for (const count of [50, 5, 200, 1]) {
      const points = Array.from({ length: count }, () => [random(), random(), random()]);
      const rank = new Int32Array(count);
      sorter.sort(Float64Array.from(points.flat()), 3, Int32Array.from(points.keys()), count, rank);
      expect([...rank]).toEqual(naiveRanks(points));
    }
  });

  it('rejects ragged input with an input error', () => {
    expect(() => nonDominatedRanks([[1, 2], [3]])).toThrow(OptimizerInputError);
    expect(() => nonDominatedRanks(new Float64Array(5), 2)).toThrow(/5 values cannot have 2 columns/);
  });
});
