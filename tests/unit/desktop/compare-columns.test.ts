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
import { maskOfRuns } from '../../../engine/src/rules/index.js';
import { REQUEST_LIMITS } from '../../../engine/src/api/limits.js';

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

/** The mask of cells a polygon lock sends (its runs: Int32 little-endian pairs, base64). */
function sentMask(lock: { runs: string }, cells: number): Uint8Array {
  const bytes = Buffer.from(lock.runs, 'base64');
  return maskOfRuns(
    Array.from({ length: bytes.length / 4 }, (_, k) => bytes.readInt32LE(k * 4)),
    cells,
  );
}

describe('polygon lock', () => {
  it('sends the union of the polygons as runs of cells, with the number of shapes', () => {
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
    const lock = polygonLock(front, shapes) as { runs: string; shapes: number };
    expect(lock.shapes).toBe(2);
    expect(sentMask(lock, 24)).toEqual(polygonsMask(6, 4, shapes));
    // Cells outside the study area (255 today) are not counted as locked.
    const today = new Uint8Array(24).fill(1);
    today[0] = 255;
    expect(lockedCells(polygonsMask(6, 4, shapes), today)).toBe(polygonsMask(6, 4, shapes).filter(Boolean).length - 1);
  });

  it('sends polygons drawn on a 2000 x 2000 grid in a request well within the body limit', () => {
    const big = { grid: { width: 2000, height: 2000 } } as Pick<FrontView, 'grid'>;
    // A large irregular shape and a small one: most of the grid's rows cross them.
    const shapes = [
      [
        { col: 10, row: 5 },
        { col: 1900, row: 40 },
        { col: 1700, row: 1990 },
        { col: 30, row: 1500 },
      ],
      [
        { col: 500, row: 500 },
        { col: 520, row: 500 },
        { col: 510, row: 530 },
      ],
    ];
    const lock = polygonLock(big, shapes) as { runs: string; shapes: number };
    const request = JSON.stringify({ method: 'startSteeredRun', args: [{ dir: '/runs/x', ids: [0], lock }] });
    // A mask of one byte per cell would be 5.3 MB of base64.
    expect(request.length).toBeLessThan(REQUEST_LIMITS.bodyBytes / 10);
    const sent = sentMask(lock, 2000 * 2000);
    expect(Buffer.from(sent).equals(polygonsMask(2000, 2000, shapes))).toBe(true);
    expect(lockedCells(sent, new Uint8Array(2000 * 2000))).toBeGreaterThan(2_000_000);
  });

  it('bytes become base64 for a request, also beyond one piece of 32,768 bytes', () => {
    const bytes = Uint8Array.from({ length: 70_001 }, (_, i) => (i * 7) % 256);
    expect(new Uint8Array(Buffer.from(encodeBytes(bytes), 'base64'))).toEqual(bytes);
    expect(encodeBytes(new Uint8Array([1, 2, 3]))).toBe(Buffer.from([1, 2, 3]).toString('base64'));
  });
});
