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
import { agreementOfCounts, changesPerGene, emptyChangeCounts, type LayoutChanges } from '../decision/index.js';
import { writeGeoTiff, type GridSpec } from '../gis/index.js';
import { NO_CLASS } from '../landuse/index.js';
import { NOT_CHANGEABLE, type ReportRunAgreement } from '../report/types.js';
import { classCodeRaster, classLegend, ensureFolder } from './decision-maps.js';
import { RunInputError } from './errors.js';
import { resolveSolution, solutionNames } from './export.js';
import { frontLayoutChanges, loadFront, type LoadedFront } from './front-io.js';
import type { RunManifest } from './run-folder.js';
import { gridOrClassesDifference, studyAreaDifference, type StudyAreaShape } from './same-study-area.js';

/** The `--solutions` name for every layout of a run's front (the default). */
export const ALL_SOLUTIONS = 'all';

/** Value of cells outside the study area on the share rasters (shares are 0-100). */
export const SHARE_NODATA = 255;

/** The layouts picked from one run: its genes (changeable cells) and layouts, and the ids picked. */
export interface PickedLayouts {
  readonly geneCells: Int32Array;
  /** The run's layouts (id i = row i), read as their changes against today. */
  readonly layouts: LayoutChanges;
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
  // Per listed cell, how many picked layouts give each class other than today's, counted from
  // each layout's changes (decision/agreement.ts's ChangeCounts over the listed cells): no
  // layouts x cells matrix (750 MB a run of 200 layouts at 2000 x 2000 cells).
  const counts = emptyChangeCounts(width, classCount, layouts);
  for (const run of runs) {
    const genes = new Int32Array(run.geneCells.length);
    const classes = new Uint8Array(run.geneCells.length);
    for (const id of run.ids) {
      const changed = run.layouts.changesOf(id, genes, classes);
      for (let j = 0; j < changed; j++) counts[position[run.geneCells[genes[j]!]!]! * classCount + classes[j]!]!++;
    }
  }
  const todayAtCells = Uint8Array.from(cells, (cell) => current[cell]!);
  const { mode, modeCount } = agreementOfCounts(todayAtCells, classCount, layouts, counts);
  return { layouts, cells, mode, modeCount, changeCount: changesPerGene(counts, classCount) };
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
  /** The cells any of the runs may change, in ha, and the share of them (0..1) where every picked layout gives the same class. */
  changeableHa: number;
  agreedShareOfChangeable: number;
  /** Hectares of contested cells by how many of the layouts agree with the most common class (share in %, lower bound of a band of 10). */
  contestedByShare: { fromPercent: number; ha: number }[];
}

/** Runs of one study area loaded, the layouts picked from each, and their agreement. */
export interface LoadedAgreement {
  readonly fronts: readonly LoadedFront[];
  /** Ids picked per run, in the order of `fronts`. */
  readonly picked: readonly (readonly number[])[];
  readonly agreement: CellAgreement;
}

/**
 * Load the runs (each once, all on the first run's study area) and compute the agreement of the
 * layouts `names` pick from every run.
 * @throws RunInputError naming the run folder that is missing, given twice or of another study area
 */
export async function loadAgreement(
  runDirs: readonly string[],
  names: readonly string[] = [ALL_SOLUTIONS],
): Promise<LoadedAgreement> {
  if (runDirs.length === 0) throw new RunInputError('Give at least one run folder.');
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
  const agreement = crossRunAgreement(
    first.current,
    fronts.map((f, r) => ({ geneCells: f.geneCells, layouts: frontLayoutChanges(f), ids: picked[r]! })),
    first.manifest.classes.length,
  );
  return { fronts, picked, agreement };
}

/** Areas of an agreement, in ha (the report's "Agreement across runs" and `paretoplan agreement`). */
export interface AgreementSummary {
  /** The cells any of the runs may change. */
  readonly changeableHa: number;
  /** Changeable cells to which every picked layout gives the same class. */
  readonly agreedHa: number;
  /** Changeable cells where the layouts differ. */
  readonly contestedHa: number;
  /** Cells every picked layout changes from today; cells some layout changes. */
  readonly changedByAllHa: number;
  readonly changedByAnyHa: number;
  /** Contested area by the share of layouts agreeing with the most common class (lower bound of a band of 10 %). */
  readonly contestedByShare: { fromPercent: number; ha: number }[];
  /** Changeable and contested cells, counted (the areas above are these times the cell area). */
  readonly cellCounts: { changeable: number; contested: number };
  /** Per class (the scenario's order), over the changeable cells: agreed on it, of that changed from today, contested with it most common. */
  readonly classes: { agreedHa: number; agreedChangeHa: number; contestedHa: number }[];
}

/** The areas of an agreement; `agreedHa / changeableHa` is the share of the changeable area where all agree. */
export function summariseAgreement(
  agreement: CellAgreement,
  current: Uint8Array,
  classCount: number,
  cellAreaHa: number,
): AgreementSummary {
  const n = agreement.layouts;
  const classes = Array.from({ length: classCount }, () => ({ agreed: 0, agreedChange: 0, contested: 0 }));
  const bands = new Array<number>(10).fill(0);
  let contested = 0;
  let changedByAll = 0;
  let changedByAny = 0;
  agreement.modeCount.forEach((m, k) => {
    const row = classes[agreement.mode[k]!]!;
    if (m < n) {
      contested++;
      row.contested++;
      bands[Math.min(9, Math.floor((10 * m) / n))]!++;
    } else {
      row.agreed++;
      if (agreement.mode[k] !== current[agreement.cells[k]!]) row.agreedChange++;
    }
    const changes = agreement.changeCount[k]!;
    if (changes === n) changedByAll++;
    if (changes > 0) changedByAny++;
  });
  const changeable = agreement.cells.length;
  return {
    changeableHa: changeable * cellAreaHa,
    agreedHa: (changeable - contested) * cellAreaHa,
    contestedHa: contested * cellAreaHa,
    changedByAllHa: changedByAll * cellAreaHa,
    changedByAnyHa: changedByAny * cellAreaHa,
    contestedByShare: bands
      .map((cells, b) => ({ fromPercent: b * 10, ha: cells * cellAreaHa }))
      .filter((b) => b.ha > 0),
    cellCounts: { changeable, contested },
    classes: classes.map((c) => ({
      agreedHa: c.agreed * cellAreaHa,
      agreedChangeHa: c.agreedChange * cellAreaHa,
      contestedHa: c.contested * cellAreaHa,
    })),
  };
}

/**
 * The report's "Agreement across runs" (`paretoplan report <run-dir> --with-runs <dir>...`): the
 * layouts `names` pick from the report's run and the other runs, with the same definitions and
 * areas as {@link agreementAcrossRuns}.
 * @throws RunInputError naming a run of another study area, a run given twice, an unknown name
 */
export async function reportRunAgreement(
  runDir: string,
  otherRuns: readonly string[],
  names: readonly string[] = [ALL_SOLUTIONS],
): Promise<ReportRunAgreement> {
  if (otherRuns.length === 0)
    throw new RunInputError('--with-runs: give at least one other run folder to compare with.');
  const { fronts, picked, agreement } = await loadAgreement([runDir, ...otherRuns], names);
  const { manifest, current } = fronts[0]!;
  const summary = summariseAgreement(agreement, current, manifest.classes.length, manifest.cellAreaHa);
  const mode = Uint8Array.from(current);
  const agreePercent = new Uint8Array(current.length);
  for (let i = 0; i < current.length; i++) agreePercent[i] = current[i] === NO_CLASS ? NO_CLASS : NOT_CHANGEABLE;
  agreement.cells.forEach((cell, k) => {
    mode[cell] = agreement.mode[k]!;
    // Rounded down, so a cell where one layout of many differs never reads as 100 %.
    agreePercent[cell] = Math.floor((100 * agreement.modeCount[k]!) / agreement.layouts);
  });
  return {
    runs: fronts.map((f, r) => ({
      dir: f.dir,
      scenario: f.manifest.scenario.name,
      seed: f.manifest.parameters.seed,
      parent: f.manifest.steering?.parent?.dir ?? null,
      layouts: [...picked[r]!],
      isReportRun: r === 0,
    })),
    solutions: names.map((n) => n.trim()),
    layouts: agreement.layouts,
    mode,
    agreePercent,
    changeableHa: summary.changeableHa,
    agreedHa: summary.agreedHa,
    contestedHa: summary.contestedHa,
    changedByAllHa: summary.changedByAllHa,
    contestedByShare: summary.contestedByShare,
    classes: summary.classes,
  };
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
  const { fronts, picked, agreement } = await loadAgreement(runDirs, options.solutions ?? [ALL_SOLUTIONS]);
  const { manifest, current } = fronts[0]!;

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

  const summary = summariseAgreement(agreement, current, manifest.classes.length, manifest.cellAreaHa);
  let inside = 0;
  for (const c of current) if (c !== NO_CLASS) inside++;
  return {
    runs: fronts.map((f, r) => ({
      dir: f.dir,
      scenario: f.manifest.scenario.name,
      seed: f.manifest.parameters.seed,
      solutions: [...picked[r]!],
    })),
    layouts: agreement.layouts,
    grid: { width: grid.width, height: grid.height, cellSizeM: grid.pixelWidth, crs: manifest.grid.crs.name },
    files: { ...files, styles },
    unanimousHa: (inside - summary.cellCounts.contested) * manifest.cellAreaHa,
    contestedHa: summary.contestedHa,
    changedByAllHa: summary.changedByAllHa,
    changedByAnyHa: summary.changedByAnyHa,
    changeableHa: summary.changeableHa,
    agreedShareOfChangeable: summary.changeableHa > 0 ? summary.agreedHa / summary.changeableHa : 1,
    contestedByShare: summary.contestedByShare,
  };
}

/**
 * Why two runs are not on the same grid with the same classes (from their manifests), or null.
 * Today's map must match too ({@link checkSameStudyArea}); this cheaper check lists candidates.
 */
export function gridOrClassesDiffer(first: RunManifest, other: RunManifest): string | null {
  return gridOrClassesDifference(manifestShape(first), manifestShape(other));
}

/** Refuse a run whose grid, study area (today's map) or classes differ from the first run's. */
export function checkSameStudyArea(first: LoadedFront, other: LoadedFront): void {
  const differs = studyAreaDifference(
    { ...manifestShape(first.manifest), current: first.current },
    { ...manifestShape(other.manifest), current: other.current },
  );
  if (differs !== null)
    throw new RunInputError(
      `The run in ${other.dir} is not on the same study area as ${first.dir}: ${differs}. Agreement compares layouts cell by cell, so give runs of one study area (the same land-use map, boundary and classes).`,
    );
}

function manifestShape(manifest: RunManifest): StudyAreaShape {
  return { grid: manifest.grid as GridSpec, classes: manifest.classes };
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
