/**
 * `npm run generate -- --size N` (issue 20): Riverbend resampled to N x N cells, with its three
 * scenarios. The same seed and size give the same bytes; the scenarios load and validate; the
 * resampled rasters keep Riverbend's classes and extent.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateScenario } from '../../../engine/src/api/scenario.js';
import { readGeoTiff } from '../../../engine/src/gis/geotiff-read.js';
import { writeScaledStudyArea } from '../../../gis-data/generator/generate.js';
import { DEFAULT_SEED } from '../../../gis-data/generator/riverbend.js';
import { scaleStudyArea } from '../../../gis-data/generator/scale.js';
import { SCENARIO_NAMES, SCENARIOS_DIR, scaledScenarios } from '../../../gis-data/generator/scenarios.js';

let root: string;

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort())
    out[name] = createHash('sha256')
      .update(await readFile(path.join(dir, name)))
      .digest('hex');
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scaled-riverbend-'));
  await writeScaledStudyArea(DEFAULT_SEED, 300, path.join(root, 'a'));
  await writeScaledStudyArea(DEFAULT_SEED, 300, path.join(root, 'b'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generator --size', () => {
  it('writes the same files, byte for byte, twice', async () => {
    const a = await hashes(path.join(root, 'a'));
    expect(Object.keys(a)).toEqual(
      expect.arrayContaining(['dem.tif', 'landuse.tif', 'metadata.json', ...SCENARIO_NAMES.map((n) => `${n}.yaml`)]),
    );
    expect(await hashes(path.join(root, 'b'))).toEqual(a);
  });

  it('writes a 300 x 300 grid over Riverbend’s 6 km extent', async () => {
    const landuse = await readGeoTiff(path.join(root, 'a', 'landuse.tif'));
    expect(landuse.grid.width).toBe(300);
    expect(landuse.grid.height).toBe(300);
    expect(landuse.grid.pixelWidth).toBe(20);
    const present = new Set(landuse.data);
    for (let code = 1; code <= 10; code++) expect(present.has(code)).toBe(true);
  });

  it.each(SCENARIO_NAMES)('%s loads and validates without errors', async (name) => {
    const result = await validateScenario(path.join(root, 'a', `${name}.yaml`));
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary?.grid.width).toBe(300);
  });

  it('stretches the landscape with --cell, keeping slopes and scaling class areas by s^2', () => {
    const native = scaleStudyArea(DEFAULT_SEED, 240);
    const stretched = scaleStudyArea(DEFAULT_SEED, 240, 50);
    expect(stretched.stretch).toBe(2);
    expect(stretched.landuse).toEqual(native.landuse);
    expect(stretched.facts.slope.median).toBeCloseTo(native.facts.slope.median, 1);
    expect(stretched.facts.classes[0]!.hectares).toBeCloseTo(4 * native.facts.classes[0]!.hectares, 1);
  });

  it("scales the description's areas and dwellings with the landscape, not its densities or shares", async () => {
    const descriptionOf = (text: string) => text.slice(text.indexOf('description:'), text.indexOf('\nlayers:'));
    const stretched = await scaledScenarios(scaleStudyArea(DEFAULT_SEED, 240, 50)); // s = 2
    const balanced = descriptionOf(stretched.get('riverbend-balanced.yaml')!);
    expect(balanced).toContain('Riverbend expects 20,000 new dwellings by 2040. At 40 dwellings per hectare');
    expect(balanced).toContain('500 ha of new housing land (624 ha today -> 1,124 to 1,200 ha)');
    expect(balanced).toContain('changes at most 1,200 ha of today');
    expect(balanced).toContain('(9 % of the land that may change; the housing alone\n  needs about 520 ha)');
    // On Riverbend's own extent the prose stays as written.
    const committed = await readFile(path.join(SCENARIOS_DIR, 'riverbend-balanced.yaml'), 'utf8');
    const native = await scaledScenarios(scaleStudyArea(DEFAULT_SEED, 300));
    expect(descriptionOf(native.get('riverbend-balanced.yaml')!)).toBe(descriptionOf(committed));
  });

  it('refuses sizes out of range', () => {
    expect(() => scaleStudyArea(DEFAULT_SEED, 5)).toThrow(/size must be/);
    expect(() => scaleStudyArea(DEFAULT_SEED, 100, -1)).toThrow(/cell size/);
  });
});
