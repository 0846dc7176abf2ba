/**
 * Coarse to fine (runs/refine.ts): which runs may seed a finer one, and which coarse cell each
 * fine cell takes its planned change from (the one holding its centre).
 */
import { describe, expect, it } from 'vitest';
import { crsFromEpsg, type GridSpec } from '../../../engine/src/gis/index.js';
import { coarseCellOf, coarserGridDifference } from '../../../engine/src/runs/refine.js';

const grid = (width: number, cell: number, originX = 500_000, epsg = 32633): GridSpec => ({
  width,
  height: width,
  originX,
  originY: 4_000_000,
  pixelWidth: cell,
  pixelHeight: cell,
  crs: crsFromEpsg(epsg),
});
const classes = [
  { id: 'forest', codes: [1] },
  { id: 'residential', codes: [2, 3] },
];

describe('coarse to fine', () => {
  it('accepts a coarser grid of the same area and classes, and says why another is not', () => {
    const fine = { grid: grid(12, 10), classes };
    expect(coarserGridDifference(fine, { grid: grid(4, 30), classes })).toBeNull();
    // Partly overlapping is enough: fine cells outside it keep today's class.
    expect(coarserGridDifference(fine, { grid: grid(4, 30, 500_090), classes })).toBeNull();
    expect(coarserGridDifference(fine, { grid: grid(4, 30, 500_120), classes })).toMatch(/does not overlap/);
    expect(coarserGridDifference(fine, { grid: grid(24, 5), classes })).toMatch(/its cells \(5 x 5\) are not larger/);
    expect(coarserGridDifference(fine, { grid: grid(4, 30, 500_000, 32632), classes })).toMatch(
      /its coordinate system is WGS 84 \/ UTM zone 32N, not WGS 84 \/ UTM zone 33N/,
    );
    expect(coarserGridDifference(fine, { grid: grid(4, 30), classes: [classes[1]!, classes[0]!] })).toMatch(
      /its classes are residential=2\/3, forest=1, not forest=1, residential=2\/3/,
    );
  });

  it('takes each fine cell from the coarse cell holding its centre, -1 outside the coarse grid', () => {
    // 3 fine cells a coarse one, the coarse grid shifted one fine cell east: fine column 0 is outside.
    const of = coarseCellOf(grid(6, 10), grid(2, 30, 500_010));
    expect(Array.from(of.subarray(0, 6))).toEqual([-1, 0, 0, 0, 1, 1]);
    expect(Array.from(of.subarray(3 * 6, 4 * 6))).toEqual([-1, 2, 2, 2, 3, 3]);
    // Uneven ratio (10 m into 25 m): centres at 5, 15, 25, 35, 45 m fall in cells 0, 0, 1, 1, 1.
    expect(Array.from(coarseCellOf(grid(5, 10), grid(2, 25)).subarray(0, 5))).toEqual([0, 0, 1, 1, 1]);
  });
});
