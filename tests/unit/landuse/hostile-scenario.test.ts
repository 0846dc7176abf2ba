/**
 * Scenario files against hostile input: every failure of the YAML library located at a line,
 * alias bombs and deep nesting refused without the library spending minutes on them, names that
 * are JavaScript object members validated as names, numbers beyond what a computer or the grid
 * holds, bounds of the optimiser settings naming where a value came from, and file paths that are
 * not regular files.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LandUseInputError, type ScenarioIssue } from '../../../engine/src/landuse/errors.js';
import { checkFeasibility } from '../../../engine/src/landuse/model/feasibility.js';
import { loadScenarioFile, parseScenarioText } from '../../../engine/src/landuse/scenario/parse.js';
import type { ResolvedScenario } from '../../../engine/src/landuse/scenario/types.js';
import { resolveRunParameters } from '../../../engine/src/runs/parameters.js';
import { STANDARD_CLASSES, tinyStudyArea } from './fixtures.js';

function issuesOf(text: string, file = 'x.yaml'): ScenarioIssue[] {
  try {
    parseScenarioText(text, file, { checkFiles: false });
  } catch (error) {
    expect(error).toBeInstanceOf(LandUseInputError);
    return [...(error as LandUseInputError).issues];
  }
  throw new Error('expected validation problems');
}

const only = (text: string) => {
  const issues = issuesOf(text);
  expect(issues).toHaveLength(1);
  return issues[0]!;
};

const BASE = `name: t
layers:
  landuse: { path: landuse.tif, kind: categorical }
current: landuse
${STANDARD_CLASSES}
objectives:
  eco: { indicators: { habitatValue: {}, carbon: { weight: 0.01 } } }
  econ: { indicators: { conversionCost: {} } }
`;

describe('every failure of the YAML reader is located', () => {
  test('an alias to no anchor', () => {
    expect(only('name: x\nlayers: *foo\n')).toMatchObject({
      line: 2,
      message: 'alias *foo refers to no anchor &foo set before it',
    });
  });

  test('a billion laughs: refused at the alias that crosses the limit', () => {
    const levels = ['a: &a [x,x,x,x,x,x,x,x,x]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const previous = 'abcdefgh'[i]!;
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const issue = only(levels.join('\n'));
    expect(issue.line).toBe(6);
    expect(issue.message).toMatch(/^aliases here expand the file to more than 100,000 values/);
  });

  test('an alias inside the value it names', () => {
    expect(only('name: x\nlayers: &a [1, *a]\n')).toMatchObject({
      line: 2,
      message: expect.stringContaining('(a loop)'),
    });
  });

  test('duplicate keys, in block and flow maps, at any depth', () => {
    expect(only('name: x\nname: y\n')).toMatchObject({
      line: 2,
      message: '"name" appears twice in this map (first on line 1)',
    });
    expect(only('name: x\nlayers:\n  a: 1\n  b: 2\n  a: 3\n')).toMatchObject({ line: 5 });
    expect(only('name: x\nlayers: {a: 1, a: 2}\n')).toMatchObject({ line: 2 });
  });

  test('nesting: deep brackets, compact indicators and deep values are refused at their line', () => {
    for (const text of [
      `name: x\nlayers: ${'['.repeat(100_000)}`,
      `name: x\n${'? '.repeat(100_000)}x`,
      `name: x\n${'- '.repeat(100_000)}x`,
      `name: x\nlayers: ${'['.repeat(80)}${']'.repeat(80)}`,
    ]) {
      const issue = only(text);
      expect(issue.line).toBe(2);
      expect(issue.message).toMatch(/nest more than 64 levels deep/);
    }
  });

  test('syntax errors, several documents, a file too large', () => {
    expect(only('name: x\n---\nname: y\n')).toMatchObject({
      line: 2,
      message: expect.stringContaining('multiple documents'),
    });
    expect(only('name: "x\n')).toMatchObject({ line: 2, message: 'not valid YAML/JSON: Missing closing "quote' });
    expect(only(`name: ${'x'.repeat(600_000)}`).message).toMatch(/at most 524,288/);
  });

  test('a value of thousands of characters is quoted shortened', () => {
    const issue = issuesOf(BASE.replace('name: t', `name: t\nunknown${'x'.repeat(5000)}: 1`))[0]!;
    expect(issue.message.length).toBeLessThan(200);
  });
});

describe('names that are JavaScript object members are just names', () => {
  test('toString, valueOf, hasOwnProperty and constructor are unknown layers, not "valid"', () => {
    const issues = issuesOf(
      `${BASE}rules:\n  protectedAreas: toString\n  noBuild: [valueOf]\n`.replace(
        'econ: { indicators: { conversionCost: {} } }',
        'econ: { indicators: { conversionCost: {} } }\n  soc: { indicators: { amenityAccess: { layers: [hasOwnProperty, constructor] }, housingSupply: { dwellings: 10 } } }',
      ),
    );
    expect(issues.map((i) => i.message)).toEqual(
      expect.arrayContaining([
        'no layer is named "toString" (known: landuse)',
        'no layer is named "valueOf" (known: landuse)',
        'no layer is named "hasOwnProperty" (known: landuse)',
        'no layer is named "constructor" (known: landuse)',
      ]),
    );
    expect(issues.every((i) => typeof i.line === 'number')).toBe(true);
  });
});

describe('numbers', () => {
  test('1e400 and distances of hundreds of digits are too large, located', () => {
    const weight = only(BASE.replace('carbon: { weight: 0.01 }', 'carbon: { weight: 1e400 }'));
    expect(weight).toMatchObject({ line: 16, path: 'objectives.eco.indicators.carbon.weight' });
    expect(weight.message).toMatch(/too large a number/);
    const distance = only(
      BASE.replace(
        'habitatValue: {}',
        `habitatValue: {}, protectedEdge: { layer: landuse, distance: 1${'0'.repeat(400)} m }`,
      ),
    );
    expect(distance.path).toBe('objectives.eco.indicators.protectedEdge.distance');
    expect(distance.message).toMatch(/^10{23}… \(403 characters\) is too large a number$/);
  });

  test('area demands beyond the study area are errors, not overflows', () => {
    const yaml = `${BASE.replace(/^name: t\ncurrent: landuse\n/, '').replace(STANDARD_CLASSES, '')}demands:\n  housing: { min: 268435456 ha }\n  farm: { max: 134217728 ha }\noptimizer: { mutationCells: 1000000 }\n`;
    const { area, input } = tinyStudyArea(yaml.replace(/^name: t\n/, '').replace('current: landuse\n', ''), {
      codes: ['1 4 4 5', '4 4 5 5', '6 6 7 7'],
    });
    expect(area.minCells[0]).toBe(area.validCells + 1);
    expect(area.maxCells[3]).toBe(area.validCells);
    const { errors } = checkFeasibility(input.scenario as ResolvedScenario, area, []);
    expect(errors.map((e) => [e.path, e.message])).toEqual(
      expect.arrayContaining([
        ['demands.housing.min', '268435456 ha is more than the whole study area (12 ha)'],
        ['optimizer.mutationCells', '1,000,000 is more than the 12 changeable cells'],
      ]),
    );
  });
});

describe('optimiser settings name where a value came from', () => {
  const scenario = parseScenarioText(`${BASE}optimizer: { population: 10000, generations: 50 }\n`, 'x.yaml', {
    checkFiles: false,
  });
  test('a flag', () => {
    expect(() => resolveRunParameters({ population: 1_000_000 }, scenario, 100)).toThrow(
      '--population: population must be an even whole number from 4 to 10,000 (offspring come in pairs), got 1000000.',
    );
    expect(() => resolveRunParameters({ workers: 1000 }, scenario, 100)).toThrow(
      /^--workers: workers must be "auto" or a whole number from 1 to 256/,
    );
    expect(() => resolveRunParameters({ seed: -5 }, scenario, 100)).toThrow(
      '--seed: seed must be a whole number of at least 0, got -5.',
    );
  });
  test("a field of the app's form", () => {
    expect(() => resolveRunParameters({ population: 61, overridesFrom: 'form' }, scenario, 100)).toThrow(
      'the Population field: population must be an even whole number from 4 to 10,000 (offspring come in pairs), got 61.',
    );
  });
  test('validation refuses what a run would refuse, naming the line: an odd population, a negative seed', () => {
    const bad = `${BASE}optimizer: { population: 61, seed: -5 }\n`;
    expect(() => parseScenarioText(bad, 'x.yaml', { checkFiles: false })).toThrow(
      /x\.yaml:18: optimizer\.population: must be an even whole number from 4 to 10,000 \(offspring come in pairs\), got 61[\s\S]*x\.yaml:18: optimizer\.seed: must be a whole number of at least 0, got -5/,
    );
  });
  test('a scenario line, and the memory the layouts would need', () => {
    expect(() => resolveRunParameters({}, scenario, 400_000)).toThrow(
      /^x\.yaml:18: optimizer\.population: a population of 10,000 needs up to 16\.0 GB for its layouts \(40,002 layouts, archive included, of 400,000 changeable cells\)/,
    );
    expect(resolveRunParameters({}, scenario, 100)).toMatchObject({ population: 10_000, generations: 50 });
  });
});

describe('scenario and layer paths', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pp-hostile-scenario-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const errorOf = async (file: string) =>
    loadScenarioFile(file).then(
      () => expect.fail('expected an error'),
      (e: unknown) => e as LandUseInputError,
    );

  test('a missing file is named once', async () => {
    const file = path.join(tmp, 'nope.yaml');
    expect((await errorOf(file)).message).toBe(`${file}: no such scenario file; check the path`);
  });

  test('a named pipe, a folder, a symbolic link loop and /dev/zero are refused without hanging', async () => {
    const fifo = path.join(tmp, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect((await errorOf(fifo)).message).toBe(`${fifo}: is a named pipe, not a regular file; give the file itself`);
    const folder = path.join(tmp, 'folder.yaml');
    mkdirSync(folder);
    expect((await errorOf(folder)).message).toBe(`${folder}: is a folder, not a file`);
    const loop = path.join(tmp, 'loop.yaml');
    symlinkSync(loop, loop);
    expect((await errorOf(loop)).message).toMatch(/: is a symbolic link loop/);
    expect((await errorOf('/dev/zero')).message).toBe('/dev/zero: is a device, not a regular file');
  });

  test('a layer that is a named pipe or a loop is a located issue', async () => {
    execFileSync('mkfifo', [path.join(tmp, 'landuse.tif')]);
    symlinkSync(path.join(tmp, 'dem.tif'), path.join(tmp, 'dem.tif'));
    const file = path.join(tmp, 'scenario.yaml');
    writeFileSync(
      file,
      BASE.replace(
        'landuse: { path: landuse.tif, kind: categorical }',
        'landuse: { path: landuse.tif, kind: categorical }\n  dem: { path: dem.tif }',
      ),
    );
    const issues = (await errorOf(file)).issues;
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [3, `is a named pipe, not a regular file; give the file itself: ${path.join(tmp, 'landuse.tif')}`],
      [4, expect.stringMatching(/^is a symbolic link loop .*: .*dem\.tif$/)],
    ]);
  });
});
