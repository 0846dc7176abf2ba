/**
 * shiftTargetCounts (objectives/access.ts): the per-home target counts the incremental state and
 * the reversion's trials keep, shifted when a target appears or goes, equal a recount, on grids
 * whose homes fill whole 32-cell words (walked without a bit scan: disks up to 81 cells wide, so
 * that whole words fall inside) and on sparse ones.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  countTargetsNearHousing,
  shiftTargetCounts,
  shiftTargetCountsByRuns,
  targetCountsByHomes,
  targetCountsByRuns,
  targetShiftScratch,
  walkingDisk,
  type BitGrid,
} from '../../../engine/src/landuse/objectives/access.js';
import { randomSource, toBits } from './fixtures.js';

/** Whether cell (x, y) is set in a bitset of `grid`. */
function isSet(grid: BitGrid, bits: Int32Array, x: number, y: number): boolean {
  return ((bits[y * grid.wordsPerRow + (x >> 5)]! >>> (x & 31)) & 1) === 1;
}

describe('shiftTargetCounts', () => {
  test('shifting the counts equals counting again with the target added or removed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 140 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        (seed, width, height, homeShare, radius) => {
          const random = randomSource(seed);
          const grid = { width, height, wordsPerRow: Math.ceil(width / 32) };
          // Homes in town blocks (whole rows of homes, so whole words) and scattered ones.
          const block = random() < 0.5;
          const homes = toBits(
            grid,
            Array.from({ length: width * height }, (_, i) =>
              block ? Math.floor(i / width) % 3 !== 0 && i % width < width * homeShare : random() < homeShare,
            ),
          );
          let targetCells = new Set<number>();
          for (let i = 0; i < width * height; i++) if (random() < 0.02) targetCells.add(i);
          const targets = () =>
            toBits(
              grid,
              Array.from({ length: width * height }, (_, i) => targetCells.has(i)),
            );
          const disk = walkingDisk(radius * 10, 10, 10);
          const within = new Int32Array(width * height);
          const reached = countTargetsNearHousing(grid, disk, homes, targets(), within);
          const cell = Math.floor(random() * width * height);
          const x = cell % width;
          const y = (cell - x) / width;
          const delta = targetCells.has(cell) ? -1 : 1;
          targetCells = new Set(targetCells);
          if (delta > 0) targetCells.add(cell);
          else targetCells.delete(cell);
          const visited = { homes: 5 };
          const change = shiftTargetCounts(grid, disk, homes, within, x, y, delta, visited);
          const expected = new Int32Array(width * height);
          const reachedAfter = countTargetsNearHousing(grid, disk, homes, targets(), expected);
          // Counts are kept for homes only (elsewhere they are stale by design).
          for (let i = 0; i < width * height; i++)
            if (isSet(grid, homes, i % width, Math.floor(i / width))) expect(within[i]).toBe(expected[i]);
          expect(reached + change).toBe(reachedAfter);
          // The homes visited: those within the disk of the cell.
          let inDisk = 0;
          for (let o = 0; o < disk.dy.length; o++) {
            const ny = y + disk.dy[o]!;
            if (ny < 0 || ny >= height) continue;
            for (let nx = Math.max(0, x - disk.half[o]!); nx <= Math.min(width - 1, x + disk.half[o]!); nx++)
              if (isSet(grid, homes, nx, ny)) inDisk++;
          }
          expect(visited.homes).toBe(5 + inDisk);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('countTargetsNearHousing', () => {
  test('counting by homes and by runs of targets give every home the number of targets in its disk', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 140 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.01, max: 0.9, noNaN: true }),
        fc.double({ min: 0.005, max: 0.95, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (seed, width, height, homeShare, targetShare, radius, aspect) => {
          const random = randomSource(seed);
          const grid = { width, height, wordsPerRow: Math.ceil(width / 32) };
          const homes = toBits(
            grid,
            Array.from({ length: width * height }, () => random() < homeShare),
          );
          // Targets in runs along the rows (long ones cross 32-cell words) or scattered.
          const runLength = 1 + Math.floor(random() * 70);
          const targetCells = Array.from({ length: width * height }, (_, i) =>
            runLength > 35
              ? Math.floor((i % width) / runLength) % 2 === 0 && random() < targetShare
              : random() < targetShare,
          );
          const targets = toBits(grid, targetCells);
          const disk = walkingDisk(radius * 10, 10, 10 * aspect);
          const expected = new Int32Array(width * height);
          let reached = 0;
          for (let y = 0; y < height; y++)
            for (let x = 0; x < width; x++) {
              if (!isSet(grid, homes, x, y)) continue;
              let count = 0;
              for (let o = 0; o < disk.dy.length; o++) {
                const ty = y + disk.dy[o]!;
                if (ty < 0 || ty >= height) continue;
                for (let tx = Math.max(0, x - disk.half[o]!); tx <= Math.min(width - 1, x + disk.half[o]!); tx++)
                  if (targetCells[ty * width + tx]) count++;
              }
              expected[y * width + x] = count;
              if (count > 0) reached++;
            }
          const byHomes = new Int32Array(width * height);
          const byRuns = new Int32Array(width * height);
          expect(targetCountsByHomes(grid, disk, homes, targets, byHomes)).toBe(reached);
          expect(targetCountsByRuns(grid, disk, homes, targets, byRuns)).toBe(reached);
          expect(countTargetsNearHousing(grid, disk, homes, targets, new Int32Array(width * height))).toBe(reached);
          for (let i = 0; i < width * height; i++) {
            if (!isSet(grid, homes, i % width, Math.floor(i / width))) continue;
            expect(byHomes[i]).toBe(expected[i]);
            expect(byRuns[i]).toBe(expected[i]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * Flip the target status of a block of cells (runs along rows, some crossing words; a patch when
 * dense), shift the counts for all of them at once and cell by cell, and compare both with a
 * recount. Returns whether the shift went by runs.
 */
function checkPatchShift(seed: number, width: number, height: number, radius: number, density: number): boolean {
  const random = randomSource(seed);
  const grid = { width, height, wordsPerRow: Math.ceil(width / 32) };
  const cells = width * height;
  const homes = toBits(
    grid,
    Array.from({ length: cells }, () => random() < 0.4),
  );
  const isTarget = Array.from({ length: cells }, () => random() < 0.1);
  const disk = walkingDisk(radius * 10, 10, 10);
  const within = new Int32Array(cells);
  countTargetsNearHousing(grid, disk, homes, toBits(grid, isTarget), within);
  // A block of changed cells (runs along rows, some crossing words, a patch when dense), each
  // flipping its target status.
  const x0 = Math.floor(random() * width);
  const y0 = Math.floor(random() * height);
  const blockWidth = 1 + Math.floor(random() * Math.min(width, 40));
  const blockHeight = 1 + Math.floor(random() * 8);
  const changed: number[] = [];
  for (let y = y0; y < Math.min(height, y0 + blockHeight); y++)
    for (let x = x0; x < Math.min(width, x0 + blockWidth); x++) if (random() < density) changed.push(y * width + x);
  const list = changed.sort(() => random() - 0.5);
  const deltas = list.map((cell) => (isTarget[cell] ? -1 : 1));
  for (const cell of list) isTarget[cell] = !isTarget[cell];
  const byRuns = within.slice();
  const done = shiftTargetCountsByRuns(grid, disk, homes, byRuns, list, deltas, list.length, targetShiftScratch());
  const perCell = within.slice();
  list.forEach((cell, i) =>
    shiftTargetCounts(grid, disk, homes, perCell, cell % width, Math.floor(cell / width), deltas[i]!, {
      homes: 0,
    }),
  );
  const expected = new Int32Array(cells);
  countTargetsNearHousing(grid, disk, homes, toBits(grid, isTarget), expected);
  for (let i = 0; i < cells; i++) {
    if (!isSet(grid, homes, i % width, Math.floor(i / width))) continue;
    expect(perCell[i]).toBe(expected[i]);
    if (done) expect(byRuns[i]).toBe(expected[i]);
  }
  if (!done) expect(byRuns).toEqual(within);
  return done;
}

describe('shiftTargetCountsByRuns', () => {
  test('shifting the counts for a patch of changes at once equals counting again', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (seed, width, height, radius, density) => void checkPatchShift(seed, width, height, radius, density),
      ),
      { numRuns: 300 },
    );
  });

  test('a dense patch under wide disks goes by runs', () => {
    // Wide disks over a small patch: the runs' box costs less than a disk walk per cell (9 of these 20 blocks; the others are thin).
    let byRuns = 0;
    for (let seed = 1; seed <= 20; seed++) if (checkPatchShift(seed, 120, 40, 25, 1)) byRuns++;
    expect(byRuns).toBeGreaterThanOrEqual(5);
  });
});
