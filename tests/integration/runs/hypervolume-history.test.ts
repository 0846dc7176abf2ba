/**
 * The hypervolume a run reports (progress, history.csv, summary) is its archive's, against one
 * reference fixed at the first generation and recorded in the manifest: it never decreases, it is
 * the hypervolume of the front the run writes, and a resumed run keeps the same reference and
 * the same values. A small archive makes the bounded archive drop layouts along the way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hypervolume } from '../../../engine/src/optimizer/index.js';
import { parseCsv } from '../../../engine/src/runs/csv.js';
import { readManifest, resumeRun, runScenario } from '../../../engine/src/runs/index.js';
import { balancedScenario, sameFront, readFront } from '../cli/cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-hv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const budget = { population: 12, generations: 24, workers: 1, archiveCapacity: 10, checkpointEvery: 4, seed: 5 };

async function historyOf(dir: string): Promise<number[]> {
  const [header, ...rows] = parseCsv(await readFile(path.join(dir, 'history.csv'), 'utf8'));
  const column = header!.indexOf('hypervolume');
  return rows.map((row) => Number(row[column]));
}

describe('the hypervolume of a run', () => {
  const straight = path.join(tmp, 'straight');

  it('never decreases in history.csv and is the hypervolume of the front written, against the manifest reference', async () => {
    const progress: number[] = [];
    const summary = await runScenario({
      scenario: balancedScenario,
      outDir: straight,
      ...budget,
      onProgress: (p) => progress.push(p.hypervolume),
    });
    expect(summary.status).toBe('complete');
    const history = await historyOf(straight);
    expect(history).toHaveLength(budget.generations);
    expect(history).toEqual(progress);
    for (let g = 1; g < history.length; g++) expect(history[g]!).toBeGreaterThanOrEqual(history[g - 1]!);
    expect(history.at(-1)!).toBeGreaterThan(history[0]!);
    expect(summary.hypervolume).toBe(history.at(-1));

    const manifest = await readManifest(straight);
    const { reference, scale } = manifest.hypervolume!;
    expect(reference).toHaveLength(3);
    expect(scale.every((s) => s > 0)).toBe(true);
    // front.csv holds the archive in natural units: its hypervolume, recomputed here, is the last value.
    const [, ...rows] = parseCsv(readFront(straight).csv.toString('utf8'));
    const minimised = rows.map((row) =>
      manifest.objectives.map((o, j) => (o.direction === 'maximize' ? -1 : 1) * Number(row[1 + j])),
    );
    const fresh = hypervolume(minimised, reference) / scale.reduce((a, b) => a * b, 1);
    expect(Math.abs(fresh - history.at(-1)!)).toBeLessThan(1e-9 * fresh);
    // The archive filled up (so it dropped layouts on the way): the bound holds the layouts that
    // are not the best on any objective; the best of each objective comes on top.
    expect(rows.length).toBeGreaterThanOrEqual(budget.archiveCapacity);
  });

  it('a resumed run keeps the reference and reports the same values', async () => {
    const resumed = path.join(tmp, 'resumed');
    const stop = new AbortController();
    const first = await runScenario({
      scenario: balancedScenario,
      outDir: resumed,
      ...budget,
      stopSignal: stop.signal,
      onProgress: (p) => {
        if (p.generation === 10) stop.abort();
      },
    });
    expect(first.status).toBe('interrupted');
    const before = (await readManifest(resumed)).hypervolume;
    const done = await resumeRun(resumed);
    expect(done.status).toBe('complete');
    expect((await readManifest(resumed)).hypervolume).toEqual(before);
    expect((await readManifest(resumed)).hypervolume).toEqual((await readManifest(straight)).hypervolume);
    expect(await historyOf(resumed)).toEqual(await historyOf(straight));
    expect(sameFront(straight, resumed)).toBe(true);
  });
});
