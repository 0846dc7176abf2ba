import { describe, expect, it } from 'vitest';
import {
  BinaryTournament,
  OptimizerInputError,
  PolynomialMutation,
  Population,
  RandomResetMutation,
  SbxCrossover,
  TwoPointCrossover,
  UniformCrossover,
  UniformDiscreteSampling,
  UniformRealSampling,
  createRandom,
  defaultOperators,
  Zdt4,
} from '../../../engine/src/optimizer/index.js';
import { ToyLandUse } from './fixtures.js';

const n = 10;
const lower = new Float64Array(n).fill(-1);
const upper = new Float64Array(n).fill(2);

function randomRow(random: ReturnType<typeof createRandom>): Float64Array {
  return Float64Array.from({ length: n }, () => -1 + 3 * random.nextDouble());
}

describe('real-valued operators', () => {
  it('SBX keeps children in bounds, and copies the parents when it does not fire', () => {
    const random = createRandom(1);
    const sbx = new SbxCrossover(lower, upper);
    expect([sbx.eta, sbx.probability]).toEqual([15, 0.9]);
    const childA = new Float64Array(n);
    const childB = new Float64Array(n);
    let changed = 0;
    for (let trial = 0; trial < 500; trial++) {
      const a = randomRow(random);
      const b = randomRow(random);
      sbx.cross(a, b, childA, childB, random);
      for (let i = 0; i < n; i++) {
        expect(childA[i]).toBeGreaterThanOrEqual(-1);
        expect(childA[i]).toBeLessThanOrEqual(2);
        expect(childB[i]! >= -1 && childB[i]! <= 2).toBe(true);
      }
      if (childA.some((v, i) => v !== a[i] && v !== b[i])) changed++;
    }
    expect(changed).toBeGreaterThan(400); // p = 0.9 of pairs recombine
    const never = new SbxCrossover(lower, upper, { probability: 0 });
    const a = randomRow(random);
    const b = randomRow(random);
    never.cross(a, b, childA, childB, random);
    expect([...childA]).toEqual([...a]);
    expect([...childB]).toEqual([...b]);
  });

  it('polynomial mutation changes about 1/n of the variables and stays in bounds', () => {
    const random = createRandom(2);
    const mutation = new PolynomialMutation(lower, upper);
    expect(mutation.probability).toBeCloseTo(1 / n);
    let changes = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const row = randomRow(random);
      const before = row.slice();
      mutation.mutate(row, random);
      for (let i = 0; i < n; i++) {
        expect(row[i]! >= -1 && row[i]! <= 2).toBe(true);
        if (row[i] !== before[i]) changes++;
      }
    }
    expect(changes / 2000).toBeGreaterThan(0.85);
    expect(changes / 2000).toBeLessThan(1.15);
  });

  it("polynomial mutation with pymoo's individual probability leaves about that share of rows alone", () => {
    const random = createRandom(4);
    const mutation = new PolynomialMutation(lower, upper, { individualProbability: 0.9, probability: 1 });
    let untouched = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const row = randomRow(random);
      const before = row.slice();
      mutation.mutate(row, random);
      if (row.every((v, i) => v === before[i])) untouched++;
    }
    // Every variable mutates in a mutated row (probability 1), so the unchanged rows are the 10 %.
    expect(untouched / 4000).toBeGreaterThan(0.08);
    expect(untouched / 4000).toBeLessThan(0.12);
    expect(new PolynomialMutation(lower, upper).individualProbability).toBe(1);
    expect(() => new PolynomialMutation(lower, upper, { individualProbability: 2 })).toThrow(/individualProbability/);
  });

  it('uniform real sampling fills the box', () => {
    const problem = new Zdt4();
    const { lower: lo, upper: hi } = problem.variables as { lower: Float64Array; upper: Float64Array };
    const matrix = problem.createVariables(50);
    new UniformRealSampling(lo, hi).sample(matrix, 50, createRandom(3));
    for (let r = 0; r < 50; r++)
      for (let i = 0; i < 10; i++) expect(matrix[r * 10 + i]! >= lo[i]! && matrix[r * 10 + i]! <= hi[i]!).toBe(true);
  });

  it('rejects bad parameters', () => {
    expect(() => new SbxCrossover(lower, upper, { probability: 1.5 })).toThrow(OptimizerInputError);
    expect(() => new PolynomialMutation(lower, upper, { eta: -1 })).toThrow(/eta must be >= 0/);
    expect(() => new SbxCrossover(lower, new Float64Array(3))).toThrow(/differ in length/);
  });
});

describe('integer and categorical operators', () => {
  const cells = 1000;

  function parents(): [Uint8Array, Uint8Array] {
    return [new Uint8Array(cells).fill(1), new Uint8Array(cells).fill(2)];
  }

  it('uniform crossover swaps about half of the cells and keeps each position from a parent', () => {
    const [a, b] = parents();
    const childA = new Uint8Array(cells);
    const childB = new Uint8Array(cells);
    new UniformCrossover<Uint8Array>({ probability: 1 }).cross(a, b, childA, childB, createRandom(4));
    const swapped = childA.filter((v) => v === 2).length;
    expect(swapped).toBeGreaterThan(430);
    expect(swapped).toBeLessThan(570);
    for (let i = 0; i < cells; i++) expect(childA[i]! + childB[i]!).toBe(3);
  });

  it('two-point crossover swaps one contiguous segment', () => {
    const [a, b] = parents();
    const childA = new Uint8Array(cells);
    const childB = new Uint8Array(cells);
    const random = createRandom(5);
    for (let trial = 0; trial < 50; trial++) {
      new TwoPointCrossover<Uint8Array>({ probability: 1 }).cross(a, b, childA, childB, random);
      const text = Array.from(childA).join('');
      expect(text).toMatch(/^1*2+1*$/);
      for (let i = 0; i < cells; i++) expect(childA[i]! + childB[i]!).toBe(3);
    }
  });

  it('random reset always changes the chosen cells to another category, about p * n of them', () => {
    const space = { kind: 'categorical', cardinality: 4 } as const;
    const mutation = new RandomResetMutation<Uint8Array>(space, cells, { probability: 0.01 });
    const random = createRandom(6);
    let changes = 0;
    for (let trial = 0; trial < 200; trial++) {
      const row = new Uint8Array(cells).fill(3);
      mutation.mutate(row, random);
      for (const v of row) {
        expect(v).toBeLessThan(4);
        if (v !== 3) changes++;
      }
    }
    expect(changes / 200).toBeGreaterThan(8);
    expect(changes / 200).toBeLessThan(12);
  });

  it('random reset and sampling respect integer bounds', () => {
    const space = { kind: 'integer', lower: Int32Array.of(-2, 10), upper: Int32Array.of(2, 10) } as const;
    const random = createRandom(7);
    const matrix = new Int32Array(200);
    new UniformDiscreteSampling<Int32Array>(space, 2).sample(matrix, 100, random);
    const mutation = new RandomResetMutation<Int32Array>(space, 2, { probability: 1 });
    for (let r = 0; r < 100; r++) {
      const row = matrix.subarray(2 * r, 2 * r + 2);
      mutation.mutate(row, random);
      expect(row[0]! >= -2 && row[0]! <= 2).toBe(true);
      expect(row[1]).toBe(10); // a single-valued variable cannot change
    }
  });

  it('defaults follow the variable space', () => {
    const categorical = defaultOperators(new ToyLandUse());
    expect([categorical.sampling.name, categorical.crossover.name, categorical.mutation.name]).toEqual([
      'uniform-discrete',
      'uniform',
      'random-reset',
    ]);
    const real = defaultOperators(new Zdt4());
    expect([real.sampling.name, real.crossover.name, real.mutation.name]).toEqual([
      'uniform-real',
      'sbx',
      'polynomial',
    ]);
  });
});

describe('binary tournament', () => {
  it('by rank (Deb et al., jMetal): prefers feasible, then lower rank, then larger crowding', () => {
    const pop = new Population(4, 1, 2, 1, new Float64Array(4));
    pop.size = 4;
    pop.totalViolation.set([0, 0, 0, 3]);
    pop.rank.set([0, 1, 0, 0]);
    pop.crowding.set([1, 9, 5, 9]);
    const out = new Int32Array(400);
    new BinaryTournament({ comparison: 'rank' }).select(pop, 400, out, createRandom(8));
    const wins = [0, 0, 0, 0];
    for (const w of out) wins[w]!++;
    // Row 2 (rank 0, crowding 5) beats everyone it meets; row 3 (infeasible) never wins unless facing itself... never.
    expect(wins[3]).toBe(0);
    expect(wins[2]).toBeGreaterThan(wins[0]!);
    expect(wins[0]).toBeGreaterThan(wins[1]!);
  });

  /** Winners of 20 tournaments between the two rows of a population (each tournament meets both). */
  function winners(
    objectives: number[][],
    rank: number[],
    crowding: number[],
    tournament: BinaryTournament,
  ): Set<number> {
    const pop = new Population(2, 1, 2, 0, new Float64Array(2));
    pop.size = 2;
    pop.objectives.set(objectives.flat());
    pop.rank.set(rank);
    pop.crowding.set(crowding);
    const out = new Int32Array(20);
    tournament.select(pop, 20, out, createRandom(3));
    return new Set(out);
  }

  it('by dominance (the default, as pymoo): a parent that dominates wins, otherwise the less crowded', () => {
    expect(new BinaryTournament().comparison).toBe('dominance');
    const rank = [0, 1];
    const crowding = [1, 9];
    const cases = [
      // Row 0 dominates row 1: it wins whatever the crowding, by either rule.
      {
        objectives: [
          [1, 1],
          [2, 2],
        ],
        byDominance: 0,
        byRank: 0,
      },
      // Neither dominates (a point of a region that lags, rank 1): crowding decides, not rank.
      {
        objectives: [
          [1, 3],
          [2, 2],
        ],
        byDominance: 1,
        byRank: 0,
      },
    ];
    for (const { objectives, byDominance, byRank } of cases) {
      expect(winners(objectives, rank, crowding, new BinaryTournament())).toEqual(new Set([byDominance]));
      expect(winners(objectives, rank, crowding, new BinaryTournament({ comparison: 'rank' }))).toEqual(
        new Set([byRank]),
      );
    }
  });
});
