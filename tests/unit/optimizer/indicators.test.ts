import { describe, expect, it } from 'vitest';
import { OptimizerInputError, additiveEpsilon, gd, igd, igdPlus, spread } from '../../../engine/src/optimizer/index.js';

const reference = [
  [0, 1],
  [0.5, 0.5],
  [1, 0],
];

describe('distance indicators', () => {
  it('IGD averages the distance from each reference point to the nearest solution', () => {
    // [0,1] and [1,0] are matched exactly; [0.5,0.5] is sqrt(0.5) from either.
    expect(
      igd(
        [
          [0, 1],
          [1, 0],
        ],
        reference,
      ),
    ).toBeCloseTo(Math.sqrt(0.5) / 3, 14);
    expect(igd(reference, reference)).toBe(0);
  });

  it('GD averages the distance from each solution to the nearest reference point', () => {
    expect(
      gd(
        [
          [0, 1],
          [1, 1],
        ],
        reference,
      ),
    ).toBeCloseTo((0 + Math.sqrt(0.5)) / 2, 14);
  });

  it('IGD+ counts only how much worse the solutions are', () => {
    // Solution [0.5, 0.5] vs z = [0, 1]: d+ = sqrt(0.5^2 + 0) = 0.5; vs [1, 0]: 0.5; vs itself 0.
    expect(igdPlus([[0.5, 0.5]], reference)).toBeCloseTo((0.5 + 0 + 0.5) / 3, 14);
    // A solution better than every reference point has IGD+ 0 but IGD > 0.
    expect(igdPlus([[-1, -1]], reference)).toBe(0);
    expect(igd([[-1, -1]], reference)).toBeGreaterThan(0);
  });

  it('additive epsilon is the smallest shift that covers the reference front', () => {
    expect(
      additiveEpsilon(
        [[1, 1]],
        [
          [0, 2],
          [2, 0],
        ],
      ),
    ).toBe(1);
    expect(additiveEpsilon(reference, reference)).toBe(0);
    expect(additiveEpsilon([[-1, -1]], reference)).toBe(-1);
  });

  it('spread is 0 for an evenly spaced front that reaches the extremes and grows with clustering', () => {
    expect(spread(reference, reference)).toBeCloseTo(0, 14);
    // Deb's Delta by hand: gaps 0.1*sqrt2 and 0.9*sqrt2 (mean 0.5*sqrt2), extremes matched:
    // (0 + 0 + 0.4*sqrt2 + 0.4*sqrt2) / (0 + 0 + 2 * 0.5*sqrt2) = 0.8.
    expect(
      spread(
        [
          [0, 1],
          [0.1, 0.9],
          [1, 0],
        ],
        reference,
      ),
    ).toBeCloseTo(0.8, 12);
  });

  it('generalised spread (M = 3) is 0 for a regular simplex that hits the extremes', () => {
    const simplex = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(spread(simplex, simplex)).toBeCloseTo(0, 14);
    expect(
      spread(
        [
          [1, 0, 0],
          [0.9, 0.1, 0],
          [0, 0, 1],
        ],
        simplex,
      ),
    ).toBeGreaterThan(0.3);
  });

  it('accept Float64Array matrices with m and reject empty or mismatched sets', () => {
    expect(igd(Float64Array.from([0, 1, 1, 0]), Float64Array.from(reference.flat()), 2)).toBeCloseTo(
      Math.sqrt(0.5) / 3,
      14,
    );
    expect(() => igd([], reference)).toThrow(OptimizerInputError);
    expect(() => igd([[1, 2, 3]], reference)).toThrow(/3 objectives, expected 2/);
    expect(() => spread([[0, 1]], reference)).toThrow(/at least 2 solutions/);
  });
});
