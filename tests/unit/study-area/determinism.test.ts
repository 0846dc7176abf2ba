/**
 * The generator is deterministic: regenerating with the documented seed reproduces the committed
 * files (the same decoded rasters, the same GeoJSON text), and another seed gives another area.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeoTiff } from '../../../engine/src/gis/geotiff-read.js';
import { writeStudyArea } from '../../../gis-data/generator/generate.js';
import {
  DEFAULT_SEED,
  generateRiverbend,
  VECTOR_LAYERS,
  type StudyArea,
} from '../../../gis-data/generator/riverbend.js';
import { riverbendFile } from './riverbend-files.js';

let outDir: string;
let area: StudyArea;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'riverbend-'));
  area = generateRiverbend(DEFAULT_SEED);
  await writeStudyArea(area, outDir);
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('Riverbend generator', () => {
  it('the committed metadata names the default seed', async () => {
    const metadata = JSON.parse(await readFile(riverbendFile('metadata.json'), 'utf8')) as { facts: { seed: number } };
    expect(metadata.facts.seed).toBe(DEFAULT_SEED);
  });

  it.each(['dem.tif', 'landuse.tif'])('regenerates %s with the same grid and cell values', async (name) => {
    const committed = await readGeoTiff(riverbendFile(name));
    const regenerated = await readGeoTiff(path.join(outDir, name));
    expect(regenerated.grid).toEqual(committed.grid);
    expect(regenerated.nodata).toBe(committed.nodata);
    expect(Buffer.from(regenerated.data.buffer).equals(Buffer.from(committed.data.buffer))).toBe(true);
  });

  it.each([...VECTOR_LAYERS.map((name) => `${name}.geojson`), 'metadata.json', 'landuse.qml'])(
    'regenerates %s identically',
    async (name) => {
      const committed = await readFile(riverbendFile(name), 'utf8');
      const regenerated = await readFile(path.join(outDir, name), 'utf8');
      expect(regenerated).toBe(committed);
    },
  );

  it('gives different data for another seed', () => {
    const other = generateRiverbend(7);
    let differing = 0;
    for (let i = 0; i < other.dem.length; i++) if (other.dem[i] !== area.dem[i]) differing++;
    expect(differing / other.dem.length).toBeGreaterThan(0.5);
    // Every class still present: the generator's rules hold for other seeds too.
    expect(new Set(other.landuse).size).toBe(10);
  });

  it('rejects a seed that is not a 32-bit integer', () => {
    expect(() => generateRiverbend(1.5)).toThrow(/seed must be a 32-bit integer; got 1.5/);
  });
});
