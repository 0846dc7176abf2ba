/**
 * Run folders: the durable record of a run, read by `resume`, `export`, `report` and the desktop
 * app. Layout and field meanings are documented in docs/run-folder.md. Every file is written
 * atomically; the manifest is written last and names the checkpoint and layouts it belongs to (with
 * their SHA-256), so a folder killed at any moment is either usable or rejected with a clear message.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RunInputError } from './errors.js';
import { describeFsError, sha256Bytes, writeJsonAtomic } from './files.js';

export const RUN_FILES = {
  manifest: 'manifest.json',
  scenarioCopy: 'scenario.yaml',
  history: 'history.csv',
  front: 'front.csv',
  layouts: 'layouts.bin',
  currentClasses: 'study-area-current.bin',
  geneCells: 'study-area-genes.bin',
  layoutsDir: 'layouts',
} as const;

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
    })
    .nullable(),
  error: z.string().nullable(),
});

export type RunManifest = z.infer<typeof manifestSchema>;

/**
 * Prepare `dir` for a new run: create it, or accept it when empty. A folder holding anything else
 * (a run folder included: use `resume`) is refused, so nothing is overwritten by mistake.
 */
export async function createRunFolder(dir: string): Promise<void> {
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
  try {
    await fs.mkdir(path.join(dir, RUN_FILES.layoutsDir), { recursive: true });
    // Probe that the folder is writable before any work starts.
    await fs.writeFile(path.join(dir, '.write-test'), '');
    await fs.rm(path.join(dir, '.write-test'));
  } catch (error) {
    throw new RunInputError(`Cannot create the run folder ${dir}: ${describeFsError(error)}`);
  }
}

export async function writeManifest(dir: string, manifest: RunManifest): Promise<void> {
  await writeJsonAtomic(path.join(dir, RUN_FILES.manifest), manifest);
}

/** Read and validate `dir/manifest.json`, with a message that says what is wrong and what to do. */
export async function readManifest(dir: string): Promise<RunManifest> {
  const file = path.join(dir, RUN_FILES.manifest);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
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
    throw new RunInputError(`${file} is not valid JSON (${(error as Error).message}); the run folder is damaged.`);
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

/** Read a file named in the manifest and check it is the very file the manifest recorded. */
export async function readVerified(dir: string, ref: { file: string; sha256: string }, what: string): Promise<Buffer> {
  const file = path.join(dir, ref.file);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new RunInputError(`The ${what} of run ${dir} is missing (${ref.file}: ${describeFsError(error)}).`);
  }
  if (sha256Bytes(bytes) !== ref.sha256) {
    throw new RunInputError(
      `The ${what} of run ${dir} (${ref.file}) does not match its manifest: the file is damaged or was changed. ` +
        'The run cannot be used as it is.',
    );
  }
  return bytes;
}
