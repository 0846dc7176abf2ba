/**
 * Locked cells of a steered run (engine/src/landuse/model/cell-locks.ts) on the tiny Riverbend
 * window: a cell locked to today's class leaves the genome, one locked to another class keeps only
 * that class and still counts as change for the objectives; every operator (sampling, crossover,
 * mutation, repair, improvement) keeps locked cells through a few NSGA-II generations; the change
 * limit counts the locked changes; locks the rules forbid are refused.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createLandUseProblem,
  currentGenome,
  layoutMap,
  lockCells,
  NO_CLASS,
  prepareScenario,
  startGenome,
  type PreparedScenario,
  type StudyArea,
} from '../../../engine/src/landuse/index.js';
import { MaxGenerations, NSGA2 } from '../../../engine/src/optimizer/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let prepared: PreparedScenario;
let area: StudyArea;

beforeAll(async () => {
  prepared = await prepareScenario(path.join(root, 'tests/fixtures/runs/tiny.yaml'));
  area = prepared.studyArea;
});

/** Lock the first `same` genes to today's class and the next `other` genes to another allowed class. */
function someLocks(same: number, other: number): Uint8Array {
  const classes = new Uint8Array(area.current.length).fill(NO_CLASS);
  for (let g = 0; g < same; g++) classes[area.geneCells[g]!] = area.current[area.geneCells[g]!]!;
  let locked = 0;
  for (let g = same; locked < other && g < area.geneCells.length; g++) {
    const today = area.current[area.geneCells[g]!]!;
    // A class without an upper demand (agriculture, forest, grassland), so the locks stay feasible.
    const mask = area.allowed[g]! & ~(1 << today) & 0b111000;
    if (!mask) continue;
    classes[area.geneCells[g]!] = 31 - Math.clz32(mask);
    locked++;
  }
  return classes;
}

describe('lockCells', () => {
  it('takes cells locked to today out of the genome and keeps cells locked to another class as one-class genes', () => {
    const classes = someLocks(50, 30);
    const { studyArea: locked, summary } = lockCells(area, classes);
    expect(summary).toEqual({ lockedCells: 80, lockedChanges: 30 });
    expect(locked.geneCells.length).toBe(area.geneCells.length - 50);
    expect(locked.lockedBy.steering).toBe(80);
    const start = startGenome(locked);
    const today = currentGenome(locked);
    let changedAtStart = 0;
    for (let g = 0; g < locked.geneCells.length; g++) {
      const cell = locked.geneCells[g]!;
      if (classes[cell] === NO_CLASS) {
        expect(start[g]).toBe(today[g]);
        continue;
      }
      expect(locked.allowed[g]).toBe(1 << classes[cell]!);
      expect(start[g]).toBe(classes[cell]);
      if (start[g] !== today[g]) changedAtStart++;
    }
    expect(changedAtStart).toBe(30);
    // The start layout's map holds every locked class.
    const map = layoutMap(locked, start);
    for (let i = 0; i < classes.length; i++) if (classes[i] !== NO_CLASS) expect(map[i]).toBe(classes[i]);
  });

  it('counts cells locked to another class as change in the objectives', () => {
    const { studyArea: locked } = lockCells(area, someLocks(0, 200));
    const unlocked = createLandUseProblem(area).evaluator;
    const steered = createLandUseProblem(locked).evaluator;
    const a = new Float64Array(unlocked.numberOfObjectives);
    const b = new Float64Array(steered.numberOfObjectives);
    // The same map evaluated on both study areas: the locked changes are in the objectives.
    const start = startGenome(locked);
    const map = layoutMap(locked, start);
    unlocked.evaluate(
      Uint8Array.from(area.geneCells, (cell) => map[cell]!),
      a,
    );
    steered.evaluate(start, b);
    expect([...b]).toEqual([...a]);
    const today = new Float64Array(unlocked.numberOfObjectives);
    unlocked.evaluate(currentGenome(area), today);
    expect([...b]).not.toEqual([...today]);
  });

  it('keeps every locked cell through sampling, crossover, mutation, repair and improvement', async () => {
    const classes = someLocks(120, 60);
    const { studyArea: locked } = lockCells(area, classes);
    const setup = createLandUseProblem(locked);
    const nsga2 = new NSGA2<Uint8Array>(setup.problem, {
      populationSize: 12,
      seed: 3,
      sampling: setup.sampling,
      crossover: setup.crossover,
      mutation: setup.mutation,
      repair: setup.repair,
      improvement: setup.improvement,
      intensification: { every: 2, budget: 200 },
      termination: new MaxGenerations(4),
      archive: { capacity: 40 },
    });
    await nsga2.run();
    const archive = nsga2.result().archive!;
    expect(archive.size).toBeGreaterThan(0);
    const n = locked.geneCells.length;
    let broken = 0;
    for (let r = 0; r < archive.size; r++) {
      const map = layoutMap(locked, archive.variables.subarray(r * n, (r + 1) * n));
      for (let i = 0; i < classes.length; i++) if (classes[i] !== NO_CLASS && map[i] !== classes[i]) broken++;
    }
    expect(broken).toBe(0);
  });

  it('bounds the change made on top of the locked changes by rules.maxChange', () => {
    const limited: StudyArea = { ...area, maxChangedCells: 100 };
    expect(lockCells(limited, someLocks(0, 40)).studyArea.maxChangedCells).toBe(60);
    expect(() => lockCells(limited, someLocks(0, 101), 'lock.tif')).toThrow(
      /lock\.tif locks 101 cells .* rules\.maxChange/,
    );
  });

  it('refuses a lock to a class the rules forbid on the cell', () => {
    const classes = new Uint8Array(area.current.length).fill(NO_CLASS);
    const water = area.classes.findIndex((c) => c.id === 'water');
    classes[area.geneCells[0]!] = water; // water is a fixed class: no cell may become water
    expect(() => lockCells(area, classes, 'plan.geojson')).toThrow(
      /plan\.geojson locks cells to classes .* -> water \(1 cell\)/,
    );
  });
});
