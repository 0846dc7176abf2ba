/**
 * Every layout the optimiser reports is parsimonious and within the change limit, on the three
 * bundled Riverbend scenarios and on real data (Zion NLCD). Each scenario runs briefly with its
 * operators as the runner builds them (regions, repair, the improvement step with its memetic
 * search every two generations), into an archive of up to 12 layouts; every member is then checked:
 * - against the hard rules by the independent check (constraints/check.ts, maxChange included);
 * - for parsimony by the oracle (parsimony-oracle.ts): every changed patch and every matched pair
 *   of opposite patches reverted and evaluated with the full evaluator, which shares no code with
 *   the local changes the reversion decides with; a sample also with the reference evaluator.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkLayout } from '../../../engine/src/landuse/constraints/check.js';
import { prepareScenario, type PreparedScenario } from '../../../engine/src/landuse/model/load.js';
import { changedCells, layoutMap } from '../../../engine/src/landuse/model/study-area.js';
import { createLandUseProblem, scenarioProblemOptions } from '../../../engine/src/landuse/problem.js';
import { NSGA2 } from '../../../engine/src/optimizer/nsga2/nsga2.js';
import { MaxGenerations } from '../../../engine/src/optimizer/termination/criteria.js';
import { parsimonyFailures } from '../../unit/landuse/parsimony-oracle.js';
import { ReferenceEvaluator } from '../../unit/landuse/reference-evaluator.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The Zion test scenario, on the real NLCD data copied into tests/fixtures/real/zion. */
async function zionScenario(): Promise<PreparedScenario> {
  return prepareScenario(path.join(root, 'tests/fixtures/landuse/zion-gateway.yaml'));
}

/** A short run with the scenario's operators; Zion's 1,073 x 1,359 grid takes 20 ms per full evaluation, so it runs its own small budget. */
async function reportedLayouts(prepared: PreparedScenario, population: number, generations: number) {
  const area = prepared.studyArea;
  const setup = createLandUseProblem(area, {
    ...scenarioProblemOptions(prepared.scenario.optimizer, area),
    seedSearchSteps: 50,
  });
  const result = new NSGA2(setup.problem, {
    populationSize: population,
    seed: prepared.scenario.optimizer.seed,
    sampling: setup.sampling,
    crossover: setup.crossover,
    mutation: setup.mutation,
    repair: setup.repair,
    improvement: setup.improvement,
    intensification: { every: 2, budget: 300 },
    termination: new MaxGenerations(generations),
    archive: { capacity: 12 },
  }).runSync();
  return { setup, archive: result.archive! };
}

interface Case {
  readonly name: string;
  readonly load: () => Promise<PreparedScenario>;
  readonly population: number;
  readonly generations: number;
  /** Check the first layout with the reference evaluator too (too slow on Zion's grid). */
  readonly reference: boolean;
}

const cases: Case[] = [
  ...['balanced', 'growth', 'nature'].map((name) => ({
    name: `riverbend-${name}`,
    load: () => prepareScenario(path.join(root, `scenarios/riverbend-${name}.yaml`)),
    population: 12,
    generations: 6,
    reference: true,
  })),
  { name: 'zion-gateway (real NLCD data)', load: zionScenario, population: 8, generations: 3, reference: false },
];

describe.each(cases)('$name: every reported layout is parsimonious and within the change limit', (c) => {
  test('archive members: hard rules, change limit, and no reversion of a patch or opposite pair that weakly dominates', async () => {
    const prepared = await c.load();
    const area = prepared.studyArea;
    const { setup, archive } = await reportedLayouts(prepared, c.population, c.generations);
    expect(archive.size).toBeGreaterThan(1);
    const n = area.geneCells.length;
    const reference = c.reference ? new ReferenceEvaluator(area) : setup.evaluator;
    let patchesChecked = 0;
    for (let r = 0; r < archive.size; r++) {
      const genome = archive.variables.subarray(r * n, (r + 1) * n);
      expect(checkLayout(prepared.input, layoutMap(area, genome))).toEqual([]);
      expect(changedCells(area, genome)).toBeLessThanOrEqual(area.maxChangedCells);
      // The full evaluator for every member, the reference evaluator for the first (slower, independent).
      const evaluator = r === 0 && c.reference ? reference : setup.evaluator;
      expect(parsimonyFailures(area, prepared.scenario.demands, evaluator, genome)).toEqual([]);
      patchesChecked++;
    }
    expect(patchesChecked).toBe(archive.size);
  }, 480_000);
});
