/**
 * The final polish's budget (runs/polish.ts): the scenario's `localSearch.polish`, capped at
 * POLISH_MOVES_PER_EVALUATION move evaluations per full evaluation of the run, and what the
 * single-objective baseline is given for it (runEvaluationBudget counts the same capped polish).
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { prepareScenario } from '../../../engine/src/landuse/index.js';
import { polishBudget, POLISH_MOVES_PER_EVALUATION } from '../../../engine/src/runs/polish.js';
import { runEvaluationBudget } from '../../../engine/src/runs/single.js';

describe('polish budget', () => {
  test('the scenario value, capped by the run size', () => {
    expect(polishBudget(100_000, 9000)).toBe(100_000);
    expect(polishBudget(100_000, 96)).toBe(96 * POLISH_MOVES_PER_EVALUATION);
    expect(polishBudget(0, 9000)).toBe(0);
  });

  test('the baseline gets the run evaluations, the memetic searches and the capped polish', async () => {
    const prepared = await prepareScenario(path.resolve('scenarios/riverbend-balanced.yaml'));
    const o = prepared.scenario.optimizer;
    // The demo: 60 x 150 = 9,000 full evaluations, 14 searches of 4 layouts, 3 polishes of 100,000.
    expect(o.localSearch).toEqual({ every: 10, evaluations: 2000, polish: 100_000 });
    expect(runEvaluationBudget(prepared)).toBe(9000 + 14 * 4 * 2000 + 3 * 100_000);
    // A short trial run: 12 x 8 = 96 full evaluations; the polish is capped at 12 per evaluation.
    expect(runEvaluationBudget(prepared, 12, 8)).toBe(96 + 3 * 96 * POLISH_MOVES_PER_EVALUATION);
  });
});
