/**
 * The Compare tab's columns with a painted plan (features/compare/columns.ts), the Steer card's
 * polygon lock as the request carries it (features/steer/polygon-lock.ts), and base64 bytes.
 */
import { describe, expect, it } from 'vitest';
import type { FrontView, PaintSnapshot } from '../../../engine/src/api/contract.js';
import { encodeBytes } from '../../../desktop/src/renderer/api/bytes.js';
import { polygonsMask } from '../../../desktop/src/renderer/features/map/cell-shapes.js';
import {
  compareColumns,
  differenceRefKey,
  PAINTED_NAME,
} from '../../../desktop/src/renderer/features/compare/columns.js';
import { lockedCells, polygonLock } from '../../../desktop/src/renderer/features/steer/polygon-lock.js';

const row = (id: number) => ({ id, objectives: [id, -id], indicators: [id * 10], areaHa: [1, 2] });
const front = {
  objectives: [
    { id: 'economic', label: 'Economic return', unit: 'M€', direction: 'maximize' },
    { id: 'ecology', label: 'Ecology', unit: '', direction: 'maximize' },
  ],
  highlights: { knee: 1, extremes: [0, 2] },
  solutions: [row(0), row(1), row(2)],
  grid: { width: 6, height: 4 },
} as unknown as FrontView;

describe('compare columns', () => {
  it("lists the run's layouts by their report names, then the painted plan with the engine's values", () => {
    const painted = { snapshot: 'paint-1/s', objectives: [7, 8], indicators: [9], areaHa: [3, 0] } as PaintSnapshot;
    const columns = compareColumns(front, [1, 0], painted);
    expect(columns.map((c) => c.name)).toEqual([
      expect.stringMatching(/#1 /),
      expect.stringMatching(/#0 /),
      PAINTED_NAME,
    ]);
    expect(columns.map((c) => c.ref)).toEqual([1, 0, { painted: 'paint-1/s' }]);
    expect(columns[2]!.row).toBe(painted);
    expect(columns[0]!.row).toBe(front.solutions[1]);
    expect(compareColumns(front, [2], null)).toHaveLength(1);
    expect(columns.map((c) => differenceRefKey(c.ref))).toEqual(['1', '0', 'painted']);
    expect(differenceRefKey('today')).toBe('today');
  });
});

describe('polygon lock', () => {
  it('sends the union of the polygons as a base64 mask of the grid, with the number of shapes', () => {
    const shapes = [
      [
        { col: 0, row: 0 },
        { col: 3, row: 0 },
        { col: 0, row: 3 },
      ],
      [
        { col: 2, row: 1 },
        { col: 5, row: 1 },
        { col: 5, row: 3 },
      ],
    ];
    const lock = polygonLock(front, shapes) as { mask: string; shapes: number };
    expect(lock.shapes).toBe(2);
    expect(new Uint8Array(Buffer.from(lock.mask, 'base64'))).toEqual(polygonsMask(6, 4, shapes));
    // Cells outside the study area (255 today) are not counted as locked.
    const today = new Uint8Array(24).fill(1);
    today[0] = 255;
    expect(lockedCells(polygonsMask(6, 4, shapes), today)).toBe(polygonsMask(6, 4, shapes).filter(Boolean).length - 1);
  });

  it('bytes become base64 for a request, also beyond one piece of 32,768 bytes', () => {
    const bytes = Uint8Array.from({ length: 70_001 }, (_, i) => (i * 7) % 256);
    expect(new Uint8Array(Buffer.from(encodeBytes(bytes), 'base64'))).toEqual(bytes);
    expect(encodeBytes(new Uint8Array([1, 2, 3]))).toBe(Buffer.from([1, 2, 3]).toString('base64'));
  });
});
