/**
 * Steering a run (`paretoplan run --seed-from <run-dir>:<ids> --lock <mask.tif|polygons.geojson>
 * --min <objective>=<value> --max <objective>=<value>`, the explorer's Steer action): layouts of an
 * earlier run of the same study area placed in the initial population, cells locked to one class
 * in every layout of the new run, and objective ranges every layout of the new run lies in
 * (landuse/model/objective-bounds.ts; recorded in the manifest, restored by resume).
 *
 * Which class a locked cell keeps: its class in the seeding layouts where they all agree, and
 * today's class where they differ (or when no run seeds the new one). Locked cells are handled by
 * the land-use model like fixed cells (landuse/model/cell-locks.ts), so sampling, crossover,
 * mutation, repair, reversion and local search all keep them.
 *
 * The run folder records the steering (manifest `steering`, docs/run-folder.md): the parent run
 * and its ids, the lock's source, size and hash, and three files a resume reads back without the
 * parent run or the lock file: the locked class per cell, the seeding genomes and the lock mask as
 * a GeoTIFF (which also reproduces a lock computed by the app).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  GisError,
  readRaster,
  readVector,
  rasterizeLayer,
  sameGrid,
  vectorFormatOf,
  type GridSpec,
} from '../gis/index.js';
import { encodeGeoTiff } from '../gis/index.js';
import {
  boundObjectives,
  genomeOfLayout,
  listObjectiveBounds,
  lockCells,
  NO_CLASS,
  type ObjectiveBound,
  type PreparedScenario,
  type StudyArea,
} from '../landuse/index.js';
import { RunInputError } from './errors.js';
import { sha256Bytes } from './files.js';
import { layoutOf, loadFront, type LoadedFront } from './front-io.js';
import { decodeLayouts, encodeLayouts, LayoutsFormatError, todayGenome } from './layouts-codec.js';
import { resolveSolution } from './export.js';
import { readLayoutRaster } from './scoring/layout-raster.js';
import { readVerified, type RunManifest } from './run-folder.js';
import { gridText, studyAreaDifference } from './same-study-area.js';
import { coarserGridDifference, refinedLayouts } from './refine.js';
import { fillBy } from '../io/typed-map.js';

/** The files a steered run keeps in its folder. */
export const STEERING_FILES = {
  lockedClasses: 'steering-locked-classes.bin',
  seeds: 'steering-seeds.bin',
  lockMask: 'steering-lock.tif',
} as const;

/** Where a lock comes from: a file (mask GeoTIFF or GeoJSON polygons), or a mask the caller computed. */
export type LockKind = NonNullable<SteeringRecord['lock']>['kind'];

export type LockSource =
  | { readonly file: string }
  /** 1 = locked, per grid cell; `label` says what it is (e.g. "cells where the selected layouts agree"). */
  | { readonly mask: Uint8Array; readonly label: string };

/** What to steer a new run with. */
export interface SteeringOptions {
  /** Seed the initial population with layouts of this run; `ids` as in its front.csv (default: the whole front). */
  readonly seedFrom?: { readonly dir: string; readonly ids?: readonly (number | string)[] | 'all' };
  /** Seed it with layouts given as GeoTIFFs on the scenario's grid (a plan painted in the app, `export --format geotiff`). */
  readonly seedLayouts?: readonly string[];
  readonly lock?: LockSource;
  /**
   * Narrow the objective ranges: every layout the run reports lies within them (a hard constraint,
   * landuse/model/objective-bounds.ts). `--min <objective>=<value>`, `--max <objective>=<value>`.
   */
  readonly objectiveBounds?: readonly ObjectiveBound[];
}

/** The manifest's record of a steered run. */
export type SteeringRecord = NonNullable<RunManifest['steering']>;

/** A steering resolved against a scenario: the locked study area, the seeds, and what the run folder records. */
export interface ResolvedSteering {
  readonly studyArea: StudyArea;
  /** Seeding genomes on `studyArea`'s genes, rows x genes (null without --seed-from). */
  readonly seeds: Uint8Array | null;
  readonly seedRows: number;
  /** Class each cell is locked to (NO_CLASS: free), null without a lock. */
  readonly lockedClasses: Uint8Array | null;
  /** The lock mask as a GeoTIFF (1 locked), null without a lock. */
  readonly lockMaskTiff: Uint8Array | null;
  /** The manifest's record, without the file hashes (see {@link steeringFiles}). */
  readonly record: Omit<SteeringRecord, 'files'>;
  /** The flags that reproduce it (`--seed-from`, `--lock`, `--min`, `--max`). */
  readonly flags: string[];
}

/**
 * Parse `--seed-from <run-dir>[:<ids>]`: ids comma-separated (front.csv ids, or `knee`,
 * `best-<objective>`), `all` or nothing for the whole front. A folder whose name holds a colon is
 * read whole when what follows the last colon is not a list of ids.
 */
export function parseSeedFrom(spec: string): { dir: string; ids: string[] | 'all' } {
  const colon = spec.lastIndexOf(':');
  const tail = colon >= 0 ? spec.slice(colon + 1) : '';
  const isIds = /^\s*(all|[\w-]+(\s*,\s*[\w-]+)*)\s*$/.test(tail) && !/[\\/]/.test(tail) && colon > 1;
  if (!isIds) return { dir: spec, ids: 'all' };
  const dir = spec.slice(0, colon);
  const ids = tail.split(',').map((s) => s.trim());
  return { dir, ids: ids.length === 1 && ids[0] === 'all' ? 'all' : ids };
}

/**
 * Resolve a steering against `prepared` (the scenario's unlocked study area).
 * @param population the run's population size: at most this many seeds (the whole front is thinned evenly).
 * @param outDir the new run's folder: a computed mask is reproduced from the GeoTIFF written there.
 * @throws RunInputError for a missing run, unknown ids, a run of another study area, a bad lock file.
 */
export async function resolveSteering(
  options: SteeringOptions,
  prepared: PreparedScenario,
  population: number,
  outDir: string,
): Promise<ResolvedSteering> {
  const area = prepared.studyArea;
  const n = area.current.length;
  const flags: string[] = [];
  let parent: SteeringRecord['parent'] = null;
  let seedMaps: Uint8Array[] = [];
  if (options.seedFrom) {
    const front = await loadParent(options.seedFrom.dir);
    const coarser = checkSeedingStudyArea(front, prepared);
    const ids = pickIds(front, options.seedFrom.ids ?? 'all', population);
    seedMaps = coarser ? refinedLayouts(front, ids, prepared) : ids.map((id) => layoutOf(front, id));
    parent = { dir: front.dir, ids, ...(coarser ? { refinedFrom: gridText(front.manifest.grid as GridSpec) } : {}) };
    flags.push('--seed-from', `${options.seedFrom.dir}:${idsText(options.seedFrom.ids ?? 'all', ids)}`);
  }
  const seedLayouts: string[] = [];
  for (const file of options.seedLayouts ?? []) {
    if (seedMaps.length >= population)
      throw new RunInputError(`${file}: the run already has ${population} seeding layouts, its population size.`);
    const layout = await readLayoutRaster(file, prepared);
    if (layout.resampled)
      throw new RunInputError(
        `${file}: is not on the scenario's grid; a seeding layout must be (export or paint it from a run of this scenario).`,
      );
    seedMaps.push(layout.classes);
    seedLayouts.push(path.resolve(file));
    flags.push('--seed-from', file);
  }

  let lockedClasses: Uint8Array | null = null;
  let lockMaskTiff: Uint8Array | null = null;
  let lock: SteeringRecord['lock'] = null;
  let studyArea = area;
  if (options.lock) {
    const { mask, source, kind, sha256 } = await readLockMask(options.lock, prepared);
    lockedClasses = new Uint8Array(n).fill(NO_CLASS);
    let cells = 0;
    for (let i = 0; i < n; i++) {
      const today = area.current[i]!;
      if (!mask[i] || today === NO_CLASS) continue;
      cells++;
      const first = seedMaps[0]?.[i] ?? today;
      lockedClasses[i] = seedMaps.every((map) => map[i] === first) ? first : today;
    }
    if (cells === 0) {
      throw new RunInputError(
        `${source}: locks no cell of the study area (no non-zero cell, or no cell centre inside a polygon, within it).`,
      );
    }
    const locked = lockCells(area, lockedClasses, source);
    studyArea = locked.studyArea;
    lockMaskTiff = await encodeGeoTiff(
      { grid: prepared.grid, data: fillBy(new Uint8Array(mask.length), (i) => (mask[i] ? 1 : 0)), nodata: 255 },
      {},
      STEERING_FILES.lockMask,
    );
    lock = {
      source,
      kind,
      sha256,
      cells,
      changedCells: locked.summary.lockedChanges,
    };
    flags.push('--lock', 'file' in options.lock ? options.lock.file : path.join(outDir, STEERING_FILES.lockMask));
  }

  const objectiveBounds: NonNullable<SteeringRecord['objectiveBounds']> = [];
  if (options.objectiveBounds && options.objectiveBounds.length > 0) {
    studyArea = boundObjectives(studyArea, options.objectiveBounds, '--{side}');
    for (const bound of listObjectiveBounds(studyArea)) {
      objectiveBounds.push(bound);
      if (bound.min !== null) flags.push('--min', `${bound.objective}=${bound.min}`);
      if (bound.max !== null) flags.push('--max', `${bound.objective}=${bound.max}`);
    }
  }

  let seeds: Uint8Array | null = null;
  if (seedMaps.length > 0) {
    const genes = studyArea.geneCells.length;
    seeds = new Uint8Array(seedMaps.length * genes);
    seedMaps.forEach((map, r) => genomeOfLayout(studyArea, map, seeds!.subarray(r * genes, (r + 1) * genes)));
  }
  return {
    studyArea,
    seeds,
    seedRows: seedMaps.length,
    lockedClasses,
    lockMaskTiff,
    record: {
      parent,
      ...(seedLayouts.length > 0 ? { seedLayouts } : {}),
      lock,
      ...(objectiveBounds.length > 0 ? { objectiveBounds } : {}),
    },
    flags,
  };
}

/** Today's class per gene of a (locked) study area: what the seeds are stored against. */
const todayOf = (area: StudyArea) => todayGenome(area.current, area.geneCells);

/** The files of a resolved steering to write into the run folder, with their manifest references. */
export function steeringFiles(steering: ResolvedSteering): {
  files: [string, Uint8Array][];
  refs: SteeringRecord['files'];
} {
  const files: [string, Uint8Array][] = [];
  const ref = (name: string, bytes: Uint8Array) => {
    files.push([name, bytes]);
    return { file: name, sha256: sha256Bytes(bytes) };
  };
  return {
    files,
    refs: {
      lockedClasses: steering.lockedClasses ? ref(STEERING_FILES.lockedClasses, steering.lockedClasses) : null,
      lockMask: steering.lockMaskTiff ? ref(STEERING_FILES.lockMask, steering.lockMaskTiff) : null,
      // Stored as the layouts file stores a front (changes against today, each compressed): 100
      // seeds at 2000 x 2000 take 9.5 MB instead of 369 MB.
      seeds: steering.seeds
        ? {
            ...ref(STEERING_FILES.seeds, encodeLayouts(steering.seeds, steering.seedRows, todayOf(steering.studyArea))),
            rows: steering.seedRows,
          }
        : null,
    },
  };
}

/**
 * A steered run's study area and seeds again, from its own folder (for `resume`): the locked
 * classes and seeding genomes it recorded, checked by their hashes by `read`.
 */
export async function restoreSteering(
  record: SteeringRecord,
  prepared: PreparedScenario,
  read: (ref: { file: string; sha256: string }, what: string) => Promise<Uint8Array>,
): Promise<{ studyArea: StudyArea; seeds: Uint8Array | null }> {
  let studyArea = prepared.studyArea;
  if (record.files.lockedClasses) {
    const classes = new Uint8Array(await read(record.files.lockedClasses, 'locked cells'));
    studyArea = lockCells(studyArea, classes, record.lock?.source ?? 'the lock').studyArea;
  }
  if (record.objectiveBounds)
    studyArea = boundObjectives(studyArea, record.objectiveBounds, "the run's objective {side}");
  let seeds: Uint8Array | null = null;
  const seedsRef = record.files.seeds;
  if (seedsRef) {
    const bytes = await read(seedsRef, 'seeding layouts');
    try {
      // Older folders hold the raw genomes; the codec reads both.
      seeds = decodeLayouts(bytes, seedsRef.rows, todayOf(studyArea));
    } catch (error) {
      if (!(error instanceof LayoutsFormatError)) throw error;
      throw new RunInputError(
        `The seeding layouts (${seedsRef.file}) cannot be read (${error.message}); the run folder is damaged.`,
      );
    }
  }
  return { studyArea, seeds };
}

/**
 * The study area a run's genomes are on: its scenario's, with a steered run's locks applied (the
 * genes of a steered run are fewer). For views that evaluate a run's layouts again.
 */
export async function runStudyArea(dir: string, manifest: RunManifest, prepared: PreparedScenario): Promise<StudyArea> {
  const steering = manifest.steering;
  if (!steering) return prepared.studyArea;
  let area = prepared.studyArea;
  if (steering.files.lockedClasses) {
    const classes = new Uint8Array(await readVerified(dir, steering.files.lockedClasses, 'locked cells'));
    area = lockCells(area, classes, steering.lock?.source ?? 'the lock').studyArea;
  }
  return steering.objectiveBounds
    ? boundObjectives(area, steering.objectiveBounds, "the run's objective {side}")
    : area;
}

async function loadParent(dir: string): Promise<LoadedFront> {
  try {
    return await loadFront(dir);
  } catch (error) {
    if (error instanceof RunInputError) throw new RunInputError(`--seed-from: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * The parent run must be of the same study area (the same grid, classes and today's map), or of
 * the same area on a coarser grid (coarse to fine, refine.ts); returns whether it is coarser.
 */
function checkSeedingStudyArea(front: LoadedFront, prepared: PreparedScenario): boolean {
  const scenario = { grid: prepared.grid, classes: prepared.scenario.classes, current: prepared.studyArea.current };
  const parent = { grid: front.manifest.grid as GridSpec, classes: front.manifest.classes, current: front.current };
  const differs = studyAreaDifference(scenario, parent);
  if (differs === null) return false;
  if (sameGrid(scenario.grid, parent.grid) || coarserGridDifference(scenario, parent) !== null)
    throw new RunInputError(
      `--seed-from: the run in ${front.dir} is not of the same study area as scenario "${prepared.scenario.name}": ${differs}. ` +
        'Seed from a run of this study area (the same land-use map, boundary and classes), or from a run of the same area ' +
        'on a coarser grid (the same classes and coordinate system, larger cells: coarse to fine).',
    );
  return true;
}

/** The front ids to seed from: the ones named, or the whole front (thinned evenly to the population). */
function pickIds(front: LoadedFront, ids: readonly (number | string)[] | 'all', population: number): number[] {
  if (ids === 'all') {
    const rows = front.rows;
    if (rows <= population) return [...Array(rows).keys()];
    return [...Array(population).keys()].map((k) => Math.floor((k * rows) / population));
  }
  const picked = new Set<number>();
  for (const raw of ids) {
    const name = String(raw).trim();
    try {
      picked.add(resolveSolution(front, name));
    } catch (error) {
      if (error instanceof RunInputError)
        throw new RunInputError(`--seed-from: the run in ${front.dir}: ${error.message}`, { cause: error });
      throw error;
    }
  }
  const list = [...picked].sort((a, b) => a - b);
  if (list.length > population) {
    throw new RunInputError(
      `--seed-from: ${list.length} layouts are more than the population of ${population}; give fewer ids or a larger --population.`,
    );
  }
  return list;
}

function idsText(given: readonly (number | string)[] | 'all', ids: readonly number[]): string {
  return given === 'all' ? 'all' : ids.join(',');
}

/** Read a lock: a GeoTIFF on the scenario's grid (non-zero cells locked) or GeoJSON polygons (cell centres inside). */
async function readLockMask(
  lock: LockSource,
  prepared: PreparedScenario,
): Promise<{ mask: Uint8Array; source: string; kind: LockKind; sha256: string }> {
  const n = prepared.studyArea.current.length;
  if ('mask' in lock) {
    if (lock.mask.length !== n)
      throw new RunInputError(`${lock.label}: ${lock.mask.length} cells for a grid of ${n} cells.`);
    return { mask: lock.mask, source: lock.label, kind: 'cells', sha256: sha256Bytes(lock.mask) };
  }
  const file = path.resolve(lock.file);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new RunInputError(
      `--lock ${lock.file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}. Give a mask GeoTIFF (.tif) on the scenario's grid or GeoJSON polygons (.geojson).`,
    );
  });
  const sha256 = sha256Bytes(bytes);
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === '.tif' || ext === '.tiff') {
      const raster = await readRaster(file);
      if (!sameGrid(raster.grid, prepared.grid)) {
        const g = raster.grid;
        const s = prepared.grid;
        throw new RunInputError(
          `--lock ${lock.file}: the mask is on another grid (${g.width} x ${g.height} cells of ${g.pixelWidth} at (${g.originX}, ${g.originY}), EPSG:${g.crs.epsg ?? '?'}) ` +
            `than the scenario's (${s.width} x ${s.height} cells of ${s.pixelWidth} at (${s.originX}, ${s.originY}), EPSG:${s.crs.epsg ?? '?'}). ` +
            'Make the mask on the scenario grid (e.g. gdalwarp -tr/-te to the land-use raster), or give the areas as GeoJSON polygons.',
        );
      }
      const mask = new Uint8Array(n);
      const nodata = raster.nodata;
      for (let i = 0; i < n; i++) {
        const v = raster.data[i]!;
        mask[i] = v !== 0 && !Number.isNaN(v) && v !== nodata ? 1 : 0;
      }
      return { mask, source: file, kind: 'geotiff', sha256 };
    }
    if (vectorFormatOf(file) === 'geojson') {
      const layer = await readVector(file);
      const polygons = layer.features.filter(
        (f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon',
      );
      if (polygons.length === 0)
        throw new RunInputError(
          `--lock ${lock.file}: holds no polygons; give the areas to lock as Polygon or MultiPolygon features.`,
        );
      const { data } = rasterizeLayer({ ...layer, features: polygons }, prepared.grid, { burn: 1 });
      return {
        mask: fillBy(new Uint8Array(data.length), (i) => (data[i] ? 1 : 0)),
        source: file,
        kind: 'geojson',
        sha256,
      };
    }
  } catch (error) {
    if (error instanceof GisError) throw new RunInputError(`--lock: ${error.message}`, { cause: error });
    throw error;
  }
  throw new RunInputError(
    `--lock ${lock.file}: not a mask GeoTIFF (.tif) or GeoJSON (.geojson) file. Give the cells to lock as a GeoTIFF on the scenario's grid (non-zero cells are locked) or as polygons.`,
  );
}
