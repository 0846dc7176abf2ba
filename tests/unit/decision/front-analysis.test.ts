import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectiveDirection } from '../../../engine/src/optimizer/index.js';
import { compromiseIndex, frontHighlights, normaliseToUnitCost } from '../../../engine/src/decision/front-analysis.js';
import { parseCsv, toCsv } from '../../../engine/src/runs/csv.js';

describe('front highlights', () => {
  it('find the extremes and the compromise of a convex two-objective front (both minimised)', () => {
    // f2 = (1 - sqrt(f1))^2-like bend: the knee sits where the curve turns.
    const points = [
      [0, 1],
      [0.05, 0.5],
      [0.2, 0.2],
      [0.5, 0.05],
      [1, 0],
    ];
    const { extremes, knee } = frontHighlights(new Float64Array(points.flat()), points.length, [
      'minimize',
      'minimize',
    ]);
    expect(extremes).toEqual([0, 4]);
    expect(knee).toBe(2);
  });

  it('respect maximised objectives in natural units', () => {
    // Same front as above with both objectives negated and declared maximised.
    const points = [
      [0, -1],
      [-0.05, -0.5],
      [-0.2, -0.2],
      [-0.5, -0.05],
      [-1, 0],
    ];
    const { extremes, knee } = frontHighlights(new Float64Array(points.flat()), 5, ['maximize', 'maximize']);
    expect(extremes).toEqual([0, 4]);
    expect(knee).toBe(2);
  });

  it('pick the balanced layout when the extremes coincide', () => {
    const points = [
      [0, 0, 1],
      [0, 0, 1],
      [0.4, 0.4, 0.3],
      [1, 1, 0],
    ];
    const { knee } = frontHighlights(new Float64Array(points.flat()), 4, ['minimize', 'minimize', 'minimize']);
    expect(knee).toBe(2);
  });

  it('normalise each objective between the best (0) and worst (1) value', () => {
    const out = normaliseToUnitCost(new Float64Array([10, 1, 20, 3]), 2, ['maximize', 'minimize']);
    expect(Array.from(out)).toEqual([1, 0, 0, 1]);
  });

  it('handle an empty front', () => {
    expect(frontHighlights(new Float64Array(0), 0, ['minimize', 'maximize'])).toEqual({ extremes: [-1, -1], knee: -1 });
  });
});

/** Independent of the code under test: costs in [0, 1] from natural values, by brute force. */
function costsOf(points: number[][], directions: readonly ObjectiveDirection[]): number[][] {
  return points.map((p) =>
    p.map((v, j) => {
      const column = points.map((q) => (directions[j] === 'maximize' ? -q[j]! : q[j]!));
      const lo = Math.min(...column);
      const hi = Math.max(...column);
      const c = directions[j] === 'maximize' ? -v : v;
      return hi > lo ? (c - lo) / (hi - lo) : 0;
    }),
  );
}

/** Objectives on which a row is in the bottom 20 %: at least 80 % of the rows strictly better. */
function bottomObjectives(points: number[][], directions: readonly ObjectiveDirection[], row: number): number {
  let count = 0;
  for (let j = 0; j < directions.length; j++) {
    const sign = directions[j] === 'maximize' ? -1 : 1;
    const better = points.filter((q) => sign * q[j]! < sign * points[row]![j]!).length;
    if (better >= 0.8 * points.length) count++;
  }
  return count;
}

function compromiseOf(points: number[][], directions: readonly ObjectiveDirection[]): number {
  return frontHighlights(new Float64Array(points.flat()), points.length, directions).knee;
}

/** Points on a random front: M objectives, a random curvature, a few ties, then non-dominated only. */
const randomFront = fc
  .record({
    m: fc.integer({ min: 2, max: 5 }),
    size: fc.integer({ min: 1, max: 60 }),
    curvature: fc.double({ min: 0.3, max: 3, noNaN: true }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    maximise: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    scale: fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ m, size, curvature, seed, maximise, scale }) => {
    let state = seed;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
      return state / 0x80000000;
    };
    const points: number[][] = [];
    for (let i = 0; i < size; i++) {
      // Random direction on the positive orthant, pushed onto ||f||_p = 1 with p = curvature.
      const d = Array.from({ length: m }, () => (next() < 0.1 ? 0 : next()));
      const norm = Math.max(1e-9, d.reduce((a, v) => a + v ** curvature, 0) ** (1 / curvature));
      // Rounding to a grid creates ties, as repeated objective values do in a real front.
      points.push(d.map((v) => Math.round((v / norm) * 50) / 50));
    }
    const directions: ObjectiveDirection[] = Array.from({ length: m }, (_, j) =>
      maximise[j] ? 'maximize' : 'minimize',
    );
    const front = points
      .filter((p, i) => !points.some((q, k) => k !== i && q.every((v, j) => v <= p[j]!) && q.some((v, j) => v < p[j]!)))
      .map((p) => p.map((v, j) => (directions[j] === 'maximize' ? -v : v) * scale[j]!));
    return { front, directions };
  });

describe('the compromise', () => {
  it('is never in the bottom 20 % on an objective when some layout of the front is not (random fronts, 2-5 objectives)', () => {
    fc.assert(
      fc.property(randomFront, ({ front, directions }) => {
        const chosen = compromiseOf(front, directions);
        const counts = front.map((_, i) => bottomObjectives(front, directions, i));
        expect(counts[chosen]).toBe(Math.min(...counts));
        if (counts.some((c) => c === 0)) expect(counts[chosen]).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('maximises the smallest normalised gain among those layouts, then the total gain', () => {
    fc.assert(
      fc.property(randomFront, ({ front, directions }) => {
        const chosen = compromiseOf(front, directions);
        const costs = costsOf(front, directions);
        const counts = front.map((_, i) => bottomObjectives(front, directions, i));
        const eligible = front.map((_, i) => i).filter((i) => counts[i] === counts[chosen]);
        const worst = (i: number) => Math.max(...costs[i]!);
        const total = (i: number) => costs[i]!.reduce((a, b) => a + b, 0);
        for (const i of eligible) {
          // costsOf computes exactly what the code does, so exact comparisons hold.
          expect(worst(chosen)).toBeLessThanOrEqual(worst(i));
          if (worst(i) === worst(chosen)) expect(total(chosen)).toBeLessThanOrEqual(total(i));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on units or on which objectives are maximised', () => {
    fc.assert(
      fc.property(randomFront, fc.double({ min: -1e4, max: 1e4, noNaN: true }), ({ front, directions }, shift) => {
        const chosen = compromiseOf(front, directions);
        const flipped = front.map((p) => p.map((v, j) => (j === 0 ? -(v * 3) + shift : v)));
        const flippedDirections = directions.map((d, j) =>
          j === 0 ? (d === 'maximize' ? 'minimize' : 'maximize') : d,
        );
        const again = compromiseOf(flipped, flippedDirections);
        // The same layout, up to exact ties that rounding in the changed units may break differently.
        if (again !== chosen) {
          const costs = costsOf(front, directions);
          expect(bottomObjectives(front, directions, again)).toBe(bottomObjectives(front, directions, chosen));
          expect(Math.max(...costs[again]!)).toBeCloseTo(Math.max(...costs[chosen]!), 9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('passes over a layout balanced in value but ranked near the bottom of the front', () => {
    // Eleven layouts of a two-objective front (both minimised, each over [0, 1]). Layout 0 has the
    // smallest worst normalised cost (0.5), so a pure maximin rule would pick it, but nine layouts
    // beat it on f1: it ranks 10th of 11 there. (0.4, 0.6) ranks 9th on f1 and 3rd on f2.
    const points = [
      [0.5, 0.5],
      [1, 0],
    ];
    for (let k = 0; k <= 8; k++) points.push([0.05 * k, 1 - 0.05 * k]);
    const directions: ObjectiveDirection[] = ['minimize', 'minimize'];
    expect(bottomObjectives(points, directions, 0)).toBe(1);
    const worst = costsOf(points, directions).map((c) => Math.max(...c));
    expect(worst.indexOf(Math.min(...worst))).toBe(0);
    const chosen = compromiseOf(points, directions);
    expect(points[chosen]).toEqual([0.4, 0.6]);
    expect(bottomObjectives(points, directions, chosen)).toBe(0);
  });

  it('works on normalised costs directly and returns -1 for no rows', () => {
    expect(compromiseIndex(new Float64Array(0), 0, 3)).toBe(-1);
    expect(compromiseIndex(new Float64Array([0, 1, 0.4, 0.4, 1, 0]), 3, 2)).toBe(1);
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and reads back what it wrote', () => {
    const text = toCsv(
      ['id', 'name', 'value'],
      [
        [1, 'plain', 0.5],
        [2, 'with, comma', -3],
        [3, 'say "hi"\nbye', null],
      ],
    );
    expect(text.split('\n')[0]).toBe('id,name,value');
    expect(parseCsv(text)).toEqual([
      ['id', 'name', 'value'],
      ['1', 'plain', '0.5'],
      ['2', 'with, comma', '-3'],
      ['3', 'say "hi"\nbye', ''],
    ]);
  });
});
