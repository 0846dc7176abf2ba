import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { LandUseInputError } from '../../../engine/src/landuse/errors.js';
import { loadScenarioFile, parseScenarioText } from '../../../engine/src/landuse/scenario/parse.js';
import { scenarioJsonSchemaText } from '../../../engine/src/landuse/scenario/write-json-schema.js';
import { areaToCells, parseAngle, parseArea, parseDistance } from '../../../engine/src/landuse/scenario/units.js';
import { scenarioProblems, STANDARD_CLASSES } from './fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const VALID = `name: t
layers:
  landuse: { path: landuse.tif, kind: categorical }
  dem: { path: dem.tif }
  slope: { derive: slope, from: dem }
current: landuse
${STANDARD_CLASSES}
demands:
  housing: { min: 12 ha, max: 15 % }
rules:
  fixed: [water]
  maxSlope: { housing: 15 deg, industry: 10 % }
objectives:
  eco: { indicators: { habitatValue: {}, carbon: { weight: 0.01 } } }
  econ: { indicators: { landValue: { enabled: false }, conversionCost: {} } }
`;

describe('units', () => {
  test('areas, distances and angles with explicit units', () => {
    expect(parseArea('120 ha')).toEqual({ value: 120, unit: 'ha' });
    expect(areaToCells(parseArea('120 ha')!, 1000, 625)).toBe(1920);
    expect(areaToCells(parseArea('15 %')!, 1000, 625)).toBe(150);
    expect(areaToCells(parseArea('1.5 km2')!, 1000, 625)).toBe(2400);
    expect(parseDistance('500 m')).toBe(500);
    expect(parseDistance('1.2 km')).toBe(1200);
    expect(parseAngle('15 deg')).toBe(15);
    expect(parseAngle('100 %')).toBeCloseTo(45, 12);
    expect(parseArea('120')).toBeNull();
    expect(parseDistance('500 ha')).toBeNull();
  });
});

describe('scenario validation', () => {
  test('a valid scenario resolves references, units and defaults', () => {
    const s = parseScenarioText(VALID, 'x.yaml', { checkFiles: false, baseDir: '/data' });
    expect(s.layers.landuse!.path).toBe('/data/landuse.tif');
    expect(s.layers.slope).toMatchObject({ type: 'slope', from: 'dem' });
    expect(s.demands[0]).toMatchObject({
      classIndex: 0,
      min: { value: 12, unit: 'ha' },
      max: { value: 15, unit: '%' },
    });
    expect(s.rules.fixed).toEqual([6]);
    expect(s.rules.slopeLayer).toBe('slope');
    expect(s.rules.maxSlope[0]).toBe(15);
    expect(s.rules.maxSlope[2]).toBeCloseTo(5.71, 2);
    // Built -> unbuilt is forbidden by default: housing (0) -> farm (3).
    expect(s.rules.forbidden).toContainEqual([0, 3]);
    expect(s.rules.forbidden).not.toContainEqual([3, 0]);
    expect(s.objectives.map((o) => o.indicators.map((i) => i.type))).toEqual([
      ['habitatValue', 'carbon'],
      ['conversionCost'],
    ]);
    expect(s.optimizer).toMatchObject({ population: 100, generations: 200, workers: 'auto' });
  });

  test('JSON is accepted too', () => {
    const json = JSON.stringify({
      name: 'j',
      layers: { landuse: { path: 'l.tif', kind: 'categorical' } },
      current: 'landuse',
      classes: [
        { id: 'a', code: 1, color: '#000000', natural: true },
        { id: 'b', code: [2, 3], color: '#ffffff', built: true },
      ],
      objectives: { x: { indicators: { habitatCore: {} } }, y: { indicators: { carbon: {} } } },
    });
    expect(parseScenarioText(json, 'x.json', { checkFiles: false }).classes[1]!.codes).toEqual([2, 3]);
  });

  test('every problem is reported at once, each with its line and path', () => {
    const text = VALID.replace('min: 12 ha', 'min: 12 hectares')
      .replace('fixed: [water]', 'fixed: [watter]')
      .replace(
        '  eco: { indicators: { habitatValue: {}, carbon: { weight: 0.01 } } }',
        '  eco: { indicators: { habitatValue: {}, carbon: { weight: 0.01 } } }\n  extra: { indicators: { bogus: {} } }',
      );
    const found = scenarioProblems(text);
    // Shape problems come first (zod), and all of them are listed.
    expect(found).toContainEqual(expect.objectContaining({ path: 'demands.housing.min', line: 18 }));
    // An unknown key is read as a user-defined indicator, which needs an expression.
    expect(found).toContainEqual(
      expect.objectContaining({ path: 'objectives.extra.indicators.bogus.expression', line: 24 }),
    );
    expect(found.find((p) => p.path === 'objectives.extra.indicators.bogus.expression')!.message).toMatch(
      /not a built-in sub-indicator/,
    );
    expect(found.find((p) => p.path === 'demands.housing.min')!.message).toMatch(
      /"12 hectares" must be an area with its unit/,
    );
  });

  test('reference problems are all reported with lines', () => {
    const text = VALID.replace('fixed: [water]', 'fixed: [watter]')
      .replace('from: dem', 'from: elevation')
      .replace('housing: { min', 'houses: { min');
    const found = scenarioProblems(text);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'rules.fixed[0]',
          line: 20,
          message: expect.stringContaining('no class is named "watter"'),
        }),
        expect.objectContaining({
          path: 'layers.slope.from',
          line: 5,
          message: expect.stringContaining('no layer is named "elevation"'),
        }),
        expect.objectContaining({ path: 'demands.houses', line: 18 }),
      ]),
    );
  });

  test('missing fields, wrong number of objectives, min above max', () => {
    const text = VALID.replace('name: t\n', '')
      .replace('max: 15 %', 'max: 10 ha')
      .replace(/ {2}econ: .*\n/, '');
    const found = scenarioProblems(text);
    expect(found.map((p) => p.path)).toContain('name');
    const more = scenarioProblems(VALID.replace(/ {2}econ: .*\n/, ''));
    expect(more).toContainEqual(
      expect.objectContaining({ path: 'objectives', message: 'declare 2 to 5 objectives, found 1' }),
    );
    const minMax = scenarioProblems(VALID.replace('max: 15 %', 'max: 10 ha'));
    expect(minMax).toContainEqual(
      expect.objectContaining({ path: 'demands.housing.min', message: '12 ha is more than the maximum 10 ha' }),
    );
  });

  test('invalid YAML is reported with its line', () => {
    const found = scenarioProblems('name: x\nlayers: [\n');
    expect(found[0]!.message).toMatch(/not valid YAML/);
    expect(found[0]!.line).not.toBeNull();
  });

  test('layer files that do not exist are reported with their resolved path', () => {
    let error: unknown;
    try {
      parseScenarioText(VALID, 'x.yaml', { baseDir: '/nonexistent' });
    } catch (e) {
      error = e;
    }
    expect((error as LandUseInputError).message).toContain(
      'x.yaml:3: layers.landuse.path: file not found: /nonexistent/landuse.tif',
    );
    expect((error as LandUseInputError).issues).toHaveLength(2);
  });
});

describe('bundled scenarios and schema', () => {
  test('scenarios/scenario.schema.json is in sync with the zod schema (regenerate: npx tsx engine/src/landuse/scenario/write-json-schema.ts)', async () => {
    const committed = await readFile(path.join(root, 'scenarios/scenario.schema.json'), 'utf8');
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  test.each(['riverbend-balanced.yaml', 'riverbend-growth.yaml', 'riverbend-nature.yaml'])(
    '%s validates',
    async (file) => {
      const scenario = await loadScenarioFile(path.join(root, 'scenarios', file));
      expect(scenario.description.length).toBeGreaterThan(80);
      expect(scenario.objectives.length).toBeGreaterThanOrEqual(3);
    },
  );
});
