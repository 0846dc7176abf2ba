import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../../../engine/src/gis/index.js';
import {
  computeSlope,
  costDistance,
  crsFromEpsg,
  euclideanDistance,
  readGeoTiff,
} from '../../../engine/src/gis/index.js';
import { fixtures } from './paths.js';

describe('slope (Horn) matches gdaldem slope', () => {
  for (const units of ['degrees', 'percent'] as const) {
    it(`in ${units}, within 0.01, the edges as with -compute_edges`, async () => {
      const dem = await readGeoTiff(fixtures('in/dem.tif'));
      const expected = await readGeoTiff(fixtures(`out/dem-slope-${units}.tif`));
      const slope = computeSlope(dem.grid, dem.data, { units, nodata: dem.nodata });
      const { width, height } = dem.grid;
      let worst = 0;
      for (let row = 1; row < height - 1; row++) {
        for (let col = 1; col < width - 1; col++) {
          const i = row * width + col;
          worst = Math.max(worst, Math.abs(slope[i]! - expected.data[i]!));
        }
      }
      expect(worst).toBeLessThan(0.01);
      // Plain gdaldem leaves the outer ring as nodata; we compute it as `-compute_edges` does.
      expect(expected.data[0]).toBe(expected.nodata);
      const withEdges = await readGeoTiff(fixtures(`out/dem-slope-${units}-edges.tif`));
      let worstAnywhere = 0;
      for (let i = 0; i < slope.length; i++) {
        if (withEdges.data[i] === withEdges.nodata) expect(Number.isNaN(slope[i]!)).toBe(true);
        else worstAnywhere = Math.max(worstAnywhere, Math.abs(slope[i]! - withEdges.data[i]!));
      }
      expect(worstAnywhere).toBeLessThan(0.01);
    });
  }

  it('gives NaN on nodata cells and 45 degrees on a 1:1 ramp', () => {
    const grid: GridSpec = {
      width: 5,
      height: 5,
      originX: 0,
      originY: 50,
      pixelWidth: 10,
      pixelHeight: 10,
      crs: crsFromEpsg(32634),
    };
    const dem = Float64Array.from({ length: 25 }, (_, i) => (i % 5) * 10);
    dem[0] = -1;
    const slope = computeSlope(grid, dem, { nodata: -1 });
    expect(Number.isNaN(slope[0])).toBe(true);
    expect(slope[12]).toBeCloseTo(45, 5);
    expect(computeSlope(grid, dem, { nodata: -1, units: 'percent' })[12]).toBeCloseTo(100, 4);
  });
});

describe('Euclidean distance transform matches gdal_proximity', () => {
  it('within half a cell everywhere (exact, in fact)', async () => {
    const features = await readGeoTiff(fixtures('in/features.tif'));
    const expected = await readGeoTiff(fixtures('out/features-proximity.tif'));
    const distance = euclideanDistance(
      features.grid,
      features.data.map((v) => (v === 1 ? 1 : 0)),
    );
    let worst = 0;
    for (let i = 0; i < distance.length; i++) worst = Math.max(worst, Math.abs(distance[i]! - expected.data[i]!));
    expect(worst).toBeLessThan(features.grid.pixelWidth / 2);
    expect(worst).toBeLessThan(1e-3);
  });

  it('handles rectangular cells and matches brute force', () => {
    const grid: GridSpec = {
      width: 23,
      height: 17,
      originX: 0,
      originY: 0,
      pixelWidth: 3,
      pixelHeight: 7,
      crs: crsFromEpsg(32634),
    };
    const mask = new Uint8Array(23 * 17);
    const points = [
      [2, 3],
      [20, 1],
      [11, 15],
      [5, 12],
    ];
    for (const [c, r] of points) mask[r! * 23 + c!] = 1;
    const distance = euclideanDistance(grid, mask);
    for (let r = 0; r < 17; r++) {
      for (let c = 0; c < 23; c++) {
        const brute = Math.min(...points.map(([pc, pr]) => Math.hypot((c - pc!) * 3, (r - pr!) * 7)));
        expect(distance[r * 23 + c]).toBeCloseTo(brute, 3);
      }
    }
  });

  it('is Infinity without features and honours maxDistance', () => {
    const grid: GridSpec = {
      width: 4,
      height: 3,
      originX: 0,
      originY: 0,
      pixelWidth: 1,
      pixelHeight: 1,
      crs: crsFromEpsg(32634),
    };
    expect([...euclideanDistance(grid, new Uint8Array(12))].every((d) => d === Infinity)).toBe(true);
    const mask = new Uint8Array(12);
    mask[0] = 1;
    const limited = euclideanDistance(grid, mask, { maxDistance: 2 });
    expect(limited[1]).toBe(1);
    expect(limited[3]).toBe(Infinity);
  });
});

describe('cost distance (Dijkstra, 8-connected)', () => {
  const grid: GridSpec = {
    width: 7,
    height: 5,
    originX: 0,
    originY: 50,
    pixelWidth: 10,
    pixelHeight: 10,
    crs: crsFromEpsg(32634),
  };
  it('with uniform friction is the 8-connected path length times the friction', () => {
    const friction = new Float32Array(35).fill(2);
    const source = new Uint8Array(35);
    source[0] = 1;
    const cost = costDistance(grid, friction, source);
    expect(cost[0]).toBe(0);
    expect(cost[6]).toBeCloseTo(6 * 10 * 2, 9); // straight along row 0
    expect(cost[4 * 7 + 4]).toBeCloseTo(4 * Math.SQRT2 * 10 * 2, 9); // diagonal
    expect(cost[4 * 7 + 6]).toBeCloseTo((4 * Math.SQRT2 + 2) * 10 * 2, 9);
  });

  it('follows a cheap road and goes around impassable cells', () => {
    // Row 2 is a road (friction 1); elsewhere off-road 10; column 3 is a river except at the road.
    const friction = new Float32Array(35).fill(10);
    for (let c = 0; c < 7; c++) friction[2 * 7 + c] = 1;
    for (let r = 0; r < 5; r++) if (r !== 2) friction[r * 7 + 3] = -1;
    const source = new Uint8Array(35);
    source[2 * 7] = 1;
    const cost = costDistance(grid, friction, source);
    expect(cost[2 * 7 + 6]).toBeCloseTo(60, 9); // 6 road steps of 10 m at 1
    expect(cost[0 * 7 + 3]).toBe(Infinity); // impassable
    // Reaching (row 0, col 6): along the road to its end, then two steps north off-road; never through the river.
    expect(cost[0 * 7 + 6]).toBeCloseTo(60 + (10 * (1 + 10)) / 2 + 10 * 10, 6);
    // West of the river only the road crosses it.
    expect(cost[0 * 7 + 0]).toBeCloseTo((10 * (1 + 10)) / 2 + 10 * 10, 6);
  });
});
