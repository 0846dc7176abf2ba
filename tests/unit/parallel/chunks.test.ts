/**
 * How the parallel evaluator cuts a batch into chunks (parallel/chunks.ts): every row exactly once,
 * one even chunk per worker for plain batches, shrinking chunks for prepared ones (guided
 * self-scheduling) capped by the byte limit, searched rows first and alone, sampled and finished
 * rows one by one; and the encodings a worker sends back, checked.
 */
import { describe, expect, it } from 'vitest';
import type { ChunkPreparation } from '../../../engine/src/parallel/channel.js';
import { planChunks, unpackEncodings, type Chunk } from '../../../engine/src/parallel/chunks.js';
import { WorkerFailureError } from '../../../engine/src/parallel/errors.js';

function prepared(rows: number, extra: Partial<ChunkPreparation> = {}): ChunkPreparation {
  return { seeds: new Uint32Array(rows), sampleIndex: null, repair: true, ...extra };
}

/** Each row of [0, rows) in exactly one chunk. */
function expectEveryRowOnce(chunks: readonly Chunk[], rows: number): void {
  const seen = new Uint8Array(rows);
  for (const { first, count } of chunks) {
    expect(count).toBeGreaterThan(0);
    for (let r = first; r < first + count; r++) seen[r]!++;
  }
  expect([...seen].every((n) => n === 1)).toBe(true);
}

describe('planChunks', () => {
  it('gives a plain batch one contiguous chunk per worker, sizes within one row', () => {
    const chunks = planChunks(10, null, 3, 100);
    expect(chunks).toEqual([
      { first: 0, count: 4 },
      { first: 4, count: 3 },
      { first: 7, count: 3 },
    ]);
    expect(planChunks(2, null, 4, 100)).toEqual([
      { first: 0, count: 1 },
      { first: 1, count: 1 },
    ]);
  });

  it('gives a single worker the whole batch at once, prepared or not', () => {
    expect(planChunks(100, prepared(100), 1, 17)).toEqual([{ first: 0, count: 100 }]);
  });

  it('cuts a prepared batch into shrinking chunks, each at most the byte limit allows', () => {
    const chunks = planChunks(100, prepared(100), 2, 17);
    expectEveryRowOnce(chunks, 100);
    // 1 / (2 x workers) of the rows left: 25 capped to 17, then 17, 17, 13, ... down to single rows.
    expect(chunks.slice(0, 4).map((c) => c.count)).toEqual([17, 17, 17, 13]);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.count).toBeLessThanOrEqual(chunks[i - 1]!.count);
    expect(chunks.at(-1)!.count).toBe(1);
  });

  it('sends rows with a local search first, one per chunk, and the others around them', () => {
    const focus = new Int32Array(20).fill(-1);
    focus[18] = 0;
    focus[19] = 2;
    const chunks = planChunks(20, prepared(20, { focus }), 2, 100);
    expect(chunks.slice(0, 2)).toEqual([
      { first: 18, count: 1 },
      { first: 19, count: 1 },
    ]);
    expectEveryRowOnce(chunks, 20);
    for (const { first, count } of chunks.slice(2)) expect(first + count).toBeLessThanOrEqual(18);
  });

  it('sends sampled rows and rows to finish one by one', () => {
    const sampled = planChunks(6, prepared(6, { sampleIndex: Int32Array.from([0, 1, 2, 3, 4, 5]) }), 2, 100);
    expect(sampled.map((c) => c.count)).toEqual([1, 1, 1, 1, 1, 1]);
    const finished = planChunks(3, prepared(3, { repair: false, finish: true }), 2, 100);
    expect(finished).toEqual([
      { first: 0, count: 1 },
      { first: 1, count: 1 },
      { first: 2, count: 1 },
    ]);
  });
});

describe('unpackEncodings', () => {
  it('splits the rows sent back to back, each its own bytes', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5]).buffer;
    const rows = unpackEncodings({ bytes, ends: Uint32Array.from([2, 2, 5]) }, 3, 'missing');
    expect(rows.map((row) => [...row])).toEqual([[1, 2], [], [3, 4, 5]]);
  });

  it('treats a missing, short or damaged answer as a crashed worker', () => {
    const bytes = new Uint8Array(4).buffer;
    expect(() => unpackEncodings(undefined, 1, 'no rows')).toThrow(WorkerFailureError);
    expect(() => unpackEncodings({ bytes, ends: Uint32Array.from([4]) }, 2, 'short')).toThrow(/short/);
    expect(() => unpackEncodings({ bytes, ends: Uint32Array.from([3, 2, 4]) }, 3, 'bad')).toThrow(
      /damaged row encodings/,
    );
  });
});
