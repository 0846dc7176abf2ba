/**
 * The front of a run as files: front-<generation>.csv (one row per non-dominated layout: objectives
 * with their direction, sub-indicators, area per class), layouts-<generation>.bin (their genomes,
 * row i = id i), and GeoTIFFs of the extremes and the compromise in layouts/. Each write of the front
 * uses new names (see run-folder.ts); the caller switches the manifest to them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { encodeGeoTiff, qgisPalettedStyle, qmlPathOf } from '../gis/index.js';
import { LAYOUT_CHANGES_ENCODING, type LandUseSetup, type PreparedScenario } from '../landuse/index.js';
import type { ObjectiveDirection, SolutionRows } from '../optimizer/index.js';
import { toCsv, type CsvValue } from './csv.js';
import { sha256Bytes, writeAtomic } from './files.js';
import { frontHighlights, type FrontHighlights } from '../decision/index.js';
import { codeClasses, faithfulLayout, type LandUseRaster } from './faithful.js';
import { frontHeader } from './front-io.js';
import { compressLayouts, EncodedLayouts, todayGenome } from './layouts-codec.js';
import { RUN_FILES, generationFileName, namedFiles, type RunManifest } from './run-folder.js';

export interface FrontFiles {
  ref: NonNullable<RunManifest['front']>;
  /** order[id] = row of the solution set. */
  order: number[];
  highlights: FrontHighlights;
  /** The layouts file just written, opened to read one layout at a time. */
  layouts: EncodedLayouts;
}

/** Names in use in a run folder: those the manifest names and those present (a new output takes neither). */
export async function takenNames(dir: string, manifest: RunManifest): Promise<Set<string>> {
  const present = await fs.readdir(dir).catch(() => [] as string[]);
  return new Set([...present, ...namedFiles(manifest).map((f) => f.file)]);
}

/**
 * The ids of a front's layouts: `order[id]` is the row (of `size` rows of natural-unit objective
 * values) that gets id `id`, best-first in objective 1, ties broken by the next objectives, then
 * by row. The front files and the live front use it, so their ids agree.
 */
export function frontOrder(
  objectives: Float64Array,
  size: number,
  directions: readonly ObjectiveDirection[],
): number[] {
  const m = directions.length;
  const signs = directions.map((d) => (d === 'maximize' ? -1 : 1));
  return Array.from({ length: size }, (_, i) => i).sort((a, b) => {
    for (let j = 0; j < m; j++) {
      const d = signs[j]! * (objectives[a * m + j]! - objectives[b * m + j]!);
      if (d !== 0) return d;
    }
    return a - b;
  });
}

/**
 * Computes `setup.details` (objectives then sub-indicators) of `rows` layouts laid end to end,
 * elsewhere (the run's worker pool: ParallelEvaluator.rowDetails); null when it cannot.
 */
export type ReportRows = (variables: Uint8Array, rows: number) => Promise<Float64Array | null>;

/** Layouts sent to {@link ReportRows} at once, at most (bytes). */
const PREFETCH_BYTES = 64 * 1024 * 1024;

/**
 * Each front layout's objectives and sub-indicator values, and its compressed record in the
 * layouts file, kept from one checkpoint to the next: most of the archive stays in it between
 * checkpoints, a report is a full evaluation (about a second per layout at 2000 x 2000, so
 * reporting 200 layouts afresh at every checkpoint cost minutes), and encoding a layout costs
 * about 20 ms there (4 s for 200, while the workers wait). Keyed by the genome's SHA-256 (no copy
 * of million-cell genomes is kept); both are pure functions of the genome, so the files are the
 * same as without them.
 */
export class FrontReports {
  /** Compressed layout records by key (layouts-codec.ts `compressLayouts`), about 100 kB a layout at 2000 x 2000. */
  readonly records = new Map<string, Uint8Array>();
  private entries = new Map<
    string,
    { readonly objectives: number[]; readonly values: number[]; readonly classCells: Int32Array }
  >();
  /** Reports computed (not found) since construction, for tests and benchmarks. */
  computed = 0;

  /**
   * The key of each of `count` layouts, in order: what {@link prefetch}, {@link report} and the
   * layouts file's record cache find a layout by. The SHA-256 of its change record against today
   * when `recordOf` gives them (the archive's records: a function of the genome, about a twentieth
   * of its bytes at 2000 x 2000 and read without decoding), else of its genome; a run's
   * checkpoints key their layouts the same way each time.
   * @param genomeOf layout i's genome, read once each, in order (it may reuse one buffer).
   * @param recordOf layout i's change record (change-record.ts), when the caller keeps them.
   */
  keysOf(count: number, genomeOf: (i: number) => Uint8Array, recordOf?: (i: number) => Uint8Array): string[] {
    return Array.from({ length: count }, (_, i) =>
      recordOf ? `record ${sha256Bytes(recordOf(i))}` : sha256Bytes(genomeOf(i)),
    );
  }

  /**
   * Computes at once with `reportRows` (the workers: see {@link ReportRows}) the reports of the
   * layouts `keys` names that are not kept yet; without a `reportRows`, or when it declines, those
   * are left to {@link report}, on this thread.
   * @param keys each layout's key ({@link keysOf}).
   * @param genomeOf layout i's genome, read for the layouts not kept, in order (it may reuse one buffer).
   * @param groupBytes layouts per call of `reportRows`, at most (bytes; at least one layout).
   */
  async prefetch(
    setup: LandUseSetup,
    keys: readonly string[],
    genomeOf: (i: number) => Uint8Array,
    reportRows?: ReportRows,
    groupBytes = PREFETCH_BYTES,
  ): Promise<void> {
    if (!reportRows) return;
    const n = setup.problem.numberOfVariables;
    const { width } = setup.details;
    // In groups of at most PREFETCH_BYTES of layouts: at 2000 x 2000 a first checkpoint's 200 new
    // layouts would otherwise be copied into one 700 MB buffer (and once more for the workers).
    const perGroup = Math.max(1, Math.floor(groupBytes / n));
    const missing: number[] = [];
    const queued = new Set<string>();
    keys.forEach((key, i) => {
      if (this.entries.has(key) || queued.has(key)) return;
      queued.add(key);
      missing.push(i);
    });
    for (let first = 0; first < missing.length; first += perGroup) {
      const group = missing.slice(first, first + perGroup);
      const rows = new Uint8Array(group.length * n);
      group.forEach((i, r) => rows.set(genomeOf(i), r * n));
      const values = await reportRows(rows, group.length);
      if (values === null || values.length !== group.length * width) return; // declined: left to report()
      group.forEach((i, r) => this.store(setup, keys[i]!, values.subarray(r * width, (r + 1) * width)));
    }
  }

  /**
   * The layout's objectives, sub-indicator values (compiled order) and cells per class, and its key.
   * @param genome the layout, or a function giving it (called only when the report is not kept).
   * @param key the layout's key, when already known ({@link keysOf}); else its genome's SHA-256.
   */
  report(
    setup: LandUseSetup,
    genome: Uint8Array | (() => Uint8Array),
    key = sha256Bytes(typeof genome === 'function' ? genome() : genome),
  ): { key: string; objectives: number[]; values: number[]; classCells: Int32Array } {
    let entry = this.entries.get(key);
    if (!entry) {
      const row = new Float64Array(setup.details.width);
      setup.details.compute(typeof genome === 'function' ? genome() : genome, row);
      entry = this.store(setup, key, row);
    }
    return { key, ...entry };
  }

  /** Keep a layout's `setup.details` row (objectives, sub-indicators, cells per class) as its report. */
  private store(setup: LandUseSetup, key: string, row: Float64Array) {
    const m = setup.evaluator.numberOfObjectives;
    const classes = row.length - setup.problem.area.classes.length;
    const entry = {
      objectives: Array.from(row.subarray(0, m)),
      values: Array.from(row.subarray(m, classes)),
      classCells: Int32Array.from(row.subarray(classes)),
    };
    this.entries.set(key, entry);
    this.computed++;
    return entry;
  }

  /** Forget every layout but those of `keys` (the front just written). */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.entries.keys()) if (!keys.has(key)) this.entries.delete(key);
    for (const key of this.records.keys()) if (!keys.has(key)) this.records.delete(key);
  }
}

/**
 * Awaits every promise, then throws the first failure in order, if any: no write is still under way
 * when the caller cleans up after a failure.
 */
async function allOrFirstFailure<T extends readonly unknown[]>(
  promises: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}

/**
 * Write the front table and layouts of a set of solutions under new names; ids are assigned
 * best-first in objective 1. The returned `ref` is what the manifest should name.
 * @param reports reports kept from earlier checkpoints of the same run (see {@link FrontReports}).
 * @param reportRows computes the reports not kept yet elsewhere (the workers), all at once.
 * @param meanwhile other work of the caller's (a run's checkpoint file), done on this thread while
 *   the workers compute the reports; awaited, as the rest, before this returns or throws.
 */
export async function writeFrontFiles(
  dir: string,
  manifest: RunManifest,
  setup: LandUseSetup,
  solutions: SolutionRows<Uint8Array>,
  generation: number,
  reports: FrontReports = new FrontReports(),
  reportRows?: ReportRows,
  meanwhile?: () => Promise<void>,
): Promise<FrontFiles> {
  const m = manifest.objectives.length;
  const n = solutions.numberOfVariables;
  const order = frontOrder(
    solutions.objectives,
    solutions.size,
    manifest.objectives.map((o) => o.direction),
  );
  // One layout at a time, into one buffer per reader: a packed copy of the front would be 740 MB at
  // 2000 x 2000. The reports and the records read the front at the same time, each in its own.
  const readerOf = (buffer: Uint8Array) => (id: number) => solutions.row(order[id]!, buffer);
  const genomeOf = readerOf(new Uint8Array(n));
  // The archive's records, when it keeps its layouts as changes against today: the layouts file's
  // own records, so a layout's key and its record need no decoding.
  const kept = solutions.encoded?.encoding === LAYOUT_CHANGES_ENCODING ? solutions.encoded : null;
  const recordOf = kept ? (id: number) => kept.row(order[id]!) : undefined;
  const keys = reports.keysOf(order.length, genomeOf, recordOf);
  // The reports of the layouts new to the front go to the workers (a full evaluation each, about a
  // second at 2000 x 2000); meanwhile this thread compresses their records for the layouts file and
  // does the caller's other work, instead of the workers waiting for both before and after.
  const reported = reports.prefetch(setup, keys, readerOf(new Uint8Array(n)), reportRows);
  await setImmediate(); // the requests are posted before this thread starts on the rest
  const area = setup.problem.area;
  const today = todayGenome(area.current, area.geneCells);
  const [, layoutsBytes] = await allOrFirstFailure([
    reported,
    compressLayouts(genomeOf, order.length, today, { keys, records: reports.records }, recordOf),
    meanwhile?.(),
  ] as const);
  const objectives = new Float64Array(order.length * m);
  const rows: CsvValue[][] = order.map((_, id) => {
    const report = reports.report(setup, () => genomeOf(id), keys[id]);
    objectives.set(report.objectives, id * m);
    const areas = Array.from(report.classCells, (c) => c * manifest.cellAreaHa);
    return [id, ...report.objectives, ...report.values, ...areas];
  });
  reports.retain(new Set(keys));
  const csv = toCsv(frontHeader(manifest), rows);
  const taken = await takenNames(dir, manifest);
  const layoutsFile = generationFileName('layouts', generation, taken);
  const csvFile = generationFileName('front', generation, taken);
  await writeAtomic(path.join(dir, layoutsFile), layoutsBytes);
  const layoutsSha256 = sha256Bytes(layoutsBytes);
  await writeAtomic(path.join(dir, csvFile), csv);
  const highlights = frontHighlights(
    objectives,
    order.length,
    manifest.objectives.map((o) => o.direction),
  );
  return {
    ref: {
      file: layoutsFile,
      sha256: layoutsSha256,
      csv: { file: csvFile, sha256: sha256Bytes(csv) },
      rows: order.length,
      generation,
      highlights,
      rasters: [],
    },
    order,
    highlights,
    layouts: new EncodedLayouts(layoutsBytes, order.length, today),
  };
}

/**
 * A layout as GeoTIFF bytes faithful to the land-use input (see faithful.ts): unchanged cells keep
 * their code, changed cells take their new class's first code; data type, nodata, grid and CRS are
 * the input's; a colour table (Byte rasters); and its QGIS style naming every code's class.
 */
export async function encodeLayoutGeoTiff(
  manifest: Pick<RunManifest, 'classes'>,
  landUse: LandUseRaster,
  current: Uint8Array,
  geneCells: Int32Array,
  genome: Uint8Array,
  label: string,
): Promise<{ tif: Uint8Array; qml: Buffer }> {
  const data = faithfulLayout(landUse, manifest.classes, current, geneCells, genome);
  const classes = codeClasses(manifest.classes);
  const tif = await encodeGeoTiff(
    { grid: landUse.grid, data, ...(landUse.nodata === null ? {} : { nodata: landUse.nodata }), classes },
    {},
    label,
  );
  return { tif, qml: Buffer.from(qgisPalettedStyle(classes), 'utf8') };
}

/** A layout as a georeferenced GeoTIFF faithful to the input, with its QGIS style beside it (`<name>.qml`). */
export async function writeLayoutGeoTiff(
  file: string,
  manifest: Pick<RunManifest, 'classes'>,
  landUse: LandUseRaster,
  current: Uint8Array,
  geneCells: Int32Array,
  genome: Uint8Array,
): Promise<string> {
  const { tif, qml } = await encodeLayoutGeoTiff(manifest, landUse, current, geneCells, genome, file);
  await writeAtomic(file, tif);
  await writeAtomic(qmlPathOf(file), qml);
  return file;
}

/**
 * GeoTIFFs of the extremes (best-<objective>.tif) and the compromise (compromise.tif) in layouts/, each with
 * its QGIS style, for the manifest to name. Unlike the per-generation outputs they keep their
 * names, for planners: they are written once, when the run completes, before the manifest that
 * first names them. A repair of a complete run rewrites only those that are missing or damaged
 * (the final generation decodes to the same layouts, so an intact file already has its content).
 */
export async function writeHighlightRasters(
  dir: string,
  manifest: RunManifest,
  prepared: Pick<PreparedScenario, 'studyArea' | 'landUse'>,
  solutions: SolutionRows<Uint8Array>,
  order: number[],
  highlights: FrontHighlights,
): Promise<{ file: string; sha256: string }[]> {
  if (order.length === 0) return [];
  const genomeOf = (id: number) => solutions.row(order[id]!);
  const targets: [string, number][] = [
    ...manifest.objectives.map((o, j): [string, number] => [`best-${o.id}`, highlights.extremes[j]!]),
    ['compromise', highlights.knee],
  ];
  const written: { file: string; sha256: string }[] = [];
  await fs.mkdir(path.join(dir, RUN_FILES.layoutsDir), { recursive: true });
  for (const [name, id] of targets) {
    const file = `${RUN_FILES.layoutsDir}/${name}.tif`;
    const { current, geneCells } = prepared.studyArea;
    const { tif, qml } = await encodeLayoutGeoTiff(manifest, prepared.landUse, current, geneCells, genomeOf(id), file);
    for (const [relative, bytes] of [
      [file, tif],
      [qmlPathOf(file), qml],
    ] as const) {
      const sha256 = sha256Bytes(bytes);
      // A repair leaves a named file that is intact and unchanged alone.
      const intact = await fs.readFile(path.join(dir, relative)).then(
        (onDisk) => sha256Bytes(onDisk) === sha256,
        () => false,
      );
      if (!intact) await writeAtomic(path.join(dir, relative), bytes);
      written.push({ file: relative, sha256 });
    }
  }
  return written;
}
