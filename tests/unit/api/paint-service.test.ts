/**
 * Paint sessions through the service and the transport-neutral dispatch, as the app calls them:
 * a session from a run's layout scores it as the front does, cells travel as Int32 base64 and are
 * checked, paths go through the path policy, and a closed session is refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PAINT_LOCK,
  PlanService,
  REQUEST_LIMITS,
  type DifferenceMapView,
  type PaintOpened,
  type PaintSnapshot,
  type PaintStatus,
  type PlanEvent,
} from '../../../engine/src/api/index.js';
import { dispatch } from '../../../desktop/src/shared/dispatch.js';
import { runFinished } from '../../support/run-events.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const balanced = path.join(root, 'scenarios/riverbend-balanced.yaml');

const cellsOf = (cells: number[]) => {
  const bytes = Buffer.alloc(cells.length * 4);
  cells.forEach((c, i) => bytes.writeInt32LE(c, i * 4));
  return bytes.toString('base64');
};

describe('paint sessions through the service', () => {
  let home: string;
  let api: PlanService;
  let dir: string;
  const events: PlanEvent[] = [];

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-paint-service-'));
    api = new PlanService({ homeDir: home, onEvent: (event) => events.push(event) });
    const started = await api.startRun({ scenario: balanced, population: 8, generations: 3, workers: 1, seed: 3 });
    dir = started.dir;
    await runFinished(events, started.runId);
  }, 60_000);

  afterAll(async () => {
    await api.close();
    await rm(home, { recursive: true, force: true });
  });

  it("starts from a run's layout with the front's values and places strokes against the front", async () => {
    const front = await api.loadFront(dir);
    const id = front.highlights.knee;
    const opened = (await dispatch(api, 'openPaintSession', [{ run: dir, from: id }])) as PaintOpened;
    const expected = front.solutions[id]!.objectives;
    opened.startValues.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 4));
    expect(opened.values).toEqual(opened.startValues);
    expect(opened.front).toMatchObject({ nonDominated: true });
    expect(opened.layout).toEqual((await api.layoutMap(dir, id)).classes);

    const locked = opened.locked;
    const layout = opened.layout;
    const forest = opened.classes.findIndex((c) => c.id === 'forest');
    const paintable: number[] = [];
    for (let i = 0; i < locked.length && paintable.length < 40; i++)
      if (locked[i] === PAINT_LOCK.paintable && layout[i] !== forest && i % opened.grid.width > 100) paintable.push(i);
    const fixed = locked.indexOf(PAINT_LOCK.fixedClass);
    const status = (await dispatch(api, 'applyStrokes', [
      opened.session,
      cellsOf([...paintable, fixed]),
      'industrial',
    ])) as PaintStatus;
    expect(status.values).not.toEqual(opened.values);
    expect(status.lastStroke!.locked).toBe(1);
    expect(status.lastStroke!.paintedHa + status.lastStroke!.notAllowed * opened.cellAreaHa).toBeCloseTo(
      paintable.length * opened.cellAreaHa,
      9,
    );
    expect(status.changedHa).toBeGreaterThan(opened.changedHa);
    const undone = (await dispatch(api, 'undoStroke', [opened.session])) as PaintStatus;
    undone.values.forEach((v, j) => expect(v).toBeCloseTo(opened.values[j]!, 6));

    const saved = await api.savePaintLayout(opened.session, path.join(dir, 'exports', 'plan.tif'));
    expect(saved.file).toBe(path.join(dir, 'exports', 'plan.tif'));
    await expect(api.savePaintLayout(opened.session, '/etc/plan.tif')).rejects.toThrow(
      /outside the folders you opened/,
    );
    await expect(api.savePaintLayout(opened.session, path.join(dir, 'exports', 'plan.png'))).rejects.toThrow(
      /must end in \.tif or \.tiff/,
    );
    expect(await api.closePaintSession(opened.session)).toEqual({ closed: true });
    await expect(api.applyStrokes(opened.session, cellsOf([0]), 'forest')).rejects.toThrow(/paint session is closed/);
  });

  it('adds a snapshot of the plan to the comparison: scored like a front row, its map kept for difference maps', async () => {
    const front = await api.loadFront(dir);
    const id = front.highlights.knee;
    const opened = (await dispatch(api, 'openPaintSession', [{ run: dir, from: id }])) as PaintOpened;
    // Unchanged, the plan is the layout it started from: the front's row, map and no difference.
    const start = (await dispatch(api, 'paintSnapshot', [opened.session])) as PaintSnapshot;
    const row = front.solutions[id]!;
    start.objectives.forEach((v, j) => expect(v).toBeCloseTo(row.objectives[j]!, 4));
    expect(start.indicators).toHaveLength(front.indicators.length);
    start.indicators.forEach((v, j) => expect(v).toBeCloseTo(row.indicators[j]!, 4));
    start.areaHa.forEach((v, j) => expect(v).toBeCloseTo(row.areaHa[j]!, 6));
    expect(
      (await dispatch(api, 'differenceMap', [dir, id, { painted: start.snapshot }])) as DifferenceMapView,
    ).toMatchObject({ changedHa: 0, transitions: [] });

    const locked = opened.locked;
    const layout = opened.layout;
    const park = opened.classes.findIndex((c) => c.id === 'park');
    const cells: number[] = [];
    for (let i = 0; i < locked.length && cells.length < 60; i++)
      if (locked[i] === PAINT_LOCK.paintable && layout[i] !== park) cells.push(i);
    const status = await api.applyStrokes(opened.session, cellsOf(cells), 'park');
    const painted = await api.paintSnapshot(opened.session);
    expect(painted.objectives).toEqual(status.values); // the live scores the Paint tab shows
    expect(painted.areaHa).toEqual(status.areasHa);
    expect(painted.strokes).toBe(1);
    expect(painted.run).toBe(dir);
    // Sub-indicators of a full evaluation sum, weighted, to the live objective values.
    front.objectives.forEach((o, j) => {
      const sum = front.indicators.reduce(
        (total, ind, k) => total + (ind.objective === o.id ? ind.weight * painted.indicators[k]! : 0),
        0,
      );
      expect(sum).toBeCloseTo(painted.objectives[j]!, 3);
    });
    const diff = await api.differenceMap(dir, id, { painted: painted.snapshot });
    expect(diff.changedHa).toBeCloseTo(status.lastStroke!.paintedHa, 9);
    expect(diff.transitions.every((t) => t.to === 'park')).toBe(true);
    const changed = diff.changed;
    expect(painted.layout.filter((c, i) => changed[i] === 1 && c !== park)).toHaveLength(0);
    // The first snapshot keeps the plan as it was when added.
    expect((await api.differenceMap(dir, { painted: start.snapshot }, id)).changedHa).toBe(0);
    await expect(dispatch(api, 'differenceMap', [dir, id, { painted: 'paint-gone/x' }])).rejects.toThrow(
      /no longer kept by the engine/,
    );
    await expect(dispatch(api, 'differenceMap', [dir, id, { painted: 3 }])).rejects.toThrow(/b\.painted/);
    await api.closePaintSession(opened.session);
    await expect(api.paintSnapshot(opened.session)).rejects.toThrow(/paint session is closed/);
  });

  it('checks its arguments: sources, base64 cells, their number, classes and solution ids', async () => {
    await expect(dispatch(api, 'openPaintSession', [{}])).rejects.toThrow(/needs a run folder \(run\) or a scenario/);
    await expect(dispatch(api, 'openPaintSession', [{ run: '/etc' }])).rejects.toMatchObject({ kind: 'input' });
    await expect(dispatch(api, 'openPaintSession', [{ run: dir, from: -2 }])).rejects.toThrow(
      /from must be a whole number/,
    );
    await expect(dispatch(api, 'openPaintSession', [{ run: dir, from: 99_999 }])).rejects.toThrow(
      /Solution 99999 does not exist/,
    );
    const opened = (await dispatch(api, 'openPaintSession', [{ scenario: balanced }])) as PaintOpened;
    expect(opened.front).toBeNull();
    expect(opened.changedHa).toBe(0);
    await expect(dispatch(api, 'applyStrokes', [opened.session, 'not base64!', 'forest'])).rejects.toThrow(
      /cells must be base64 text/,
    );
    await expect(dispatch(api, 'applyStrokes', [opened.session, 'AAA=', 'forest'])).rejects.toThrow(
      /multiple of 4 bytes/,
    );
    const tooMany = Buffer.alloc((REQUEST_LIMITS.paintCells + 1) * 4).toString('base64');
    await expect(dispatch(api, 'applyStrokes', [opened.session, tooMany, 'forest'])).rejects.toThrow(
      /send fewer cells per request/,
    );
    await expect(api.applyStrokes(opened.session, tooMany, 'forest')).rejects.toThrow(
      /at most 150,000 are painted at once/,
    );
    const most = Buffer.alloc(REQUEST_LIMITS.paintCells * 4).toString('base64');
    expect((await dispatch(api, 'applyStrokes', [opened.session, most, 'agriculture'])) as PaintStatus).toMatchObject({
      session: opened.session,
    });
    await expect(dispatch(api, 'applyStrokes', [opened.session, cellsOf([0]), 'castle'])).rejects.toThrow(
      /Unknown class "castle"/,
    );
    await expect(dispatch(api, 'applyStrokes', [opened.session, cellsOf([240 * 240]), 'forest'])).rejects.toThrow(
      /outside the 240 x 240 grid/,
    );
    await expect(dispatch(api, 'applyStrokes', ['paint-unknown', cellsOf([0]), 'forest'])).rejects.toThrow(
      /paint session is closed/,
    );
    expect(await api.closePaintSession('paint-unknown')).toEqual({ closed: false });
  });
});
