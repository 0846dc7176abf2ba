/**
 * The local search (operators/local-search.ts) on random landscapes: every move set keeps the hard
 * rules (allowed classes, demands, rules.maxChange) and never lowers its target, whatever the
 * starting layout; and a search's work budget (IncrementalState.work) bounds it deterministically.
 */
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { changedCells, currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import { createLandUseProblem } from '../../../engine/src/landuse/problem.js';
import type { MoveSet } from '../../../engine/src/landuse/operators/local-search.js';
import { createRandom } from '../../../engine/src/optimizer/core/random.js';
import { FULL_EVALUATION_WORK_PER_CELL, SET_WORK } from '../../../engine/src/landuse/objectives/incremental.js';
import { MEMETIC_SEARCH_FULL_EVALUATIONS } from '../../../engine/src/landuse/operators/improvement.js';
import { EVERY_INDICATOR, randomLandscape, randomSource, scramble } from './fixtures.js';

const SCENARIO = `${EVERY_INDICATOR.replace('rules: { fixed: [water],', 'rules: { fixed: [water], maxChange: 20 %,')}demands:
  housing: { min: 8 %, max: 30 % }
  farm: { min: 10 % }
`;

describe('local search moves', () => {
  test.each<MoveSet>(['cells', 'patches', 'compact'])(
    '%s: feasible layouts stay feasible and the target never gets worse',
    (moves) => {
      let searched = 0;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 2 }), (seed, focus) => {
          const area = randomLandscape(20, 16, seed, { scenario: SCENARIO });
          const setup = createLandUseProblem(area, { seedSearchSteps: 0 });
          const genome = currentGenome(area);
          scramble(area, genome, 0.15, randomSource(seed));
          setup.repair.repair(genome, createRandom(seed));
          if (setup.problem.violation(genome) !== 0) return; // the demands cannot be met on this landscape
          const M = setup.problem.numberOfObjectives;
          const target = focus % (M + 1);
          const before = new Float64Array(M);
          const after = new Float64Array(M);
          setup.evaluator.evaluate(genome, before);
          const result = setup.search.run(genome, createRandom(seed + 1), target, { evaluations: 400, moves });
          if (result.improvements > 0) searched++;
          expect(result.evaluations).toBeLessThanOrEqual(400);
          expect(setup.problem.violation(genome)).toBe(0);
          expect(changedCells(area, genome)).toBeLessThanOrEqual(area.maxChangedCells);
          setup.evaluator.evaluate(genome, after);
          if (target < M)
            expect(after[target]!).toBeGreaterThanOrEqual(before[target]! - 1e-6 * Math.abs(before[target]!));
        }),
        { numRuns: 12 },
      );
      expect(searched).toBeGreaterThan(0);
    },
  );
});

describe('local search work budget', () => {
  function searchSetup(seed: number) {
    const area = randomLandscape(24, 20, seed, { scenario: SCENARIO });
    const setup = createLandUseProblem(area, { seedSearchSteps: 0 });
    const genome = currentGenome(area);
    scramble(area, genome, 0.15, randomSource(seed));
    setup.repair.repair(genome, createRandom(seed));
    return { area, setup, genome };
  }

  test('a move costs the same work whenever it is made, and a no-op costs none', () => {
    const { setup, genome } = searchSetup(11);
    const a = setup.evaluator.createState(genome);
    const b = setup.evaluator.createState(genome);
    a.set(0, genome[0]!);
    expect(a.work).toBe(0);
    const random = createRandom(5);
    for (let k = 0; k < 200; k++) {
      const gene = random.nextInt(genome.length);
      const to = random.nextInt(4);
      const before = a.work;
      const changes = to !== a.genome[gene];
      a.set(gene, to);
      b.set(gene, to);
      if (changes) expect(a.work - before).toBeGreaterThanOrEqual(SET_WORK);
    }
    expect(a.work).toBe(b.work);
    expect(a.work).toBeGreaterThan(0);
  });

  test('a search stops once its moves have cost maxWork, the same way every time', () => {
    const { setup, genome } = searchSetup(12);
    const unbounded = setup.search.run(genome.slice(), createRandom(3), 3, { evaluations: 400 });
    expect(unbounded.evaluations).toBe(400);
    const maxWork = Math.floor(unbounded.work / 4);
    const first = genome.slice();
    const bounded = setup.search.run(first, createRandom(3), 3, { evaluations: 400, maxWork });
    expect(bounded.evaluations).toBeLessThan(400);
    expect(bounded.work).toBeGreaterThanOrEqual(maxWork);
    const again = genome.slice();
    expect(setup.search.run(again, createRandom(3), 3, { evaluations: 400, maxWork })).toEqual(bounded);
    expect(again).toEqual(first);
  });

  test('the memetic step bounds each search by the work of MEMETIC_SEARCH_FULL_EVALUATIONS full evaluations', () => {
    const { area, setup, genome } = searchSetup(13);
    const run = vi.spyOn(setup.search, 'run');
    setup.improvement.improve(genome, createRandom(1), 0, 300);
    expect(run).toHaveBeenCalledTimes(1);
    const maxWork = run.mock.calls[0]![3].maxWork;
    expect(maxWork).toBe(MEMETIC_SEARCH_FULL_EVALUATIONS * FULL_EVALUATION_WORK_PER_CELL * area.width * area.height);
    expect(setup.improvement.totals.work).toBe(run.mock.results[0]!.value.work);
  });
});
