/**
 * Variants files: read like scenarios (every problem with its file and line), checked against each
 * scenario, and written into a copy of the scenario that keeps everything else as written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  LandUseInputError,
  applyVariant,
  loadVariantsFile,
  parseScenarioText,
  parseVariantsText,
} from '../../../engine/src/landuse/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tinyFile = path.join(root, 'tests/fixtures/runs/tiny.yaml');
const tiny = readFileSync(tinyFile, 'utf8');

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LandUseInputError);
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  throw new Error('expected a LandUseInputError');
}

describe('variants files', () => {
  it('reads the test fixture', async () => {
    const source = await loadVariantsFile(path.join(root, 'tests/fixtures/distributed/variants.yaml'));
    expect(source.variants.map((v) => v.id)).toEqual(['base', 'more-homes']);
  });

  it('locates every problem by line: unknown fields, seeds, bad areas, unknown sub-indicators, repeated ids', () => {
    const text = [
      'variants:', // 1
      '  - id: a', // 2
      '    optimizer: { population: 3, seed: 4 }', // 3
      '  - id: b', // 4
      '    demands: { residential: { min: lots } }', // 5
      '    weights: { social: { happiness: 2 } }', // 6
      '  - id: a', // 7
      '    colour: red', // 8
    ].join('\n');
    expect(problems(() => parseVariantsText(text, 'v.yaml'))).toEqual([
      expect.stringMatching(/^v\.yaml:3: variants\[0\]\.optimizer\.population: /),
      'v.yaml:3: variants[0].optimizer.seed: unknown field "seed" (see docs/distributed.md for the fields allowed here)',
      expect.stringMatching(/^v\.yaml:5: variants\[1\]\.demands\.residential\.min: "lots" must be an area/),
      expect.stringMatching(/^v\.yaml:6: variants\[1\]\.weights\.social(\.happiness)?: /),
      'v.yaml:8: variants[2].colour: unknown field "colour" (see docs/distributed.md for the fields allowed here)',
    ]);
    expect(problems(() => parseVariantsText('variants:\n  - id: a\n  - id: a\n', 'v.yaml'))).toEqual([
      'v.yaml:3: variants[1].id: variant "a" is declared twice (first as variants[0]); ids name run folders and must differ',
    ]);
    expect(problems(() => parseVariantsText('variants: []\n', 'v.yaml'))[0]).toMatch(/^v\.yaml:1: variants: /);
  });

  it('writes the overrides into a copy of the scenario that is a valid scenario with those values', () => {
    const source = parseVariantsText(
      [
        'variants:',
        '  - id: wide',
        '    optimizer: { population: 16, generations: 5 }',
        '    demands: { residential: { min: 310 cells }, commercial: { max: 30 cells } }',
        '    weights: { social: { housingSupply: 2 }, ecological: { carbon: 0.5 } }',
      ].join('\n'),
      'v.yaml',
    );
    const text = applyVariant(tiny, tinyFile, source, source.variants[0]!);
    const copy = parseScenarioText(text, '/elsewhere/tiny--wide.yaml');
    expect(copy.name).toBe('Riverbend window - crash test [wide]');
    expect(copy.optimizer).toMatchObject({ population: 16, generations: 5, seed: 7, workers: 1 });
    expect(copy.layers.landuse!.path).toBe(path.join(root, 'tests/fixtures/runs/landuse-40.tif'));
    const social = copy.objectives.find((o) => o.id === 'social')!;
    expect(social.indicators.find((i) => i.type === 'housingSupply')!.weight).toBe(2);
    expect(social.indicators.find((i) => i.type === 'greenAccess')!.weight).toBe(1);
    const residential = copy.classes.findIndex((c) => c.id === 'residential');
    expect(copy.demands.find((d) => d.classIndex === residential)).toMatchObject({
      min: { value: 310, unit: 'cells' },
      max: { value: 320, unit: 'cells' },
    });
    // Everything else as written, comments included.
    expect(text).toContain('# a 40 x 40 window of Riverbend');
    expect(text).toContain('conversionCost: { toBuilt: 60, other: 5 }');
    // A variant without overrides changes only the name and the layer paths.
    const plain = parseVariantsText('variants:\n  - id: as-is\n', 'v.yaml');
    const same = parseScenarioText(applyVariant(tiny, tinyFile, plain, plain.variants[0]!), '/x/y.yaml');
    const original = parseScenarioText(tiny, tinyFile, { baseDir: path.dirname(tinyFile) });
    expect({ ...same, name: '', file: '', lines: {} }).toEqual({ ...original, name: '', file: '', lines: {} });
  });

  it('names the variants file and line of an override the scenario lacks', () => {
    const source = parseVariantsText(
      [
        'variants:',
        '  - id: x',
        '    demands: { orchard: { min: 10 ha } }',
        '    weights:',
        '      social: { carbon: 1 }',
        '      wellbeing: { greenAccess: 1 }',
      ].join('\n'),
      'v.yaml',
    );
    expect(problems(() => applyVariant(tiny, tinyFile, source, source.variants[0]!))).toEqual([
      expect.stringMatching(
        /^v\.yaml:3: variants\[0\]\.demands\.orchard: scenario tiny\.yaml has no class "orchard" \(its classes: residential, /,
      ),
      'v.yaml:5: variants[0].weights.social.carbon: objective "social" of scenario tiny.yaml has no sub-indicator "carbon" (it has: greenAccess, housingSupply); a weight changes a sub-indicator the scenario configures',
      'v.yaml:6: variants[0].weights.wellbeing: scenario tiny.yaml has no objective "wellbeing" (its objectives: economic, social, ecological)',
    ]);
  });
});
