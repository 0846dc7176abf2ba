/**
 * The local search (operators/local-search.ts) on random landscapes: every move set keeps the hard
 * rules (allowed classes, demands, rules.maxChange) and never lowers its target, whatever the
 * starting layout.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { changedCells, currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import { createLandUseProblem } from '../../../engine/src/landuse/problem.js';
import type { MoveSet } from '../../../engine/src/landuse/operators/local-search.js';
import { createRandom } from '../../../engine/src/optimizer/core/random.js';
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
          const result = setup.search.run(genome, createRandom(seed + 1), target, 400, Infinity, moves);
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
