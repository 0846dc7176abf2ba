import { describe, expect, it } from 'vitest';
import { OptimizerInputError, hypervolume } from '../../../engine/src/optimizer/index.js';
import {
  inclusionExclusionHypervolume,
  pointsWithTies,
  slicingHypervolume,
  spherePoints,
  testRandom,
} from './naive.js';

describe('hypervolume', () => {
  it('matches hand-computed 2-D cases', () => {
    expect(
      hypervolume(
        [
          [1, 2],
          [2, 1],
        ],
        [3, 3],
      ),
    ).toBe(3); // 2x1 + 1x2 - 1x1
    expect(hypervolume([[0, 0]], [1, 1])).toBe(1);
    expect(
      hypervolume(
        [
          [1, 2],
          [2, 1],
          [2, 2],
        ],
        [3, 3],
      ),
    ).toBe(3); // dominated point adds nothing
    expect(
      hypervolume(
        [
          [1, 1],
          [1, 1],
        ],
        [2, 2],
      ),
    ).toBe(1); // duplicates count once
  });

  it('matches hand-computed 3-D and 4-D cases', () => {
    // Three boxes of 2x1x1 inside the 2x2x2 cube; every pair and the triple meet in the unit cube [1,2]^3.
    expect(
      hypervolume(
        [
          [0, 1, 1],
          [1, 0, 1],
          [1, 1, 0],
        ],
        [2, 2, 2],
      ),
    ).toBe(3 * 2 - 3 * 1 + 1);
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBe(6);
    expect(hypervolume([[0, 0, 0, 0]], [1, 2, 3, 4])).toBe(24);
    expect(
      hypervolume(
        [
          [0, 1, 1, 1],
          [1, 0, 1, 1],
        ],
        [2, 2, 2, 2],
      ),
    ).toBe(2 + 2 - 1);
  });

  it('ignores points outside the reference box (including on its boundary)', () => {
    expect(
      hypervolume(
        [
          [3, 0],
          [0, 3],
          [1, 1],
        ],
        [3, 3],
      ),
    ).toBe(4);
    expect(hypervolume([[5, 5, 5]], [1, 1, 1])).toBe(0);
    expect(hypervolume([], [1, 1])).toBe(0);
  });

  for (const m of [2, 3, 4, 5]) {
    it(`equals inclusion-exclusion on random small sets, M = ${m}`, () => {
      const random = testRandom(500 + m);
      for (let trial = 0; trial < 40; trial++) {
        const points = pointsWithTies(1 + Math.floor(random() * 10), m, random, trial % 2 ? 5 : 1000);
        const reference = Array.from({ length: m }, () => 0.8 + 0.4 * random());
        const expected = inclusionExclusionHypervolume(points, reference);
        expect(hypervolume(points, reference)).toBeCloseTo(expected, 12);
      }
    });
  }

  it('equals the slow slicing method on larger sets (3-D and 4-D)', () => {
    const random = testRandom(11);
    for (const [m, count] of [
      [3, 160],
      [3, 40],
      [4, 24],
    ] as const) {
      const points = [...spherePoints(count, m, random), ...pointsWithTies(count / 4, m, random, 7)];
      const reference = new Array(m).fill(1.1);
      expect(hypervolume(points, reference)).toBeCloseTo(slicingHypervolume(points, reference), 10);
    }
  });

  it('accepts a row-major Float64Array', () => {
    expect(hypervolume(Float64Array.from([1, 2, 2, 1]), [3, 3])).toBe(3);
  });

  it('rejects NaN and a bad reference point', () => {
    expect(() => hypervolume([[NaN, 1]], [2, 2])).toThrow(/point 0 has NaN in objective 0/);
    expect(() => hypervolume([[1, 1]], [2, Infinity])).toThrow(OptimizerInputError);
    expect(() => hypervolume([[1, 1, 1]], [2, 2])).toThrow(/3 objectives, expected 2/);
  });
});
