/**
 * Narrowed objective ranges of the explorer's Steer action through the service and the dispatch
 * (no browser), on the tiny Riverbend window: the bounds reach the run (every layout within them,
 * the manifest records them); bounds no layout meets end the run with a "No feasible layout"
 * message; bad bounds are input errors naming the objective ids or the field.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFront, PlanService, type PlanEvent, type RunManifest } from '../../../engine/src/api/index.js';
import { dispatch } from '../../../desktop/src/shared/dispatch.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tiny = path.join(root, 'tests/fixtures/runs/tiny.yaml');
let home: string;
let api: PlanService;
const events: PlanEvent[] = [];

/** The run's end event (run-finished or run-failed). */
function ended(runId: string): Promise<PlanEvent> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const end = events.find((e) => (e.type === 'run-finished' || e.type === 'run-failed') && e.runId === runId);
      if (!end) return;
      clearInterval(timer);
      resolve(end);
    }, 50);
  });
}

let parent: string;
let median = 0;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-steer-ranges-'));
  api = new PlanService({ homeDir: home, onEvent: (event) => events.push(event) });
  await api.openScenario(tiny);
  const started = await api.startRun({ scenario: tiny, generations: 4 });
  expect((await ended(started.runId)).type).toBe('run-finished');
  parent = started.dir;
  const economic = (await loadFront(parent)).table.map((row) => row[1]!).sort((a, b) => a - b);
  median = economic[Math.floor(economic.length / 2)]!;
}, 60_000);

afterAll(async () => {
  await api.close();
  await rm(home, { recursive: true, force: true });
});

describe('startSteeredRun with objective bounds', () => {
  it('keeps every layout of the new run within the bounds and records them', async () => {
    const started = await dispatch(api, 'startSteeredRun', [
      {
        dir: parent,
        ids: [0],
        lock: 'none',
        objectiveBounds: [{ objective: 'economic', min: median, max: null }],
        generations: 3,
      },
    ]);
    const { runId, dir } = started as { runId: string; dir: string };
    expect((await ended(runId)).type).toBe('run-finished');
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest.steering?.objectiveBounds).toEqual([{ objective: 'economic', min: median, max: null }]);
    const front = await loadFront(dir);
    expect(front.rows).toBeGreaterThan(0);
    for (const row of front.table) expect(row[1]).toBeGreaterThanOrEqual(median);
  }, 60_000);

  it('ends a run no layout of which meets the bounds with a clear message', async () => {
    const started = await api.startSteeredRun({
      dir: parent,
      ids: [0],
      lock: 'none',
      objectiveBounds: [{ objective: 'social', min: null, max: -1e6 }],
      generations: 2,
    });
    const end = await ended(started.runId);
    expect(end).toMatchObject({
      type: 'run-finished',
      status: 'complete',
      message: expect.stringContaining(
        'No feasible layout: no layout met every demand and rule within the objective bounds (social <= -1,000,000).',
      ),
    });
  }, 60_000);

  it('refuses an unknown objective naming the ids, a min above the max, and malformed bounds', async () => {
    await expect(
      api.startSteeredRun({
        dir: parent,
        ids: [0],
        lock: 'none',
        objectiveBounds: [{ objective: 'wealth', min: 1, max: null }],
      }),
    ).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringContaining(
        '"wealth" is not an objective of this scenario; its objectives are economic, social, ecological',
      ),
    });
    await expect(
      api.startSteeredRun({
        dir: parent,
        ids: [0],
        lock: 'none',
        objectiveBounds: [{ objective: 'social', min: 5, max: 4 }],
      }),
    ).rejects.toThrow(/the min of social \(5\) is above its max \(4\)/);
    await expect(
      dispatch(api, 'startSteeredRun', [
        { dir: parent, ids: [0], lock: 'none', objectiveBounds: [{ objective: 'social', min: '5' }] },
      ]),
    ).rejects.toThrow(/objectiveBounds\[0\]\.min must be a number or null, got/);
    await expect(
      dispatch(api, 'startSteeredRun', [{ dir: parent, ids: [0], lock: 'none', objectiveBounds: 'tight' }]),
    ).rejects.toThrow(/objectiveBounds must be a list of at most 32/);
  });
});
