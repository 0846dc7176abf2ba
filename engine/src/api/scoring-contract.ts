/**
 * What the app's Score, Monitor and cross-run Compare views ask and receive: plain JSON, types
 * only (the renderer may import it, through contract.ts). The numbers are the engine's
 * `scoreLayout` and `monitorPlan` results (docs/scoring.md) and the agreement across runs of
 * runs/cross-run-agreement.ts; grids travel as base64 like every map of the contract.
 */
import type { ClassMonitoring, LayoutEvaluation, MonitorCategory, ScoredLayout } from '../runs/scoring/index.js';
import type { ClassInfo, GridBytes, LayoutRef, RunListEntry } from './contract.js';

export type {
  ClassArea,
  ClassMonitoring,
  DemandCheck,
  FrontComparison,
  FrontPlacement,
  IndicatorScore,
  LayoutEvaluation,
  MonitorCategory,
  ObjectiveScore,
  RuleViolation,
} from '../runs/scoring/index.js';

/** The grid and classes a view's maps are drawn with. */
export interface MapFrame {
  grid: { width: number; height: number; cellSizeM: number };
  classes: ClassInfo[];
  /** Today's class per cell (the scenario's land use; 255 outside). */
  current: GridBytes;
}

export interface ScoreRequest {
  /** The layout: a single-band GeoTIFF of the scenario's land-use codes. */
  layout: string;
  /** The scenario to score on; absent, the scenario the run (`run`) was made with. */
  scenario?: string;
  /** An opened run folder of the same study area and objectives: place the layout against its front. */
  run?: string;
}

/** `paretoplan score --json`, with the layout's class map for the app. */
export type ScoreView = ScoredLayout &
  MapFrame & {
    /** The layout's class per cell (255 outside). */
    map: GridBytes;
  };

/** Where a plan comes from: a GeoTIFF of the scenario's codes, or a layout of an opened run. */
export type PlanSource = { file: string } | { run: string; id: LayoutRef };

export interface MonitorRequest {
  /** The scenario whose grid, classes (codes), objectives and demands apply. */
  scenario: string;
  plan: PlanSource;
  /** The observed land cover, a GeoTIFF of the scenario's codes. */
  observed: string;
  /** The land cover the plan started from; absent, the scenario's land use. */
  baseline?: string;
}

/** A monitoring category with its map value, legend name and colour (runs/scoring/monitor.ts). */
export interface MonitorCategoryView {
  value: number;
  id: MonitorCategory;
  name: string;
  color: string;
}

/** `paretoplan monitor --json`, with its maps for the app. */
export interface MonitorView extends MapFrame {
  scenario: { file: string; name: string };
  /** The plan's file, or "<run folder> layout #<id>". */
  plan: string;
  observed: string;
  baseline: string | null;
  cellAreaHa: number;
  totals: Record<MonitorCategory, number>;
  followedShare: number;
  classes: ClassInfo[];
  /** Per class, in ha (named apart from `classes`, the map's legend). */
  byClass: ClassMonitoring[];
  scores: { plan: LayoutEvaluation; observed: LayoutEvaluation; baseline: LayoutEvaluation };
  warnings: string[];
  categories: MonitorCategoryView[];
  /** Category value per cell (0 outside the study area). */
  map: GridBytes;
  /** Class per cell of the plan, the observed state and the baseline (255 outside). */
  planMap: GridBytes;
  observedMap: GridBytes;
  baselineMap: GridBytes;
}

/** A run on the same grid with the same classes as another (`relatedRuns`), with its seed to tell runs apart. */
export interface RelatedRun extends RunListEntry {
  seed: number;
}

/** Layouts picked from one opened run. */
export interface RunPick {
  dir: string;
  ids: number[];
}

/** Agreement of layouts picked from several runs of one study area, cell by cell. */
export interface CrossRunAgreementView {
  picks: RunPick[];
  /** Picked layouts over all runs. */
  layouts: number;
  /** The most common class per cell (255 outside). */
  mode: GridBytes;
  /** Share of the picked layouts giving the most common class, 0–255 for 0–100 %. */
  frequency: GridBytes;
  /** Hectares where every picked layout gives the same class, and where they differ. */
  unanimousHa: number;
  contestedHa: number;
}
