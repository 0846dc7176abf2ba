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
  targetCountsByHomes,
  targetCountsByRuns,
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
