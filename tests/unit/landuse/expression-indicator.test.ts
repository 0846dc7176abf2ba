/**
 * User-defined sub-indicators (objectives/indicators/expression.ts): checked at load with file:line
 * problems, compiled to a linear term whose value matches a hand computation, and exact in
 * incremental evaluation. Class codes: 1 housing, 2 shops, 3 industry, 4 farm, 5 forest, 6 park,
 * 7 water (fixtures.ts); cells of 100 m = 1 ha.
 */
import { describe, expect, test } from 'vitest';
import { checkFeasibility } from '../../../engine/src/landuse/model/feasibility.js';
import { currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import { LandUseEvaluator } from '../../../engine/src/landuse/objectives/evaluator.js';
import { parseScenarioText } from '../../../engine/src/landuse/scenario/parse.js';
import type { ResolvedScenario } from '../../../engine/src/landuse/scenario/types.js';
import {
  LAYERS_HEADER,
  randomSource,
  scenarioProblems,
  STANDARD_CLASSES,
  tinyStudyArea,
  type TinyGrid,
} from './fixtures.js';

const LAYERS = `${LAYERS_HEADER}  transit: { path: t.geojson }\n  soil: { path: soil.tif }\n`;

function scenario(indicator: string): string {
  return `name: t\ncurrent: landuse\n${STANDARD_CLASSES}${LAYERS}objectives:\n  a:\n    indicators:\n      carbon: {}\n      ${indicator}\n  b: { indicators: { habitatValue: {} } }\n`;
}

/** The single problem of a scenario whose user-defined indicator `near` has `expression`. */
function expressionProblem(expression: string): { line: number | null; path: string; message: string } {
  const found = scenarioProblems(scenario(`near: { expression: '${expression}' }`));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('user-defined indicators: checks at load', () => {
  test('a valid expression resolves with its defaults, after the built-ins', () => {
    const s = parseScenarioText(
      scenario(`near: { expression: 'housing and distance(transit) <= 400', label: Homes near a stop }`),
      'x.yaml',
      {
        checkFiles: false,
      },
    );
    const indicators = s.objectives[0]!.indicators;
    expect(indicators.map((i) => i.type)).toEqual(['carbon', 'expression']);
    expect(indicators[1]).toMatchObject({
      type: 'expression',
      name: 'near',
      weight: 1,
      measure: 'area',
      unit: 'ha',
      label: 'Homes near a stop',
    });
  });

  test('unknown names, functions, arities, types and syntax are reported at the expression line', () => {
    // Line 21 of the scenario holds the user-defined indicator.
    const at = { line: 21, path: 'objectives.a.indicators.near.expression' };
    expect(expressionProblem('housng and soil > 2')).toMatchObject(at);
    expect(expressionProblem('housng and soil > 2').message).toMatch(
      /no class or layer is named "housng".*known: housing/,
    );
    expect(expressionProblem('housing and distance(schools) < 5').message).toMatch(
      /no class or layer is named "schools"/,
    );
    expect(expressionProblem('housing and distance(1) < 5').message).toMatch(/distance\(\) takes one layer name/);
    expect(expressionProblem('housing and distance(park) < 5').message).toMatch(
      /distances to a class change with the layout/,
    );
    expect(expressionProblem('housing and sin(soil) > 0').message).toMatch(/no function is named "sin"/);
    expect(expressionProblem('max(soil) > 1').message).toMatch(/max\(\) takes 2 to 8 arguments, got 1/);
    expect(expressionProblem('housing + 1').message).toMatch(/"\+" needs a number, got true\/false/);
    expect(expressionProblem('soil and forest').message).toMatch(/"and" needs true\/false/);
    expect(expressionProblem('housing ? soil : forest').message).toMatch(/two branches/);
    expect(expressionProblem('soil >').message).toMatch(/cannot be read at character/);
    expect(expressionProblem('soil.depth > 1').message).toMatch(/MemberExpression is not supported/);
    expect(expressionProblem('"text"').message).toMatch(/is not a number or true\/false/);
  });

  test('an unknown key without an expression is a misspelt built-in or an incomplete user-defined one', () => {
    const found = scenarioProblems(scenario('landValu: { accessFrom: transit }'));
    expect(found.map((p) => p.path).sort()).toEqual([
      'objectives.a.indicators.landValu.accessFrom',
      'objectives.a.indicators.landValu.expression',
    ]);
    expect(found.find((p) => p.path.endsWith('.expression'))!.message).toMatch(/not a built-in sub-indicator/);
    expect(found.find((p) => p.path.endsWith('.accessFrom'))!.message).toMatch(/unknown field "accessFrom"/);
  });

  test('a name that is both a class and a layer is ambiguous', () => {
    const text = scenario(`near: { expression: 'farm > 0' }`).replace(
      '  soil: {',
      '  farm: { path: farm.tif }\n  soil: {',
    );
    expect(scenarioProblems(text)[0]!.message).toMatch(/"farm" is ambiguous: it names a class and a layer/);
  });
});

const GRID: TinyGrid = {
  codes: [
    '1 1 4 4', //
    '4 5 1 6',
    '3 4 4 7',
  ],
  layers: {
    transit: ['1 0 0 0', '0 0 0 0', '0 0 0 0'],
    soil: ['3 5 4 2', '5 1 4 4', '0 4 6 9'],
  },
};

function evaluatorFor(indicator: string, grid = GRID): LandUseEvaluator {
  const { area } = tinyStudyArea(
    `${LAYERS}objectives:\n  a:\n    indicators:\n      ${indicator}\n  b: { indicators: { carbon: {} } }\n`,
    grid,
  );
  return new LandUseEvaluator(area);
}

describe('user-defined indicators: values', () => {
  test('homes within 200 m of a stop: housing cells at distance <= 200 m, in ha', () => {
    const evaluator = evaluatorFor(`near: { expression: 'housing and distance(transit) <= 200' }`);
    // Housing at (0,0) d=0, (1,0) d=100, (2,1) d=sqrt(200^2+100^2)=224 > 200: 2 cells of 1 ha.
    const report = evaluator.report(currentGenome(evaluator.area));
    expect(report.indicators[0]).toMatchObject({ indicator: 'near', unit: 'ha', label: 'near' });
    expect(report.indicators[0]!.value).toBeCloseTo(2, 12);
  });

  test('farmland on the best soils, and a weighted sum of a layer, as the hand computation', () => {
    // Farm cells with soil >= 4: (2,0) soil 4, (0,1) 5, (1,2) 4, (2,2) 6; (3,0) has 2: 4 ha.
    const best = evaluatorFor(`best: { expression: 'farm and soil >= 4' }`);
    expect(best.report(currentGenome(best.area)).indicators[0]!.value).toBeCloseTo(4, 12);
    // measure: sum of 2 x soil on farm and forest cells: farm 4+2+5+4+6 = 21, forest 1: 2 x 22 = 44.
    const e = evaluatorFor(`soilSum: { expression: '(farm or forest) ? 2 * soil : 0', measure: sum, unit: points }`);
    const r = e.report(currentGenome(e.area)).indicators[0]!;
    expect(r.value).toBeCloseTo(44, 12);
    expect(r.unit).toBe('points');
  });

  test('full, fused and incremental evaluation agree on random changes', () => {
    const evaluator = evaluatorFor(
      `near: { expression: '(housing or farm) and distance(transit) <= 250', weight: 2 }\n      mix: { expression: 'built ? -cellArea * soil : (natural ? 3 : 1)', measure: sum }\n      carbon: { weight: 0.01 }`,
    );
    const area = evaluator.area;
    const genome = currentGenome(area);
    const state = evaluator.createState(genome);
    const next = randomSource(7);
    const fused = new Float64Array(2);
    const reported = new Float64Array(2);
    const incremental = new Float64Array(2);
    for (let step = 0; step < 60; step++) {
      const gene = Math.floor(next() * genome.length);
      const c = Math.floor(next() * area.classes.length);
      if ((area.allowed[gene]! & (1 << c)) === 0) continue;
      genome[gene] = c;
      state.set(gene, c);
      evaluator.evaluate(genome, fused);
      evaluator.evaluate(genome, reported, new Float64Array(evaluator.compiled.indicators.length));
      state.objectives(incremental);
      for (let m = 0; m < 2; m++) {
        expect(fused[m]).toBeCloseTo(reported[m]!, 9);
        expect(incremental[m]).toBeCloseTo(reported[m]!, 9);
      }
    }
    // The hand computation of the second indicator on the final layout.
    const soil = area.layers.soil!;
    let mix = 0;
    for (let i = 0; i < area.current.length; i++) {
      const g = area.geneOfCell[i]!;
      const cls = area.classes[g >= 0 ? genome[g]! : area.current[i]!]!;
      mix += cls.built ? -area.cellAreaHa * soil[i]! : cls.natural ? 3 : 1;
    }
    // Built-ins come first (carbon), then the user-defined ones in file order.
    const report = evaluator.report(genome).indicators;
    expect(report.map((i) => i.indicator)).toEqual(['carbon', 'near', 'mix', 'carbon']);
    expect(report[2]!.value).toBeCloseTo(mix, 9);
  });

  test('validation with the loaded layers reports an expression that cannot compile, at its line', () => {
    const { area, input } = tinyStudyArea(
      `${LAYERS}objectives:\n  a:\n    indicators:\n      twoLayers: { expression: 'farm ? soil : (forest ? distance(transit) : 0)' }\n  b: { indicators: { carbon: {} } }\n`,
      GRID,
    );
    // tinyStudyArea parsed the whole scenario (its type names only what a study area reads).
    const { errors } = checkFeasibility(input.scenario as ResolvedScenario, area, []);
    expect(errors).toEqual([
      expect.objectContaining({ path: 'objectives.a.indicators.twoLayers.expression', line: 20 }),
    ]);
    expect(errors[0]!.message).toMatch(/combines per-cell values differently for different classes/);
  });

  test('an expression that is not one per-cell value times a per-class weight is refused with its name', () => {
    expect(() => evaluatorFor(`twoLayers: { expression: 'farm ? soil : (forest ? distance(transit) : 0)' }`)).toThrow(
      /"twoLayers" combines per-cell values differently for different classes/,
    );
  });
});
