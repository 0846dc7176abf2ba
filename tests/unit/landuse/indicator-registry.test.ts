/**
 * The registry of sub-indicators is the one source of the scenario schema, the descriptions, the
 * units and the tables of docs/objectives.md: these tests fail when a generated artefact is stale
 * or a module is missing a part.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { INDICATOR_DESCRIPTIONS, INDICATOR_UNITS } from '../../../engine/src/landuse/objectives/descriptions.js';
import { BUILT_IN_INDICATORS } from '../../../engine/src/landuse/objectives/indicators/index.js';
import { OBJECTIVES_DOC, syncObjectivesDoc } from '../../../engine/src/landuse/objectives/write-docs.js';
import { INDICATOR_NAMES, scenarioJsonSchema } from '../../../engine/src/landuse/scenario/schema.js';

describe('indicator registry', () => {
  test('docs/objectives.md has the tables the registry generates (regenerate: npx tsx engine/src/landuse/objectives/write-docs.ts)', async () => {
    const committed = await readFile(OBJECTIVES_DOC, 'utf8');
    expect(committed).toBe(syncObjectivesDoc(committed));
    // Every built-in appears in exactly one generated table.
    for (const d of BUILT_IN_INDICATORS) expect(committed.split(`| \`${d.type}\` | ${d.unit} |`)).toHaveLength(2);
  });

  test('every built-in has a unique name, a unit, a description and a schema entry, in registry order', () => {
    const types = BUILT_IN_INDICATORS.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect(INDICATOR_NAMES).toEqual(types);
    for (const d of BUILT_IN_INDICATORS) {
      expect(INDICATOR_UNITS[d.type]).toBe(d.unit);
      expect(INDICATOR_DESCRIPTIONS[d.type].label.length).toBeGreaterThan(0);
      expect(INDICATOR_DESCRIPTIONS[d.type].formula.length).toBeGreaterThan(0);
    }
    const schema = scenarioJsonSchema() as {
      properties: { objectives: { additionalProperties: { properties: { indicators: { properties: object } } } } };
    };
    const indicators = schema.properties.objectives.additionalProperties.properties.indicators.properties;
    expect(Object.keys(indicators)).toEqual(types);
  });
});
