/**
 * The parallel evaluator's request buffers (parallel/buffer-pool.ts): a buffer given back serves
 * the next request of its size, in the same batch or a later one, across batches of other sizes,
 * within the capacity, the sizes used least recently dropped first.
 */
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../engine/src/parallel/buffer-pool.js';

describe('the request buffer pool', () => {
  it('gives a buffer given back to the next request of its size, and a new one otherwise', () => {
    const pool = new BufferPool(1_000);
    pool.nextBatch();
    const a = pool.take(100);
    expect(pool.take(100)).not.toBe(a);
    pool.give(a);
    expect(pool.take(200)).not.toBe(a);
    expect(pool.take(100)).toBe(a);
    expect(pool.heldBytes).toBe(0);
  });

  it('keeps each size across batches of other sizes (offspring, then rows to finish)', () => {
    const pool = new BufferPool(1_000);
    pool.nextBatch();
    const offspring = [pool.take(300), pool.take(200)];
    offspring.forEach((buffer) => pool.give(buffer));
    pool.nextBatch();
    const finish = pool.take(50);
    pool.give(finish);
    pool.nextBatch();
    expect([pool.take(300), pool.take(200)]).toEqual(offspring);
    expect(pool.take(50)).toBe(finish);
  });

  it('holds at most its capacity, dropping the sizes used least recently', () => {
    const pool = new BufferPool(500);
    pool.nextBatch();
    const old = pool.take(200);
    pool.give(old);
    pool.nextBatch();
    const recent = [pool.take(150), pool.take(150)];
    recent.forEach((buffer) => pool.give(buffer));
    expect(pool.heldBytes).toBe(500);
    pool.nextBatch();
    // 120 more do not fit: the 200 bytes, used least recently, make room.
    const next = new ArrayBuffer(120);
    pool.give(next);
    expect(pool.heldBytes).toBe(420);
    expect(pool.take(120)).toBe(next);
    expect(recent).toContain(pool.take(150));
    expect(pool.take(200)).not.toBe(old);
    // A buffer larger than the capacity is never kept.
    const small = new BufferPool(100);
    small.give(new ArrayBuffer(101));
    expect(small.heldBytes).toBe(0);
  });
});
