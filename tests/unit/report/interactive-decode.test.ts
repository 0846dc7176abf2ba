/**
 * The interactive report's explorer reads the table of change codes as it inflates and keeps it
 * sparse (client/decode.ts). Run here in Node, which has the browser's DecompressionStream: every
 * layout it gives back equals the layout the table encodes, across many inflated chunks, and a
 * table cut short is refused.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Layouts } from '../../../engine/src/report/interactive/client/decode.js';
import type { ExplorerData } from '../../../engine/src/report/interactive/data.js';

const OUTSIDE = 255;
const base64 = (bytes: Uint8Array) => deflateRawSync(bytes).toString('base64');

/** A page's maps for random layouts: today's map, the changeable cells and the gene-major codes. */
function randomPage(seed: number, width: number, height: number, rows: number, classes: number) {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const current = Uint8Array.from({ length: width * height }, () =>
    next() < 0.1 ? OUTSIDE : Math.floor(next() * classes),
  );
  const cells = Int32Array.from([...current.keys()].filter((cell) => current[cell] !== OUTSIDE && next() < 0.8));
  const layouts = Array.from({ length: rows }, () => {
    const map = current.slice();
    for (const cell of cells) if (next() < 0.05) map[cell] = Math.floor(next() * classes);
    return map;
  });
  const codes = new Uint8Array(cells.length * rows);
  cells.forEach((cell, g) =>
    layouts.forEach((map, i) => (codes[g * rows + i] = map[cell] === current[cell] ? 0 : map[cell]! + 1)),
  );
  const deltas = new DataView(new ArrayBuffer(cells.length * 4));
  cells.forEach((cell, g) => deltas.setUint32(g * 4, cell - (g === 0 ? 0 : cells[g - 1]!), true));
  const data = {
    grid: { width, height },
    front: { ids: layouts.map((_, i) => i) },
    maps: {
      current: base64(current),
      cells: base64(new Uint8Array(deltas.buffer)),
      changes: base64(codes),
    },
  } as unknown as ExplorerData;
  return { data, layouts, codes };
}

describe('the explorer decodes layouts from the sparse change codes', () => {
  it('gives back every layout of a table inflated in many chunks', async () => {
    // 300 layouts x about 26,000 cells: a 7.8 MB table, inflated in chunks of 64 KB or so.
    const { data, layouts } = randomPage(5, 180, 180, 300, 7);
    const decoded = await Layouts.decode(data);
    // Compared as bytes (toEqual on 300 maps of 32,400 cells takes long).
    const differing = layouts.filter((map, i) => Buffer.compare(decoded.layout(i), map) !== 0).length;
    expect(differing).toBe(0);
  });

  it('handles a front of one layout and layouts that change nothing', async () => {
    const { data, layouts } = randomPage(9, 20, 15, 1, 3);
    expect((await Layouts.decode(data)).layout(0)).toEqual(layouts[0]);
  });

  it('refuses a table cut short', async () => {
    const { data, codes } = randomPage(11, 30, 30, 4, 3);
    const damaged = { ...data, maps: { ...data.maps, changes: base64(codes.subarray(1)) } } as ExplorerData;
    await expect(Layouts.decode(damaged)).rejects.toThrow(/damaged: .* 2507 change codes for 627 cells x 4 layouts/);
  });
});
