/**
 * `monitor`: a plan layout against a later observed land-cover map (and the baseline the plan
 * started from), cell by cell. With b the baseline class, p the plan's and o the observed class of
 * a study-area cell:
 *
 *   kept            p = b and o = b   no change planned, none happened
 *   realised        p ≠ b and o = p   planned change realised
 *   not realised    p ≠ b and o ≠ p   planned change not realised (o = b, or another class)
 *   unplanned       p = b and o ≠ b   unplanned change
 *
 * The plan was followed on kept and realised cells. The observed state, the plan and the baseline
 * are each scored on the scenario's objectives and demands (evaluate.ts).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeGeoTiff, type RasterClass } from '../../gis/index.js';
import { NO_CLASS, prepareScenario, type PreparedScenario } from '../../landuse/index.js';
import { RunInputError } from '../errors.js';
import { describeFsError, writeJsonAtomic } from '../files.js';
import { LayoutScorer, type LayoutEvaluation } from './evaluate.js';
import { readLayoutRaster } from './layout-raster.js';

/** The categories of the monitoring map: value in the GeoTIFF, id, legend name and colour. */
export const MONITOR_CATEGORIES = [
  { value: 1, id: 'kept', name: 'No change planned, none happened', color: '#d9d9d9' },
  { value: 2, id: 'realised', name: 'Planned change realised', color: '#1a9850' },
  { value: 3, id: 'notRealised', name: 'Planned change not realised', color: '#d73027' },
  { value: 4, id: 'unplanned', name: 'Unplanned change', color: '#7b3294' },
] as const satisfies readonly (RasterClass & { id: string })[];

export type MonitorCategory = (typeof MONITOR_CATEGORIES)[number]['id'];
/** Nodata of the monitoring map: cells outside the study area. */
export const MONITOR_NODATA = 0;

/** Per class, hectares (see the module comment for the categories). */
export interface ClassMonitoring {
  readonly id: string;
  readonly name: string;
  /** Planned gain: cells the plan gives this class that the baseline does not. */
  readonly plannedHa: number;
  /** ... of which observed as this class. */
  readonly realisedHa: number;
  /** ... of which observed as another class. */
  readonly notRealisedHa: number;
  /** Unplanned gain: cells observed as this class where the plan kept the baseline's other class. */
  readonly unplannedGainHa: number;
  /** Unplanned loss: cells of this class in baseline and plan observed as another class. */
  readonly unplannedLossHa: number;
}

export interface PlanComparison {
  /** Category value per cell (MONITOR_CATEGORIES; MONITOR_NODATA outside the study area). */
  readonly map: Uint8Array;
  readonly totals: Readonly<Record<MonitorCategory, number>>;
  /** Share of the study area where the plan was followed (kept + realised). */
  readonly followedShare: number;
  readonly classes: readonly ClassMonitoring[];
}

/** Compare baseline, plan and observed class maps (NO_CLASS outside the study area). */
export function comparePlan(
  baseline: Uint8Array,
  plan: Uint8Array,
  observed: Uint8Array,
  classes: readonly { id: string; name: string }[],
  cellAreaHa: number,
): PlanComparison {
  const K = classes.length;
  const planned = new Int32Array(K);
  const realised = new Int32Array(K);
  const gain = new Int32Array(K);
  const loss = new Int32Array(K);
  const counts = [0, 0, 0, 0, 0];
  const map = new Uint8Array(baseline.length);
  let inside = 0;
  for (let i = 0; i < map.length; i++) {
    const b = baseline[i]!;
    if (b === NO_CLASS) continue;
    inside++;
    const p = plan[i]!;
    const o = observed[i]!;
    let category: number;
    if (p !== b) {
      planned[p]!++;
      if (o === p) {
        realised[p]!++;
        category = 2;
      } else category = 3;
    } else if (o === b) category = 1;
    else {
      gain[o]!++;
      loss[b]!++;
      category = 4;
    }
    map[i] = category;
    counts[category]!++;
  }
  const ha = (cells: number) => cells * cellAreaHa;
  return {
    map,
    totals: { kept: ha(counts[1]!), realised: ha(counts[2]!), notRealised: ha(counts[3]!), unplanned: ha(counts[4]!) },
    followedShare: inside === 0 ? 0 : (counts[1]! + counts[2]!) / inside,
    classes: classes.map((c, k) => ({
      id: c.id,
      name: c.name,
      plannedHa: ha(planned[k]!),
      realisedHa: ha(realised[k]!),
      notRealisedHa: ha(planned[k]! - realised[k]!),
      unplannedGainHa: ha(gain[k]!),
      unplannedLossHa: ha(loss[k]!),
    })),
  };
}

export interface MonitorOptions {
  /** The scenario: its grid, classes (codes), objectives and demands. */
  readonly scenario: string;
  /** The land cover the plan started from (default: the scenario's land-use raster). */
  readonly baseline?: string;
  /** Folder for monitor.tif (categories, with a QGIS style) and monitor.json. */
  readonly out?: string;
}

export interface MonitorResult extends Omit<PlanComparison, 'map'> {
  readonly scenario: { readonly file: string; readonly name: string };
  readonly plan: string;
  readonly observed: string;
  /** The baseline file, or null for the scenario's land-use raster. */
  readonly baseline: string | null;
  readonly cellAreaHa: number;
  /** Each state scored on the scenario (objectives relative to the scenario's land use today). */
  readonly scores: {
    readonly plan: LayoutEvaluation;
    readonly observed: LayoutEvaluation;
    readonly baseline: LayoutEvaluation;
  };
  readonly warnings: readonly string[];
  /** Files written with --out. */
  readonly files: { readonly map: string; readonly style: string | null; readonly summary: string } | null;
}

/** A state to monitor: its class map on the scenario's grid, a label (its file) and its reading warnings. */
export interface MonitoredState {
  readonly file: string;
  readonly classes: Uint8Array;
  readonly warnings: readonly string[];
}

/**
 * The comparison and the scores of a plan, an observed state and a baseline (null: the scenario's
 * land use) already on a prepared scenario's grid; the app's Monitor view also takes its plan
 * from a run's front. Returns the category map apart from the (JSON) result.
 */
export function monitorLayouts(
  prepared: PreparedScenario,
  states: { plan: MonitoredState; observed: MonitoredState; baseline: MonitoredState | null },
): { map: Uint8Array; baselineClasses: Uint8Array; result: MonitorResult } {
  const area = prepared.studyArea;
  const { plan, observed, baseline } = states;
  const baselineClasses = baseline?.classes ?? area.current;
  const comparison = comparePlan(baselineClasses, plan.classes, observed.classes, area.classes, area.cellAreaHa);
  const scorer = new LayoutScorer(prepared);
  const { map, ...summary } = comparison;
  const result: MonitorResult = {
    scenario: { file: path.resolve(prepared.scenario.file), name: prepared.scenario.name },
    plan: plan.file,
    observed: observed.file,
    baseline: baseline?.file ?? null,
    cellAreaHa: area.cellAreaHa,
    ...summary,
    scores: {
      plan: scorer.evaluate(plan.classes),
      observed: scorer.evaluate(observed.classes),
      baseline: scorer.evaluate(baselineClasses),
    },
    warnings: [...plan.warnings, ...observed.warnings, ...(baseline?.warnings ?? [])],
    files: null,
  };
  return { map, baselineClasses, result };
}

export async function monitorPlan(
  planFile: string,
  observedFile: string,
  options: MonitorOptions,
): Promise<MonitorResult> {
  const prepared = await prepareScenario(options.scenario);
  const plan = await readLayoutRaster(planFile, prepared);
  const observed = await readLayoutRaster(observedFile, prepared);
  const baseline = options.baseline === undefined ? null : await readLayoutRaster(options.baseline, prepared);
  const { map, result } = monitorLayouts(prepared, {
    plan: { ...plan, file: path.resolve(planFile) },
    observed: { ...observed, file: path.resolve(observedFile) },
    baseline: baseline && { ...baseline, file: path.resolve(options.baseline!) },
  });
  if (options.out === undefined) return result;
  const dir = path.resolve(options.out);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    throw new RunInputError(
      exists
        ? `--out ${dir}: is a file; give a folder for monitor.tif and monitor.json.`
        : `--out ${dir}: cannot create the folder: ${describeFsError(error)}`,
    );
  }
  const mapFile = path.join(dir, 'monitor.tif');
  const written = await writeGeoTiff(mapFile, {
    grid: prepared.grid,
    data: map,
    nodata: MONITOR_NODATA,
    classes: MONITOR_CATEGORIES.map(({ value, name, color }) => ({ value, name, color })),
  });
  const summaryFile = path.join(dir, 'monitor.json');
  const withFiles = { ...result, files: { map: mapFile, style: written.qmlPath ?? null, summary: summaryFile } };
  await writeJsonAtomic(summaryFile, withFiles);
  return withFiles;
}
