import { describe, expect, it } from 'vitest';
import { ETA_WINDOW, remainingMs } from '../../../engine/src/runs/eta.js';

describe('time left in a run (runs/eta.ts)', () => {
  it('is unknown before the first generation', () => {
    expect(remainingMs([], 10)).toBe(Infinity);
    expect(remainingMs([{ generation: 0, elapsedMs: 900 }], 10)).toBe(Infinity);
  });

  it('uses the average since the start after one generation', () => {
    expect(remainingMs([{ generation: 1, elapsedMs: 5000 }], 10)).toBe(45_000);
  });

  it('follows the recent pace, not the average since the start', () => {
    // A slow set-up (10 s for generation 1), then 1 s per generation, then 3 s per generation.
    const times = [{ generation: 1, elapsedMs: 10_000 }];
    for (let g = 2; g <= 20; g++) times.push({ generation: g, elapsedMs: times.at(-1)!.elapsedMs + 1000 });
    expect(remainingMs(times, 30)).toBe(10 * 1000);
    for (let g = 21; g <= 20 + ETA_WINDOW; g++)
      times.push({ generation: g, elapsedMs: times.at(-1)!.elapsedMs + 3000 });
    // The window now holds only the slower generations: 3 s each for the 10 left.
    expect(remainingMs(times, 40)).toBe(10 * 3000);
    // The average since the start would say about 2 s each.
    const last = times.at(-1)!;
    expect((10 * last.elapsedMs) / last.generation).toBeLessThan(10 * 2100);
  });

  it('is zero at the end', () => {
    expect(
      remainingMs(
        [
          { generation: 4, elapsedMs: 100 },
          { generation: 5, elapsedMs: 120 },
        ],
        5,
      ),
    ).toBe(0);
  });
});
