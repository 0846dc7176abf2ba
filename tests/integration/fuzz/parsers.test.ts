/**
 * Fuzzing the parsers on every CI run, with fixed seeds: 1,000 scenario files and 300 GeoTIFFs
 * (tests/support/fuzz), each case in a child process watched from outside (harness.ts). No case may
 * crash (an unexpected exception, an abort, a fatal out-of-memory), hang over 2 s, leave a message
 * that does not name the file and a line or field, or take the child's peak memory to 512 MB.
 * The long run (10,000 + 2,000 cases) is `npm run fuzz`.
 */
import { describe, expect, it } from 'vitest';
import { FUZZ_LIMITS, runFuzz, type FuzzSummary } from '../../support/fuzz/harness.js';

const SEED = 15;

function expectClean(summary: FuzzSummary, count: number): void {
  expect(summary.cases).toBe(count);
  expect(summary.crashes).toEqual([]);
  expect(summary.hangs).toEqual([]);
  expect(summary.unlocated).toEqual([]);
  expect(summary.peakRssMb).toBeLessThan(FUZZ_LIMITS.peakRssMb);
  // The mutations reach past the first check: some cases are still valid.
  expect(summary.outcomes.accepted).toBeGreaterThan(0);
}

describe('parsers under fuzzing', () => {
  it('1,000 fuzzed scenario files: no crash, no hang, every message located, memory bounded', async () => {
    const summary = await runFuzz({ kind: 'yaml', seed: SEED, count: 1000, ...FUZZ_LIMITS.yaml });
    expectClean(summary, 1000);
  });

  it('300 fuzzed GeoTIFFs: no crash, no hang, every message names the file, memory bounded', async () => {
    const summary = await runFuzz({ kind: 'tiff', seed: SEED, count: 300, ...FUZZ_LIMITS.tiff });
    expectClean(summary, 300);
  });
});
