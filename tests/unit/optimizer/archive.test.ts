import { describe, expect, it } from 'vitest';
import {
  NonDominatedArchive,
  OptimizerInputError,
  hypervolume,
  hypervolumeContribution,
  nonDominatedRanks,
} from '../../../engine/src/optimizer/index.js';
import { dominates, slicingHypervolume, spherePoints, testRandom } from './naive.js';

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
    expect([...archive.getState().variables!]).toEqual([5]);
    expect([...archive.row(0)]).toEqual([5]);
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

describe('hypervolume contribution', () => {
  it('is HV(S with p) - HV(S), by slicing, in 2 to 5 objectives, for points inside and outside the box', () => {
    const random = testRandom(21);
    for (const m of [2, 3, 4, 5]) {
      for (let trial = 0; trial < 6; trial++) {
        const set = spherePoints(m === 5 ? 12 : 25, m, random).map((p) => p.map((v) => v + 0.3 * random()));
        const reference = new Array(m).fill(1.2);
        const data = Float64Array.from(set.flat());
        const rows = Int32Array.from(set.keys());
        for (const point of [set[0]!.map((v) => v * 0.8), set[1]!.map((v) => v * 1.1), new Array(m).fill(1.3)]) {
          const expected = slicingHypervolume([...set, point], reference) - slicingHypervolume(set, reference);
          const got = hypervolumeContribution(
            data,
            m,
            rows,
            set.length,
            Float64Array.from(point),
            0,
            Float64Array.from(reference),
          );
          expect(got).toBeCloseTo(expected, 10);
        }
        // A member's own contribution: the set without it.
        const without = set.slice(1);
        const expected = slicingHypervolume(set, reference) - slicingHypervolume(without, reference);
        expect(
          hypervolumeContribution(data, m, rows, set.length, data, 0, Float64Array.from(reference), 0),
        ).toBeCloseTo(expected, 10);
      }
    }
  });
});

describe('archive with a fixed hypervolume reference', () => {
  const create = (capacity: number, m: number) =>
    new NonDominatedArchive<Float64Array>(capacity, 1, m, (rows) => new Float64Array(rows));

  it.each([2, 3, 4])(
    '%i objectives: its hypervolume never decreases, matches a fresh computation and keeps the best value of every objective',
    (m) => {
      const random = testRandom(100 + m);
      const capacity = 15;
      const allocations: number[] = [];
      const archive = new NonDominatedArchive<Float64Array>(capacity, 1, m, (rows) => {
        allocations.push(rows);
        return new Float64Array(rows);
      });
      // The reference sits inside the range of later points: some of them fall outside its box,
      // among them new bests on one objective (worse than the reference on another).
      const reference = new Array(m).fill(1.05);
      const offered: number[][] = [];
      let previous = 0;
      let largest = 0;
      for (let i = 0; i < 600; i++) {
        const progress = i / 600;
        const direction = spherePoints(1, m, random)[0]!;
        const point = direction.map((v) => v * (1.6 - 0.5 * progress) + 0.3 * random() - 0.15);
        if (random() < 0.05) point[i % m] = -0.2 - progress; // a new best far outside on the others
        offered.push(point);
        archive.add([i], Float64Array.from(point));
        if (i === 20) archive.setHypervolumeReference(reference);
        if (i < 20) continue;
        const value = archive.hypervolume!;
        if (value < previous) throw new Error(`offer ${i}: hypervolume fell from ${previous} to ${value}`);
        previous = value;
        const members = archive.getState();
        const points = Array.from({ length: members.size }, (_, r) =>
          Array.from(members.objectives.subarray(r * m, (r + 1) * m)),
        );
        const fresh = hypervolume(points, reference);
        if (Math.abs(value - fresh) > 1e-9 * fresh)
          throw new Error(`offer ${i}: ${value} against ${fresh} computed afresh`);
        largest = Math.max(largest, members.size);
        if (points.some((a) => points.some((b) => dominates(a, b))))
          throw new Error(`offer ${i}: a member is dominated`);
        for (let j = 0; j < m; j++) {
          const best = Math.min(...offered.map((p) => p[j]!));
          if (Math.min(...points.map((p) => p[j]!)) !== best)
            throw new Error(`offer ${i}: lost the best of objective ${j}`);
        }
      }
      // Over the capacity only by the best member per objective, and by one more in the rare case
      // where a new best adds less than any member near it holds (this stream forces it).
      if (m > 2) expect(largest).toBeGreaterThan(capacity); // the truncation did run
      expect(largest).toBeLessThanOrEqual(capacity + m + 1);
      // Room for that was made at once: the members were never copied into a larger matrix.
      expect(allocations).toEqual([capacity + m + 2]);
      expect(previous).toBeGreaterThan(0);
    },
  );

  it('keeps its reference and hypervolume in its state, and refuses a second reference', () => {
    const archive = create(3, 2);
    for (const [i, p] of [
      [0.2, 0.9],
      [0.5, 0.5],
      [0.9, 0.1],
      [0.3, 0.6],
      [0.7, 0.2],
    ].entries())
      archive.add([i], Float64Array.from(p));
    archive.setHypervolumeReference([1, 1]);
    expect(archive.hypervolume).toBeCloseTo(hypervolume(archive.getState().objectives, [1, 1]), 12);
    expect(() => archive.setHypervolumeReference([2, 2])).toThrow(/already has/);
    const copy = create(3, 2);
    copy.setState(archive.getState());
    expect(copy.getState()).toEqual(archive.getState());
    expect(copy.hypervolume).toBe(archive.hypervolume);
    expect(Array.from(copy.hypervolumeReference!)).toEqual([1, 1]);
    expect(() => create(3, 2).setHypervolumeReference([1])).toThrow(/2 objectives/);
  });
});
