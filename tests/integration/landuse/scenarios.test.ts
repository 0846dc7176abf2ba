/**
 * The bundled Riverbend scenarios and a real area (NLCD land cover around Zion National Park),
 * run end to end with small budgets: the front improves over generations, the extremes differ as
 * expected, and every reported layout passes the independent constraint check.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkLayout } from '../../../engine/src/landuse/constraints/check.js';
import { checkFeasibility } from '../../../engine/src/landuse/model/feasibility.js';
import { prepareScenario, type PreparedScenario } from '../../../engine/src/landuse/model/load.js';
import { classCounts, layoutMap } from '../../../engine/src/landuse/model/study-area.js';
import { createLandUseProblem } from '../../../engine/src/landuse/problem.js';
import type { RunState } from '../../../engine/src/optimizer/core/run-state.js';
import { NSGA2 } from '../../../engine/src/optimizer/nsga2/nsga2.js';
import { MaxGenerations } from '../../../engine/src/optimizer/termination/criteria.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function run(prepared: PreparedScenario, population: number, generations: number, reference?: number[]) {
  const setup = createLandUseProblem(prepared.studyArea, { seedSearchSteps: 50 });
  const history: number[] = [];
  const nsga = new NSGA2(setup.problem, {
    populationSize: population,
    seed: prepared.scenario.optimizer.seed,
    sampling: setup.sampling,
    crossover: setup.crossover,
    mutation: setup.mutation,
    repair: setup.repair,
    termination: new MaxGenerations(generations),
    ...(reference ? { hypervolumeReference: reference } : {}),
    observers: [(state: RunState) => history.push(state.hypervolume ?? NaN)],
  });
  return { setup, result: nsga.runSync(), history };
}

function expectAllValid(prepared: PreparedScenario, variables: Uint8Array, size: number): void {
  const genes = prepared.studyArea.geneCells.length;
  for (let r = 0; r < size; r++) {
    expect(
      checkLayout(prepared.input, layoutMap(prepared.studyArea, variables.subarray(r * genes, (r + 1) * genes))),
    ).toEqual([]);
  }
}

describe('bundled Riverbend scenario', () => {
  test('balanced: the front improves, extremes differ as expected, all layouts valid', async () => {
    const prepared = await prepareScenario(path.join(root, 'scenarios/riverbend-balanced.yaml'));
    expect(checkFeasibility(prepared.scenario, prepared.studyArea, prepared.undeclared).errors).toEqual([]);
    // Reference point: below today's layout on every objective (natural, maximised units).
    const { setup: probe } = { setup: createLandUseProblem(prepared.studyArea, { seedSearchSteps: 0 }) };
    const today = new Float64Array(3);
    probe.evaluator.evaluate(
      Uint8Array.from(prepared.studyArea.geneCells, (c) => prepared.studyArea.current[c]!),
      today,
    );
    const reference = [today[0]! - 100, 0, today[2]! - 5000];
    const { setup, result, history } = run(prepared, 12, 8, reference);
    expect(history.length).toBe(8);
    expect(history[history.length - 1]!).toBeGreaterThan(history[0]!);
    expectAllValid(prepared, result.population.variables, result.population.size);

    // The ecological extreme keeps more natural area than the economic extreme.
    const M = 3;
    const genes = prepared.studyArea.geneCells.length;
    const best = (m: number) => {
      let index = 0;
      for (let r = 1; r < result.front.size; r++)
        if (result.front.objectives[r * M + m]! > result.front.objectives[index * M + m]!) index = r;
      return result.front.variables.subarray(index * genes, (index + 1) * genes);
    };
    const naturalCells = (row: Uint8Array) => {
      const counts = classCounts(prepared.studyArea, row);
      return prepared.studyArea.classes.reduce((sum, c, i) => sum + (c.natural ? counts[i]! : 0), 0);
    };
    expect(naturalCells(best(2))).toBeGreaterThan(naturalCells(best(0)));
    expect(setup.metadata.objectiveIds).toEqual(['economic', 'social', 'ecological']);
  });
});

describe('real data: Zion NLCD land cover', () => {
  test('a scenario on the real Zion land cover (tests/fixtures/real/zion) runs end to end', async () => {
    const prepared = await prepareScenario(path.join(root, 'tests/fixtures/landuse/zion-gateway.yaml'));
    expect(prepared.grid.crs.epsg).toBe(26912);
    expect(prepared.undeclared).toEqual([]);
    expect(checkFeasibility(prepared.scenario, prepared.studyArea, prepared.undeclared).errors).toEqual([]);
    const { result } = run(prepared, 6, 2);
    expect(result.front.size).toBeGreaterThan(0);
    expectAllValid(prepared, result.front.variables, result.front.size);
  });
});
