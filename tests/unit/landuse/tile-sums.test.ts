/**
 * Sums over a layout's changes taken per tile and remembered (tile-sums.ts): an evaluator that
 * has evaluated other layouts first, its parents and siblings above all, gives every layout the
 * values bit for bit that a fresh evaluator gives it, and takes most of a child's changed tiles
 * from its cache.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { currentGenome, type StudyArea } from '../../../engine/src/landuse/model/study-area.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import { EVERY_INDICATOR, randomLandscape, randomSource, relativeError, scramble } from './fixtures.js';
import { ReferenceEvaluator } from './reference-evaluator.js';

/** Tiles of 16 x 16 cells (`tileShift` 4, as `tileShiftFor` gives the 50 m cells of these landscapes). */
const SHIFT = 4;
const SIDE = 1 << SHIFT;
const options = { tileShift: SHIFT };

/** A fresh evaluator's objectives and sub-indicators of `genome` (nothing evaluated before). */
function freshValues(area: StudyArea, genome: Uint8Array): { objectives: number[]; indicators: number[] } {
  const evaluator = new LandUseEvaluator(area, undefined, options);
  const objectives = new Float64Array(3);
  const indicators = new Float64Array(evaluator.compiled.indicators.length);
  const fast = new Float64Array(3);
  evaluator.evaluate(genome, fast);
  evaluator.evaluate(genome, objectives, indicators);
  return { objectives: [...fast], indicators: [...indicators] };
}

/** A child: the parent with a few rectangles of cells changed to random allowed classes (as region operators do). */
function child(area: StudyArea, parent: Uint8Array, next: () => number, rectangles: number): Uint8Array {
  const genome = parent.slice();
  const cellGene = new Int32Array(area.width * area.height).fill(-1);
  area.geneCells.forEach((cell, g) => (cellGene[cell] = g));
  const K = area.classes.length;
  for (let r = 0; r < rectangles; r++) {
    const x0 = Math.floor(next() * area.width);
    const y0 = Math.floor(next() * area.height);
    const [w, h] = [1 + Math.floor(next() * 10), 1 + Math.floor(next() * 10)];
    const c = Math.floor(next() * K);
    for (let y = y0; y < Math.min(area.height, y0 + h); y++)
      for (let x = x0; x < Math.min(area.width, x0 + w); x++) {
        const g = cellGene[y * area.width + x]!;
        if (g >= 0 && (area.allowed[g]! >> c) & 1) genome[g] = c;
      }
  }
  return genome;
}

describe('sums over changes by tile', () => {
  test('a warm evaluator gives parents, children and grandchildren the values of a fresh one, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: SIDE + 5, max: 3 * SIDE + 7 }),
        fc.integer({ min: 20, max: 2 * SIDE + 9 }),
        (seed, width, height) => {
          const area = randomLandscape(width, height, seed, { scenario: EVERY_INDICATOR });
          const warm = new LandUseEvaluator(area, undefined, options);
          const reference = new ReferenceEvaluator(area);
          const next = randomSource(seed + 3);
          const parent = currentGenome(area);
          scramble(area, parent, 0.06, next);
          const family = [parent];
          for (let i = 0; i < 6; i++)
            family.push(child(area, family[Math.floor(next() * family.length)]!, next, 2 + (i % 5)));
          const objectives = new Float64Array(3);
          const indicators = new Float64Array(warm.compiled.indicators.length);
          const expected = new Float64Array(3);
          for (const genome of family) {
            warm.evaluate(genome, objectives);
            const fresh = freshValues(area, genome);
            expect([...objectives]).toEqual(fresh.objectives);
            warm.evaluate(genome, objectives, indicators);
            expect([...indicators]).toEqual(fresh.indicators);
            reference.evaluate(genome, expected);
            for (let m = 0; m < 3; m++) expect(relativeError(objectives[m]!, expected[m]!)).toBeLessThan(1e-9);
          }
          const stats = warm.tileStats!;
          // Every layout was evaluated twice: the second time every tile is found.
          expect(stats.found).toBeGreaterThanOrEqual(stats.tiles / 2);
        },
      ),
      { numRuns: 25 },
    );
  });

  test("a change across a tile's edge is seen by the tile beside it (its pairs), not taken from the cache", () => {
    const area = randomLandscape(3 * SIDE, 6 * SIDE, 5, { scenario: EVERY_INDICATOR, nodata: 0 });
    const [housing, park] = ['housing', 'park'].map((id) => area.classes.findIndex((c) => c.id === id));
    const geneAt = (x: number, y: number) => area.geneCells.indexOf(y * area.width + x);
    const allows = (g: number, c: number) => g >= 0 && ((area.allowed[g]! >> c) & 1) === 1;
    // Homes along the first tile's right edge (column SIDE - 1), then a park across it: a
    // pair (score 1) counted from the home's side, in the first tile, while only the second changed.
    const today = currentGenome(area);
    const changes = (x: number, y: number, c: number) => allows(geneAt(x, y), c) && today[geneAt(x, y)] !== c;
    const y = [...Array(6 * SIDE).keys()].find((y) => changes(SIDE - 1, y, housing!) && changes(SIDE, y, park!))!;
    expect(y).toBeGreaterThanOrEqual(0);
    const parent = today.slice();
    parent[geneAt(SIDE - 1, y)] = housing!;
    const child = parent.slice();
    child[geneAt(SIDE, y)] = park!;
    const warm = new LandUseEvaluator(area, undefined, options);
    const values = new Float64Array(3);
    const social = [] as number[];
    for (const genome of [parent, child, parent, child]) {
      warm.evaluate(genome, values);
      expect([...values]).toEqual(freshValues(area, genome).objectives);
      social.push(values[1]!);
    }
    expect(social[1]).not.toBe(social[0]);
    expect(warm.tileStats!.found).toBeGreaterThan(0);
  });

  test('more versions of a tile than the cache keeps: the oldest are dropped and summed again, the same values', () => {
    const area = randomLandscape(2 * SIDE, SIDE + 8, 23, { scenario: EVERY_INDICATOR });
    const warm = new LandUseEvaluator(area, undefined, options);
    const next = randomSource(9);
    const parent = currentGenome(area);
    scramble(area, parent, 0.05, next);
    // 40 children changing cells of the first tile only, some many (the buffers grow), some few.
    const K = area.classes.length;
    const children = Array.from({ length: 40 }, (_, i) => {
      const genome = parent.slice();
      for (let g = 0; g < genome.length; g++) {
        const cell = area.geneCells[g]!;
        const [x, y] = [cell % area.width, Math.floor(cell / area.width)];
        if (x >= SIDE || y >= SIDE || next() > (i % 2 ? 0.5 : 0.02)) continue;
        const c = Math.floor(next() * K);
        if ((area.allowed[g]! >> c) & 1) genome[g] = c;
      }
      return genome;
    });
    const values = new Float64Array(3);
    for (const genome of [...children, ...children.slice().reverse(), ...children.slice(-5)]) {
      warm.evaluate(genome, values);
      expect([...values]).toEqual(freshValues(area, genome).objectives);
    }
    const stats = warm.tileStats!;
    expect(stats.found).toBeGreaterThan(0);
    expect(stats.found).toBeLessThan(stats.tiles);
  });

  test('a layout evaluated in full (many changes) and one from the cache do not disturb each other', () => {
    const area = randomLandscape(2 * SIDE + 3, SIDE + 11, 17, { scenario: EVERY_INDICATOR });
    const warm = new LandUseEvaluator(area, undefined, options);
    const near = currentGenome(area);
    scramble(area, near, 0.05, randomSource(1));
    const far = currentGenome(area);
    scramble(area, far, 0.9, randomSource(2));
    const values = new Float64Array(3);
    for (const genome of [near, far, near, far, near]) {
      warm.evaluate(genome, values);
      expect([...values]).toEqual(freshValues(area, genome).objectives);
    }
  });
});
