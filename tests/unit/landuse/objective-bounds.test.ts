/**
 * Objective bounds of a steered run (engine/src/landuse/model/objective-bounds.ts) on the tiny
 * Riverbend window: the violation adds each objective's shortfall relative to its bound; the
 * local search and the parsimony reversion never take a layout out of the bounds; a short NSGA-II
 * run archives only layouts within them; bad bounds are refused naming the objective ids.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  boundObjectives,
  boundShortfall,
  createLandUseProblem,
  listObjectiveBounds,
  LocalSearch,
  parsimonyTolerances,
  PatchReversion,
  prepareScenario,
  type StudyArea,
} from '../../../engine/src/landuse/index.js';
import { createRandom, MaxGenerations, NSGA2 } from '../../../engine/src/optimizer/index.js';
import { randomSource, scramble } from './fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let area: StudyArea;

beforeAll(async () => {
  area = (await prepareScenario(path.join(root, 'tests/fixtures/runs/tiny.yaml'))).studyArea;
});

/** Feasible sampled layouts of `on` (demands met, rules kept), rows x genes. */
function sampled(on: StudyArea, rows: number, seed: number): Uint8Array {
  const setup = createLandUseProblem(on);
  const variables = setup.problem.createVariables(rows);
  setup.sampling.sample(variables, rows, createRandom(seed));
  return variables;
}

function objectivesOf(on: StudyArea, row: Uint8Array): Float64Array {
  const out = new Float64Array(on.objectives.length);
  createLandUseProblem(on).evaluator.evaluate(row, out);
  return out;
}

describe('boundObjectives', () => {
  it('refuses an unknown objective naming the valid ids, a min above the max, a side given twice', () => {
    expect(() => boundObjectives(area, [{ objective: 'economy', min: 1 }], '--{side}')).toThrow(
      '--min: "economy" is not an objective of this scenario; its objectives are economic, social, ecological.',
    );
    expect(() => boundObjectives(area, [{ objective: 'economy', max: 1 }], '--{side}')).toThrow(/^--max: "economy"/);
    expect(() =>
      boundObjectives(area, [
        { objective: 'social', min: 5 },
        { objective: 'social', max: 4 },
      ]),
    ).toThrow(/min of social \(5\) is above its max \(4\)/);
    expect(() =>
      boundObjectives(area, [
        { objective: 'social', min: 5 },
        { objective: 'social', min: 6 },
      ]),
    ).toThrow(/min of social is given twice/);
    expect(() => boundObjectives(area, [{ objective: 'social', min: Number.NaN }])).toThrow(/finite number/);
  });

  it('lists the bounds it set, merging the sides of one objective', () => {
    const bounded = boundObjectives(area, [
      { objective: 'ecological', max: 200 },
      { objective: 'economic', min: 20 },
      { objective: 'ecological', min: 50 },
    ]);
    expect(listObjectiveBounds(bounded)).toEqual([
      { objective: 'economic', min: 20, max: null },
      { objective: 'ecological', min: 50, max: 200 },
    ]);
    expect(listObjectiveBounds(area)).toEqual([]);
  });
});

describe('the violation with objective bounds', () => {
  it('adds each objective shortfall relative to its bound, and nothing within the bounds', () => {
    const row = sampled(area, 1, 5);
    const f = objectivesOf(area, row);
    const plain = createLandUseProblem(area).problem;
    expect(plain.violation(row)).toBe(0);

    const within = createLandUseProblem(
      boundObjectives(area, [
        { objective: 'economic', min: f[0]! - 1, max: f[0]! + 1 },
        { objective: 'ecological', min: f[2]! },
      ]),
    ).problem;
    expect(within.violation(row)).toBe(0);

    // 10 above economic's value, 2 below social's: (f0 + 10 - f0) / |f0 + 10| + (f1 - (f1 - 2)) / |f1 - 2|.
    const outside = createLandUseProblem(
      boundObjectives(area, [
        { objective: 'economic', min: f[0]! + 10 },
        { objective: 'social', max: f[1]! - 2 },
      ]),
    ).problem;
    const expected = 10 / Math.abs(f[0]! + 10) + 2 / Math.abs(f[1]! - 2);
    expect(outside.violation(row)).toBeCloseTo(expected, 12);
    // The batch path (objectives evaluated once, as in the workers) gives the same.
    const batch = { size: 1, variables: row, objectives: new Float64Array(3), violations: new Float64Array(1) };
    outside.evaluate(batch);
    expect(batch.violations[0]).toBe(outside.violation(row));
    expect([...batch.objectives]).toEqual([...f]);
  });

  it('scales a shortfall by max(1, |bound|)', () => {
    const bounds = { min: Float64Array.of(0.5, -Infinity), max: Float64Array.of(Infinity, -200) };
    expect(boundShortfall(bounds, [0.25, -100])).toBeCloseTo(0.25 + 100 / 200, 15);
    expect(boundShortfall(bounds, [0.5, -200])).toBe(0);
    expect(boundShortfall(undefined, [0, 0])).toBe(0);
  });
});

describe('operators keep the objective bounds', () => {
  it('the local search on one objective keeps the others within their bounds', () => {
    const rows = sampled(area, 4, 11);
    const genes = area.geneCells.length;
    let brokeWithout = 0;
    for (let r = 0; r < 4; r++) {
      const row = rows.slice(r * genes, (r + 1) * genes);
      const f = objectivesOf(area, row);
      // Raise economic while social and ecological may not fall below what the layout has now.
      const bounded = boundObjectives(area, [
        { objective: 'social', min: f[1]! },
        { objective: 'ecological', min: f[2]! },
      ]);
      const run = (on: StudyArea) => {
        const setup = createLandUseProblem(on);
        const search = new LocalSearch(on, setup.evaluator, parsimonyTolerances(setup.evaluator), setup.regions);
        const copy = row.slice();
        const result = search.run(copy, createRandom(r), 0, { evaluations: 400 });
        return { copy, result, problem: setup.problem };
      };
      const free = run(area);
      const g = objectivesOf(area, free.copy);
      if (g[1]! < f[1]! || g[2]! < f[2]!) brokeWithout++;
      const kept = run(bounded);
      expect(kept.problem.violation(kept.copy)).toBe(0);
      const h = objectivesOf(area, kept.copy);
      expect(h[1]).toBeGreaterThanOrEqual(f[1]!);
      expect(h[2]).toBeGreaterThanOrEqual(f[2]!);
    }
    // Without the bounds the same searches trade the other objectives away: the test bites.
    expect(brokeWithout).toBeGreaterThan(0);
  });

  it('the local search brings a layout outside the bounds closer to them, whatever its target', () => {
    const genes = area.geneCells.length;
    const rows = sampled(area, 3, 17);
    for (let r = 0; r < 3; r++) {
      const row = rows.slice(r * genes, (r + 1) * genes);
      const f = objectivesOf(area, row);
      // Ecology well above what the layout has; the search's target is economic.
      const bounded = boundObjectives(area, [{ objective: 'ecological', min: f[2]! * 1.5 + 10 }]);
      const setup = createLandUseProblem(bounded);
      const search = new LocalSearch(bounded, setup.evaluator, parsimonyTolerances(setup.evaluator), setup.regions);
      const before = setup.problem.violation(row);
      expect(before).toBeGreaterThan(0);
      search.run(row, createRandom(r), 0, { evaluations: 300 });
      expect(setup.problem.violation(row)).toBeLessThan(before);
      expect(objectivesOf(area, row)[2]).toBeGreaterThan(f[2]!);
    }
  });

  it('the parsimony reversion does not take a layout above a max bound', () => {
    const next = randomSource(3);
    const genes = area.geneCells.length;
    let raisedWithout = 0;
    let checked = 0;
    for (let r = 0; r < 8; r++) {
      const row = sampled(area, 1, 100 + r);
      scramble(area, row, 0.05, next); // scattered changes the reversion removes
      const f = objectivesOf(area, row);
      const free = row.slice();
      new PatchReversion(area, createLandUseProblem(area).evaluator).revert(free);
      const g = objectivesOf(area, free);
      // A max at today's value of each objective the free reversion raises.
      const raised = [0, 1, 2].filter((m) => g[m]! > f[m]! + 1e-9);
      if (raised.length === 0) continue;
      raisedWithout++;
      const ids = ['economic', 'social', 'ecological'];
      const bounded = boundObjectives(
        area,
        raised.map((m) => ({ objective: ids[m]!, max: f[m]! })),
      );
      const copy = row.slice();
      new PatchReversion(bounded, createLandUseProblem(bounded).evaluator).revert(copy);
      const h = objectivesOf(area, copy);
      for (const m of raised) expect(h[m]).toBeLessThanOrEqual(f[m]!);
      expect(boundShortfall(bounded.objectiveBounds, h)).toBe(0);
      checked++;
      expect(copy.length).toBe(genes);
    }
    expect(raisedWithout).toBeGreaterThan(0);
    expect(checked).toBe(raisedWithout);
  });

  it('a short NSGA-II run with the memetic step archives only layouts within the bounds', async () => {
    // Lower bounds in the upper part of what sampled layouts reach.
    const rows = sampled(area, 8, 21);
    const genes = area.geneCells.length;
    const values = [0, 1, 2].map(() => [] as number[]);
    for (let r = 0; r < 8; r++) {
      const f = objectivesOf(area, rows.subarray(r * genes, (r + 1) * genes));
      f.forEach((v, m) => values[m]!.push(v));
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const bounded = boundObjectives(area, [
      { objective: 'economic', min: median(values[0]!) },
      { objective: 'ecological', min: median(values[2]!) },
    ]);
    const setup = createLandUseProblem(bounded);
    const nsga2 = new NSGA2<Uint8Array>(setup.problem, {
      populationSize: 12,
      seed: 4,
      sampling: setup.sampling,
      crossover: setup.crossover,
      mutation: setup.mutation,
      repair: setup.repair,
      improvement: setup.improvement,
      intensification: { every: 2, budget: 200 },
      termination: new MaxGenerations(6),
      archive: { capacity: 40 },
    });
    await nsga2.run();
    const archive = nsga2.result().archive!;
    expect(archive.size).toBeGreaterThan(0);
    const f = new Float64Array(3);
    for (let r = 0; r < archive.size; r++) {
      const row = archive.variables.subarray(r * genes, (r + 1) * genes);
      setup.evaluator.evaluate(row, f);
      expect(f[0]).toBeGreaterThanOrEqual(median(values[0]!));
      expect(f[2]).toBeGreaterThanOrEqual(median(values[2]!));
      expect(setup.problem.violation(row)).toBe(0);
    }
  });
});
