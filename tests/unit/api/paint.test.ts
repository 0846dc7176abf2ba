/**
 * Paint sessions (engine/src/api/paint.ts): the incremental scores after several strokes equal a
 * full evaluation of the painted layout; fixed and protected cells are refused; a stroke can be
 * taken back; the saved GeoTIFF is read back by `score` with the painted classes and the same values.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  FULL_EVALUATION_SHARE,
  PAINT_LOCK,
  PaintSession,
  PaintSessions,
  scoreLayout,
} from '../../../engine/src/api/index.js';
import { LandUseEvaluator, prepareScenario, type PreparedScenario } from '../../../engine/src/landuse/index.js';
import { readLayoutRaster } from '../../../engine/src/runs/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const balanced = path.join(root, 'scenarios/riverbend-balanced.yaml');

/** Grid indices of a disk of `radius` cells around (x, y), clipped to the grid. */
function disk(width: number, height: number, x: number, y: number, radius: number): Int32Array {
  const cells: number[] = [];
  for (let dy = -radius; dy <= radius; dy++)
    for (let dx = -radius; dx <= radius; dx++) {
      const cx = x + dx;
      const cy = y + dy;
      if (dx * dx + dy * dy <= radius * radius && cx >= 0 && cy >= 0 && cx < width && cy < height)
        cells.push(cy * width + cx);
    }
  return Int32Array.from(cells);
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let m = 0; m < expected.length; m++)
    expect(Math.abs(actual[m]! - expected[m]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected[m]!)));
}

describe('paint session', () => {
  let prepared: PreparedScenario;
  let full: LandUseEvaluator;
  let work: string;

  beforeAll(async () => {
    prepared = await prepareScenario(balanced);
    full = new LandUseEvaluator(prepared.studyArea);
    work = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-paint-'));
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const fullValues = (session: PaintSession) => {
    const out = new Float64Array(full.numberOfObjectives);
    full.evaluate(session.layoutGenome, out);
    return out;
  };

  /** The centre of the first changeable cell of today's class `classId` from the top left, scanning with a step. */
  const cellOf = (classId: string, lock: number, locked: Uint8Array, after = 0) => {
    const area = prepared.studyArea;
    const k = area.classes.findIndex((c) => c.id === classId);
    for (let i = after; i < area.current.length; i++) if (area.current[i] === k && locked[i] === lock) return i;
    throw new Error(`no ${classId} cell`);
  };

  test('incremental scores equal a full evaluation after each of several strokes', () => {
    const session = new PaintSession(prepared);
    expectClose(session.values, fullValues(session));
    const area = prepared.studyArea;
    const { width, height } = area;
    const locked = session.lockedMap();
    const farm = cellOf('agriculture', PAINT_LOCK.paintable, locked);
    const grass = cellOf('grassland', PAINT_LOCK.paintable, locked);
    const homes = cellOf('residential', PAINT_LOCK.paintable, locked);
    const strokes: [number, string, number][] = [
      [farm, 'residential', 4], // new homes: housing supply, walking access, conversion cost
      [farm + 6, 'park', 2], // a park next to them: green access of those homes
      [grass, 'forest', 5], // habitat core
      [homes, 'commercial', 3], // homes lost, services gained
      [farm + 3, 'agriculture', 3], // partly back to today, over the homes painted first
    ];
    let painted = 0;
    for (const [cell, classId, radius] of strokes) {
      const k = area.classes.findIndex((c) => c.id === classId);
      const result = session.paint(disk(width, height, cell % width, Math.floor(cell / width), radius), k);
      painted += result.painted.length;
      expectClose(session.values, fullValues(session));
      for (const c of result.painted) expect(session.layout()[c]).toBe(k);
    }
    expect(painted).toBeGreaterThan(50);
    // A large polygon (more than FULL_EVALUATION_SHARE of the genes) is evaluated afresh; small strokes after it incrementally again.
    const square: number[] = [];
    for (let y = 30; y < 130; y++) for (let x = 30; x < 130; x++) square.push(y * width + x);
    const forest = area.classes.findIndex((c) => c.id === 'forest');
    const large = session.paint(Int32Array.from(square), forest);
    expect(large.painted.length).toBeGreaterThan(area.geneCells.length * FULL_EVALUATION_SHARE);
    expectClose(session.values, fullValues(session));
    const after = session.paint(
      disk(width, height, farm % width, Math.floor(farm / width), 3),
      area.classes.findIndex((c) => c.id === 'grassland'),
    );
    expect(after.painted.length).toBeGreaterThan(0);
    expectClose(session.values, fullValues(session));
    const status = session.status();
    let changed = 0;
    const layout = session.layout();
    for (let i = 0; i < layout.length; i++) if (layout[i] !== area.current[i]) changed++;
    expect(status.changedHa).toBeCloseTo(changed * area.cellAreaHa, 9);
    expect(status.values).not.toEqual([...session.startValues]);
    // Taking back the strokes one by one returns to today's values.
    while (session.undo() !== null) expectClose(session.values, fullValues(session));
    expectClose(session.values, session.startValues);
    expect(session.status().changedHa).toBe(0);
  });

  test('fixed and protected cells are refused, and classes the rules forbid', () => {
    const session = new PaintSession(prepared);
    const area = prepared.studyArea;
    const locked = session.lockedMap();
    const water = cellOf('water', PAINT_LOCK.fixedClass, locked);
    const reserve = locked.indexOf(PAINT_LOCK.protectedArea);
    expect(reserve).toBeGreaterThanOrEqual(0);
    const residential = area.classes.findIndex((c) => c.id === 'residential');
    const before = [...session.values];
    const result = session.paint(Int32Array.of(water, reserve, water), residential);
    expect(result.painted.length).toBe(0);
    expect(result.locked).toBe(3);
    expect(session.layout()[water]).toBe(area.current[water]);
    expect(session.layout()[reserve]).toBe(area.current[reserve]);
    expect([...session.values]).toEqual(before);
    // Painting a fixed class (water) on a changeable cell: the rules forbid it.
    const waterClass = area.classes.findIndex((c) => c.id === 'water');
    const farm = cellOf('agriculture', PAINT_LOCK.paintable, locked);
    const refused = session.paint(Int32Array.of(farm), waterClass);
    expect(refused).toMatchObject({ locked: 0, notAllowed: 1 });
    expect(refused.painted.length).toBe(0);
    expect(() => session.paint(Int32Array.of(area.current.length), residential)).toThrow(/outside the 240 x 240 grid/);
  });

  test('demands and the change limit follow the strokes', () => {
    const session = new PaintSession(prepared);
    const area = prepared.studyArea;
    const today = session.status();
    const homes = today.demands.find((d) => d.classId === 'residential')!;
    expect(homes.status).toBe('below'); // Riverbend needs more housing land than today's
    expect(today.maxChangeHa).toBeCloseTo(300, 0);
    const locked = session.lockedMap();
    const residential = area.classes.findIndex((c) => c.id === 'residential');
    const farms: number[] = [];
    const agriculture = area.classes.findIndex((c) => c.id === 'agriculture');
    for (let i = 0; i < locked.length && farms.length * area.cellAreaHa < homes.shortfallHa; i++)
      if (
        locked[i] === PAINT_LOCK.paintable &&
        area.current[i] === agriculture &&
        area.allowed[area.geneOfCell[i]!]! & (1 << residential)
      )
        farms.push(i);
    session.paint(Int32Array.from(farms), residential);
    const after = session.status().demands.find((d) => d.classId === 'residential')!;
    expect(after.status).toBe('met');
    expect(after.ha - homes.ha).toBeCloseTo(farms.length * area.cellAreaHa, 9);
  });

  test('sessions save a GeoTIFF that score reads back with the painted cells and the same values', async () => {
    const sessions = new PaintSessions(2);
    const opened = await sessions.open({ scenario: balanced });
    const { width, height } = opened.grid;
    const locked = opened.locked;
    const cell = cellOf('agriculture', PAINT_LOCK.paintable, locked);
    const status = sessions.paint(
      opened.session,
      disk(width, height, cell % width, Math.floor(cell / width), 3),
      'park',
    );
    const painted = new Int32Array(status.lastStroke!.painted.slice().buffer);
    expect(painted.length).toBeGreaterThan(10);
    const file = path.join(work, 'plan.tif');
    const saved = await sessions.save(opened.session, file);
    expect(saved.changedHa).toBeCloseTo(painted.length * opened.cellAreaHa, 9);
    const read = await readLayoutRaster(file, prepared);
    const park = opened.classes.findIndex((c) => c.id === 'park');
    for (const c of painted) expect(read.classes[c]).toBe(park);
    const scored = await scoreLayout(balanced, file);
    expectClose(
      scored.objectives.map((o) => o.value),
      status.values,
    );
    // Bounded: a third session closes the least recently used.
    const second = await sessions.open({ scenario: balanced });
    sessions.paint(opened.session, Int32Array.of(), 'park');
    await sessions.open({ scenario: balanced });
    expect(sessions.size).toBe(2);
    expect(() => sessions.undo(second.session)).toThrow(/paint session is closed/);
    expect(() => sessions.paint(opened.session, Int32Array.of(), 'nowhere')).toThrow(/Unknown class "nowhere"/);
  });
});
