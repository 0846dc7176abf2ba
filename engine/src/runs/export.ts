/**
 * Exports from a run folder, without re-running anything: one layout as a georeferenced GeoTIFF
 * (class colours, QGIS style) or as GeoJSON polygons, or the whole front as CSV.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { polygonize, type GridSpec } from '../gis/index.js';
import { parseCsv } from './csv.js';
import { RunInputError } from './errors.js';
import { writeAtomic } from './files.js';
import { frontHeader, layoutCodes, writeLayoutGeoTiff } from './outputs.js';
import { readManifest, readVerified, type RunManifest } from './run-folder.js';

export type ExportFormat = 'geotiff' | 'geojson' | 'csv';

/** A run's front, loaded and checked against its manifest. */
export interface LoadedFront {
  dir: string;
  manifest: RunManifest;
  /** Class index per grid cell today (255 outside the study area). */
  current: Uint8Array;
  geneCells: Int32Array;
  /** rows x genes, row i = solution id i. */
  genomes: Uint8Array;
  rows: number;
  header: string[];
  /** front.csv rows as numbers (id first). */
  table: number[][];
  /** The raw text of front.csv. */
  csv: string;
}

export async function loadFront(runDir: string): Promise<LoadedFront> {
  const dir = path.resolve(runDir);
  const manifest = await readManifest(dir);
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
  const geneCells = new Int32Array(
    geneBytes.buffer.slice(geneBytes.byteOffset, geneBytes.byteOffset + geneBytes.byteLength),
  );
  const genomes = new Uint8Array(genomeBytes);
  if (genomes.length !== manifest.front.rows * manifest.studyArea.genes) {
    throw new RunInputError(`The layouts file of run ${dir} has the wrong size; the run folder is damaged.`);
  }
  const csv = csvBytes.toString('utf8');
  const [header, ...rows] = parseCsv(csv);
  const expected = frontHeader(manifest);
  if (!header || header.join(',') !== expected.join(',')) {
    throw new RunInputError(
      `The front table of run ${dir} does not have the expected columns; the run folder is damaged.`,
    );
  }
  return {
    dir,
    manifest,
    current: new Uint8Array(currentBytes),
    geneCells,
    genomes,
    rows: manifest.front.rows,
    header,
    table: rows.map((r) => r.map(Number)),
    csv,
  };
}

/**
 * The names a planner can use for a solution: an id, `compromise` (also `knee`, the name earlier
 * versions used), or `best-<objective id>`.
 */
export function solutionNames(manifest: RunManifest): string[] {
  return ['compromise', 'knee', ...manifest.objectives.map((o) => `best-${o.id}`)];
}

/** Resolve `12`, `compromise` (or `knee`) or `best-economic` to a solution id. */
export function resolveSolution(front: LoadedFront, name: string): number {
  const highlights = front.manifest.front!.highlights;
  if (/^\d+$/.test(name)) {
    const id = Number(name);
    if (id >= front.rows)
      throw new RunInputError(`Solution ${id} does not exist: the front has ids 0 to ${front.rows - 1}.`);
    return id;
  }
  if (name === 'compromise' || name === 'knee') return highlights.knee;
  const objective = front.manifest.objectives.findIndex((o) => `best-${o.id}` === name);
  if (objective >= 0) return highlights.extremes[objective]!;
  throw new RunInputError(
    `Unknown solution "${name}". Use an id from front.csv (0 to ${front.rows - 1}) or one of: ${solutionNames(front.manifest).join(', ')}.`,
  );
}

export function genomeOf(front: LoadedFront, id: number): Uint8Array {
  const n = front.manifest.studyArea.genes;
  return front.genomes.subarray(id * n, (id + 1) * n);
}

/** Class index per grid cell (255 outside the study area) of solution `id`: today's map with its genes applied. */
export function layoutOf(
  front: LoadedFront,
  id: number,
  out: Uint8Array = new Uint8Array(front.current.length),
): Uint8Array {
  out.set(front.current);
  const genome = genomeOf(front, id);
  const cells = front.geneCells;
  for (let g = 0; g < cells.length; g++) out[cells[g]!] = genome[g]!;
  return out;
}

export interface ExportOptions {
  /** id, `compromise` (or `knee`) or `best-<objective>`; ignored for `csv` (the whole front). */
  solution?: string;
  format: ExportFormat;
  /** Output file; default inside the run folder's exports/. */
  out?: string;
}

export interface ExportResult {
  file: string;
  format: ExportFormat;
  solution: number | null;
}

export async function exportFromRun(runDir: string, options: ExportOptions): Promise<ExportResult> {
  const front = await loadFront(runDir);
  if (!['geotiff', 'geojson', 'csv'].includes(options.format)) {
    throw new RunInputError(`Unknown export format "${options.format}": use geotiff, geojson or csv.`);
  }
  if (options.format === 'csv') {
    const file = path.resolve(options.out ?? path.join(front.dir, 'exports', 'front.csv'));
    await ensureParent(file);
    await writeAtomic(file, front.csv);
    return { file, format: 'csv', solution: null };
  }
  const id = resolveSolution(front, options.solution ?? 'knee');
  const ext = options.format === 'geotiff' ? 'tif' : 'geojson';
  const file = path.resolve(options.out ?? path.join(front.dir, 'exports', `solution-${id}.${ext}`));
  await ensureParent(file);
  const genome = genomeOf(front, id);
  if (options.format === 'geotiff') {
    await writeLayoutGeoTiff(file, front.manifest, front.current, front.geneCells, genome);
  } else {
    const { data, nodata } = layoutCodes(front.manifest, front.current, front.geneCells, genome);
    const names: Record<number, string> = {};
    for (const c of front.manifest.classes) names[c.codes[0]!] = c.name;
    const collection = polygonize(front.manifest.grid as GridSpec, data, { nodata, classNames: names });
    await writeAtomic(file, JSON.stringify(collection) + '\n');
  }
  return { file, format: options.format, solution: id };
}

async function ensureParent(file: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new RunInputError(`Cannot create the folder for ${file}: ${(error as Error).message}`);
  }
}
