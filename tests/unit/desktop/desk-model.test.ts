/** The explorer's and maps' pure helpers added for issue 19 (sorting, hints, brushing bands, map geometry). */
import { describe, expect, it } from 'vitest';
import {
  parallelIntervals,
  thirdObjective,
} from '../../../desktop/src/renderer/features/pareto-explorer/chart-options.js';
import {
  layoutName,
  sortedIds,
  thresholdProblem,
} from '../../../desktop/src/renderer/features/pareto-explorer/front-model.js';
import { changedBox, fitBox, mapPointAt } from '../../../desktop/src/renderer/features/map/view.js';

const front = {
  objectives: [
    { id: 'economic', label: 'Economic return', unit: 'M€', direction: 'maximize' as const },
    { id: 'social', label: 'Social welfare', unit: 'points', direction: 'maximize' as const },
    { id: 'ecology', label: 'Ecology', unit: 'ha', direction: 'maximize' as const },
  ],
  highlights: { knee: 2, extremes: [0, 1, 3] },
  solutions: [
    { id: 0, objectives: [10, 1, 5], indicators: [], areaHa: [] },
    { id: 1, objectives: [2, 9, 6], indicators: [], areaHa: [] },
    { id: 2, objectives: [6, 6, 6], indicators: [], areaHa: [] },
    { id: 3, objectives: [1, 2, 9], indicators: [], areaHa: [] },
    { id: 4, objectives: [6, 3, 2], indicators: [], areaHa: [] },
  ],
};

describe('layouts table order', () => {
  it('sorts by an objective both ways, ties in front order', () => {
    expect(sortedIds(front, [0, 1, 2, 3, 4], { key: 0, descending: true })).toEqual([0, 2, 4, 1, 3]);
    expect(sortedIds(front, [0, 1, 2, 3, 4], { key: 0, descending: false })).toEqual([3, 1, 2, 4, 0]);
  });

  it('sorts by role letter, the marked layouts first', () => {
    expect(sortedIds(front, [4, 3, 2, 1, 0], { key: 'role', descending: false })).toEqual([2, 0, 1, 3, 4]);
  });

  it('keeps the order given without a sort', () => {
    expect(sortedIds(front, [4, 0], null)).toEqual([4, 0]);
  });
});

describe("names with the report's letters", () => {
  it('names highlighted layouts with letter and role, others by number', () => {
    expect(layoutName(front, 2)).toBe('A · #2 Compromise');
    expect(layoutName(front, 0)).toBe('B · #0 Best economic return');
    expect(layoutName(front, 4)).toBe('#4');
  });
});

describe('threshold hints', () => {
  it('says when a minimum is above the maximum', () => {
    expect(thresholdProblem({ min: 10, max: 5 })).toMatch(/above/);
    expect(thresholdProblem({ min: 5, max: 10 })).toBeNull();
    expect(thresholdProblem({ min: 5, max: null })).toBeNull();
  });
});

describe('chart options', () => {
  it('colours the scatter by the first objective not on its axes', () => {
    expect(thirdObjective(3, [0, 1])).toBe(2);
    expect(thirdObjective(3, [2, 0])).toBe(1);
    expect(thirdObjective(2, [0, 1])).toBeNull();
  });

  it('draws each filter as a band on its axis, an open side past the front', () => {
    const bands = parallelIntervals(front, { 1: { min: 2, max: 6 }, 2: { min: 5, max: null } });
    expect(bands[0]).toEqual([1, [[2, 6]]]);
    expect(bands[1]![0]).toBe(2);
    expect(bands[1]![1][0]![0]).toBe(5);
    expect(bands[1]![1][0]![1]).toBeGreaterThan(9);
  });
});

describe('map geometry', () => {
  it('finds the block of changed cells', () => {
    const a = new Uint8Array(20);
    const b = a.slice();
    b[6] = 1; // row 1, col 1 (width 5)
    b[13] = 2; // row 2, col 3
    expect(changedBox(a, b, 5)).toEqual({ col0: 1, row0: 1, col1: 3, row1: 2 });
    expect(changedBox(a, a, 5)).toBeNull();
  });

  it('fits a block of cells in the canvas, centred', () => {
    const view = fitBox({ col0: 10, row0: 10, col1: 19, row1: 19 }, 160, 160, 3);
    expect(view.scale).toBe(10);
    // The block's centre (cell 15, 15) is at the canvas centre.
    expect(view.x + 15 * view.scale).toBe(80);
    expect(view.y + 15 * view.scale).toBe(80);
  });

  it('maps a screen point to map coordinates: x east, y north', () => {
    const geo = { originX: 500_000, originY: 4_000_000, pixelWidth: 25, pixelHeight: 25 };
    expect(mapPointAt({ scale: 2, x: 0, y: 0 }, 20, 40, geo)).toEqual({ x: 500_250, y: 3_999_500 });
  });
});
