import { describe, expect, it } from 'vitest';
import { OptimizerInputError, createRandom, restoreRandom } from '../../../engine/src/optimizer/index.js';

describe('Random', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 20 }, () => a.nextDouble());
    expect(Array.from({ length: 20 }, () => b.nextDouble())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextDouble())).not.toEqual(seqA);
  });

  it('replays the same sequence after restoring a saved state (also through JSON)', () => {
    const random = createRandom(7);
    for (let i = 0; i < 13; i++) random.nextInt(10);
    const state = JSON.parse(JSON.stringify(random.getState()));
    const expected = Array.from({ length: 10 }, () => [random.nextDouble(), random.nextInt(1000), random.nextUint32()]);
    const restored = restoreRandom(state);
    expect(
      Array.from({ length: 10 }, () => [restored.nextDouble(), restored.nextInt(1000), restored.nextUint32()]),
    ).toEqual(expected);
  });

  it('clones without advancing the original', () => {
    const random = createRandom(1);
    const clone = random.clone();
    expect(clone.nextDouble()).toBe(random.nextDouble());
  });

  it('draws doubles in [0, 1) and unbiased integers in range', () => {
    const random = createRandom(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const d = random.nextDouble();
      expect(d >= 0 && d < 1).toBe(true);
      counts[random.nextInt(6)]++;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400); // ~4.4 sigma
    expect(random.nextInt(1)).toBe(0);
    const big = random.nextInt(2 ** 32);
    expect(big >= 0 && big < 2 ** 32).toBe(true);
  });

  it('rejects bad seeds, bounds and states', () => {
    expect(() => createRandom(1.5)).toThrow(OptimizerInputError);
    expect(() => createRandom(1).nextInt(0)).toThrow(/integer bound/);
    expect(() => restoreRandom({ algorithm: 'xoroshiro128plus', state: [1, 2] })).toThrow(/2 words/);
  });
});
