/**
 * The explorer's Steer action through the service and the dispatch (no browser): a steered run of
 * the tiny Riverbend window seeded with two layouts keeps the cells where they agree; a rectangle
 * lock; requests the engine refuses (unknown ids, an agreement of one layout, a rectangle off the
 * grid, a malformed lock) are input errors with a message.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGREEMENT_LOCK_LABEL,
  agreementMask,
  loadFront,
  PlanService,
  type PlanEvent,
  type RunManifest,
} from '../../../engine/src/api/index.js';
import { layoutOf } from '../../../engine/src/runs/index.js';
import { dispatch } from '../../../desktop/src/shared/dispatch.js';
import { cellRuns } from '../../../engine/src/rules/index.js';

/** Int32 values as a request carries them: little-endian, base64. */
const int32Base64 = (values: ArrayLike<number>) => {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeInt32LE(values[i]!, i * 4);
  return bytes.toString('base64');
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tiny = path.join(root, 'tests/fixtures/runs/tiny.yaml');
let home: string;
let api: PlanService;
const events: PlanEvent[] = [];

/** Resolves when the run ends, rejects when it fails. */
function ended(runId: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      const end = events.find((e) => (e.type === 'run-finished' || e.type === 'run-failed') && e.runId === runId);
      if (!end) return;
      clearInterval(timer);
      if (end.type === 'run-failed') reject(new Error(end.message));
      else resolve();
    }, 50);
  });
}

let parent: string;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-steer-'));
  api = new PlanService({ homeDir: home, onEvent: (event) => events.push(event) });
  await api.openScenario(tiny);
  const started = await api.startRun({ scenario: tiny, generations: 4 });
  await ended(started.runId);
  parent = started.dir;
}, 60_000);

afterAll(async () => {
  await api.close();
  await rm(home, { recursive: true, force: true });
});

describe('startSteeredRun', () => {
  it('seeds a run with two layouts and keeps the cells where they agree', async () => {
    const ids = [0, 1];
    const started = await dispatch(api, 'startSteeredRun', [{ dir: parent, ids, lock: 'agreement', generations: 3 }]);
    const { runId, dir, lockedCells, seeds } = started as {
      runId: string;
      dir: string;
      lockedCells: number;
      seeds: number;
    };
    await ended(runId);
    const front = await loadFront(parent);
    const mask = agreementMask(front, ids);
    expect(lockedCells).toBe(mask.reduce((n, v) => n + v, 0));
    expect(seeds).toBe(2);
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest.steering?.parent).toEqual({ dir: parent, ids });
    expect(manifest.steering?.lock).toMatchObject({ source: AGREEMENT_LOCK_LABEL, kind: 'cells', cells: lockedCells });
    const agreed = layoutOf(front, 0);
    const steered = await loadFront(dir);
    let broken = 0;
    for (let id = 0; id < steered.rows; id++) {
      const layout = layoutOf(steered, id);
      for (let i = 0; i < mask.length; i++) if (mask[i] && layout[i] !== agreed[i]) broken++;
    }
    expect(broken).toBe(0);
    // Views that evaluate the steered run's layouts again use its own (locked) study area.
    const view = await api.loadFront(dir);
    for (const [j, objective] of view.objectives.entries()) {
      const contribution = await api.contributionMap(dir, 0, objective.id);
      expect(contribution.total).toBeCloseTo(view.solutions[0]!.objectives[j]!, 3);
    }
  }, 60_000);

  it('locks a rectangle of cells', async () => {
    const started = await api.startSteeredRun({
      dir: parent,
      ids: [2],
      lock: { rect: { col: 4, row: 6, width: 5, height: 3 } },
      generations: 2,
    });
    await ended(started.runId);
    expect(started.lockedCells).toBe(15);
  }, 60_000);

  it('locks cells drawn in the app (sent as runs), recorded with the number of shapes', async () => {
    const front = await loadFront(parent);
    const mask = new Uint8Array(40 * 40);
    for (const cell of [41, 42, 43, 81, 82, 400, 401]) mask[cell] = 1;
    const expected = [...mask.keys()].filter((i) => mask[i] && front.current[i] !== 255).length;
    const started = (await dispatch(api, 'startSteeredRun', [
      { dir: parent, ids: [1], lock: { runs: int32Base64(cellRuns(mask)), shapes: 2 }, generations: 2 },
    ])) as { runId: string; dir: string; lockedCells: number };
    await ended(started.runId);
    expect(started.lockedCells).toBe(expected);
    const manifest = JSON.parse(await readFile(path.join(started.dir, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest.steering?.lock).toMatchObject({ source: '2 polygons drawn on the map', cells: expected });
    const seed = layoutOf(front, 1);
    const steered = await loadFront(started.dir);
    for (let id = 0; id < steered.rows; id++) {
      const layout = layoutOf(steered, id);
      for (let i = 0; i < mask.length; i++) if (mask[i] && front.current[i] !== 255) expect(layout[i]).toBe(seed[i]);
    }
    // Runs that leave the grid, overlap or are cut are refused with what is wrong.
    const refused = (runs: number[]) =>
      api.startSteeredRun({ dir: parent, ids: [1], lock: { runs: int32Base64(runs), shapes: 1 } });
    await expect(refused([1590, 20])).rejects.toThrow(
      /lock\.runs does not fit the 40 x 40 grid of .*: run 1 \(cells 1590 to 1609\) ends outside the 1600 cells/,
    );
    await expect(refused([10, 5, 12, 3])).rejects.toThrow(/run 2 \(first cell 12\) overlaps/);
    await expect(refused([10, 0])).rejects.toThrow(/run 1 is empty/);
    await expect(
      api.startSteeredRun({ dir: parent, ids: [1], lock: { runs: Buffer.alloc(10).toString('base64'), shapes: 1 } }),
    ).rejects.toThrow(/lock\.runs must be pairs of Int32 .* 10 bytes is not a multiple of 8/);
    await expect(
      dispatch(api, 'startSteeredRun', [{ dir: parent, ids: [1], lock: { runs: '!!', shapes: 1 } }]),
    ).rejects.toThrow(/lock\.runs must be base64 text/);
  }, 60_000);

  it('refuses unknown ids, an agreement of one layout, a rectangle off the grid and a malformed lock', async () => {
    await expect(api.startSteeredRun({ dir: parent, ids: [0, 9999], lock: 'none' })).rejects.toThrow(
      /Layout 9999 is not on the front of .* \(ids 0 to \d+\)/,
    );
    await expect(api.startSteeredRun({ dir: parent, ids: [0], lock: 'agreement' })).rejects.toThrow(
      /needs two or more layouts/,
    );
    await expect(
      api.startSteeredRun({ dir: parent, ids: [0], lock: { rect: { col: 38, row: 0, width: 5, height: 5 } } }),
    ).rejects.toThrow(/not inside the 40 x 40 grid/);
    await expect(
      dispatch(api, 'startSteeredRun', [{ dir: parent, ids: [0], lock: 'everything' }]),
    ).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringMatching(/lock must be "agreement", "none", \{ rect \} or \{ runs, shapes \}/),
    });
    await expect(
      dispatch(api, 'startSteeredRun', [
        { dir: parent, ids: [0], lock: { rect: { col: -1, row: 0, width: 1, height: 1 } } },
      ]),
    ).rejects.toThrow(/lock\.rect\.col must be a whole number of at least 0/);
    await expect(dispatch(api, 'startSteeredRun', [{ dir: parent, ids: 'all', lock: 'none' }])).rejects.toThrow(
      /ids must be a list of solution ids/,
    );
  });
});
