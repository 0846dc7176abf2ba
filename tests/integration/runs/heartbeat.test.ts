/**
 * Word from a run while a step takes long (runs/heartbeat.ts): with a heartbeat of 1 ms every step
 * of a short run with two workers speaks, naming what it does and how far the workers' batch has
 * got. The messages change nothing in the run, and stop when it ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatch, runScenario } from '../../../engine/src/runs/index.js';
import { balancedScenario, sameFront } from '../cli/cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-heartbeat-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const budget = { population: 12, generations: 3, workers: 2, checkpointEvery: 2, seed: 5 } as const;

describe('a run says what it is doing while a step takes long', () => {
  it('names each step and the workers progress, changes nothing in the run, and stops with it', async () => {
    const messages: string[] = [];
    const spoken = path.join(tmp, 'spoken');
    await runScenario({
      scenario: balancedScenario,
      outDir: spoken,
      ...budget,
      progressHeartbeatMs: 1,
      onMessage: (message) => messages.push(message),
    });
    const count = messages.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(messages).toHaveLength(count);

    const matching = (pattern: RegExp) => messages.filter((m) => pattern.test(m));
    expect(
      matching(/^Starting 2 workers, each building the study area and the objectives, [\d.]+ s so far\.$/),
    ).not.toEqual([]);
    expect(
      matching(/^Generation 1 of 3, [\d.]+ s so far: \d+ of 12 starting layouts made and evaluated\.$/),
    ).not.toEqual([]);
    expect(
      matching(/^Generation [23] of 3, [\d.]+ s so far: \d+ of 12 new layouts made, repaired and evaluated\.$/),
    ).not.toEqual([]);
    expect(matching(/^Writing the checkpoint of generation 2, [\d.]+ s so far/)).not.toEqual([]);
    expect(
      matching(/^Polishing the best layout of each objective \(once, at the end of the run\), [\d.]+ s so far\.$/),
    ).not.toEqual([]);
    expect(matching(/^Writing the run's front and checkpoint, [\d.]+ s so far/)).not.toEqual([]);
    // The first generation's rows come back one at a time: the count rises as they do.
    const sampled = matching(/starting layouts/).map((m) => Number(/: (\d+) of/.exec(m)![1]));
    expect(Math.max(...sampled)).toBeGreaterThan(0);
    // The workers' counts never pass the batch's rows.
    for (const m of messages) {
      const of = /(\d+) of (\d+) (starting|new) layouts/.exec(m) ?? /\((\d+) of (\d+)\)/.exec(m);
      if (of) expect(Number(of[1])).toBeLessThanOrEqual(Number(of[2]));
    }

    const silent = path.join(tmp, 'silent');
    await runScenario({ scenario: balancedScenario, outDir: silent, ...budget });
    expect(sameFront(spoken, silent)).toBe(true);
  }, 120_000);

  it("speaks for each run of a local batch through the batch's activity hook", async () => {
    const activity: string[] = [];
    await runBatch({
      scenarios: [balancedScenario],
      outDir: path.join(tmp, 'batch'),
      population: 12,
      generations: 2,
      workers: 2,
      progressHeartbeatMs: 1,
      onActivity: (message) => activity.push(message),
    });
    expect(activity.some((m) => /^Generation 1 of 2, [\d.]+ s so far: \d+ of 12 starting layouts/.test(m))).toBe(true);
  }, 120_000);
});
