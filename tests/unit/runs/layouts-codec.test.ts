import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  compressLayouts,
  decodeLayouts,
  EncodedLayouts,
  encodeLayouts,
  LayoutsFormatError,
} from '../../../engine/src/runs/layouts-codec.js';

/** A deterministic pseudo-random source (mulberry32), so the cases are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function layouts(rows: number, genes: number, changedShare: number, seed: number) {
  const next = random(seed);
  const today = Uint8Array.from({ length: genes }, () => Math.floor(next() * 6));
  const genomes = new Uint8Array(rows * genes);
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < genes; g++) {
      genomes[r * genes + g] = next() < changedShare ? (today[g]! + 1 + Math.floor(next() * 5)) % 6 : today[g]!;
    }
  }
  return { today, genomes };
}

describe('the layouts file', () => {
  it('reads back exactly what it wrote, for sparse, dense and unchanged rows', () => {
    for (const [share, seed] of [
      [0, 1],
      [0.001, 2],
      [0.03, 3],
      [0.5, 4],
      [1, 5],
    ] as const) {
      const { today, genomes } = layouts(7, 5_000, share, seed);
      const bytes = encodeLayouts(genomes, 7, today);
      expect(decodeLayouts(bytes, 7, today)).toEqual(genomes);
    }
  });

  it('encodes a list of row views exactly as the packed matrix, and checks their lengths', () => {
    const { today, genomes } = layouts(6, 3_000, 0.05, 8);
    const views = Array.from({ length: 6 }, (_, r) => genomes.subarray(r * 3_000, (r + 1) * 3_000));
    expect(encodeLayouts(views, 6, today)).toEqual(encodeLayouts(genomes, 6, today));
    expect(() => encodeLayouts([views[0]!, views[1]!.subarray(1)], 2, today)).toThrow(RangeError);
    expect(() => encodeLayouts(views, 5, today)).toThrow(RangeError);
  });

  it('stores a layout that changes a few per cent of the land in a fraction of its raw size', () => {
    const { today, genomes } = layouts(20, 20_000, 0.03, 6);
    const bytes = encodeLayouts(genomes, 20, today);
    // About 600 changes of 2 bytes (a 1-byte gap and a class) per row instead of 20,000 bytes.
    expect(bytes.length).toBeLessThan(0.08 * genomes.length);
  });

  it('never takes more than one byte per row beyond the raw genomes', () => {
    const { today, genomes } = layouts(5, 10_000, 0.9, 7);
    expect(encodeLayouts(genomes, 5, today).length).toBeLessThanOrEqual(genomes.length + 5 + 16);
  });

  it('encodes gaps over 127 and 16,383 genes (multi-byte varints)', () => {
    const genes = 100_000;
    const today = new Uint8Array(genes);
    const genomes = new Uint8Array(genes);
    for (const g of [0, 1, 200, 20_000, 99_999]) genomes[g] = 3;
    const bytes = encodeLayouts(genomes, 1, today);
    expect(bytes.length).toBeLessThan(64);
    expect(decodeLayouts(bytes, 1, today)).toEqual(genomes);
  });

  it('reads the raw genomes of run folders written before the format', () => {
    const { today, genomes } = layouts(3, 1_000, 0.2, 8);
    expect(decodeLayouts(genomes, 3, today)).toEqual(genomes);
  });

  it('refuses a file cut short, with trailing bytes, or of another shape', () => {
    const { today, genomes } = layouts(4, 2_000, 0.05, 9);
    const bytes = encodeLayouts(genomes, 4, today);
    expect(() => decodeLayouts(bytes.subarray(0, bytes.length - 3), 4, today)).toThrow(LayoutsFormatError);
    expect(() => decodeLayouts(Uint8Array.from([...bytes, 0]), 4, today)).toThrow(LayoutsFormatError);
    expect(() => decodeLayouts(bytes, 5, today)).toThrow(/does not hold 5 layouts of 2000 cells/);
    expect(() => decodeLayouts(genomes.subarray(1), 4, today)).toThrow(/wrong size/);
  });

  it('reads one row alone, as a genome or onto a class map, equal to the rows decoded together', () => {
    // Rows of every kind in one file (unchanged, sparse, dense), in both formats.
    const parts = [0, 0.01, 0.9, 0.2].map((share, k) => layouts(1, 3_000, share, 20 + k));
    const today = parts[0]!.today;
    const genomes = new Uint8Array(parts.length * 3_000);
    parts.forEach((part, r) => {
      for (let g = 0; g < 3_000; g++)
        genomes[r * 3_000 + g] = part.genomes[g] !== part.today[g] ? (today[g]! + 1) % 6 : today[g]!;
    });
    const cells = Int32Array.from({ length: 3_000 }, (_, g) => 2 * g + 1); // genes on odd cells of a 6,000-cell map
    for (const bytes of [encodeLayouts(genomes, 4, today), genomes]) {
      const file = new EncodedLayouts(bytes, 4, today);
      for (const r of [2, 0, 3, 1]) {
        const row = genomes.subarray(r * 3_000, (r + 1) * 3_000);
        expect(file.row(r)).toEqual(row);
        const map = new Uint8Array(6_000).fill(255);
        cells.forEach((cell, g) => (map[cell] = today[g]!));
        file.applyRow(r, map, cells);
        cells.forEach((cell, g) => expect(map[cell]).toBe(row[g]));
        expect(map.filter((_, i) => i % 2 === 0).every((v) => v === 255)).toBe(true);
        // Its changes: the genes differing from today's, ascending, with their classes.
        const changedGenes = new Int32Array(3_000);
        const classes = new Uint8Array(3_000);
        const count = file.rowChanges(r, changedGenes, classes);
        const expected = Array.from(row.keys()).filter((g) => row[g] !== today[g]);
        expect(Array.from(changedGenes.subarray(0, count))).toEqual(expected);
        expect(Array.from(classes.subarray(0, count))).toEqual(expected.map((g) => row[g]));
      }
      // Counted in one pass: per gene, how many rows give each class other than today's; taking
      // rows away again leaves nothing.
      const counts = new Uint8Array(3_000 * 6);
      for (const r of [0, 1, 2, 3, 2]) file.countRowChanges(r, counts, 6, 1);
      const expected = new Uint8Array(3_000 * 6);
      for (const r of [0, 1, 2, 3, 2])
        for (let g = 0; g < 3_000; g++) {
          const c = genomes[r * 3_000 + g]!;
          if (c !== today[g]) expected[g * 6 + c]!++;
        }
      expect(counts).toEqual(expected);
      for (const r of [3, 2, 1, 0, 2]) file.countRowChanges(r, counts, 6, -1);
      expect(counts.every((count) => count === 0)).toBe(true);
    }
  });

  it('refuses a damaged file: cut short at opening, a damaged layout when it is read', () => {
    const { today, genomes } = layouts(3, 2_000, 0.05, 30);
    const bytes = encodeLayouts(genomes, 3, today);
    expect(() => new EncodedLayouts(bytes, 4, today)).toThrow(/does not hold 4 layouts/);
    expect(() => new EncodedLayouts(bytes.subarray(0, bytes.length - 1), 3, today)).toThrow(LayoutsFormatError);
    // Row 1 claims 5 changes but holds one gap and no class: rows 0 and 2 still read.
    const records = recordsOf(bytes);
    records[1] = Uint8Array.of(1, 5, 0, 0, 0, 0);
    const file = new EncodedLayouts(fileOf(records, 2_000, 'PPLAY2'), 3, today);
    expect(file.row(0)).toEqual(genomes.subarray(0, 2_000));
    expect(file.row(2)).toEqual(genomes.subarray(4_000));
    expect(() => file.row(1)).toThrow(LayoutsFormatError);
    expect(() => file.countRowChanges(1, new Uint8Array(2_000 * 6), 6, 1)).toThrow(LayoutsFormatError);
    // A class beyond the classes counted.
    expect(() => file.countRowChanges(0, new Uint8Array(2_000 * 3), 3, 1)).toThrow(LayoutsFormatError);
    // A record that does not decompress.
    const garbled = bytes.slice();
    garbled.fill(0xff, garbled.length - 20);
    expect(() => new EncodedLayouts(garbled, 3, today).row(2)).toThrow(LayoutsFormatError);
  });

  it('reads the uncompressed files of the previous format (PPLAY1)', () => {
    const { today, genomes } = layouts(5, 3_000, 0.04, 31);
    const plain = fileOf(recordsOf(encodeLayouts(genomes, 5, today)), 3_000, 'PPLAY1');
    expect(decodeLayouts(plain, 5, today)).toEqual(genomes);
    expect(new EncodedLayouts(plain, 5, today).row(3)).toEqual(genomes.subarray(9_000, 12_000));
    expect(() => decodeLayouts(plain.subarray(0, plain.length - 2), 5, today)).toThrow(LayoutsFormatError);
  });

  it('compresses in the thread pool to the same bytes', async () => {
    const { today, genomes } = layouts(40, 4_000, 0.05, 32);
    expect(await compressLayouts(genomes, 40, today)).toEqual(encodeLayouts(genomes, 40, today));
  });

  it('takes the records it keeps between calls from its cache, and gives the same bytes', async () => {
    const { today, genomes } = layouts(12, 3_000, 0.05, 34);
    const rows = (ids: number[]) => ids.map((r) => genomes.subarray(r * 3_000, (r + 1) * 3_000));
    const key = (r: number) => `layout ${r}`;
    const records = new Map<string, Uint8Array>();
    // A first checkpoint's front, then a later one keeping some of its layouts and adding others.
    const first = [0, 1, 2, 3, 4, 5, 6];
    expect(await compressLayouts(rows(first), 7, today, { keys: first.map(key), records })).toEqual(
      encodeLayouts(rows(first), 7, today),
    );
    expect([...records.keys()]).toEqual(first.map(key));
    const later = [5, 8, 1, 9, 10, 3, 11];
    const kept = records.get(key(5))!;
    expect(await compressLayouts(rows(later), 7, today, { keys: later.map(key), records })).toEqual(
      encodeLayouts(rows(later), 7, today),
    );
    expect(records.get(key(5))).toBe(kept);
    // A kept record is used as it is, not encoded again.
    records.set(key(8), deflateRawSync(new Uint8Array([1, 0, 0, 0, 0])));
    const file = await compressLayouts(rows(later), 7, today, { keys: later.map(key), records });
    expect([...recordsOf(file)[1]!]).toEqual([1, 0, 0, 0, 0]);
    await expect(compressLayouts(rows(later), 7, today, { keys: ['one'], records })).rejects.toThrow(
      '1 keys for 7 layouts',
    );
  });

  it('stores a large sparse front in a small fraction of its genomes', () => {
    const { today, genomes } = layouts(10, 200_000, 0.05, 33);
    expect(encodeLayouts(genomes, 10, today).length).toBeLessThan(genomes.length / 8);
  });
});

/** The uncompressed records of a file (its table of lengths, then each record inflated). */
function recordsOf(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows = view.getUint32(8, true);
  const records: Uint8Array[] = [];
  for (let r = 0, at = 16 + 4 * rows; r < rows; r++) {
    const length = view.getUint32(16 + 4 * r, true);
    records.push(inflateRawSync(bytes.subarray(at, at + length)));
    at += length;
  }
  return records;
}

/** A layouts file of these records: compressed with a table of lengths (PPLAY2), or plain (PPLAY1). */
function fileOf(records: Uint8Array[], genes: number, format: 'PPLAY1' | 'PPLAY2'): Uint8Array {
  const stored = format === 'PPLAY2' ? records.map((r) => deflateRawSync(r)) : records;
  const header = Buffer.alloc(16 + (format === 'PPLAY2' ? 4 * records.length : 0));
  header[0] = 0xff;
  header.write(`${format}\n`, 1, 'latin1');
  header.writeUInt32LE(records.length, 8);
  header.writeUInt32LE(genes, 12);
  if (format === 'PPLAY2') stored.forEach((r, i) => header.writeUInt32LE(r.length, 16 + 4 * i));
  return new Uint8Array(Buffer.concat([header, ...stored]));
}
