/**
 * Reading a run's front, the one module that knows the front files' layout: front-<generation>.csv
 * (id, objectives with their direction, sub-indicators, area per class; its header is
 * {@link frontHeader}) and layouts-<generation>.bin (one genome per id, as changes against today:
 * layouts-codec.ts). outputs.ts writes them;
 * the CLI, the API's views, reports, batches and exports read them here.
 */
import path from 'node:path';
import type { ChangeCounts, LayoutChanges } from '../decision/index.js';
import { parseCsv } from './csv.js';
import { RunInputError } from './errors.js';
import { directionTag } from './history.js';
import { EncodedLayouts, LayoutsFormatError, todayGenome } from './layouts-codec.js';
import { readManifest, readVerified, type RunManifest } from './run-folder.js';

/** The columns of front.csv. */
export function frontHeader(manifest: Pick<RunManifest, 'objectives' | 'indicators' | 'classes'>): string[] {
  return [
    'id',
    ...manifest.objectives.map((o) => `${o.id} (${directionTag(o.direction)})`),
    ...manifest.indicators.map((i) => `${i.objective}.${i.indicator}`),
    ...manifest.classes.map((c) => `area_ha.${c.id}`),
  ];
}

/** A run's front, loaded and checked against its manifest. */
export interface LoadedFront {
  dir: string;
  manifest: RunManifest;
  /** Class index per grid cell today (255 outside the study area). */
  current: Uint8Array;
  geneCells: Int32Array;
  /**
   * rows x genes, row i = solution id i: decoded on first use (200 layouts of 2000 x 2000 cells
   * are 750 MB and take seconds). The engine never asks for it: a single layout is read with
   * {@link genomeOf} or {@link layoutOf}, which decode only that row until this matrix exists, and
   * work over every layout (groups, parties, agreement, reports) with {@link frontLayoutChanges}.
   * Tests compare against it.
   */
  readonly genomes: Uint8Array;
  /** The layouts file, opened (its rows decode one at a time). */
  readonly layouts: EncodedLayouts;
  /** Whether {@link genomes} has been decoded. */
  readonly genomesDecoded: boolean;
  rows: number;
  header: string[];
  /** front.csv rows as numbers (id first). */
  table: number[][];
  /** The raw text of front.csv. */
  csv: string;
}

export async function loadFront(runDir: string): Promise<LoadedFront> {
  const dir = path.resolve(runDir);
  for (let attempt = 1; ; attempt++) {
    const manifest = await readManifest(dir);
    try {
      return await loadFrontOf(dir, manifest);
    } catch (error) {
      // A run in progress may have switched its manifest and removed the files named before: read again.
      const switched = await readManifest(dir).then(
        (now) => now.updatedAt !== manifest.updatedAt,
        () => false,
      );
      if (attempt < 3 && error instanceof RunInputError && switched) continue;
      throw error;
    }
  }
}

async function loadFrontOf(dir: string, manifest: RunManifest): Promise<LoadedFront> {
  if (!manifest.front || manifest.front.rows === 0) {
    throw new RunInputError(
      `The run in ${dir} has no front yet (status: ${manifest.status}). ` +
        (manifest.status === 'complete'
          ? 'It found no feasible layout.'
          : `Continue it with \`paretoplan resume ${dir}\`.`),
    );
  }
  const [currentBytes, geneBytes, genomeBytes, csvBytes] = await Promise.all([
    readVerified(dir, manifest.studyArea.currentClasses, 'study-area map'),
    readVerified(dir, manifest.studyArea.geneCells, 'study-area cell index'),
    readVerified(dir, manifest.front, 'layouts file'),
    readVerified(dir, manifest.front.csv, 'front table'),
  ]);
  // Views of the bytes read (no copy: 19 MB at 2000 x 2000), the cell index copied only if unaligned.
  const geneCells =
    geneBytes.byteOffset % 4 === 0 && geneBytes.byteLength % 4 === 0
      ? new Int32Array(geneBytes.buffer, geneBytes.byteOffset, geneBytes.byteLength / 4)
      : new Int32Array(geneBytes.buffer.slice(geneBytes.byteOffset, geneBytes.byteOffset + geneBytes.byteLength));
  const current = new Uint8Array(currentBytes.buffer, currentBytes.byteOffset, currentBytes.byteLength);
  const rows = manifest.front.rows;
  if (geneCells.length !== manifest.studyArea.genes) {
    throw new RunInputError(`The study-area cell index of run ${dir} has the wrong size; the run folder is damaged.`);
  }
  const layouts = fromLayoutsFile(
    dir,
    manifest,
    () => new EncodedLayouts(genomeBytes, rows, todayGenome(current, geneCells)),
  );
  const csv = csvBytes.toString('utf8');
  const [header, ...table] = parseCsv(csv);
  const expected = frontHeader(manifest);
  if (!header || header.join(',') !== expected.join(',')) {
    throw new RunInputError(
      `The front table of run ${dir} does not have the expected columns; the run folder is damaged.`,
    );
  }
  let genomes: Uint8Array | null = null;
  return {
    dir,
    manifest,
    current,
    geneCells,
    get genomes() {
      genomes ??= fromLayoutsFile(dir, manifest, () => layouts.all());
      return genomes;
    },
    get genomesDecoded() {
      return genomes !== null;
    },
    layouts,
    rows,
    header,
    table: table.map((r) => r.map(Number)),
    csv,
  };
}

/** `read` on a run's layouts file, its format errors reported as the folder's damage. */
function fromLayoutsFile<T>(dir: string, manifest: RunManifest, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof LayoutsFormatError)) throw error;
    throw new RunInputError(
      `The layouts file of run ${dir} (${manifest.front?.file}) is not readable: ${error.message}; the run folder is damaged.`,
    );
  }
}

/** One row of front.csv by its columns: id, objectives, sub-indicators and area per class (ha). */
export interface FrontRow {
  id: number;
  objectives: number[];
  indicators: number[];
  areaHa: number[];
}

/** Row `id` of a loaded front, split into its columns (see {@link frontHeader}). */
export function frontRow(front: LoadedFront, id: number): FrontRow {
  const row = front.table[id]!;
  const m = front.manifest.objectives.length;
  const k = front.manifest.indicators.length;
  const K = front.manifest.classes.length;
  return {
    id: row[0]!,
    objectives: row.slice(1, 1 + m),
    indicators: row.slice(1 + m, 1 + m + k),
    areaHa: row.slice(1 + m + k, 1 + m + k + K),
  };
}

/** Every row of a loaded front, split into columns, in id order. */
export function frontRows(front: LoadedFront): FrontRow[] {
  return front.table.map((_, id) => frontRow(front, id));
}

/**
 * Solution `id`'s genome: a view of {@link LoadedFront.genomes} once decoded, else that row
 * decoded alone (into `out` when given).
 */
export function genomeOf(front: LoadedFront, id: number, out?: Uint8Array): Uint8Array {
  const n = front.manifest.studyArea.genes;
  if (front.genomesDecoded) return front.genomes.subarray(id * n, (id + 1) * n);
  return fromLayoutsFile(front.dir, front.manifest, () => front.layouts.row(id, out));
}

/**
 * Add (`step` 1) or take away (-1) the changes of layouts `ids` to or from per-gene class counts
 * (decision/agreement.ts's ChangeCounts), one layout at a time.
 */
export function countLayoutChanges(
  front: LoadedFront,
  ids: readonly number[],
  counts: ChangeCounts,
  classCount: number,
  step: 1 | -1 = 1,
): ChangeCounts {
  fromLayoutsFile(front.dir, front.manifest, () => {
    for (const id of ids) front.layouts.countRowChanges(id, counts, classCount, step);
  });
  return counts;
}

/**
 * Every layout of the front as its changes against today's genome, read from the layouts file one
 * at a time (decision/rows.ts): what the groups' features and profiles and the parties' agreement
 * read, so that no rows x genes matrix is decoded (750 MB for 200 layouts at 2000 x 2000 cells).
 */
export function frontLayoutChanges(front: LoadedFront): LayoutChanges {
  const { layouts } = front;
  return {
    rows: front.rows,
    today: layouts.today,
    changesOf: (row, genes, classes) =>
      fromLayoutsFile(front.dir, front.manifest, () => layouts.rowChanges(row, genes, classes)),
    countChanges: (ids, counts, classCount) => {
      countLayoutChanges(front, ids, counts, classCount);
    },
  };
}

/** Class index per grid cell (255 outside the study area) of solution `id`: today's map with its genes applied. */
export function layoutOf(
  front: LoadedFront,
  id: number,
  out: Uint8Array = new Uint8Array(front.current.length),
): Uint8Array {
  out.set(front.current);
  const cells = front.geneCells;
  if (!front.genomesDecoded) {
    fromLayoutsFile(front.dir, front.manifest, () => front.layouts.applyRow(id, out, cells));
    return out;
  }
  const genome = genomeOf(front, id);
  for (let g = 0; g < cells.length; g++) out[cells[g]!] = genome[g]!;
  return out;
}
