/**
 * Scoring any layout and monitoring a plan (engine/src/runs/scoring): the whole-map evaluation
 * against the optimiser's own and against the reference evaluator, rule violations and demand
 * shortfalls in ha, code mapping, placement on a front, and the monitoring categories.
 */
import { describe, expect, test } from 'vitest';
import { currentGenome, layoutMap, NO_CLASS } from '../../../engine/src/landuse/model/study-area.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import type { ResolvedScenario } from '../../../engine/src/landuse/scenario/types.js';
import { classesOfCodes } from '../../../engine/src/runs/scoring/layout-raster.js';
import { everyCellChangeable, LayoutScorer } from '../../../engine/src/runs/scoring/evaluate.js';
import { comparePlan } from '../../../engine/src/runs/scoring/monitor.js';
import { advantageOf, placeOnFront } from '../../../engine/src/runs/scoring/placement.js';
import { RunInputError } from '../../../engine/src/runs/errors.js';
import { LAYERS_HEADER, randomLandscape, randomSource, scramble, tinyStudyArea } from '../landuse/fixtures.js';
import { ReferenceEvaluator } from '../landuse/reference-evaluator.js';

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

describe('whole-map evaluation (every study-area cell changeable)', () => {
  test("equals the optimiser's evaluation of the same genome within 1e-9, every objective and sub-indicator", () => {
    for (const seed of [1, 7, 42, 1234, 99_999]) {
      const area = randomLandscape(23 + (seed % 9), 17 + (seed % 5), seed, { patch: 3 });
      const genome = currentGenome(area);
      scramble(area, genome, 0.4, randomSource(seed + 1));
      const expected = new LandUseEvaluator(area).report(genome);
      const wide = everyCellChangeable(area);
      const map = layoutMap(area, genome);
      const actual = new LandUseEvaluator(wide).report(Uint8Array.from(wide.geneCells, (cell) => map[cell]!));
      expected.objectives.forEach((v, m) => expect(relativeError(actual.objectives[m]!, v)).toBeLessThan(1e-9));
      expected.indicators.forEach((v, k) =>
        expect(relativeError(actual.indicators[k]!.value, v.value)).toBeLessThan(1e-9),
      );
    }
  });

  test('a map changing cells the optimiser may not change equals the reference evaluator on it', () => {
    const area = randomLandscape(31, 19, 5, { patch: 3 });
    const wide = everyCellChangeable(area);
    const next = randomSource(6);
    const genome = Uint8Array.from(wide.geneCells, (cell) =>
      next() < 0.3 ? Math.floor(next() * area.classes.length) : area.current[cell]!,
    );
    // Some of the changed cells are locked in the scenario (water is fixed).
    expect(
      [...wide.geneCells].some((cell, g) => area.geneOfCell[cell] === -1 && genome[g] !== area.current[cell]),
    ).toBe(true);
    const L = new LandUseEvaluator(wide).compiled.indicators.length;
    const expected = { objectives: new Float64Array(3), indicators: new Float64Array(L) };
    new ReferenceEvaluator(wide).evaluate(genome, expected.objectives, expected.indicators);
    const actual = new LandUseEvaluator(wide).report(genome);
    expected.indicators.forEach((v, k) => expect(relativeError(actual.indicators[k]!.value, v)).toBeLessThan(1e-9));
  });
});

describe('rules and demands of a layout', () => {
  // 1 ha cells: housing 1, farm 4, forest 5, water 7 (fixed); cell 4 is in the reserve, cell 2 is steep.
  const { area, input } = tinyStudyArea(
    `${LAYERS_HEADER}  reserve: { path: r.geojson }
  slope: { path: s.tif }
rules: { fixed: [water], protectedAreas: reserve, maxSlope: { housing: 10 deg }, slope: slope }
demands: { housing: { min: 6 ha }, farm: { max: 1 ha }, forest: { min: 1 ha, max: 5 ha } }
objectives:
  eco: { indicators: { habitatValue: {} } }
  econ: { indicators: { landValue: {} } }
`,
    {
      codes: ['1 4 4', '4 5 5', '7 5 4'],
      layers: { reserve: ['0 0 0', '0 1 0', '0 0 0'], slope: ['0 0 20', '0 0 0', '0 0 0'] },
    },
  );
  const prepared = { scenario: input.scenario as ResolvedScenario, studyArea: area, input };
  const scorer = new LayoutScorer(prepared);
  const index = (id: string) => area.classes.findIndex((c) => c.id === id);

  test("today's map keeps every rule", () => {
    const today = scorer.evaluate(area.current);
    expect(today.violations).toEqual([]);
    expect(today.changedHa).toBe(0);
  });

  test('each broken rule with its conversion and area, each demand with its shortfall or excess', () => {
    const layout = area.current.slice();
    layout[6] = index('housing'); // water (fixed) -> housing
    layout[4] = index('farm'); // forest in the reserve -> farm
    layout[2] = index('housing'); // farm on a 20 deg slope -> housing (limit 10)
    layout[1] = index('housing'); // allowed
    const result = scorer.evaluate(layout);
    const rows = result.violations.map((v) => [v.rule, v.fromClass, v.toClass, v.layers, v.cells, v.ha]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['fixed-class', 'water', 'housing', [], 1, 1],
        ['protected', 'forest', 'farm', ['reserve'], 1, 1],
        ['slope', 'farm', 'housing', ['slope'], 1, 1],
      ]),
    );
    expect(rows).toHaveLength(3);
    expect(result.changedHa).toBe(4);
    // housing: cells 0, 1, 2, 6 = 4 ha, 2 ha short of 6; farm: cells 3, 4, 8 = 3 ha, 2 ha above 1.
    expect(result.demands.map((d) => [d.classId, d.ha, d.status, d.shortfallHa, d.excessHa])).toEqual([
      ['housing', 4, 'below', 2, 0],
      ['farm', 3, 'above', 0, 2],
      ['forest', 2, 'met', 0, 0],
    ]);
    expect(result.feasible).toBe(false);
    expect(result.areas.find((a) => a.id === 'housing')).toMatchObject({ ha: 4, todayHa: 1 });
  });
});

describe('layout codes', () => {
  const { area, input } = tinyStudyArea(
    `${LAYERS_HEADER}objectives: { eco: { indicators: { habitatValue: {} } }, econ: { indicators: { landValue: {} } } }\n`,
    {
      codes: ['1 4 0', '5 5 4'],
    },
  );
  const prepared = { scenario: input.scenario as ResolvedScenario, studyArea: area };

  test('codes become classes; nodata keeps today; cells outside the study area are ignored', () => {
    const { classes, cellsWithoutValue } = classesOfCodes([4, 255, 9, 4, 1, 5], 255, prepared, 'plan.tif');
    expect(cellsWithoutValue).toBe(1);
    const id = (c: number) => (c === NO_CLASS ? null : area.classes[c]!.id);
    expect([...classes].map(id)).toEqual(['farm', 'farm', null, 'farm', 'housing', 'forest']);
  });

  test('a code no class declares is refused, naming the file, the code and the declared codes', () => {
    const run = () => classesOfCodes([1, 4, 0, 99, 99, 4], 0, prepared, 'plan.tif');
    expect(run).toThrow(RunInputError);
    expect(run).toThrow(/plan\.tif: .*99 \(2 cells\).*1 housing/);
  });
});

describe('placement against a front', () => {
  const front = [
    { id: 0, objectives: [10, 1] },
    { id: 1, objectives: [5, 5] },
    { id: 2, objectives: [1, 10] },
  ];

  test('dominated by the layouts at least as good everywhere and better somewhere, with the margins', () => {
    const p = placeOnFront([4, 4], front, ['maximize', 'maximize']);
    expect(p.dominatedBy).toEqual([{ id: 1, advantage: [1, 1] }]);
    expect(p.dominates).toEqual([]);
    expect(p.nonDominated).toBe(false);
  });

  test('a layout beyond the front dominates those it beats', () => {
    const p = placeOnFront([6, 6], front, ['maximize', 'maximize']);
    expect(p.dominates).toEqual([{ id: 1, advantage: [-1, -1] }]);
    expect(p.nonDominated).toBe(true);
  });

  test('values equal to a front layout up to rounding tie with it instead of being dominated', () => {
    const p = placeOnFront([5 * (1 + 1e-13), 5 - 1e-12], front, ['maximize', 'maximize']);
    expect(p.equals).toEqual([1]);
    expect(p.dominatedBy).toEqual([]);
    expect(p.nonDominated).toBe(true);
  });

  test('dominating layouts are listed nearest first (distance with each objective scaled by the front range)', () => {
    const p = placeOnFront([0, 0], front, ['maximize', 'maximize']);
    // Ranges 9 and 9: distances of 0, 1, 2 are √(100+1)/9, √50/9, √(1+100)/9.
    expect(p.dominatedBy.map((d) => d.id)).toEqual([1, 0, 2]);
  });

  test('a minimised objective counts lower as better', () => {
    expect(advantageOf(3, 5, 'minimize')).toBe(2);
    const p = placeOnFront([6, 2], front, ['minimize', 'maximize']);
    expect(p.dominatedBy.map((d) => d.id)).toEqual([1, 2]);
  });
});

describe('monitoring categories', () => {
  test('kept, realised, not realised and unplanned cells, per class, in ha', () => {
    const X = NO_CLASS;
    const classes = [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
      { id: 'c', name: 'C' },
    ];
    //                               kept realised  not (stayed)  not (other)  unplanned  outside
    const baseline = Uint8Array.from([0, 0, 0, 1, 0, X]);
    const plan = Uint8Array.from(/**/ [0, 1, 1, 2, 0, X]);
    const observed = Uint8Array.from([0, 1, 0, 0, 2, X]);
    // cells: 0 kept, 1 realised (a->b), 2 not realised (stayed a), 3 not realised (c planned, a observed), 4 unplanned (a->c)
    const r = comparePlan(baseline, plan, observed, classes, 0.5);
    expect([...r.map]).toEqual([1, 2, 3, 3, 4, 0]);
    expect(r.totals).toEqual({ kept: 0.5, realised: 0.5, notRealised: 1, unplanned: 0.5 });
    expect(r.followedShare).toBeCloseTo(2 / 5, 12);
    expect(
      r.classes.map((c) => [c.id, c.plannedHa, c.realisedHa, c.notRealisedHa, c.unplannedGainHa, c.unplannedLossHa]),
    ).toEqual([
      ['a', 0, 0, 0, 0, 0.5],
      ['b', 1, 0.5, 0.5, 0, 0],
      ['c', 0.5, 0, 0.5, 0.5, 0],
    ]);
  });
});
