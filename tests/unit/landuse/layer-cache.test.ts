/**
 * The prepared-layer cache (landuse/model/layer-cache.ts): a preparation from the cache equals one
 * from the files bit for bit; an edited input, a new file beside one, or a damaged entry is never
 * read from it; a moved study area is; the cache stays within its size, and a cache that cannot
 * be written is skipped. Riverbend (240 x 240) is cached here by lowering the size threshold.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareScenario, type PreparedScenario } from '../../../engine/src/landuse/index.js';
import {
  cachedDistance,
  defaultCacheDir,
  LAYER_CACHE_DEFAULT_MAX_MB,
  LAYER_CACHE_MIN_CELLS,
  layerCacheFor,
  layerCacheSettingProblems,
  layerCacheSettings,
  preparedLayersKey,
  pruneCache,
  writeCachedLayers,
} from '../../../engine/src/landuse/model/layer-cache.js';
import { distanceLayer } from '../../../engine/src/landuse/objectives/terms.js';
import { loadScenarioFile } from '../../../engine/src/landuse/scenario/parse.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SETTINGS = ['PARETOPLAN_CACHE_DIR', 'PARETOPLAN_CACHE_MIN_CELLS', 'PARETOPLAN_CACHE_MAX_MB'] as const;

let work: string;
let cacheDir: string;
let saved: Record<string, string | undefined>;

/** A copy of Riverbend and its balanced scenario under `folder` (the scenario reads ../gis-data/riverbend). */
async function copyStudyArea(folder: string): Promise<string> {
  await cp(path.join(ROOT, 'gis-data/riverbend'), path.join(folder, 'gis-data/riverbend'), { recursive: true });
  await mkdir(path.join(folder, 'scenarios'), { recursive: true });
  const scenario = path.join(folder, 'scenarios/riverbend-balanced.yaml');
  await cp(path.join(ROOT, 'scenarios/riverbend-balanced.yaml'), scenario);
  return scenario;
}

async function entries(): Promise<string[]> {
  return (await readdir(path.join(cacheDir, 'layers')).catch(() => [] as string[])).sort();
}

function bytesOf(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** Two preparations hold the same layers (names in order, bytes), alignment and study area. */
function expectSamePreparation(a: PreparedScenario, b: PreparedScenario): void {
  expect(Object.keys(b.input.layers)).toEqual(Object.keys(a.input.layers));
  for (const name of Object.keys(a.input.layers)) {
    expect(bytesOf(b.input.layers[name]!).equals(bytesOf(a.input.layers[name]!)), name).toBe(true);
  }
  expect(b.alignment).toEqual(a.alignment);
  expect(b.undeclared).toEqual(a.undeclared);
  expect(b.input.distanceLayers).toEqual(a.input.distanceLayers);
  const { layersKey: _a, ...areaA } = a.studyArea;
  const { layersKey: _b, ...areaB } = b.studyArea;
  expect(areaB).toEqual(areaA);
}

beforeAll(async () => {
  saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  work = await mkdtemp(path.join(os.tmpdir(), 'pp-layer-cache-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

beforeEach(async () => {
  cacheDir = await mkdtemp(path.join(work, 'cache-'));
  process.env.PARETOPLAN_CACHE_DIR = cacheDir;
  process.env.PARETOPLAN_CACHE_MIN_CELLS = '0';
  delete process.env.PARETOPLAN_CACHE_MAX_MB;
});

afterEach(() => {
  for (const name of SETTINGS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('prepared-layer cache', () => {
  it('gives, from the cache, the preparation the files give, bit for bit', async () => {
    const scenario = await copyStudyArea(await mkdtemp(path.join(work, 'area-')));
    process.env.PARETOPLAN_CACHE_DIR = 'off';
    const fromFiles = await prepareScenario(scenario);
    expect(fromFiles.layersFromCache).toBe(false);
    expect(fromFiles.studyArea.layersKey).toBeUndefined();
    expect(await entries()).toEqual([]);

    process.env.PARETOPLAN_CACHE_DIR = cacheDir;
    const first = await prepareScenario(scenario);
    expect(first.layersFromCache).toBe(false);
    expect(await entries()).toEqual([`${first.studyArea.layersKey}.layers.bin`]);
    const again = await prepareScenario(scenario);
    expect(again.layersFromCache).toBe(true);
    expect(again.studyArea.layersKey).toBe(first.studyArea.layersKey);
    expectSamePreparation(fromFiles, first);
    expectSamePreparation(fromFiles, again);
    // The alignment names the files where they are now.
    expect(again.alignment.map((a) => a.file)).toEqual(fromFiles.alignment.map((a) => a.file));
  });

  it("caches the indicators' distance layers under the layers' key, and reads them back", async () => {
    const scenario = await copyStudyArea(await mkdtemp(path.join(work, 'area-')));
    const prepared = await prepareScenario(scenario);
    const area = prepared.studyArea;
    const computed = distanceLayer({ ...area, layersKey: undefined } as typeof area, 'roads', new Map());
    const stored = distanceLayer(area, 'roads', new Map());
    expect(bytesOf(stored).equals(bytesOf(computed))).toBe(true);
    const entry = (await entries()).find((name) => name.includes('.distance-'));
    expect(entry).toBeDefined();
    // The next call reads the entry: an edit of its last value shows through.
    const file = path.join(cacheDir, 'layers', entry!);
    const bytes = await readFile(file);
    bytes.writeFloatLE(-1, bytes.byteLength - 4);
    await writeFile(file, bytes);
    const read = distanceLayer(area, 'roads', new Map());
    expect(read[read.length - 1]).toBe(-1);
    expect(Array.from(read.subarray(0, -1))).toEqual(Array.from(computed.subarray(0, -1)));
  });

  it('stores each value exactly: bytes for whole numbers 0..254 and NaN, float32 for the rest', () => {
    const otherNaN = new Float32Array(new Uint32Array([0x7fc00001]).buffer)[0]!; // a NaN with other bits
    const arrays = {
      bytes: Float32Array.of(0, 1, Number.NaN, 254, 3, Number.NaN),
      negativeZero: Float32Array.of(0, -0, 1, 2, 3, 4),
      tooLarge: Float32Array.of(0, 255, 1, 2, 3, 4),
      fractions: Float32Array.of(0.5, 1e-7, -3, 1e30, Number.NaN, 7),
      otherNaN: Float32Array.of(0, 1, otherNaN, 2, 3, 4),
    };
    for (const [name, values] of Object.entries(arrays)) {
      expect(cachedDistance('k'.repeat(64), name, values.length, () => values)).toBe(values);
      const read = cachedDistance('k'.repeat(64), name, values.length, () => {
        throw new Error(`${name} was computed again`);
      });
      expect(read).not.toBe(values);
      expect(bytesOf(read).equals(bytesOf(values)), name).toBe(true);
    }
    // Another key or another number of cells is not read.
    const fresh = Float32Array.of(9, 9, 9, 9, 9, 9);
    expect(cachedDistance('j'.repeat(64), 'bytes', 6, () => fresh)).toBe(fresh);
    expect(cachedDistance('k'.repeat(64), 'bytes', 5, () => fresh)).toBe(fresh);
  });

  it('does not read an edited input, or one with a new file beside it, from the cache; a moved study area it does', async () => {
    const folder = await mkdtemp(path.join(work, 'area-'));
    const scenario = await copyStudyArea(folder);
    const before = await prepareScenario(scenario);
    const resolved = await loadScenarioFile(scenario);
    const key = await preparedLayersKey(resolved);
    expect(key).toBe(before.studyArea.layersKey);

    // Moved elsewhere: the same key, read from the cache.
    const moved = await copyStudyArea(await mkdtemp(path.join(work, 'moved-')));
    expect((await prepareScenario(moved)).layersFromCache).toBe(true);

    // A sidecar file beside the DEM (GDAL's .aux.xml): another key.
    const aux = path.join(folder, 'gis-data/riverbend/dem.tif.aux.xml');
    await writeFile(aux, '<PAMDataset/>');
    expect(await preparedLayersKey(resolved)).not.toBe(key);
    await rm(aux);
    expect(await preparedLayersKey(resolved)).toBe(key);

    // One road fewer: another key, and the roads layer read from the files again.
    const roadsFile = path.join(folder, 'gis-data/riverbend/roads.geojson');
    const roads = JSON.parse(await readFile(roadsFile, 'utf8')) as { features: unknown[] };
    roads.features = roads.features.slice(1);
    await writeFile(roadsFile, JSON.stringify(roads));
    const edited = await prepareScenario(scenario);
    expect(edited.layersFromCache).toBe(false);
    expect(edited.studyArea.layersKey).not.toBe(key);
    expect(bytesOf(edited.input.layers.roads!).equals(bytesOf(before.input.layers.roads!))).toBe(false);

    // A layer's definition is in the key too.
    const other = {
      ...resolved,
      layers: { ...resolved.layers, roads: { ...resolved.layers.roads!, where: { kind: ['x'] } } },
    };
    expect(await preparedLayersKey(other)).not.toBe(await preparedLayersKey(resolved));
    // A missing file: no key (the preparation then reports the file as it always does).
    await rm(roadsFile);
    expect(await preparedLayersKey(resolved)).toBeNull();
    await expect(prepareScenario(scenario)).rejects.toThrow(/roads\.geojson/);
  });

  it('builds a damaged entry again and replaces it', async () => {
    const scenario = await copyStudyArea(await mkdtemp(path.join(work, 'area-')));
    const first = await prepareScenario(scenario);
    const file = path.join(cacheDir, 'layers', `${first.studyArea.layersKey}.layers.bin`);
    const size = (await stat(file)).size;
    await truncate(file, size - 1000);
    const rebuilt = await prepareScenario(scenario);
    expect(rebuilt.layersFromCache).toBe(false);
    expectSamePreparation(first, rebuilt);
    expect((await stat(file)).size).toBe(size);
    await writeFile(file, 'not an entry');
    expect((await prepareScenario(scenario)).layersFromCache).toBe(false);
    expect((await prepareScenario(scenario)).layersFromCache).toBe(true);
    // An entry under the key that lacks a layer (or holds another) is not used either.
    const settings = layerCacheSettings()!;
    const { roads: _roads, ...fewer } = Object.fromEntries(
      Object.entries(first.input.layers).filter(([name]) => name !== 'landuse'),
    );
    await writeCachedLayers(settings, first.studyArea.layersKey!, fewer, []);
    const refilled = await prepareScenario(scenario);
    expect(refilled.layersFromCache).toBe(false);
    expectSamePreparation(first, refilled);
  });

  it('skips a cache it cannot write, without a word', async () => {
    const scenario = await copyStudyArea(await mkdtemp(path.join(work, 'area-')));
    const blocker = path.join(work, 'a-file');
    await writeFile(blocker, 'x');
    process.env.PARETOPLAN_CACHE_DIR = blocker; // a file where the folder should be
    const prepared = await prepareScenario(scenario);
    expect(prepared.layersFromCache).toBe(false);
    expect(distanceLayer(prepared.studyArea, 'roads', new Map()).length).toBe(prepared.input.layers.roads!.length);
  });

  it('removes the least recently used entries beyond its size', async () => {
    const folder = path.join(cacheDir, 'layers');
    await mkdir(folder, { recursive: true });
    const MiB = 1024 * 1024;
    for (const [name, used] of [
      ['a.layers.bin', 1000],
      ['b.layers.bin', 3000],
      ['c.layers.bin', 2000],
    ] as const) {
      await writeFile(path.join(folder, name), new Uint8Array(MiB));
      await utimes(path.join(folder, name), used, used);
    }
    pruneCache({ dir: cacheDir, maxBytes: 2.5 * MiB, minCells: 0 });
    expect(await entries()).toEqual(['b.layers.bin', 'c.layers.bin']);
    pruneCache({ dir: cacheDir, maxBytes: MiB, minCells: 0 });
    expect(await entries()).toEqual(['b.layers.bin']);
  });

  it('reads its settings from the environment', () => {
    const home = os.homedir();
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux')).toBe('/x/cache/paretoplan');
    expect(defaultCacheDir({}, 'linux')).toBe(path.join(home, '.cache', 'paretoplan'));
    expect(defaultCacheDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Caches', 'paretoplan'));
    expect(defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\p\\AppData\\Local' }, 'win32')).toBe(
      path.join('C:\\Users\\p\\AppData\\Local', 'paretoplan', 'Cache'),
    );
    for (const off of ['off', 'OFF', 'none', '0', 'false'])
      expect(layerCacheSettings({ PARETOPLAN_CACHE_DIR: off })).toBeNull();
    expect(layerCacheSettings({ PARETOPLAN_CACHE_DIR: 'rel/dir' })!.dir).toBe(path.resolve('rel/dir'));
    const defaults = layerCacheSettings({ XDG_CACHE_HOME: '/x' })!;
    expect(defaults).toEqual({
      dir: defaultCacheDir({ XDG_CACHE_HOME: '/x' }),
      maxBytes: LAYER_CACHE_DEFAULT_MAX_MB * 1024 * 1024,
      minCells: LAYER_CACHE_MIN_CELLS,
    });
    // A size that is not a positive number keeps the default.
    expect(layerCacheSettings({ PARETOPLAN_CACHE_MAX_MB: 'lots' })!.maxBytes).toBe(defaults.maxBytes);
    expect(layerCacheSettings({ PARETOPLAN_CACHE_MAX_MB: '-5' })!.maxBytes).toBe(defaults.maxBytes);
    expect(layerCacheSettings({ PARETOPLAN_CACHE_MAX_MB: '10' })!.maxBytes).toBe(10 * 1024 * 1024);
    expect(layerCacheSettingProblems({ PARETOPLAN_CACHE_MAX_MB: '10', PARETOPLAN_CACHE_MIN_CELLS: '0' })).toEqual([]);
    expect(layerCacheSettingProblems({ PARETOPLAN_CACHE_MAX_MB: '0', PARETOPLAN_CACHE_MIN_CELLS: 'many' })).toEqual([
      'PARETOPLAN_CACHE_MAX_MB=0 is not a positive number of MiB; the default, 2048, is used.',
      'PARETOPLAN_CACHE_MIN_CELLS=many is not a number of cells (0 or more); the default, 1000000, is used.',
    ]);
    // Small grids are not cached unless the threshold is lowered.
    expect(layerCacheFor(240 * 240, {})).toBeNull();
    expect(layerCacheFor(1000 * 1000, { PARETOPLAN_CACHE_DIR: '/c' })).not.toBeNull();
    expect(layerCacheFor(240 * 240, { PARETOPLAN_CACHE_DIR: '/c', PARETOPLAN_CACHE_MIN_CELLS: '0' })).not.toBeNull();
  });
});
