/**
 * The prepared-layer cache: a study area's layers as the optimiser sees them (file layers read,
 * reprojected, resampled and rasterised onto the land-use grid; derived slope, distance and
 * travel-time layers) and the indicators' distance layers, kept on disk so that the next
 * preparation of the same inputs reads them instead of building them again. At 2000 x 2000 cells,
 * in a fresh process, preparing the study area and compiling its objectives takes 1.3-1.4 s from
 * the files (the DEM decoded, its slope, six vector layers rasterised, five distance transforms)
 * and 0.7-0.8 s from the cache. What it is for: the app's first contribution map right after
 * opening a large run (the run that made the folder fills the cache), and every process that
 * prepares a large study area again.
 *
 * Only grids of at least {@link LAYER_CACHE_MIN_CELLS} cells are cached: smaller ones prepare in
 * well under a second. An entry's key is a SHA-256 of the engine version, this format's version,
 * the scenario's layer definitions and the bytes of every file they read (with the files beside
 * each that share its name: a Shapefile's .dbf/.prj, a raster's .aux.xml), so an edited input is
 * never read from the cache; where a file is does not matter. Entries hold the layers' exact
 * bytes: a preparation from the cache equals one from the files bit for bit, and so do the runs.
 *
 * The cache is best-effort: an entry that cannot be read (damaged, truncated, from another
 * format) is built again and replaced; a cache that cannot be written (read-only, full disk) is
 * skipped without a word. Writes are atomic (a temporary file renamed over the entry). Its size
 * is bounded: after each write the least recently used entries go until it holds at most
 * `PARETOPLAN_CACHE_MAX_MB` (2 GiB by default). Settings (environment): `PARETOPLAN_CACHE_DIR` (a
 * folder, or `off`; default: the user's cache folder), `PARETOPLAN_CACHE_MAX_MB`,
 * `PARETOPLAN_CACHE_MIN_CELLS`. See docs/data.md#the-prepared-layer-cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../../io/atomic-write.js';
import { engineVersion } from '../../project.js';
import type { ResolvedLayer, ResolvedScenario } from '../scenario/types.js';

/** The version of the entries' format; an entry of another version is built again. */
export const LAYER_CACHE_FORMAT = 1;
/** Grids smaller than this prepare in well under a second: they are not cached. */
export const LAYER_CACHE_MIN_CELLS = 1_000_000;
/** The most the cache holds by default (MiB). */
export const LAYER_CACHE_DEFAULT_MAX_MB = 2048;

const MAGIC = 0x434c5050; // "PPLC", little-endian
/** Entries live in this sub-folder of the cache folder (other caches may come beside it). */
const LAYERS_FOLDER = 'layers';
const ENTRY_SUFFIX = '.bin';

export interface LayerCacheSettings {
  /** The cache folder (entries in its `layers/` sub-folder). */
  readonly dir: string;
  readonly maxBytes: number;
  readonly minCells: number;
}

/** The user's cache folder for Pareto Plan on this platform. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'paretoplan', 'Cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'paretoplan');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'paretoplan');
}

/** The cache's numeric settings in the environment: their defaults and what a valid value is. */
const NUMERIC_SETTINGS = {
  PARETOPLAN_CACHE_MAX_MB: {
    fallback: LAYER_CACHE_DEFAULT_MAX_MB,
    zeroAllowed: false,
    what: 'a positive number of MiB',
  },
  PARETOPLAN_CACHE_MIN_CELLS: {
    fallback: LAYER_CACHE_MIN_CELLS,
    zeroAllowed: true,
    what: 'a number of cells (0 or more)',
  },
} as const;

/** A numeric setting's value, or NaN when it is given but not a number it can use, or undefined when not given. */
function numericSetting(env: NodeJS.ProcessEnv, name: keyof typeof NUMERIC_SETTINGS): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && (value > 0 || (NUMERIC_SETTINGS[name].zeroAllowed && value === 0))
    ? value
    : Number.NaN;
}

/** A numeric setting's value, its default when not given or not usable. */
function numericSettingOrDefault(env: NodeJS.ProcessEnv, name: keyof typeof NUMERIC_SETTINGS): number {
  const value = numericSetting(env, name);
  return value === undefined || Number.isNaN(value) ? NUMERIC_SETTINGS[name].fallback : value;
}

/** The cache's settings from the environment, or null when it is off (`PARETOPLAN_CACHE_DIR=off`). */
export function layerCacheSettings(env: NodeJS.ProcessEnv = process.env): LayerCacheSettings | null {
  const dir = env.PARETOPLAN_CACHE_DIR?.trim();
  if (dir && ['off', 'none', '0', 'false'].includes(dir.toLowerCase())) return null;
  return {
    dir: dir ? path.resolve(dir) : defaultCacheDir(env),
    maxBytes: numericSettingOrDefault(env, 'PARETOPLAN_CACHE_MAX_MB') * 1024 * 1024,
    minCells: numericSettingOrDefault(env, 'PARETOPLAN_CACHE_MIN_CELLS'),
  };
}

/** The cache's settings given in the environment that were not numbers it can use, each in a sentence. */
export function layerCacheSettingProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  return (Object.keys(NUMERIC_SETTINGS) as (keyof typeof NUMERIC_SETTINGS)[])
    .filter((name) => Number.isNaN(numericSetting(env, name)))
    .map(
      (name) =>
        `${name}=${env[name]} is not ${NUMERIC_SETTINGS[name].what}; the default, ${NUMERIC_SETTINGS[name].fallback}, is used.`,
    );
}

/** The cache's settings for a grid of `cells` cells, or null when it is off or the grid is too small. */
export function layerCacheFor(cells: number, env: NodeJS.ProcessEnv = process.env): LayerCacheSettings | null {
  const settings = layerCacheSettings(env);
  return settings && cells >= settings.minCells ? settings : null;
}

/**
 * The key of a scenario's prepared layers: its layer definitions (paths left out) and the bytes of
 * every file they read, with the files beside each that share its name. Null when a file cannot
 * be read: the preparation then reads the files and reports the problem as it always does.
 */
export async function preparedLayersKey(scenario: ResolvedScenario): Promise<string | null> {
  const hash = createHash('sha256');
  const layers = Object.values(scenario.layers).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  hash.update(
    JSON.stringify({
      format: LAYER_CACHE_FORMAT,
      engine: engineVersion,
      current: scenario.current,
      layers: layers.map((layer) => ({ ...layer, path: layer.path === null ? null : path.basename(layer.path) })),
    }),
  );
  try {
    for (const layer of layers) {
      if (layer.path === null) continue;
      for (const file of await filesOf(layer)) {
        hash.update(`\u0000${path.basename(file)}\u0000`);
        hash.update(await readFile(file));
      }
    }
  } catch {
    return null;
  }
  return hash.digest('hex');
}

/** A file layer's file and the files beside it that share its name (`roads.shp`: roads.dbf, roads.prj, …). */
async function filesOf(layer: ResolvedLayer): Promise<string[]> {
  const file = layer.path!;
  const folder = path.dirname(file);
  const stem = path.basename(file, path.extname(file));
  const siblings = (await readdir(folder))
    .filter((name) => name !== path.basename(file) && name.startsWith(`${stem}.`))
    .sort()
    .map((name) => path.join(folder, name));
  return [file, ...siblings];
}

/** The layers of a cached preparation, and what it recorded beside them. */
export interface CachedLayers<Extra> {
  readonly layers: Record<string, Float32Array>;
  readonly extra: Extra;
}

/**
 * The cached layers of `key`, or null when there are none or the entry does not hold exactly the
 * layers `names`, each of `cells` values (a damaged entry is removed).
 */
export async function readCachedLayers<Extra>(
  settings: LayerCacheSettings,
  key: string,
  names: readonly string[],
  cells: number,
): Promise<CachedLayers<Extra> | null> {
  const file = entryPath(settings, key, 'layers');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return null;
  }
  const decoded = decodeEntry(bytes, key, cells, names);
  if (!decoded) {
    await rm(file, { force: true }).catch(() => undefined);
    return null;
  }
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined); // most recently used
  return { layers: Object.fromEntries(decoded.arrays), extra: decoded.extra as Extra };
}

/** Store the layers of `key` (best-effort), then keep the cache within its size. */
export async function writeCachedLayers(
  settings: LayerCacheSettings,
  key: string,
  layers: Readonly<Record<string, Float32Array>>,
  extra: unknown,
): Promise<void> {
  try {
    const file = entryPath(settings, key, 'layers');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, encodeEntry(key, layers, extra));
    pruneCache(settings);
  } catch {
    // Best-effort: a cache that cannot be written is skipped.
  }
}

/**
 * The distance layer `name` of the prepared layers `key`: read from the cache, else computed by
 * `compute` and stored (synchronously: indicators compile synchronously).
 */
export function cachedDistance(
  key: string | undefined,
  name: string,
  cells: number,
  compute: () => Float32Array,
): Float32Array {
  if (key === undefined) return compute();
  const settings = layerCacheFor(cells);
  if (!settings) return compute();
  const file = entryPath(settings, key, `distance-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`);
  try {
    const values = decodeEntry(readFileSync(file), key, cells, [name])?.arrays.get(name);
    if (values) {
      const now = new Date();
      utimesSync(file, now, now); // most recently used
      return values;
    }
    rmSync(file, { force: true });
  } catch {
    // Not cached (or unreadable): computed below.
  }
  const values = compute();
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, encodeEntry(key, { [name]: values }, null));
    pruneCache(settings);
  } catch {
    // Best-effort: a cache that cannot be written is skipped.
  }
  return values;
}

function entryPath(settings: LayerCacheSettings, key: string, part: string): string {
  return path.join(settings.dir, LAYERS_FOLDER, `${key}.${part}${ENTRY_SUFFIX}`);
}

/** A file of the cache's folder: an entry, or a temporary file a write left behind. */
interface CacheFile {
  readonly file: string;
  readonly size: number;
  /** When it was last used (its modification time: a read marks it). */
  readonly used: number;
}

/** The files in the cache's folder (none when it does not exist). */
function cacheFiles(settings: LayerCacheSettings): CacheFile[] {
  const folder = path.join(settings.dir, LAYERS_FOLDER);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const files: CacheFile[] = [];
  for (const name of names) {
    try {
      const info = statSync(path.join(folder, name));
      if (info.isFile()) files.push({ file: path.join(folder, name), size: info.size, used: info.mtimeMs });
    } catch {
      // Removed meanwhile.
    }
  }
  return files;
}

/**
 * Remove the least recently used entries until the cache holds at most `maxBytes` (synchronous:
 * a listing of one folder, called after a write, also from a synchronous compile).
 */
export function pruneCache(settings: LayerCacheSettings): void {
  for (const file of leastRecentlyUsedOver(cacheFiles(settings), settings.maxBytes)) rmSync(file, { force: true });
}

/** What the cache holds: its files and their bytes. */
export function layerCacheUsage(settings: LayerCacheSettings): { files: number; bytes: number } {
  const files = cacheFiles(settings);
  return { files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0) };
}

/** Remove every file of the cache; returns what was removed. */
export function clearLayerCache(settings: LayerCacheSettings): { files: number; bytes: number } {
  const removed = { files: 0, bytes: 0 };
  for (const { file, size } of cacheFiles(settings)) {
    try {
      rmSync(file);
      removed.files++;
      removed.bytes += size;
    } catch {
      // Removed meanwhile, or not ours to remove: left.
    }
  }
  return removed;
}

/** The files to remove, least recently used first, so that the rest hold at most `maxBytes`. */
function leastRecentlyUsedOver(entries: readonly CacheFile[], maxBytes: number): string[] {
  let total = entries.reduce((sum, e) => sum + e.size, 0);
  const out: string[] = [];
  for (const entry of [...entries].sort((a, b) => a.used - b.used)) {
    if (total <= maxBytes) break;
    out.push(entry.file);
    total -= entry.size;
  }
  return out;
}

/*
 * An entry: MAGIC (u32), LAYER_CACHE_FORMAT (u32), the header's length (u32), the header (JSON:
 * key, arrays with their encoding, offset and length, extra), padding to 8 bytes, then the arrays.
 * A layer whose values are all whole numbers 0..254 or NaN (vector presence, categorical rasters)
 * is stored as bytes (NaN as 255), the rest as float32.
 */
interface EntryHeader {
  readonly key: string;
  readonly arrays: readonly { name: string; encoding: 'f32' | 'u8'; offset: number; length: number; nan?: boolean }[];
  readonly extra: unknown;
}

const BYTE_NAN = 255;
/** The bits of the NaN a Float32Array stores for `NaN`: a byte-stored NaN reads back as this one. */
const CANONICAL_NAN_BITS = new Uint32Array(Float32Array.of(Number.NaN).buffer)[0]!;

function fitsBytes(values: Float32Array): boolean {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      if (bits[i] !== CANONICAL_NAN_BITS) return false;
      continue;
    }
    if (!(v >= 0 && v < BYTE_NAN && Number.isInteger(v)) || Object.is(v, -0)) return false;
  }
  return true;
}

function encodeEntry(key: string, layers: Readonly<Record<string, Float32Array>>, extra: unknown): Uint8Array {
  const arrays: EntryHeader['arrays'][number][] = [];
  let offset = 0;
  const encoded: Uint8Array[] = [];
  for (const [name, values] of Object.entries(layers)) {
    let bytes: Uint8Array;
    let encoding: 'f32' | 'u8';
    let nan = false;
    if (fitsBytes(values)) {
      encoding = 'u8';
      bytes = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) {
        if (Number.isNaN(values[i]!)) {
          bytes[i] = BYTE_NAN;
          nan = true;
        } else bytes[i] = values[i]!;
      }
    } else {
      encoding = 'f32';
      bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    }
    arrays.push({ name, encoding, offset, length: values.length, ...(nan ? { nan } : {}) });
    encoded.push(bytes);
    offset += align8(bytes.byteLength);
  }
  const header = Buffer.from(JSON.stringify({ key, arrays, extra } satisfies EntryHeader), 'utf8');
  const start = align8(12 + header.byteLength);
  const out = new Uint8Array(start + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, LAYER_CACHE_FORMAT, true);
  view.setUint32(8, header.byteLength, true);
  out.set(header, 12);
  arrays.forEach((a, i) => out.set(encoded[i]!, start + a.offset));
  return out;
}

/**
 * The arrays of an entry, or null when it is not a whole entry of this format and key holding
 * exactly the arrays `names`, `cells` values each.
 */
function decodeEntry(
  bytes: Uint8Array,
  key: string,
  cells: number,
  names: readonly string[],
): { arrays: Map<string, Float32Array>; extra: unknown } | null {
  if (bytes.byteLength < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== LAYER_CACHE_FORMAT) return null;
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.byteLength) return null;
  let header: EntryHeader;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 12, headerLength).toString('utf8')) as EntryHeader;
  } catch {
    return null;
  }
  if (header.key !== key || !Array.isArray(header.arrays)) return null;
  const stored = header.arrays.map((a) => a.name);
  if (stored.length !== names.length || !names.every((name) => stored.includes(name))) return null;
  const start = align8(12 + headerLength);
  const arrays = new Map<string, Float32Array>();
  for (const a of header.arrays) {
    const width = a.encoding === 'u8' ? 1 : a.encoding === 'f32' ? 4 : 0;
    const from = start + a.offset;
    if (width === 0 || a.length !== cells || from + a.length * width > bytes.byteLength) return null;
    const values = new Float32Array(cells);
    if (width === 4) {
      // A copy through bytes: the entry's buffer need not be aligned, and the layer owns its memory.
      new Uint8Array(values.buffer).set(bytes.subarray(from, from + cells * 4));
    } else {
      values.set(bytes.subarray(from, from + cells)); // converted natively
      if (a.nan) for (let i = 0; i < cells; i++) if (bytes[from + i] === BYTE_NAN) values[i] = Number.NaN;
    }
    arrays.set(a.name, values);
  }
  return { arrays, extra: header.extra };
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
