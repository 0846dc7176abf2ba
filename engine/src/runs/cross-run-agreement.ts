/**
 * Agreement across runs of the same study area (`paretoplan agreement`): layouts picked from
 * several run folders (seeds, scenarios, steered runs) compared cell by cell, with the same
 * definition as the explorer's single-run agreement map (decision/agreement.ts, `geneAgreement`):
 *
 *   n            the picked layouts (a layout counts once per run it is picked from);
 *   class(c)     the class most of them give cell c (ties: the lower class index, i.e. the
 *                scenario's class order);
 *   agree(c)     round(100 × m / n) with m the layouts giving class(c): the share that agree;
 *   change(c)    round(100 × k / n) with k the layouts whose class at c differs from today's.
 *
 * Cells that no run may change agree fully (100) and change in none (0). The runs must share the
 * grid, today's map (the study area) and the classes; otherwise their cells or class indices would
 * not mean the same thing, and the run folder that differs is named.
 *
 * Three GeoTIFFs on the study area's grid, each with a QGIS style, written atomically (the
 * requested file last, so its presence means the set is complete): `<out>` the agreement share,
 * `<stem>-class.tif` the most common class (the scenario's class codes, class colours) and
 * `<stem>-change.tif` the share changing from today. Shares are uint8 percent, 255 outside.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { geneAgreement } from '../decision/index.js';
import { sameGrid, writeGeoTiff, type GridSpec } from '../gis/index.js';
import { NO_CLASS } from '../landuse/index.js';
import { classCodeRaster, classLegend, ensureFolder } from './decision-maps.js';
import { RunInputError } from './errors.js';
import { resolveSolution, solutionNames } from './export.js';
import { loadFront, type LoadedFront } from './front-io.js';
import type { RunManifest } from './run-folder.js';

/** The `--solutions` name for every layout of a run's front (the default). */
export const ALL_SOLUTIONS = 'all';

/** Value of cells outside the study area on the share rasters (shares are 0-100). */
export const SHARE_NODATA = 255;

/** The layouts picked from one run: its genes (changeable cells) and layouts, and the ids picked. */
export interface PickedLayouts {
  readonly geneCells: Int32Array;
  /** rows x genes class indices, row i = layout id i. */
  readonly genomes: Uint8Array;
  readonly ids: readonly number[];
}

/** Per cell that any run may change: the most common class, how many give it, how many change it. */
export interface CellAgreement {
  /** Picked layouts over all runs. */
  readonly layouts: number;
  /** The cells any of the runs may change, ascending; the arrays below are per listed cell. */
  readonly cells: Int32Array;
  readonly mode: Uint8Array;
  readonly modeCount: Int32Array;
  readonly changeCount: Int32Array;
}

/**
 * Agreement of layouts picked from several runs on one study area.
 * @param current today's class per grid cell (NO_CLASS outside), shared by the runs
 */
export function crossRunAgreement(
  current: Uint8Array,
  runs: readonly PickedLayouts[],
  classCount: number,
): CellAgreement {
  const layouts = runs.reduce((sum, r) => sum + r.ids.length, 0);
  if (layouts === 0) throw new RunInputError('Pick at least one layout for an agreement map.');
  // The union of the runs' changeable cells; a run keeps today's class on cells it cannot change.
  const position = new Int32Array(current.length).fill(-1);
  for (const run of runs) for (const cell of run.geneCells) position[cell] = 0;
  const list: number[] = [];
  for (let i = 0; i < current.length; i++) if (position[i] === 0) position[i] = list.push(i) - 1;
  const cells = Int32Array.from(list);
  const width = cells.length;
  // One row per picked layout over the listed cells, so geneAgreement sees them as one front.
  const rows = new Uint8Array(layouts * width);
  let row = 0;
  for (const run of runs) {
    const genes = run.geneCells.length;
    for (const id of run.ids) {
      const base = row * width;
      for (let k = 0; k < width; k++) rows[base + k] = current[cells[k]!]!;
      for (let g = 0; g < genes; g++) rows[base + position[run.geneCells[g]!]!] = run.genomes[id * genes + g]!;
      row++;
    }
  }
  const all = Array.from({ length: layouts }, (_, i) => i);
  const { mode, modeCount } = geneAgreement(rows, width, all, classCount);
  const changeCount = new Int32Array(width);
  for (let r = 0; r < layouts; r++) {
    const base = r * width;
    for (let k = 0; k < width; k++) if (rows[base + k] !== current[cells[k]!]) changeCount[k]!++;
  }
  return { layouts, cells, mode, modeCount, changeCount };
}

/** A share raster: round(100 × count / layouts) on the listed cells, `unlisted` on the other cells inside, nodata outside. */
export function shareRaster(
  current: Uint8Array,
  agreement: CellAgreement,
  counts: Int32Array,
  unlisted: number,
): Uint8Array {
  const data = new Uint8Array(current.length);
  for (let i = 0; i < data.length; i++) data[i] = current[i] === NO_CLASS ? SHARE_NODATA : unlisted;
  agreement.cells.forEach((cell, k) => (data[cell] = Math.round((100 * counts[k]!) / agreement.layouts)));
  return data;
}

export interface AgreementOptions {
  /** Names picked from every run: `all`, `compromise` (or `knee`), `best-<objective>` or a layout id. Default `all`. */
  solutions?: readonly string[];
  /** The agreement GeoTIFF (.tif); the class and change maps are written beside it. */
  out: string;
}

export interface AgreementResult {
  runs: { dir: string; scenario: string; seed: number; solutions: number[] }[];
  layouts: number;
  grid: { width: number; height: number; cellSizeM: number; crs: string };
  files: { agreement: string; class: string; change: string; styles: string[] };
  /** Over the study area, in ha: every picked layout gives the same class; they differ; all change it. */
  unanimousHa: number;
  contestedHa: number;
  changedByAllHa: number;
  changedByAnyHa: number;
  /** Hectares of contested cells by how many of the layouts agree with the most common class (share in %, lower bound of a band of 10). */
  contestedByShare: { fromPercent: number; ha: number }[];
}

/** Agreement across the given runs, written as GeoTIFFs (see the module comment). */
export async function agreementAcrossRuns(
  runDirs: readonly string[],
  options: AgreementOptions,
): Promise<AgreementResult> {
  if (runDirs.length === 0) throw new RunInputError('Give at least one run folder.');
  const out = path.resolve(options.out);
  if (!/\.tiff?$/i.test(out)) {
    throw new RunInputError(
      `--out ${options.out}: the agreement map is a GeoTIFF, written as .tif or .tiff (QGIS then finds its style as <name>.qml). Use e.g. ${out.replace(/\.[^./\\]*$/, '')}.tif.`,
    );
  }
  const names = options.solutions ?? [ALL_SOLUTIONS];
  if (names.length === 0 || names.some((n) => n.trim() === ''))
    throw new RunInputError(`--solutions lists an empty name; use e.g. ${ALL_SOLUTIONS} or compromise,best-economic.`);
  const fronts: LoadedFront[] = [];
  for (const dir of runDirs) {
    const front = await loadFront(dir);
    const twice = fronts.find((f) => f.dir === front.dir);
    if (twice) throw new RunInputError(`The run folder ${front.dir} is given twice; give each run once.`);
    if (fronts[0]) checkSameStudyArea(fronts[0], front);
    fronts.push(front);
  }
  const picked = fronts.map((front) => pickLayouts(front, names));
  const first = fronts[0]!;
  const { manifest, current } = first;
  const agreement = crossRunAgreement(
    current,
    fronts.map((f, r) => ({ geneCells: f.geneCells, genomes: f.genomes, ids: picked[r]! })),
    manifest.classes.length,
  );

  if (
    await stat(out).then(
      (s) => s.isDirectory(),
      () => false,
    )
  )
    throw new RunInputError(
      `--out ${out} is a folder; give the agreement GeoTIFF's file name, e.g. ${path.join(out, 'agreement.tif')}.`,
    );
  await ensureFolder(path.dirname(out));
  const stem = out.replace(/\.tiff?$/i, '');
  const files = { agreement: out, class: `${stem}-class.tif`, change: `${stem}-change.tif` };
  const grid = manifest.grid as GridSpec;
  const classMap = classCodeRaster(manifest.classes, current, agreement.cells, agreement.mode);
  const styles: string[] = [];
  const written = [
    await writeGeoTiff(files.class, { grid, ...classMap, classes: classLegend(manifest.classes, null) }),
    await writeGeoTiff(files.change, {
      grid,
      data: shareRaster(current, agreement, agreement.changeCount, 0),
      nodata: SHARE_NODATA,
      stretch: { min: 0, max: 100 },
    }),
    await writeGeoTiff(files.agreement, {
      grid,
      data: shareRaster(current, agreement, agreement.modeCount, 100),
      nodata: SHARE_NODATA,
      stretch: { min: 0, max: 100 },
    }),
  ];
  for (const w of written) if (w.qmlPath) styles.push(w.qmlPath);

  const cellHa = manifest.cellAreaHa;
  const n = agreement.layouts;
  let contested = 0;
  let changedByAll = 0;
  let changedByAny = 0;
  const bands = new Array<number>(10).fill(0);
  agreement.modeCount.forEach((m, k) => {
    if (m < n) {
      contested++;
      bands[Math.min(9, Math.floor((10 * m) / n))]!++;
    }
    const changes = agreement.changeCount[k]!;
    if (changes === n) changedByAll++;
    if (changes > 0) changedByAny++;
  });
  let inside = 0;
  for (const c of current) if (c !== NO_CLASS) inside++;
  return {
    runs: fronts.map((f, r) => ({
      dir: f.dir,
      scenario: f.manifest.scenario.name,
      seed: f.manifest.parameters.seed,
      solutions: picked[r]!,
    })),
    layouts: n,
    grid: { width: grid.width, height: grid.height, cellSizeM: grid.pixelWidth, crs: manifest.grid.crs.name },
    files: { ...files, styles },
    unanimousHa: (inside - contested) * cellHa,
    contestedHa: contested * cellHa,
    changedByAllHa: changedByAll * cellHa,
    changedByAnyHa: changedByAny * cellHa,
    contestedByShare: bands.map((cells, b) => ({ fromPercent: b * 10, ha: cells * cellHa })).filter((b) => b.ha > 0),
  };
}

/**
 * Why two runs are not on the same grid with the same classes (from their manifests), or null.
 * Today's map must match too ({@link checkSameStudyArea}); this cheaper check lists candidates.
 */
export function gridOrClassesDiffer(first: RunManifest, other: RunManifest): string | null {
  const [a, b] = [first.grid, other.grid];
  if (!sameGrid(a as GridSpec, b as GridSpec) || a.crs.name !== b.crs.name)
    return `its grid is ${b.width} x ${b.height} cells of ${b.pixelWidth} at (${b.originX}, ${b.originY}) in ${b.crs.name}, not ${a.width} x ${a.height} cells of ${a.pixelWidth} at (${a.originX}, ${a.originY}) in ${a.crs.name}`;
  const classes = (m: RunManifest) => m.classes.map((c) => `${c.id}=${c.codes.join('/')}`).join(', ');
  if (classes(first) !== classes(other)) return `its classes are ${classes(other)}, not ${classes(first)}`;
  return null;
}

/** Refuse a run whose grid, study area (today's map) or classes differ from the first run's. */
export function checkSameStudyArea(first: LoadedFront, other: LoadedFront): void {
  const refuse = (what: string) => {
    throw new RunInputError(
      `The run in ${other.dir} is not on the same study area as ${first.dir}: ${what}. Agreement compares layouts cell by cell, so give runs of one study area (the same land-use map, boundary and classes).`,
    );
  };
  const differs = gridOrClassesDiffer(first.manifest, other.manifest);
  if (differs !== null) refuse(differs);
  const width = first.manifest.grid.width;
  const differing = first.current.findIndex((c, i) => other.current[i] !== c);
  if (differing >= 0)
    refuse(`today's land use differs (first at row ${Math.floor(differing / width)}, column ${differing % width})`);
}

/** The layout ids the names pick from one run, ascending, each once. */
function pickLayouts(front: LoadedFront, names: readonly string[]): number[] {
  const ids = new Set<number>();
  for (const raw of names) {
    const name = raw.trim();
    if (name === ALL_SOLUTIONS) {
      for (let id = 0; id < front.rows; id++) ids.add(id);
      continue;
    }
    if (!/^\d+$/.test(name) && !solutionNames(front.manifest).includes(name)) {
      throw new RunInputError(
        `Unknown solution "${name}" for the run in ${front.dir}. Use ${[ALL_SOLUTIONS, ...solutionNames(front.manifest)].join(', ')}, or a layout id of its front table (0 to ${front.rows - 1}).`,
      );
    }
    try {
      ids.add(resolveSolution(front, name));
    } catch (error) {
      if (error instanceof RunInputError) throw new RunInputError(`The run in ${front.dir}: ${error.message}`);
      throw error;
    }
  }
  return [...ids].sort((a, b) => a - b);
}
