/**
 * A tiny instance solved exactly: a 4 x 4 grid, three classes with fixed counts (8 farm, 4
 * housing, 4 forest), every layout enumerated (16! / (8! 4! 4!) = 900,900). NSGA-II with the
 * spatial operators must reach at least 98 % of the exact front's hypervolume (median of 5 seeds).
 */
import { describe, expect, test } from 'vitest';
import { buildStudyArea } from '../../../engine/src/landuse/model/study-area.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import { createLandUseProblem } from '../../../engine/src/landuse/problem.js';
import { parseScenarioText } from '../../../engine/src/landuse/scenario/parse.js';
import { hypervolume } from '../../../engine/src/optimizer/indicators/hypervolume.js';
import { NSGA2 } from '../../../engine/src/optimizer/nsga2/nsga2.js';
import { MaxGenerations } from '../../../engine/src/optimizer/termination/criteria.js';

const SCENARIO = `name: tiny
current: landuse
layers:
  landuse: { path: l.tif, kind: categorical }
  road: { path: r.geojson }
classes:
  - { id: housing, code: 1, color: "#e8a33d", built: true, housing: true, landValue: 300 }
  - { id: farm, code: 2, color: "#f1e08a", landValue: 40, habitat: 0.2 }
  - { id: forest, code: 3, color: "#2f7d32", natural: true, green: true, habitat: 1 }
demands: { housing: { min: 4 cells, max: 4 cells }, farm: { min: 8 cells, max: 8 cells }, forest: { min: 4 cells, max: 4 cells } }
rules: { conversions: { builtToUnbuilt: allow } }
objectives:
  economic: { indicators: { landValue: { accessFrom: road, decay: 150 m, sensitivity: { housing: 0.9, farm: 0.2 } } } }
  nature:
    indicators:
      habitatCore: { weight: 1 }
      compatibility: { weight: 0.05, pairs: [ { a: housing, b: forest, score: 1 }, { a: housing, b: farm, score: -1 } ] }
`;

function tinyArea() {
  const scenario = parseScenarioText(SCENARIO, 'tiny.yaml', { checkFiles: false });
  const codes = Float32Array.from([2, 2, 2, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 1, 3, 3]);
  // A road along the west edge (column 0).
  const road = Float32Array.from({ length: 16 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  return buildStudyArea({
    scenario,
    width: 4,
    height: 4,
    cellSizeX: 100,
    cellSizeY: 100,
    codes,
    nodata: 0,
    layers: { road },
  }).studyArea;
}

/** Exact Pareto front (minimisation form: both objectives negated) by enumeration. */
function exactFront(): number[][] {
  const area = tinyArea();
  const evaluator = new LandUseEvaluator(area);
  const genome = new Uint8Array(16);
  const out = new Float64Array(2);
  const remaining = [4, 8, 4];
  const points = new Map<string, number[]>();
  const visit = (g: number) => {
    if (g === 16) {
      evaluator.evaluate(genome, out);
      const key = `${out[0]!.toFixed(9)},${out[1]!.toFixed(9)}`;
      if (!points.has(key)) points.set(key, [-out[0]!, -out[1]!]);
      return;
    }
    for (let c = 0; c < 3; c++) {
      if (remaining[c] === 0) continue;
      remaining[c]!--;
      genome[g] = c;
      visit(g + 1);
      remaining[c]!++;
    }
  };
  visit(0);
  const all = [...points.values()].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  const front: number[][] = [];
  let best = Infinity;
  for (const p of all) {
    if (p[1]! < best) {
      front.push(p);
      best = p[1]!;
    }
  }
  return front;
}

describe('exact front of a 4 x 4 instance', () => {
  test('NSGA-II reaches >= 98 % of the exact hypervolume (median of 5 seeds)', () => {
    const front = exactFront();
    expect(front.length).toBeGreaterThan(3);
    const worst = [Math.max(...front.map((p) => p[0]!)), Math.max(...front.map((p) => p[1]!))];
    const best = [Math.min(...front.map((p) => p[0]!)), Math.min(...front.map((p) => p[1]!))];
    const reference = worst.map((w, j) => w + 0.1 * (w - best[j]!));
    const exact = hypervolume(front, reference);
    const ratios: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const setup = createLandUseProblem(tinyArea(), { seedSearchSteps: 50 });
      const nsga = new NSGA2(setup.problem, {
        populationSize: 40,
        seed,
        sampling: setup.sampling,
        crossover: setup.crossover,
        mutation: setup.mutation,
        repair: setup.repair,
        termination: new MaxGenerations(60),
      });
      const result = nsga.runSync();
      const points: number[][] = [];
      for (let r = 0; r < result.front.size; r++)
        points.push([-result.front.objectives[2 * r]!, -result.front.objectives[2 * r + 1]!]);
      ratios.push(hypervolume(points, reference) / exact);
    }
    ratios.sort((a, b) => a - b);
    expect(ratios[2]).toBeGreaterThanOrEqual(0.98);
  });
});
