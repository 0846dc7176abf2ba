import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  openStaticData,
  ParallelInputError,
  restoreTypedArrays,
  separateTypedArrays,
  shareStaticArrays,
  writeStaticBundle,
} from '../../../engine/src/parallel/index.js';

const arrays = {
  layer: Float32Array.from([0.5, 1.5, -2, 3]),
  classes: Uint8Array.from([1, 2, 3]),
  counts: Int32Array.from([-7, 8]),
  values: Float64Array.from([Math.PI]),
};

const tmp = await mkdtemp(path.join(os.tmpdir(), 'pp-static-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('shareStaticArrays', () => {
  it('puts every array in one SharedArrayBuffer, 8-byte aligned, with the same values', async () => {
    const ref = shareStaticArrays(arrays);
    expect(ref.transport).toBe('shared');
    if (ref.transport !== 'shared') return;
    expect(ref.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const location of Object.values(ref.arrays)) expect(location.byteOffset % 8).toBe(0);
    const opened = await openStaticData(ref);
    for (const [name, array] of Object.entries(arrays)) {
      expect(opened[name]).toBeInstanceOf(array.constructor);
      expect([...opened[name]!]).toEqual([...array]);
    }
  });

  it('opens views of the same memory (no copy): a write through one view shows in another', async () => {
    const ref = shareStaticArrays(arrays);
    const a = await openStaticData(ref);
    const b = await openStaticData(ref);
    a.layer![2] = 42;
    expect(b.layer![2]).toBe(42);
    expect(arrays.layer[2]).toBe(-2);
  });
});

describe('writeStaticBundle', () => {
  it('round-trips the arrays through one file', async () => {
    const file = path.join(tmp, 'bundle.bin');
    const ref = await writeStaticBundle(file, arrays);
    expect(ref).toMatchObject({ transport: 'file', path: file });
    const opened = await openStaticData(ref);
    for (const [name, array] of Object.entries(arrays)) expect([...opened[name]!]).toEqual([...array]);
  });

  it('names the file when the bundle is missing', async () => {
    const missing = path.join(tmp, 'missing.bin');
    const ref = { transport: 'file', path: missing, arrays: {} } as const;
    await expect(openStaticData(ref)).rejects.toThrow(ParallelInputError);
    await expect(openStaticData(ref)).rejects.toThrow(missing);
  });

  it('refuses an array that does not fit the bundle', async () => {
    const file = path.join(tmp, 'short.bin');
    const ref = await writeStaticBundle(file, { a: new Float32Array(2) });
    const bad = { ...ref, arrays: { a: { type: 'Float32Array', byteOffset: 0, length: 100 } } } as const;
    await expect(openStaticData(bad)).rejects.toThrow(/static array "a".*does not fit/);
  });
});

describe('separateTypedArrays / restoreTypedArrays', () => {
  it('takes typed arrays out of a nested structure and puts them back', () => {
    const structure = {
      name: 'area',
      width: 2,
      current: Uint8Array.from([0, 1]),
      layers: { dem: Float32Array.from([1, 2]), roads: Float32Array.from([0, 1]) },
      classes: [{ id: 'a', codes: [1, 2] }],
    };
    const { plain, arrays: taken } = separateTypedArrays(structure);
    expect(Object.keys(taken).sort()).toEqual(['current', 'layers.dem', 'layers.roads']);
    expect(JSON.parse(JSON.stringify(plain))).toEqual(plain); // plain data only
    const restored = restoreTypedArrays<typeof structure>(plain, taken);
    expect(restored).toEqual(structure);
    expect(restored.layers.dem).toBe(structure.layers.dem);
  });

  it('names a placeholder whose array is missing', () => {
    expect(() => restoreTypedArrays({ a: { $staticArray: 'layers.dem' } }, {})).toThrow(/"layers.dem" is missing/);
  });
});
