/**
 * The Paint view's pure parts (desktop/src/renderer/features/paint/paint-model.ts) and the cells
 * shapes drawn on a map cover (features/map/cell-shapes.ts: Paint strokes and Steer polygon locks).
 */
import { describe, expect, it } from 'vitest';
import {
  changeFromToday,
  chunks,
  decodeCells,
  encodeCells,
  paintPlanPixels,
} from '../../../desktop/src/renderer/features/paint/paint-model.js';
import {
  diskCells,
  polygonCells,
  polygonsMask,
  segmentCells,
} from '../../../desktop/src/renderer/features/map/cell-shapes.js';
import { insidePolygon, onPolygonEdge } from '../../support/polygon-reference.js';

describe('paint model', () => {
  it('a brush covers a disk of cells, clipped to the grid', () => {
    expect(diskCells(10, 10, { col: 5, row: 5 }, 0)).toEqual([55]);
    expect(diskCells(10, 10, { col: 5, row: 5 }, 2)).toHaveLength(13);
    expect(diskCells(10, 10, { col: 0, row: 0 }, 1).sort((a, b) => a - b)).toEqual([0, 1, 10]);
  });

  it('a dragged brush leaves no gap between far pointer positions', () => {
    const cells = new Set(segmentCells(50, 5, { col: 0, row: 2 }, { col: 40, row: 2 }, 0));
    for (let col = 0; col <= 40; col++) expect(cells.has(2 * 50 + col)).toBe(true);
  });

  it('a polygon fills the cells whose centres lie inside it (even-odd), vertices included', () => {
    const width = 30;
    const height = 20;
    const shapes = [
      [
        { col: 2, row: 2 },
        { col: 12, row: 2 },
        { col: 12, row: 8 },
        { col: 2, row: 8 },
      ],
      [
        { col: 3, row: 1 },
        { col: 25, row: 6 },
        { col: 7, row: 18 },
      ],
      [
        { col: 1, row: 1 },
        { col: 28, row: 1 },
        { col: 15, row: 10 },
        { col: 28, row: 19 },
        { col: 1, row: 19 },
      ],
    ];
    for (const shape of shapes) {
      const cells = new Set(polygonCells(width, height, shape));
      for (let row = 0; row < height; row++)
        for (let col = 0; col < width; col++) {
          const vertex = shape.some((v) => v.col === col && v.row === row);
          // Cells exactly on an edge may go either way; test the rest against ray casting.
          if (vertex) expect(cells.has(row * width + col)).toBe(true);
          else if (!onPolygonEdge(col, row, shape))
            expect(cells.has(row * width + col)).toBe(insidePolygon(col, row, shape));
        }
    }
    expect(polygonCells(width, height, shapes[0]!.slice(0, 2))).toHaveLength(2);
    // The square's cells: columns 2..12 by rows 2..8 (its edges included here).
    expect(polygonCells(width, height, shapes[0]!).length).toBeGreaterThanOrEqual(10 * 6);
  });

  it('several polygons make one mask: the union of their cells', () => {
    const square = [
      { col: 1, row: 1 },
      { col: 5, row: 1 },
      { col: 5, row: 5 },
      { col: 1, row: 5 },
    ];
    const overlapping = square.map((v) => ({ col: v.col + 3, row: v.row + 2 }));
    const mask = polygonsMask(12, 10, [square, overlapping]);
    const union = new Set([...polygonCells(12, 10, square), ...polygonCells(12, 10, overlapping)]);
    expect(mask).toHaveLength(120);
    mask.forEach((v, i) => expect(v).toBe(union.has(i) ? 1 : 0));
    expect(polygonsMask(12, 10, []).every((v) => v === 0)).toBe(true);
  });

  it('cells go as Int32 little-endian base64, in pieces, and come back as bytes', () => {
    const cells = [0, 1, 255, 256, 65_535, 1_000_000, -1, 2 ** 31 - 1];
    const asAnswered = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
    expect([...decodeCells(asAnswered(encodeCells(cells)))]).toEqual(cells);
    expect(Buffer.from(encodeCells([1, 258]), 'base64')).toEqual(Buffer.from([1, 0, 0, 0, 2, 1, 0, 0]));
    const many = Array.from({ length: 70_000 }, (_, i) => i * 3);
    expect([...decodeCells(asAnswered(encodeCells(many)))]).toEqual(many);
    // A part of a larger buffer (as in an answer frame), at an offset.
    const framed = new Uint8Array(16);
    framed.set([1, 0, 0, 0, 2, 1, 0, 0], 8);
    expect([...decodeCells(framed.subarray(8))]).toEqual([1, 258]);
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('hatches the cells that cannot change and previews a stroke only where it can paint', () => {
    const layout = Uint8Array.of(0, 0, 1, 255);
    const locked = Uint8Array.of(0, 1, 0, 255);
    const palette = new Uint32Array(256);
    palette[0] = 0xff0000ff;
    palette[1] = 0xff00ff00;
    palette[2] = 0xffff0000;
    const out = new Uint32Array(4);
    paintPlanPixels(4, layout, locked, palette, out, { showLocked: false });
    expect([...out]).toEqual([palette[0], palette[0], palette[1], 0]);
    paintPlanPixels(4, layout, locked, palette, out, { showLocked: true, pending: [0, 1], pendingClass: 2 });
    expect(out[0]).toBe(palette[2]); // painted preview
    expect(out[1]).not.toBe(palette[0]); // locked: hatched, not previewed
    expect(out[1]).not.toBe(palette[2]);
    expect(out[3]).toBe(0);
  });

  it('lists the change in hectares per class from today', () => {
    const session = {
      classes: [
        { id: 'a', name: 'A', color: '#000000' },
        { id: 'b', name: 'B', color: '#ffffff' },
      ],
      todayHa: [10, 5],
    };
    expect(changeFromToday(session, [12.5, 5])).toEqual([{ id: 'a', name: 'A', color: '#000000', ha: 2.5 }]);
  });
});
