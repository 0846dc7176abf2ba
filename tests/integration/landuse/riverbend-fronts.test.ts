/**
 * The three bundled Riverbend scenarios ask different planning questions; with a small budget
 * their fronts already differ the way their descriptions say:
 * - growth first builds more and reaches a higher land value than nature first (every growth
 *   layout has more built area than any nature layout: the demands force it);
 * - nature first keeps more natural area than growth first: its least natural layout keeps more
 *   than growth first's least natural one, and so does its economic extreme than growth first's;
 *   it never loses forest and doubles the parks. (The two fronts' most natural layouts are close:
 *   nature first must double the parks, which are not natural land, so with this small budget
 *   growth first's ecological extreme has held a few hectares more or less than nature first's
 *   habitat extreme as the search's last bits changed.)
 * - balanced sits between the two on built area.
 * Land value and areas are compared in physical units (the three scenarios share the classes and
 * the land-value formula, not all objective definitions).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkLayout } from '../../../engine/src/landuse/constraints/check.js';
import { prepareScenario, type PreparedScenario } from '../../../engine/src/landuse/model/load.js';
import { classCounts, layoutMap } from '../../../engine/src/landuse/model/study-area.js';
import { createLandUseProblem } from '../../../engine/src/landuse/problem.js';
import { NSGA2 } from '../../../engine/src/optimizer/nsga2/nsga2.js';
import { MaxGenerations } from '../../../engine/src/optimizer/termination/criteria.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface FrontSummary {
  readonly objectiveIds: readonly string[];
  /** Per front member. */
  readonly builtHa: number[];
  readonly naturalHa: number[];
  readonly forestHa: number[];
  readonly parkHa: number[];
  readonly landValue: number[];
  /** Objective values, row-major (front size x M). */
  readonly objectives: Float64Array;
  readonly todayForestHa: number;
  readonly todayParkHa: number;
}

/** Run a scenario with a small budget and summarise its front in physical units. */
async function runScenario(name: string): Promise<FrontSummary> {
  const prepared: PreparedScenario = await prepareScenario(path.join(root, `scenarios/riverbend-${name}.yaml`));
  const area = prepared.studyArea;
  const setup = createLandUseProblem(area, { seedSearchSteps: 50 });
  const result = new NSGA2(setup.problem, {
    populationSize: 12,
    seed: prepared.scenario.optimizer.seed,
    sampling: setup.sampling,
    crossover: setup.crossover,
    mutation: setup.mutation,
    repair: setup.repair,
    termination: new MaxGenerations(6),
  }).runSync();
  const genes = area.geneCells.length;
  const classIndex = (id: string) => area.classes.findIndex((c) => c.id === id);
  const hectares = (counts: Int32Array, keep: (i: number) => boolean) =>
    area.classes.reduce((sum, _, i) => sum + (keep(i) ? counts[i]! * area.cellAreaHa : 0), 0);
  const landValueIndex = setup.metadata.indicators.findIndex((i) => i.indicator === 'landValue');
  const summary: FrontSummary = {
    objectiveIds: setup.metadata.objectiveIds,
    builtHa: [],
    naturalHa: [],
    forestHa: [],
    parkHa: [],
    landValue: [],
    objectives: result.front.objectives,
    todayForestHa: setup.metadata.currentAreaHa[classIndex('forest')]!,
    todayParkHa: setup.metadata.currentAreaHa[classIndex('park')]!,
  };
  for (let r = 0; r < result.front.size; r++) {
    const row = result.front.variables.subarray(r * genes, (r + 1) * genes);
    expect(checkLayout(prepared.input, layoutMap(area, row))).toEqual([]);
    const counts = classCounts(area, row);
    summary.builtHa.push(hectares(counts, (i) => area.classes[i]!.built));
    summary.naturalHa.push(hectares(counts, (i) => area.classes[i]!.natural));
    summary.forestHa.push(hectares(counts, (i) => i === classIndex('forest')));
    summary.parkHa.push(hectares(counts, (i) => i === classIndex('park')));
    summary.landValue.push(setup.evaluator.report(row).indicators[landValueIndex]!.value);
  }
  return summary;
}

/** Index of the front member that is best on objective m. */
function extreme(front: FrontSummary, m: number): number {
  const M = front.objectiveIds.length;
  let best = 0;
  for (let r = 1; r < front.builtHa.length; r++)
    if (front.objectives[r * M + m]! > front.objectives[best * M + m]!) best = r;
  return best;
}

describe('Riverbend scenarios: the fronts differ as their planning questions say', () => {
  const fronts: Record<string, FrontSummary> = {};
  beforeAll(async () => {
    for (const name of ['balanced', 'growth', 'nature']) fronts[name] = await runScenario(name);
  }, 60_000);

  test('growth first builds more and earns more land value than nature first; balanced lies between', () => {
    const { growth, balanced, nature } = fronts as Record<'growth' | 'balanced' | 'nature', FrontSummary>;
    expect(Math.min(...growth.builtHa)).toBeGreaterThan(Math.max(...balanced.builtHa));
    expect(Math.min(...balanced.builtHa)).toBeGreaterThan(Math.max(...nature.builtHa));
    // Land value of each front's economic extreme (objective 0 is economic in all three).
    const value = (front: FrontSummary) => front.landValue[extreme(front, 0)]!;
    expect(value(growth)).toBeGreaterThan(value(balanced));
    expect(value(balanced)).toBeGreaterThan(value(nature));
    expect(Math.max(...growth.landValue)).toBeGreaterThan(Math.max(...nature.landValue));
  });

  test('nature first keeps more natural area than growth first, never loses forest and doubles the parks', () => {
    const { growth, nature } = fronts as Record<'growth' | 'nature', FrontSummary>;
    expect(nature.objectiveIds).toEqual(['economic', 'social', 'habitat', 'risk']);
    expect(growth.objectiveIds[2]).toBe('ecological');
    expect(Math.min(...nature.naturalHa)).toBeGreaterThan(Math.min(...growth.naturalHa));
    // Even nature first's economic extreme keeps more than growth first's economic extreme.
    expect(nature.naturalHa[extreme(nature, 0)]!).toBeGreaterThan(growth.naturalHa[extreme(growth, 0)]!);
    for (const forest of nature.forestHa) expect(forest).toBeGreaterThanOrEqual(nature.todayForestHa);
    for (const park of nature.parkHa) expect(park).toBeGreaterThanOrEqual(2 * nature.todayParkHa);
  });

  test('within each front the economic extreme builds at least as much as the ecological extreme', () => {
    for (const front of Object.values(fronts)) {
      expect(front.builtHa.length).toBeGreaterThan(1);
      expect(front.naturalHa[extreme(front, 2)]!).toBeGreaterThanOrEqual(front.naturalHa[extreme(front, 0)]!);
    }
  });
});
