/**
 * The optimised full evaluation against the straightforward one it replaced
 * (reference-evaluator.ts), on random layouts of random grids: the per-indicator path must give
 * the same values bit for bit, the fused fast path the same objectives within 1e-9 relative.
 * Also the bitset helpers and both walking-access strategies against brute force.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import {
  accessibleByDilation,
  accessibleByProbing,
  countAccessible,
  countInDisk,
  countInDiskFromNeighbour,
  countPairFromNeighbour,
  walkingDisk,
  type BitGrid,
} from '../../../engine/src/landuse/objectives/access.js';
import {
  anyInRange,
  countInRange,
  countRuns,
  firstInRange,
  popcount32,
  setRange,
  wordsPerRow,
} from '../../../engine/src/landuse/objectives/bits.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import { FusedLinear } from '../../../engine/src/landuse/objectives/linear.js';
import {
  expectSameIndicators,
  randomLandscape,
  randomSource,
  relativeError,
  scramble,
  toBits,
  EVERY_INDICATOR,
} from './fixtures.js';
import { ReferenceEvaluator } from './reference-evaluator.js';

describe('full evaluation against the reference implementation', () => {
  test('the full pass: per-indicator values are identical and fused objectives agree within 1e-9 on random layouts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 3, max: 45 }),
        fc.integer({ min: 3, max: 40 }),
        fc.constantFrom(2, 3, 5),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, width, height, patch, share) => {
          const area = randomLandscape(width, height, seed, { patch });
          // Whatever the share of changed genes (layouts close to today: the next test).
          const evaluator = new LandUseEvaluator(area, undefined, { sparseShare: 0 });
          const reference = new ReferenceEvaluator(area);
          const genome = currentGenome(area);
          scramble(area, genome, share, randomSource(seed + 1));
          const L = evaluator.compiled.indicators.length;
          const expected = { objectives: new Float64Array(3), indicators: new Float64Array(L) };
          reference.evaluate(genome, expected.objectives, expected.indicators);
          const detailed = { objectives: new Float64Array(3), indicators: new Float64Array(L) };
          evaluator.evaluate(genome, detailed.objectives, detailed.indicators);
          expect([...detailed.indicators]).toEqual([...expected.indicators]);
          expect([...detailed.objectives]).toEqual([...expected.objectives]);
          const fast = new Float64Array(3);
          evaluator.evaluate(genome, fast);
          for (let m = 0; m < 3; m++) expect(relativeError(fast[m]!, expected.objectives[m]!)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('non-square cells and a 500 m walk on 25 m cells (a disk taller than the grid)', () => {
    for (const [width, height, cellSizeX, cellSizeY] of [
      [37, 29, 25, 25],
      [64, 20, 30, 20],
      [33, 33, 20, 35],
    ] as const) {
      const area = randomLandscape(width, height, width * height, {
        cellSizeX,
        cellSizeY,
        scenario: EVERY_INDICATOR.replace('distance: 250 m', 'distance: 500 m'),
      });
      const evaluator = new LandUseEvaluator(area);
      const reference = new ReferenceEvaluator(area);
      const genome = currentGenome(area);
      scramble(area, genome, 0.3, randomSource(7));
      const L = evaluator.compiled.indicators.length;
      const [a, b] = [new Float64Array(L), new Float64Array(L)];
      const [oa, ob, fast] = [new Float64Array(3), new Float64Array(3), new Float64Array(3)];
      reference.evaluate(genome, oa, a);
      evaluator.evaluate(genome, ob, b);
      evaluator.evaluate(genome, fast);
      expect([...b]).toEqual([...a]);
      for (let m = 0; m < 3; m++) expect(relativeError(fast[m]!, oa[m]!)).toBeLessThan(1e-9);
    }
  });

  test('evaluating one genome twice, or others in between, gives the same values (buffers are reused)', () => {
    const area = randomLandscape(30, 25, 11);
    const evaluator = new LandUseEvaluator(area);
    const first = currentGenome(area);
    const second = currentGenome(area);
    scramble(area, second, 0.5, randomSource(3));
    const [x, y, z] = [new Float64Array(3), new Float64Array(3), new Float64Array(3)];
    evaluator.evaluate(first, x);
    evaluator.evaluate(second, y);
    evaluator.evaluate(first, z);
    expect([...z]).toEqual([...x]);
    expect([...y]).not.toEqual([...x]);
  });

  test("layouts close to today, evaluated from today's state, agree with the full pass and the reference", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 3, max: 45 }),
        fc.integer({ min: 3, max: 40 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (seed, width, height, share) => {
          const area = randomLandscape(width, height, seed, { scenario: EVERY_INDICATOR });
          const fromToday = new LandUseEvaluator(area, undefined, { sparseShare: 1 });
          const full = new LandUseEvaluator(area, undefined, { sparseShare: 0 });
          const reference = new ReferenceEvaluator(area);
          const today = currentGenome(area);
          // A row of a matrix at any byte offset (changes are found four genes at a time).
          const offset = seed % 4;
          const genome = new Uint8Array(today.length + offset).subarray(offset);
          genome.set(today);
          scramble(area, genome, share, randomSource(seed + 1));
          const L = fromToday.compiled.indicators.length;
          const expected = { objectives: new Float64Array(3), indicators: new Float64Array(L) };
          reference.evaluate(genome, expected.objectives, expected.indicators);
          const [sparse, dense] = [new Float64Array(3), new Float64Array(3)];
          // A dense layout first: the buffers it leaves behind must not matter.
          const other = today.slice();
          scramble(area, other, 0.9, randomSource(seed + 2));
          fromToday.evaluate(other, sparse);
          fromToday.evaluate(genome, sparse);
          full.evaluate(genome, dense);
          const changes = [...today.keys()].filter((g) => genome[g] !== today[g]);
          // A landscape without changeable cells (a 3 x 3 one can be) has nothing to list: the full pass.
          if (today.length === 0) expect(fromToday.changedGenes).toBeNull();
          else expect([...fromToday.changedGenes!]).toEqual(changes);
          expect(full.changedGenes).toBeNull();
          expect([...fromToday.classCounts]).toEqual([...full.classCounts]);
          for (let m = 0; m < 3; m++) {
            expect(relativeError(sparse[m]!, dense[m]!)).toBeLessThan(1e-9);
            expect(relativeError(sparse[m]!, expected.objectives[m]!)).toBeLessThan(1e-9);
          }
          // Reports take the same path: each sub-indicator today's plus the changes', equal to
          // the plain sum to rounding (counts exactly), and the full pass's bit for bit.
          const detailed = { objectives: new Float64Array(3), indicators: new Float64Array(L) };
          fromToday.evaluate(genome, detailed.objectives, detailed.indicators);
          expectSameIndicators(fromToday.compiled.indicators, detailed.indicators, expected.indicators);
          for (let m = 0; m < 3; m++)
            expect(relativeError(detailed.objectives[m]!, expected.objectives[m]!)).toBeLessThan(1e-9);
          if (today.length > 0) expect([...fromToday.changedGenes!]).toEqual(changes);
          const plain = { objectives: new Float64Array(3), indicators: new Float64Array(L) };
          full.evaluate(genome, plain.objectives, plain.indicators);
          expect([...plain.indicators]).toEqual([...expected.indicators]);
        },
      ),
      { numRuns: 60, examples: [[324669, 3, 3, 0]] },
    );
  });

  test('a layout changing more genes than the sparse share takes the full pass', () => {
    const area = randomLandscape(30, 25, 11);
    const evaluator = new LandUseEvaluator(area, undefined, { sparseShare: 0.1 });
    const genome = currentGenome(area);
    evaluator.evaluate(genome, new Float64Array(3));
    expect(evaluator.changedGenes).toEqual(new Int32Array(0));
    scramble(area, genome, 0.6, randomSource(3));
    evaluator.evaluate(genome, new Float64Array(3));
    expect(evaluator.changedGenes).toBeNull();
  });

  test('linear indicators with proportional class weights share one covariate only when no rounding results', () => {
    const area = randomLandscape(12, 10, 5);
    const evaluator = new LandUseEvaluator(area);
    // economic: landValue and developmentCost (different class weights); ecological: flood exposure
    // and protected edge (both charge built classes, 0/1 masks: merged), habitat from class values only.
    const covariates = [0, 1, 2].map((m) => new FusedLinear(area, evaluator.compiled, m).covariates.length);
    expect(covariates).toEqual([2, 0, 1]);
  });
});

/** Brute force: which housing cells have a target within the disk. */
function bruteAccess(grid: BitGrid, housing: boolean[], targets: boolean[], distance: number, cx: number, cy: number) {
  return housing.map((home, i) => {
    if (!home) return false;
    const x = i % grid.width;
    const y = Math.floor(i / grid.width);
    for (let j = 0; j < targets.length; j++) {
      if (!targets[j]) continue;
      const dx = (j % grid.width) - x;
      const dy = Math.floor(j / grid.width) - y;
      if (dy * dy * cy * cy + dx * dx * cx * cx <= distance * distance) return true;
    }
    return false;
  });
}

describe('walking access on bitsets', () => {
  test('probing and dilation both find exactly the housing cells within reach (brute force)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 140 }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        fc.constantFrom(0, 20, 50, 99, 160),
        fc.constantFrom('streaks', 'blocks'),
        (width, height, seed, housingShare, targetShare, distance, shape) => {
          const next = randomSource(seed);
          const grid = { width, height, wordsPerRow: wordsPerRow(width) };
          const n = width * height;
          const targets: boolean[] = new Array<boolean>(n).fill(false);
          if (shape === 'streaks') {
            // Horizontal streaks, so runs cross word boundaries.
            for (let i = 0; i < n; i++)
              targets[i] = i % width > 0 && targets[i - 1] ? next() < 0.9 : next() < targetShare;
          } else {
            // Rectangles, some overlapping: the same run repeated in the rows below (a stack to
            // dilate at once), and stacks that widen, narrow or merge.
            for (let k = 0; k < 1 + Math.floor(targetShare * 10); k++) {
              const [x0, y0] = [Math.floor(next() * width), Math.floor(next() * height)];
              const [x1, y1] = [
                Math.min(width - 1, x0 + Math.floor(next() * 40)),
                Math.min(height - 1, y0 + Math.floor(next() * 6)),
              ];
              for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) targets[y * width + x] = true;
            }
          }
          const housing = Array.from({ length: n }, () => next() < housingShare);
          const disk = walkingDisk(distance, 20, 30);
          const h = toBits(grid, housing);
          const t = toBits(grid, targets);
          const expected = toBits(grid, bruteAccess(grid, housing, targets, distance, 20, 30));
          const count = expected.reduce((sum, word) => sum + popcount32(word), 0);
          const scratch = new Int32Array(height * grid.wordsPerRow);
          const probed = new Int32Array(expected.length);
          const dilated = new Int32Array(expected.length);
          expect(accessibleByProbing(grid, disk, h, t, probed)).toBe(count);
          expect(probed).toEqual(expected);
          expect(accessibleByDilation(grid, disk, h, t, scratch, dilated)).toBe(count);
          expect(dilated).toEqual(expected);
          const housingCells = housing.filter(Boolean).length;
          expect(countAccessible(grid, disk, h, housingCells, t, scratch)).toBe(count);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('disk counts, direct and from a horizontal neighbour (inside the grid or at its edges), match brute force', () => {
    const [width, height] = [75, 16];
    const grid = { width, height, wordsPerRow: wordsPerRow(width) };
    const next = randomSource(99);
    const cells = Array.from({ length: width * height }, () => next() < 0.4);
    const bits = toBits(grid, cells);
    const complement = toBits(
      grid,
      cells.map((on) => !on),
    );
    const disk = walkingDisk(130, 10, 25); // 5 rows up and down, up to 13 cells across
    expect([disk.rows, disk.widest]).toEqual([5, 13]);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let expected = 0;
        cells.forEach((on, j) => {
          const dx = (j % width) - x;
          const dy = Math.floor(j / width) - y;
          if (on && dx * dx * 100 + dy * dy * 625 <= 130 * 130) expected++;
        });
        expect(countInDisk(grid, disk, bits, x, y)).toBe(expected);
        if (x > 0) {
          const left = countInDisk(grid, disk, bits, x - 1, y);
          expect(countInDiskFromNeighbour(grid, disk, bits, x, y, -1, left)).toBe(expected);
          // Two bitsets at once: `bits` and its complement.
          const counts = Int32Array.from([left, countInDisk(grid, disk, complement, x - 1, y)]);
          countPairFromNeighbour(grid, disk, bits, complement, x, y, -1, counts);
          expect([...counts]).toEqual([expected, countInDisk(grid, disk, complement, x, y)]);
        }
        if (x < width - 1) {
          const right = countInDisk(grid, disk, bits, x + 1, y);
          expect(countInDiskFromNeighbour(grid, disk, bits, x, y, 1, right)).toBe(expected);
        }
      }
    }
  });

  test('the disk rows hold exactly the offsets within the distance, nearest row first', () => {
    const disk = walkingDisk(100, 50, 50);
    expect(disk.cells).toBe(13); // dx^2 + dy^2 <= 4
    expect([...disk.dy]).toEqual([0, 1, -1, 2, -2]);
    expect([...disk.half]).toEqual([2, 1, 1, 0, 0]);
    expect([...disk.halfAt]).toEqual([2, 1, 0]);
  });
});

describe('bitset helpers', () => {
  test('range tests, counts, range sets and run counts match a plain boolean row', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 100 }), fc.nat(), fc.nat(), (row, a, b) => {
        const width = row.length;
        const grid = { width, height: 1, wordsPerRow: wordsPerRow(width) };
        const bits = toBits(grid, row);
        const lo = Math.min(a % width, b % width);
        const hi = Math.max(a % width, b % width);
        const inRange = row.slice(lo, hi + 1);
        expect(anyInRange(bits, 0, lo, hi)).toBe(inRange.some(Boolean));
        expect(firstInRange(bits, 0, lo, hi)).toBe(inRange.indexOf(true) < 0 ? -1 : lo + inRange.indexOf(true));
        expect(countInRange(bits, 0, lo, hi)).toBe(inRange.filter(Boolean).length);
        const runs = row.filter((on, i) => on && (i === 0 || !row[i - 1])).length;
        expect(countRuns(bits, 1, grid.wordsPerRow)).toBe(runs);
        setRange(bits, 0, lo, hi);
        const after = row.map((on, i) => on || (i >= lo && i <= hi));
        expect(countInRange(bits, 0, 0, width - 1)).toBe(after.filter(Boolean).length);
      }),
      { numRuns: 300 },
    );
    expect(popcount32(-1)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
  });
});
