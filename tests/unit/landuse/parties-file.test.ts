/**
 * Parties files and the scenario's parties: section: the bundled files are valid against the
 * bundled scenarios, the JSON Schema is in sync with the zod schema (and validates the bundled
 * files with ajv), and every problem is reported with its file and line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import {
  LandUseInputError,
  loadPartiesFile,
  loadScenarioFile,
  parsePartiesText,
  parseScenarioText,
  partiesJsonSchema,
} from '../../../engine/src/landuse/index.js';
import { partiesJsonSchemaText } from '../../../engine/src/landuse/scenario/write-json-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const scenarios = path.join(root, 'scenarios');

async function criteriaOf(scenarioFile: string) {
  const scenario = await loadScenarioFile(path.join(scenarios, scenarioFile), { checkFiles: false });
  const criteria = new Map<string, 'maximize'>();
  for (const o of scenario.objectives) {
    criteria.set(o.id, 'maximize');
    for (const i of o.indicators) criteria.set(`${o.id}.${i.type}`, 'maximize');
  }
  return criteria;
}

/** The problems of an input, as `file:line: path: message` lines. */
function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LandUseInputError);
    return (error as LandUseInputError).message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
  }
  throw new Error('expected problems');
}

describe('bundled parties files', () => {
  test.each([
    ['riverbend.parties.yaml', 'riverbend-balanced.yaml'],
    ['riverbend.parties.yaml', 'riverbend-growth.yaml'],
    ['riverbend-nature.parties.yaml', 'riverbend-nature.yaml'],
  ])('%s names only objectives and sub-indicators of %s, with four parties', async (parties, scenario) => {
    const source = await loadPartiesFile(path.join(scenarios, parties), await criteriaOf(scenario));
    expect(source.parties.map((p) => p.id)).toEqual(['council', 'developers', 'residents', 'environment']);
  });

  test('scenarios/parties.schema.json is in sync with the zod schema (regenerate: npx tsx engine/src/landuse/scenario/write-json-schema.ts)', async () => {
    expect(await readFile(path.join(scenarios, 'parties.schema.json'), 'utf8')).toBe(partiesJsonSchemaText());
  });

  test('the JSON Schema accepts the bundled files and rejects a party with an unknown field', async () => {
    const validate = new Ajv2020({ strict: false }).compile(partiesJsonSchema());
    for (const file of ['riverbend.parties.yaml', 'riverbend-nature.parties.yaml']) {
      const doc: unknown = parse(await readFile(path.join(scenarios, file), 'utf8'));
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ parties: [{ id: 'x', weights: { a: 1 }, mood: 'happy' }] })).toBe(false);
  });
});

describe('problems in a parties file, each with its line', () => {
  const criteria = new Map<string, 'maximize'>([
    ['economic', 'maximize'],
    ['social', 'maximize'],
    ['social.greenAccess', 'maximize'],
  ]);

  test('schema and cross-field problems are all reported at once', () => {
    const text = [
      'parties:', //                                             1
      '  - id: council', //                                      2
      '    weights: { economic: -1, social: 1 }', //             3
      '  - id: council', //                                      4
      '    weights: { economy: 1 }', //                          5
      '  - id: residents', //                                    6
      '    aspirations: { social: 80 %, economic: 10 }', //      7
      '    reservations: { economic: 20, social.greenAccess: 5 }', // 8
      '  - id: both', //                                         9
      '    weights: { social: 1 }', //                           10
      "    aspirations: { social: '50 % of range' }", //          11
      '  - id: nothing', //                                      12
      '    colour: red', //                                      13
    ].join('\n');
    const first = problems(() => parsePartiesText(text, 'p.yaml', criteria));
    expect(first).toEqual([
      'p.yaml:3: parties[0].weights.economic: Too small: expected number to be >=0',
      `p.yaml:7: parties[2].aspirations.social: "80 %" must be a value in the criterion's own unit (a number) or a share of the front's range such as "75 % of range"`,
      'p.yaml:13: parties[4].colour: unknown field "colour" (see docs/parties.md for the fields allowed here)',
    ]);
    const fixed = text.replace('economic: -1', 'economic: 0').replace('social: 80 %', "social: '80 % of range'");
    expect(problems(() => parsePartiesText(fixed.replace('\n    colour: red', ''), 'p.yaml', criteria))).toEqual([
      'p.yaml:4: parties[1].id: party "council" is declared twice',
      'p.yaml:5: parties[1].weights.economy: no objective or sub-indicator is named "economy" (known: economic, social, social.greenAccess)',
      'p.yaml:8: parties[2].reservations.economic: 20 is not worse than the aspiration 10: the reservation is the worst acceptable value',
      'p.yaml:8: parties[2].reservations.social.greenAccess: has no aspiration for "social.greenAccess" beside it; add one under "aspirations"',
      'p.yaml:9: parties[3]: has both "weights" and "aspirations": a party gives one or the other',
      'p.yaml:12: parties[4]: needs "weights" (over objectives) or "aspirations" (a reference point)',
    ]);
  });

  test('a missing file and broken YAML are named', async () => {
    await expect(loadPartiesFile(path.join(root, 'nope.parties.yaml'))).rejects.toThrow(
      /nope\.parties\.yaml: no such parties file; check the path/,
    );
    expect(problems(() => parsePartiesText('parties: [ { id: x', 'bad.yaml'))[0]).toMatch(
      /^bad\.yaml:\d+: not valid YAML/,
    );
  });

  test("a scenario's parties: section is checked against its objectives", async () => {
    const file = path.join(scenarios, 'riverbend-balanced.yaml');
    const text = await readFile(file, 'utf8');
    const withParties = `${text}\nparties:\n  - id: council\n    weights: { economic: 1, wellbeing: 2 }\n`;
    const lines = withParties.split('\n');
    const line = lines.findIndex((l) => l.includes('wellbeing')) + 1;
    expect(problems(() => parseScenarioText(withParties, file, { checkFiles: false }))).toEqual([
      expect.stringContaining(
        `riverbend-balanced.yaml:${line}: parties[0].weights.wellbeing: no objective or sub-indicator is named "wellbeing"`,
      ),
    ]);
    const ok = parseScenarioText(withParties.replace('wellbeing', 'social.greenAccess'), file, { checkFiles: false });
    expect(ok.parties).toEqual([{ id: 'council', weights: { economic: 1, 'social.greenAccess': 2 } }]);
  });
});
