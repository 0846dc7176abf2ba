/**
 * Run folders: the durable record of a run, read by `resume`, `export`, `report` and the desktop
 * app. Layout and field meanings are documented in docs/run-folder.md.
 *
 * Crash safety rests on three rules. A new folder is set up under a temporary name beside its
 * target and renamed once its first manifest exists, so a run folder always has a manifest. Every
 * output the manifest names is written under a name no manifest has named yet (per generation,
 * `front-000012.csv`) and the manifest is then switched atomically, so at every instant it names
 * complete files whose SHA-256 it records. Files it no longer names are removed after the switch,
 * and any left by a killed process are removed by the next `resume`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ResolvedScenario } from '../landuse/index.js';
import { RunInputError } from './errors.js';
import { describeFsError, sha256Bytes, syncFolder, writeJsonAtomic } from './files.js';
import {
  LOCK_CANDIDATE_ABANDONED_AFTER_MS,
  LOCK_CANDIDATE_NAME,
  RUN_LOCK_FILE,
  acquireRunLock,
  assessLock,
  localLockContext,
  readLock,
  type RunLock,
} from './lock.js';

export const RUN_FILES = {
  manifest: 'manifest.json',
  scenarioCopy: 'scenario.yaml',
  history: 'history.csv',
  currentClasses: 'study-area-current.bin',
  geneCells: 'study-area-genes.bin',
  layoutsDir: 'layouts',
  lock: RUN_LOCK_FILE,
} as const;

/**
 * The outputs rewritten during a run, each under a name of its own per write:
 * `<prefix><generation, 6 digits>[.<n>]<suffix>` (n from 2 when a generation is written again).
 */
export const GENERATION_OUTPUTS = {
  checkpoint: { prefix: 'checkpoint-', suffix: '.bin.gz' },
  layouts: { prefix: 'layouts-', suffix: '.bin' },
  front: { prefix: 'front-', suffix: '.csv' },
  agreement: { prefix: 'agreement-', suffix: '.bin' },
} as const;
export type GenerationOutput = keyof typeof GENERATION_OUTPUTS;

/** Names a run writes and may leave behind when killed: per-generation outputs and temporary files. */
const RUN_OUTPUT_NAME =
  /^(?:(?:checkpoint|layouts|front|agreement)-\d{6}(?:\.\d+)?\.(?:bin\.gz|bin|csv)|front\.csv|layouts\.bin)$/;
const TEMPORARY_NAME = /^\..+\.tmp$|^\.run\.lock\.stale\./;

export const RUN_STATUSES = ['running', 'interrupted', 'complete', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const fileRef = z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

const manifestSchema = z.object({
  format: z.literal('paretoplan/run'),
  version: z.literal(1),
  status: z.enum(RUN_STATUSES),
  engineVersion: z.string(),
  command: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  scenario: z.object({
    path: z.string(),
    copy: z.string(),
    sha256: z.string(),
    name: z.string(),
    description: z.string(),
    /** The validated scenario (units resolved, paths absolute), as the run used it. */
    parsed: z.unknown(),
  }),
  inputs: z.array(z.object({ layer: z.string(), path: z.string(), sha256: z.string() })),
  parameters: z.object({
    seed: z.number().int(),
    population: z.number().int(),
    generations: z.number().int(),
    workers: z.union([z.literal('auto'), z.number().int()]),
    archiveCapacity: z.number().int(),
    checkpointEvery: z.number().int(),
    crossoverProbability: z.number(),
    mutationCells: z.number().int().nullable(),
    /** The map regions crossover and mutation work on (optional: runs of engines before them). */
    regionBoundaries: z.array(z.string()).optional(),
    regionCells: z.number().int().optional(),
    /** The memetic step: every this many generations, this many move evaluations per improved layout. */
    localSearchEvery: z.number().int().optional(),
    localSearchEvaluations: z.number().int().optional(),
    /** At the end: most move evaluations polishing each objective's best layout. */
    polishEvaluations: z.number().int().optional(),
  }),
  grid: z.object({
    width: z.number().int(),
    height: z.number().int(),
    originX: z.number(),
    originY: z.number(),
    pixelWidth: z.number(),
    pixelHeight: z.number(),
    crs: z.object({ epsg: z.number().nullable(), kind: z.string(), name: z.string(), units: z.string() }).passthrough(),
  }),
  cellAreaHa: z.number(),
  studyArea: z.object({ currentClasses: fileRef, geneCells: fileRef, genes: z.number().int() }),
  objectives: z.array(z.object({ id: z.string(), label: z.string(), direction: z.enum(['minimize', 'maximize']) })),
  indicators: z.array(z.object({ objective: z.string(), indicator: z.string(), unit: z.string(), weight: z.number() })),
  classes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      codes: z.array(z.number()),
      color: z.string(),
      built: z.boolean(),
      natural: z.boolean(),
    }),
  ),
  demands: z.array(z.object({ classId: z.string(), minHa: z.number().nullable(), maxHa: z.number().nullable() })),
  progress: z.object({ generation: z.number().int(), evaluations: z.number().int(), elapsedMs: z.number() }),
  /** The run's hypervolume reference and scales, fixed at the first generation (docs/run-folder.md, "Hypervolume"). */
  hypervolume: z.object({ reference: z.array(z.number()), scale: z.array(z.number()) }).nullable(),
  checkpoint: fileRef.extend({ generation: z.number().int() }).nullable(),
  front: fileRef
    .extend({
      csv: fileRef,
      rows: z.number().int(),
      generation: z.number().int(),
      highlights: z.object({ extremes: z.array(z.number().int()), knee: z.number().int() }),
      /** The GeoTIFFs (and QGIS styles) of the extremes and the knee in layouts/, once the run is complete. */
      rasters: z.array(fileRef).default([]),
      /**
       * The groups of similar layouts (runs/groups.ts), recorded with a finished or interrupted
       * run's front so that opening it need not decode every layout; absent on a live run's front.
       */
      groups: z
        .object({
          clusters: z.array(
            z.object({ medoid: z.number().int(), members: z.array(z.number().int()), meanDifference: z.number() }),
          ),
          silhouettes: z.array(z.object({ k: z.number().int(), silhouette: z.number() })),
        })
        .optional(),
      /**
       * The agreement of every layout of the front (runs/front-agreement.ts), recorded with a
       * finished or interrupted run's front: the agreement map opens without counting each layout.
       */
      agreement: fileRef.optional(),
    })
    .nullable(),
  error: z.string().nullable(),
  /** A steered run (runs/steering.ts): its parent run, what it locked, and the files resume reads back. */
  steering: z
    .object({
      parent: z
        .object({
          dir: z.string(),
          ids: z.array(z.number().int()),
          /** The parent's grid when it was coarser: its layouts' changes were carried onto this run's grid (runs/refine.ts). */
          refinedFrom: z.string().optional(),
        })
        .nullable(),
      /** Layout GeoTIFFs (absolute; e.g. plans painted in the app) that seeded the run besides the parent's layouts. */
      seedLayouts: z.array(z.string()).optional(),
      lock: z
        .object({
          /** The lock file (absolute), or what the caller's mask is (e.g. the cells where the seeds agree). */
          source: z.string(),
          kind: z.enum(['geotiff', 'geojson', 'cells']),
          /** SHA-256 of the lock file (of the mask's bytes for a computed mask). */
          sha256: z.string(),
          /** Study-area cells locked, and of those the cells locked to another class than today's. */
          cells: z.number().int(),
          changedCells: z.number().int(),
        })
        .nullable(),
      /**
       * The objective ranges every layout of the run must lie in (`--min`/`--max`; null: that side
       * open), a hard constraint (landuse/model/objective-bounds.ts). Absent: none.
       */
      objectiveBounds: z
        .array(z.object({ objective: z.string(), min: z.number().nullable(), max: z.number().nullable() }))
        .optional(),
      files: z.object({
        lockedClasses: fileRef.nullable(),
        lockMask: fileRef.nullable(),
        seeds: fileRef.extend({ rows: z.number().int() }).nullable(),
      }),
    })
    .optional(),
});

export type RunManifest = z.infer<typeof manifestSchema>;

/** The classes a manifest records (and a layout's GeoTIFF and QGIS style are written from). */
export function manifestClasses(scenario: Pick<ResolvedScenario, 'classes'>): RunManifest['classes'] {
  return scenario.classes.map((c) => ({
    id: c.id,
    name: c.name,
    codes: [...c.codes],
    color: c.color,
    built: c.built,
    natural: c.natural,
  }));
}

/** A new run folder being set up under a temporary name beside its target. */
export interface StagedRunFolder {
  /** The folder the run will have once published. */
  readonly dir: string;
  /** Where it is being set up; write the first files and manifest here. */
  readonly staging: string;
  readonly lock: RunLock;
  /** Rename the staging folder to `dir` (call once its manifest exists). */
  publish(): Promise<void>;
  /** Remove the staging folder (set-up failed). */
  discard(): Promise<void>;
}

/** The prefix of the staging folders of `dir`: hidden, beside it, named after it. */
function stagingPrefix(dir: string): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}.partial-`);
}

/**
 * Prepare a new run folder `dir`: it must not exist or be an empty folder (a folder holding
 * anything else, a run folder included, is refused so that nothing is overwritten by mistake).
 * The folder is set up under a temporary name, locked, and appears under its name only when
 * {@link StagedRunFolder.publish} is called.
 */
export async function stageRunFolder(
  dir: string,
  command: string,
  onMessage?: (message: string) => void,
  heartbeatMs?: number,
): Promise<StagedRunFolder> {
  await checkNewRunTarget(dir);
  try {
    await fs.mkdir(path.dirname(dir), { recursive: true });
  } catch (error) {
    throw new RunInputError(`Cannot create the run folder ${dir}: ${describeFsError(error)}`, { cause: error });
  }
  await removeAbandonedStaging(dir);
  // Not mkdtemp: its folders are private (0700); a run folder gets the user's usual permissions.
  const staging = `${stagingPrefix(dir)}${randomBytes(6).toString('hex')}`;
  try {
    await fs.mkdir(staging);
  } catch (error) {
    throw new RunInputError(`Cannot create the run folder ${dir}: ${describeFsError(error)}`, { cause: error });
  }
  let lock: RunLock;
  try {
    lock = await acquireRunLock(staging, {
      command,
      ...(onMessage ? { onMessage } : {}),
      ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
    });
    await fs.mkdir(path.join(staging, RUN_FILES.layoutsDir));
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw error instanceof RunInputError
      ? error
      : new RunInputError(`Cannot create the run folder ${dir}: ${describeFsError(error)}`, { cause: error });
  }
  return {
    dir,
    staging,
    lock,
    async publish() {
      try {
        await fs.rename(staging, dir);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM' && code !== 'EISDIR') {
          throw new RunInputError(`Cannot create the run folder ${dir}: ${describeFsError(error)}`, { cause: error });
        }
        // The target appeared meanwhile, or is an empty folder this system cannot rename over (Windows).
        await checkNewRunTarget(dir);
        await fs.rmdir(dir).catch(() => undefined);
        await fs.rename(staging, dir).catch(async (retryError: unknown) => {
          await checkNewRunTarget(dir);
          throw new RunInputError(`Cannot create the run folder ${dir}: ${describeFsError(retryError)}`, {
            cause: retryError,
          });
        });
      }
      lock.movedTo(dir);
      await syncFolder(path.dirname(dir));
    },
    async discard() {
      await lock.release();
      await fs.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

async function checkNewRunTarget(dir: string): Promise<void> {
  let entries: string[] | null = null;
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new RunInputError(`${dir} is a file, not a folder. Choose another --out.`);
    if (code !== 'ENOENT') throw new RunInputError(`Cannot use ${dir} as the run folder: ${describeFsError(error)}`);
  }
  if (entries && entries.length > 0) {
    const isRun = entries.includes(RUN_FILES.manifest);
    throw new RunInputError(
      isRun
        ? `${dir} already holds a run. Use \`paretoplan resume ${dir}\` to continue it, or choose another --out.`
        : `${dir} exists and is not an empty folder or a run folder. Choose another --out (it is never overwritten).`,
    );
  }
}

/** Staging folders of `dir` left by set-ups that were killed, with what their lock says. */
async function findStaging(dir: string): Promise<{ path: string; live: boolean; command: string | null }[]> {
  const prefix = stagingPrefix(dir);
  const names = await fs.readdir(path.dirname(prefix)).catch(() => [] as string[]);
  const found: { path: string; live: boolean; command: string | null }[] = [];
  for (const name of names) {
    const candidate = path.join(path.dirname(prefix), name);
    if (!candidate.startsWith(prefix)) continue;
    const lock = await readLock(candidate).catch(() => null);
    const live = lock !== null && !assessLock(lock, localLockContext()).stale;
    found.push({ path: candidate, live, command: lock?.holder?.command ?? null });
  }
  return found;
}

/** Remove the staging folders of `dir` whose set-up was killed (their lock is stale or missing). */
async function removeAbandonedStaging(dir: string): Promise<number> {
  let removed = 0;
  for (const staging of await findStaging(dir)) {
    if (staging.live) continue;
    await fs.rm(staging.path, { recursive: true, force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
}

/**
 * Why `dir` has no manifest, when a run set-up explains it: the message for `resume` and `report`.
 * `clean` removes the abandoned staging folders (resume does; report only reads).
 */
async function explainMissingRun(dir: string, clean: boolean): Promise<string | null> {
  const staging = await findStaging(dir);
  if (staging.length === 0) return null;
  const live = staging.find((s) => s.live);
  if (live) return `The run in ${dir} is still being set up by another process (${live.command ?? 'unknown command'}).`;
  if (clean) await removeAbandonedStaging(dir);
  const command = staging.find((s) => s.command)?.command;
  return (
    `The run in ${dir} never started: it was stopped while being set up, before its first generation` +
    `${clean ? ' (its unfinished set-up was removed)' : ''}. Start it again` +
    `${command ? ` with: ${command}` : ' with `paretoplan run <scenario> --out ' + dir + '`'}`
  );
}

export async function writeManifest(dir: string, manifest: RunManifest): Promise<void> {
  await writeJsonAtomic(path.join(dir, RUN_FILES.manifest), manifest);
}

/**
 * Switch the folder to `manifest`: check the lock is still ours, write the manifest atomically and
 * durably, then remove the outputs it no longer names.
 */
export async function switchManifest(dir: string, manifest: RunManifest, lock: RunLock): Promise<void> {
  await lock.assertHeld();
  await writeManifest(dir, manifest);
  await syncFolder(dir);
  await removeUnnamedOutputs(dir, manifest);
}

/** Read and validate `dir/manifest.json`, with a message that says what is wrong and what to do. */
export async function readManifest(dir: string, options: { cleanAbandoned?: boolean } = {}): Promise<RunManifest> {
  const file = path.join(dir, RUN_FILES.manifest);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const notStarted = await explainMissingRun(dir, options.cleanAbandoned ?? false);
      if (notStarted) throw new RunInputError(notStarted);
      const exists = await fs.stat(dir).then(
        () => true,
        () => false,
      );
      throw new RunInputError(
        exists
          ? `${dir} is not a run folder: it has no ${RUN_FILES.manifest}. Point to a folder written by \`paretoplan run\`.`
          : `${dir} does not exist. Point to a folder written by \`paretoplan run\`.`,
      );
    }
    throw new RunInputError(`Cannot read ${file}: ${describeFsError(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RunInputError(
      `${file} is not valid JSON (${(error as Error).message}); the run folder is damaged beyond repair. Start the run again.`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RunInputError(
      `${file} is not a Pareto Plan run manifest (field ${issue.path.join('.') || '(root)'}: ${issue.message}). ` +
        'It may come from another program or a newer version.',
    );
  }
  return parsed.data;
}

/** One file a manifest names, and what it is (for messages). */
export interface NamedFile {
  file: string;
  sha256: string;
  what: string;
}

/** Every file `manifest` names with its SHA-256. */
export function namedFiles(manifest: RunManifest): NamedFile[] {
  const files: NamedFile[] = [
    { file: manifest.scenario.copy, sha256: manifest.scenario.sha256, what: 'scenario copy' },
    { ...manifest.studyArea.currentClasses, what: 'study-area map' },
    { ...manifest.studyArea.geneCells, what: 'study-area cell index' },
  ];
  if (manifest.checkpoint) files.push({ ...manifest.checkpoint, what: 'checkpoint' });
  if (manifest.front) {
    files.push({ file: manifest.front.file, sha256: manifest.front.sha256, what: 'layouts file' });
    files.push({ ...manifest.front.csv, what: 'front table' });
    for (const raster of manifest.front.rasters) files.push({ ...raster, what: `highlight layout ${raster.file}` });
    if (manifest.front.agreement) files.push({ ...manifest.front.agreement, what: 'agreement record' });
  }
  return files;
}

/** A named file that is missing or differs from its manifest. */
export interface DamagedFile extends NamedFile {
  problem: 'missing' | 'changed';
}

/** Check every file the manifest names against its SHA-256. */
export async function findDamagedFiles(dir: string, manifest: RunManifest): Promise<DamagedFile[]> {
  const damaged: DamagedFile[] = [];
  for (const named of namedFiles(manifest)) {
    const bytes = await fs.readFile(path.join(dir, named.file)).catch(() => null);
    if (bytes === null) damaged.push({ ...named, problem: 'missing' });
    else if (sha256Bytes(bytes) !== named.sha256) damaged.push({ ...named, problem: 'changed' });
  }
  return damaged;
}

/**
 * A fresh name for a per-generation output: `front-000012.csv`, or `front-000012.2.csv` when that
 * name is taken (named by the manifest, or present in the folder).
 */
export function generationFileName(kind: GenerationOutput, generation: number, taken: ReadonlySet<string>): string {
  const { prefix, suffix } = GENERATION_OUTPUTS[kind];
  const stem = `${prefix}${String(generation).padStart(6, '0')}`;
  if (!taken.has(`${stem}${suffix}`)) return `${stem}${suffix}`;
  for (let n = 2; ; n++) if (!taken.has(`${stem}.${n}${suffix}`)) return `${stem}.${n}${suffix}`;
}

/**
 * Remove what a run wrote that the manifest does not name: older generations' outputs, and
 * temporary files and outputs of a killed process (a lock candidate only once abandoned: another
 * process may be taking or asking for the lock right now). Returns the names removed.
 */
export async function removeUnnamedOutputs(dir: string, manifest: RunManifest): Promise<string[]> {
  const named = new Set(namedFiles(manifest).map((f) => f.file));
  const removed: string[] = [];
  for (const folder of ['', RUN_FILES.layoutsDir]) {
    const names = await fs.readdir(path.join(dir, folder)).catch(() => [] as string[]);
    for (const name of names) {
      const relative = folder ? `${folder}/${name}` : name;
      const generated =
        folder === '' ? RUN_OUTPUT_NAME.test(name) || TEMPORARY_NAME.test(name) : TEMPORARY_NAME.test(name);
      if (!generated || named.has(relative)) continue;
      if (folder === '' && LOCK_CANDIDATE_NAME.test(name) && !(await abandonedLockCandidate(path.join(dir, name)))) {
        continue;
      }
      await fs.rm(path.join(dir, relative), { force: true }).catch(() => undefined);
      removed.push(relative);
    }
  }
  return removed;
}

/** Whether a lock candidate was left by a process killed while taking the lock (see lock.ts). */
async function abandonedLockCandidate(file: string): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => null);
  return stat !== null && Date.now() - stat.mtimeMs > LOCK_CANDIDATE_ABANDONED_AFTER_MS;
}

/** The sentence that tells a user how to repair a damaged folder. */
export function repairAdvice(dir: string): string {
  return `Run \`paretoplan resume ${dir}\` to repair it (it rewrites the damaged files from the last intact state).`;
}

/** Read a file named in the manifest and check it is the very file the manifest recorded. */
export async function readVerified(dir: string, ref: { file: string; sha256: string }, what: string): Promise<Buffer> {
  const file = path.join(dir, ref.file);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new RunInputError(
      missing
        ? `The ${what} of run ${dir} is missing (${ref.file}). ${repairAdvice(dir)}`
        : `Cannot read the ${what} of run ${dir} (${ref.file}): ${describeFsError(error)}`,
    );
  }
  if (sha256Bytes(bytes) !== ref.sha256) {
    throw new RunInputError(
      `The ${what} of run ${dir} (${ref.file}) does not match its manifest: the file is damaged or was changed. ` +
        repairAdvice(dir),
    );
  }
  return bytes;
}
