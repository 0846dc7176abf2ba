/**
 * Parties on hand-made fronts: satisfaction by the achievement scalarising function (reference
 * points) and by normalised weighted Tchebycheff (weights), each checked against values computed by
 * hand in the comments; the compromise rules against a hand-computed 3-party example in which
 * egalitarian, minimax regret and Nash bargaining each pick a different layout; Borda with ties.
 */
import { describe, expect, it } from 'vitest';
import {
  bordaCount,
  criterionRanges,
  disagreementPoints,
  egalitarian,
  minimaxRegret,
  nashBargaining,
  rankingFromScores,
  ranksOf,
  regrets,
  satisfactionMatrix,
  scoreParty,
  type CriteriaTable,
  type Party,
} from '../../../engine/src/decision/index.js';

/**
 * Five layouts trading f1 against f2 (both maximised, each ranging 0..10 on the front, so the
 * goodness of a value is value / 10).
 */
const front: CriteriaTable = {
  criteria: [
    { id: 'f1', direction: 'maximize' },
    { id: 'f2', direction: 'maximize' },
  ],
  rows: 5,
  values: Float64Array.from([10, 0, 8, 5, 6, 7, 3, 9, 0, 10]),
};

const weights = (w1: number, w2: number): Party => ({
  id: 'w',
  name: 'w',
  preference: {
    kind: 'weights',
    weights: [
      { criterion: 0, weight: w1 },
      { criterion: 1, weight: w2 },
    ],
  },
});

const reference = (levels: [number, number | null][]): Party => ({
  id: 'r',
  name: 'r',
  preference: {
    kind: 'reference',
    levels: levels.map(([aspiration, reservation], criterion) => ({ criterion, aspiration, reservation })),
  },
});

describe('satisfaction by weighted Tchebycheff', () => {
  it('equal weights: satisfaction = the smaller goodness; picks the most balanced layout', () => {
    const scores = scoreParty(front, weights(1, 1));
    // min(u1, u2): 0, 0.5, 0.6, 0.3, 0
    const expected = [0, 0.5, 0.6, 0.3, 0];
    scores.satisfaction.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 12));
    expect(scores.preferred).toBe(2);
    expect(Array.from(scores.rank)).toEqual([4, 2, 1, 3, 4]); // layouts 0 and 4 tie
  });

  it('weights 3 : 1: satisfaction = 1 - max(1 - u1, (1 - u2) / 3); picks layout 1', () => {
    const scores = scoreParty(front, weights(3, 1));
    // 0: 1 - max(0, 1/3) = 2/3; 1: 1 - max(0.2, 0.5/3) = 0.8; 2: 1 - max(0.4, 0.1) = 0.6; 3: 0.3; 4: 0
    const expected = [2 / 3, 0.8, 0.6, 0.3, 0];
    scores.satisfaction.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 12));
    expect(scores.preferred).toBe(1);
    // Scaling all weights changes nothing.
    expect(Array.from(scoreParty(front, weights(30, 10)).satisfaction)).toEqual(Array.from(scores.satisfaction));
  });

  it('a weight of 0 leaves the criterion out: the party wants the best f1', () => {
    const scores = scoreParty(front, weights(1, 0));
    expect(scores.preferred).toBe(0);
    expect(scores.satisfaction[0]).toBe(1);
  });

  it('minimised criteria are measured the same way', () => {
    const flipped: CriteriaTable = {
      criteria: [
        { id: 'f1', direction: 'maximize' },
        { id: 'cost', direction: 'minimize' },
      ],
      rows: 5,
      values: Float64Array.from([10, 10, 8, 5, 6, 3, 3, 1, 0, 0]), // cost = 10 - f2
    };
    expect(Array.from(scoreParty(flipped, weights(3, 1)).satisfaction)).toEqual(
      Array.from(scoreParty(front, weights(3, 1)).satisfaction),
    );
  });
});

describe('satisfaction by the achievement scalarising function (reference point)', () => {
  it('aspiration (7, 6), reservations at the worst values: sigma = (u1 / 0.7, u2 / 0.6); picks layout 2', () => {
    const scores = scoreParty(
      front,
      reference([
        [7, null],
        [6, null],
      ]),
    );
    // min sigma: 0: 0; 1: min(8/7, 5/6) = 5/6; 2: min(6/7, 7/6) = 6/7; 3: 3/7; 4: 0
    const expected = [0, 5 / 6, 6 / 7, 3 / 7, 0];
    scores.satisfaction.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 12));
    expect(scores.preferred).toBe(2);
  });

  it('a reservation level makes layouts below it unacceptable (satisfaction 0)', () => {
    // f1: aspiration 9, reservation 5 -> sigma1 = (u1 - 0.5) / 0.4; f2: aspiration 6 -> u2 / 0.6
    const scores = scoreParty(
      front,
      reference([
        [9, 5],
        [6, null],
      ]),
    );
    // 0: min(1.25, 0) = 0; 1: min(0.75, 5/6) = 0.75; 2: min(0.25, 7/6) = 0.25; 3, 4: negative -> 0
    const expected = [0, 0.75, 0.25, 0, 0];
    scores.satisfaction.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 12));
    expect(scores.preferred).toBe(1);
    // Below the reservation the achievement still orders layouts: 3 (-0.5) before 4 (-1.25).
    expect(scores.rank[3]).toBeLessThan(scores.rank[4]!);
  });

  it('when several layouts meet every aspiration, the one exceeding them most is preferred', () => {
    const scores = scoreParty(
      front,
      reference([
        [5, null],
        [5, null],
      ]),
    );
    expect(scores.satisfaction[1]).toBe(1); // sigma = (1.6, 1.0)
    expect(scores.satisfaction[2]).toBe(1); // sigma = (1.2, 1.4)
    expect(scores.preferred).toBe(2); // min sigma 1.2 > 1.0
  });

  it('an aspiration below the worst value on the front: reservation one front range lower', () => {
    // f1 aspiration -5 (u = -0.5) -> reservation u = -1.5: sigma1 = u1 + 1.5 >= 1.5 for all layouts.
    const scores = scoreParty(
      front,
      reference([
        [-5, null],
        [8, null],
      ]),
    );
    expect(scores.preferred).toBe(4); // only f2 matters
    expect(scores.satisfaction[4]).toBe(1);
  });

  it('rejects a reservation that is not worse than the aspiration', () => {
    expect(() =>
      scoreParty(
        front,
        reference([
          [5, 6],
          [5, null],
        ]),
      ),
    ).toThrow(/reservation/);
  });

  it('criteria flat over the front are left out', () => {
    const flat: CriteriaTable = { ...front, values: Float64Array.from([10, 3, 8, 3, 6, 3, 3, 3, 0, 3]) };
    expect(criterionRanges(flat)[1]).toEqual({ worst: 3, best: 3 });
    const scores = scoreParty(flat, weights(1, 1));
    expect(scores.preferred).toBe(0);
    expect(scores.satisfaction[4]).toBe(0);
  });
});

describe('ranks', () => {
  it('competition ranking: ties share the better rank', () => {
    expect(Array.from(ranksOf(Float64Array.from([0.5, 0.9, 0.5, 0.1, 0.9])))).toEqual([3, 1, 3, 5, 1]);
  });
});

/**
 * Three parties, six layouts A..F (satisfaction by hand):
 *          A     B     C     D     E     F
 *   P1   0.90  0.60  0.50  0.20  0.75  0.85
 *   P2   0.10  0.50  0.40  0.90  0.65  0.30
 *   P3   0.50  0.30  0.60  0.40  0.38  0.55
 */
const matrix = satisfactionMatrix([
  Float64Array.from([0.9, 0.6, 0.5, 0.2, 0.75, 0.85]),
  Float64Array.from([0.1, 0.5, 0.4, 0.9, 0.65, 0.3]),
  Float64Array.from([0.5, 0.3, 0.6, 0.4, 0.38, 0.55]),
]);

describe('compromise rules', () => {
  it('egalitarian: least satisfaction A .10, B .30, C .40, D .20, E .38, F .30 -> C', () => {
    expect(egalitarian(matrix)).toEqual({ rule: 'egalitarian', id: 2, value: 0.4 });
  });

  it('minimax regret: largest regrets A .80, B .40, C .50, D .70, E .25, F .60 -> E', () => {
    const r = regrets(matrix);
    // P1's best is 0.9 (A), P2's 0.9 (D), P3's 0.6 (C): E's regrets are 0.15, 0.25, 0.22.
    expect(r[0 * 6 + 4]).toBeCloseTo(0.15, 12);
    expect(r[1 * 6 + 4]).toBeCloseTo(0.25, 12);
    expect(r[2 * 6 + 4]).toBeCloseTo(0.22, 12);
    const result = minimaxRegret(matrix);
    expect(result.id).toBe(4);
    expect(result.value).toBeCloseTo(0.25, 12);
  });

  it('Nash: disagreement points (.2, .1, .3); products C .027, E .0242, F .0325, others 0 -> F', () => {
    expect(disagreementPoints(matrix)).toEqual([0.2, 0.1, 0.3]);
    const result = nashBargaining(matrix);
    expect(result.id).toBe(5);
    expect(result.value).toBeCloseTo(0.65 * 0.2 * 0.25, 12);
  });

  it('ties: the leximin breaks an egalitarian tie, then the lower id', () => {
    const tied = satisfactionMatrix([Float64Array.from([0.2, 0.2, 0.2]), Float64Array.from([0.5, 0.7, 0.7])]);
    expect(egalitarian(tied).id).toBe(1);
    expect(minimaxRegret(tied).id).toBe(1);
  });

  it('Nash leaves out a party that is equally satisfied by every layout, and falls back to the sum of gains', () => {
    const indifferent = satisfactionMatrix([
      Float64Array.from([0.2, 0.6, 0.9]),
      Float64Array.from([0.9, 0.5, 0.1]),
      Float64Array.from([0.4, 0.4, 0.4]),
    ]);
    // Gains over (0.2, 0.1): (0, 0.8), (0.4, 0.4), (0.7, 0) -> only layout 1 has a positive product.
    expect(nashBargaining(indifferent)).toEqual({ rule: 'nash', id: 1, value: expect.closeTo(0.16, 12) });
    // Every product 0 (each layout is someone's worst): the larger sum of gains wins.
    const opposed = satisfactionMatrix([Float64Array.from([0.1, 0.9]), Float64Array.from([0.8, 0.1])]);
    // Disagreement points (0.1, 0.1): gains (0, 0.7) at layout 0 and (0.8, 0) at layout 1: sums 0.7 < 0.8.
    expect(nashBargaining(opposed)).toEqual({ rule: 'nash', id: 1, value: 0 });
  });
});

describe('Borda count over a shortlist', () => {
  it('shares the points of tied places and ties layouts a party leaves out for last', () => {
    const result = bordaCount(
      [10, 20, 30, 40],
      [
        [[10], [20, 30], [40]], // 10: 3, 20: 1.5, 30: 1.5, 40: 0
        [[30], [10], [40], [20]], // 30: 3, 10: 2, 40: 1, 20: 0
        [[20]], // 20: 3, the rest tied last: 10, 30, 40: (2 + 1 + 0) / 3 = 1 each
      ],
    );
    expect(result.standings).toEqual([
      { id: 10, points: 6 },
      { id: 30, points: 5.5 },
      { id: 20, points: 4.5 },
      { id: 40, points: 2 },
    ]);
    expect(result.winners).toEqual([10]);
    // Every party hands out n(n - 1)/2 = 6 points.
    expect(result.standings.reduce((sum, s) => sum + s.points, 0)).toBe(18);
  });

  it('reports a tie between winners', () => {
    expect(
      bordaCount(
        [1, 2],
        [
          [[1], [2]],
          [[2], [1]],
        ],
      ).winners,
    ).toEqual([1, 2]);
  });

  it('rejects a ranking naming a layout twice or one off the shortlist', () => {
    expect(() => bordaCount([1, 2], [[[1], [1]]])).toThrow(/twice/);
    expect(() => bordaCount([1, 2], [[[3]]])).toThrow(/not on the shortlist/);
  });

  it('derives a ranking with ties from scores', () => {
    expect(rankingFromScores([0.5, 0.9, 0.5, 0.2], [0, 1, 2, 3])).toEqual([[1], [0, 2], [3]]);
  });
});
