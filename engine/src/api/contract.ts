/**
 * The typed contract between the desktop renderer and the engine. It holds types only, so the
 * renderer (which may import nothing else from the engine) can use it in the browser.
 *
 * Two transports implement it with identical behaviour: Electron IPC (preload + main) and
 * HTTP + server-sent events for the browser mode (`npm run web`). Arguments and results are plain
 * JSON, except for grids. Grids in answers are their bytes ({@link GridBytes}): Electron's IPC
 * carries typed arrays as they are, and the browser-mode server sends an answer as one binary
 * frame (engine/src/rules/answer-frames.ts), so a 2,000 x 2,000 contribution map is its 16 MB of
 * Float32, not 21 MB of base64 text. Grids in requests (a lock mask, painted cells) are base64
 * ({@link Base64}), which keeps request bodies JSON and bounded in size.
 */

import type { ObjectiveDirection } from '../optimizer/index.js';
import type { ReportFormat } from './report-formats.js';
import type {
  PartiesCheckView,
  PartiesSaved,
  PartiesView,
  PartyInput,
  WorkshopBordaView,
} from './decision-contract.js';
import type {
  CrossRunAgreementView,
  MonitorRequest,
  MonitorView,
  RelatedRun,
  RunPick,
  ScoreRequest,
  ScoreView,
} from './scoring-contract.js';

export type * from './decision-contract.js';
export type * from './scoring-contract.js';
export type { ObjectiveDirection };

/**
 * A grid in an answer, as its bytes: class maps are one byte per cell (row-major), 255 outside
 * the study area; Float32 and Int32 grids are little-endian, starting at a multiple of 4 bytes so
 * they can be viewed without a copy. Read-only: a caller in the engine's own process may be handed
 * the engine's memory.
 */
export type GridBytes = Uint8Array;

/** Bytes as a base64 string, for grids in requests. */
export type Base64 = string;

export interface EngineInfo {
  name: 'Pareto Plan';
  engineVersion: string;
  node: string;
  platform: string;
  /** Where the bundled example scenarios are. */
  scenariosDir: string;
  /** Where the app keeps its recent list and, by default, its run folders. */
  homeDir: string;
  /** True in Electron: `chooseFile` opens the system's file dialog. Browser mode types paths. */
  nativeDialogs: boolean;
}

export interface ScenarioEntry {
  /** File name within the scenarios folder, e.g. `riverbend-balanced.yaml`. */
  file: string;
  path: string;
  /** The scenario's `name` field, or the file name when it cannot be read. */
  name: string;
  description: string;
}

/** A scenario or run folder opened before (newest first, at most 12). */
export interface RecentItem {
  kind: 'scenario' | 'run';
  path: string;
  name: string;
  openedAt: string;
}

/** One problem of a scenario file, located by line where possible. */
export interface ScenarioIssueView {
  file: string;
  /** 1-based line, or null when the problem has no single place (a missing field). */
  line: number | null;
  /** Dotted field path, e.g. `demands.residential.min`. */
  path: string;
  message: string;
}

export interface ClassInfo {
  id: string;
  name: string;
  /** `#rrggbb` */
  color: string;
}

/** The parts of a scenario the desktop form edits. */
export interface ScenarioSettings {
  demands: { classId: string; minHa: number | null; maxHa: number | null }[];
  /** Each indicator's `label` is its plain-language name (engine's descriptions); it is not read back on save. */
  objectives: { id: string; label: string; indicators: { type: string; weight: number; label?: string }[] }[];
  optimizer: { population: number; generations: number; seed: number; workers: 'auto' | number };
}

export interface ScenarioClassSummary extends ClassInfo {
  todayHa: number;
  lockedHa: number;
  allowedHa: number;
  minHa: number | null;
  maxHa: number | null;
}

export interface OpenedScenario {
  path: string;
  name: string;
  description: string;
  ok: boolean;
  /** Every problem, each with its line: the scenario cannot run while there are any. */
  errors: ScenarioIssueView[];
  warnings: ScenarioIssueView[];
  /** Present when the scenario and its layers could be loaded. */
  summary: {
    grid: { width: number; height: number; cellSizeM: number; crs: string };
    studyAreaHa: number;
    changeableHa: number;
    classes: ScenarioClassSummary[];
  } | null;
  /** Present when the file parses (for the settings form). */
  settings: ScenarioSettings | null;
}

/** A map layer drawn over the land use: a 0/1 mask per cell. */
export interface OverlayView {
  id: string;
  label: string;
  role: 'protected' | 'no-build' | 'feature' | 'locked';
  /** `#rrggbb` used to draw the mask. */
  color: string;
  mask: GridBytes;
}

/** Today's land use of a scenario's study area, with its overlays. */
/**
 * Where a map's grid lies: the map coordinates of its north-west corner, its cell size in map
 * units (rows go south) and the coordinate reference system's name and units, for the app's
 * coordinate read-out.
 */
export interface MapGeoreference {
  originX: number;
  originY: number;
  pixelWidth: number;
  pixelHeight: number;
  crsName: string;
  /** `metre`, `degree`… */
  units: string;
}

export interface StudyAreaView {
  path: string;
  width: number;
  height: number;
  cellSizeM: number;
  georeference: MapGeoreference;
  classes: ClassInfo[];
  /** Class index per cell (255 outside). */
  current: GridBytes;
  overlays: OverlayView[];
}

export interface StartRunRequest {
  scenario: string;
  population?: number;
  generations?: number;
  seed?: number;
  workers?: number | 'auto';
  /** Run folder; default `<homeDir>/runs/<scenario file name>-<date>-<time>` (the CLI's naming, engine/src/runs/naming.ts). */
  outDir?: string;
}

export interface RunStarted {
  runId: string;
  dir: string;
}

/**
 * A steered run started from the explorer (`paretoplan run --seed-from --lock`, runs/steering.ts):
 * the run's scenario again, seeded with the picked layouts, with cells locked.
 */
export interface SteerRunRequest {
  /** The run whose layouts seed the new one; its scenario runs again. */
  dir: string;
  /** Seeding layouts: ids of its front (at least one, unless `layouts` seeds the run). */
  ids: number[];
  /** Layout GeoTIFFs on the run's grid that also seed the new run (a plan painted in the app). */
  layouts?: string[];
  /**
   * What to lock: `agreement`, the cells where the seeding layouts agree (two or more), in that
   * class; a rectangle of grid cells (in the seeding layouts' class where they agree, else today's);
   * cells drawn on the map (`shapes` polygons), as runs along the row-major grid: Int32
   * little-endian pairs (first cell, number of cells), ascending and apart, as base64
   * (engine/src/rules/cell-runs.ts), locked like the rectangle; or `none`.
   */
  lock:
    | 'agreement'
    | 'none'
    | { rect: { col: number; row: number; width: number; height: number } }
    | { runs: Base64; shapes: number };
  /**
   * Narrowed objective ranges: every layout of the new run lies within them (a hard constraint;
   * the CLI's `--min`/`--max`). Null: that side open. At most one entry per objective.
   */
  objectiveBounds?: { objective: string; min: number | null; max: number | null }[];
  population?: number;
  generations?: number;
  seed?: number;
  workers?: number | 'auto';
  outDir?: string;
}

export interface SteerStarted extends RunStarted {
  /** Study-area cells locked, and the seeding layouts. */
  lockedCells: number;
  seeds: number;
}

export interface RunListEntry {
  dir: string;
  scenarioName: string;
  status: 'running' | 'interrupted' | 'complete' | 'failed';
  createdAt: string;
  generation: number;
  generations: number;
  frontSize: number;
  /** Why the run failed (status `failed`), else null. */
  error: string | null;
}

export interface ObjectiveView {
  id: string;
  /** The label without its unit, e.g. `Economic return`. */
  label: string;
  unit: string;
  direction: ObjectiveDirection;
}

export interface SolutionRow {
  id: number;
  /** Natural units, in the order of `FrontView.objectives`. */
  objectives: number[];
  /** Sub-indicator values, in the order of `FrontView.indicators`. */
  indicators: number[];
  /** Hectares per class, in the order of `FrontView.classes`. */
  areaHa: number[];
}

/** A run's front, everything the explorer needs except the maps. */
export interface FrontView {
  dir: string;
  status: RunListEntry['status'];
  scenarioName: string;
  scenarioPath: string;
  createdAt: string;
  generation: number;
  generations: number;
  /** The run's population; the front is its archive of non-dominated layouts, which may be larger. */
  population: number;
  objectives: ObjectiveView[];
  /** Sub-indicators in value order; `label` is the plain-language name the report uses too. */
  indicators: { objective: string; indicator: string; label: string; unit: string; weight: number }[];
  classes: ClassInfo[];
  demands: { classId: string; minHa: number | null; maxHa: number | null }[];
  grid: { width: number; height: number; cellSizeM: number; georeference: MapGeoreference };
  cellAreaHa: number;
  solutions: SolutionRow[];
  /**
   * Ids of the best solution per objective (objective order) and of the compromise (`knee`); their
   * letters, names and colours come from engine/src/charts/highlights.ts.
   */
  highlights: { extremes: number[]; knee: number };
  /**
   * A few clusters of similar layouts (k-medoids on the share of cells that differ), largest
   * first, each shown by its medoid: the layouts to look at first.
   */
  representatives: RepresentativeView[];
  history: { generation: number; hypervolume: number }[];
  /** Today's class per cell. */
  current: GridBytes;
}

export interface RepresentativeView {
  /** Solution id of the medoid (the member closest to all others). */
  medoid: number;
  /** Solution ids of the cluster, the medoid included, ascending. */
  members: number[];
  /** Mean share of cells (0..1) in which a member differs from the medoid. */
  meanDifference: number;
}

/** A solution id, or `today` for the current land use. */
export type LayoutRef = number | 'today';

export interface LayoutMapView {
  id: LayoutRef;
  classes: GridBytes;
}

/** How much the selected layouts agree, cell by cell (Marxan's "selection frequency"). */
export interface AgreementMapView {
  ids: number[];
  /** The most frequent class per cell (255 outside). */
  mode: GridBytes;
  /** Share of the layouts giving the most frequent class, 0–255 for 0–100 %. */
  frequency: GridBytes;
  /** When a class was asked for: share of the layouts giving that class, 0–255. */
  classShare: GridBytes | null;
}

/** What a difference map compares: a layout of the run (or today), or a painted plan added to the comparison. */
export type DifferenceRef = LayoutRef | { painted: string };

export interface DifferenceMapView {
  a: DifferenceRef;
  b: DifferenceRef;
  /** 0 same class, 1 different, 255 outside. */
  changed: GridBytes;
  changedHa: number;
  /** Hectares moving from one class to another, largest first. */
  transitions: { from: string; to: string; ha: number }[];
}

export interface ContributionMapView {
  id: number;
  objective: string;
  /** Float32 little-endian per cell (NaN outside): the cell's share of the objective value. */
  values: GridBytes;
  min: number;
  max: number;
  total: number;
}

export interface ExportRequest {
  dir: string;
  /** Ignored for csv (the whole front). Default: the compromise (`knee`). */
  solution?: number | 'knee';
  format: 'geotiff' | 'geojson' | 'csv';
  /**
   * Output file (default: the run folder's exports/), inside a folder the user opened or chose,
   * ending in .tif/.tiff, .geojson/.json or .csv as the format says.
   */
  out?: string;
  /** Replace `out` if it exists outside a run folder (never needed inside one). */
  overwrite?: boolean;
}

export interface ExportDone {
  file: string;
  format: ExportRequest['format'];
  solution: number | null;
}

export interface ReportRequest {
  dir: string;
  /** Solution ids shown in the report; default the compromise and the extremes. */
  solutions?: number[];
  /**
   * Other run folders of the same study area (at most REQUEST_LIMITS.runPicks - 1): adds the
   * chapter "Agreement across runs" to the HTML/PDF report (`report --with-runs`).
   */
  withRuns?: string[];
  /** The layouts compared from every run there: `all` (default), `compromise`, `best-<objective>`, ids. */
  agreementSolutions?: string[];
  /** html, pdf, both, or interactive: the explorer page of the front (docs/report.md). */
  format: ReportFormat;
  /** Output file ending in .html or .pdf (the other format gets the same name); default the run folder's report (report-interactive.html for the interactive report). */
  out?: string;
  /** Replace existing files outside a run folder. */
  overwrite?: boolean;
}

export interface ReportDone {
  html: string | null;
  pdf: string | null;
  /** The interactive report, when asked for. */
  interactive: string | null;
  /** How the PDF was printed, or why it was not. */
  note: string | null;
}

/**
 * Where a paint session starts: a layout of a run's front (or `today`), placed against that front
 * as it is painted; or today's map of a scenario.
 */
export type PaintSource = { run: string; from: LayoutRef } | { scenario: string };

/** A demand checked on a painted layout (bounds in whole cells, as the engine applies them). */
export interface PaintDemand {
  classId: string;
  className: string;
  minHa: number | null;
  maxHa: number | null;
  ha: number;
  status: 'met' | 'below' | 'above';
  shortfallHa: number;
  excessHa: number;
}

/** A painted layout's scores and constraint status after a stroke (docs/paint.md). */
export interface PaintStatus {
  session: string;
  /** Objective values (natural units), in the order of the session's objectives: incremental, exact. */
  values: number[];
  /** Hectares per class, in the order of the session's classes. */
  areasHa: number[];
  /** Hectares whose class differs from today. */
  changedHa: number;
  /** The scenario's change limit (rules.maxChange), or null when it sets none. */
  maxChangeHa: number | null;
  demands: PaintDemand[];
  /** Every demand met and the change limit kept (fixed and protected cells cannot be painted). */
  feasible: boolean;
  /** Strokes that can be taken back. */
  strokes: number;
  /** Against the run's front (sessions started from a run): ids of the layouts that dominate it. */
  front: { dominatedBy: number[]; dominates: number; nonDominated: boolean } | null;
  /** What the last request changed. */
  lastStroke: {
    /** Cells whose class changed: Int32 little-endian grid indices (row-major). */
    painted: GridBytes;
    /** The class of each of those cells now (one byte each, in the order of `painted`). */
    classes: GridBytes;
    paintedHa: number;
    /** Cells refused because they cannot change: fixed classes, protected areas, no other class allowed. */
    locked: number;
    /** Changeable cells refused because the rules forbid the class there (conversion, slope, no-build). */
    notAllowed: number;
    /** True when the request took back a stroke. */
    undone: boolean;
  } | null;
}

export interface PaintOpened extends PaintStatus {
  source: PaintSource;
  scenarioName: string;
  scenarioPath: string;
  objectives: ObjectiveView[];
  classes: ClassInfo[];
  grid: { width: number; height: number; cellSizeM: number };
  cellAreaHa: number;
  /** Hectares per class today. */
  todayHa: number[];
  /** Objective values of the layout the session started from (a full evaluation). */
  startValues: number[];
  /** Class per cell of the starting layout, and of today. */
  layout: GridBytes;
  today: GridBytes;
  /** Per cell: 0 paintable, 1 fixed class, 2 protected area, 3 no other class allowed, 255 outside. */
  locked: GridBytes;
}

/**
 * A painted plan as it was when added to the comparison (PlanApi.paintSnapshot), in the shape of a
 * front's row: objective values in the session's objective order (the live values the Paint tab
 * shows), sub-indicators in the run's order (FrontView.indicators; a full evaluation), hectares
 * per class; its demands and change, and its class map.
 */
export interface PaintSnapshot {
  /** Names the plan's class map in `differenceMap` (`{ painted: snapshot }`) while the engine keeps it. */
  snapshot: string;
  session: string;
  /** The run the session was opened on (null for a scenario's today). */
  run: string | null;
  strokes: number;
  objectives: number[];
  indicators: number[];
  areaHa: number[];
  changedHa: number;
  maxChangeHa: number | null;
  demands: PaintDemand[];
  feasible: boolean;
  front: PaintStatus['front'];
  /** Class per cell (255 outside). */
  layout: GridBytes;
}

export interface PaintSaved {
  file: string;
  changedHa: number;
  values: number[];
}

export interface RunProgressEvent {
  type: 'run-progress';
  runId: string;
  generation: number;
  generations: number;
  evaluations: number;
  hypervolume: number;
  elapsedMs: number;
  /** Null until the first generation ends. */
  etaMs: number | null;
  frontSize: number;
}

/** Events pushed from the engine to the window. */
export type PlanEvent =
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | RunProgressEvent
  /**
   * The run's live front, sent every few generations or seconds and after the last one: the
   * archive's layouts, `points[i]` the objective values (natural units) of the layout with id
   * `ids[i]` (the id front.csv gives it when the run stops at this generation).
   */
  | {
      type: 'run-front';
      runId: string;
      generation: number;
      objectives: ObjectiveView[];
      ids: number[];
      points: number[][];
    }
  /**
   * What a run is doing while one of its steps takes long (starting the workers, a generation, the
   * final polish, a checkpoint: engine/src/runs/heartbeat.ts), said every 15 s within the step;
   * the next `run-progress` ends the step.
   */
  | { type: 'run-activity'; runId: string; message: string }
  | { type: 'run-finished'; runId: string; dir: string; status: RunListEntry['status']; message: string }
  | { type: 'run-failed'; runId: string; dir: string; message: string; kind: 'input' | 'failure' };

/** What a file dialog is for: the pickers, a folder for exports and reports, and a layout GeoTIFF. */
export type ChoosePurpose =
  'open-scenario' | 'open-run' | 'save-scenario' | 'export-folder' | 'open-parties' | 'save-parties' | 'open-layout';

/** Every request the renderer can make. Arguments and results are plain JSON (structured-cloneable). */
export interface PlanApi {
  info(): Promise<EngineInfo>;
  listScenarios(): Promise<ScenarioEntry[]>;
  listRecent(): Promise<RecentItem[]>;
  /**
   * Electron: the system's file dialog, and what the user picks there becomes a folder the app may
   * use; browser mode: null (the page asks for a path inside folders already opened).
   */
  chooseFile(purpose: ChoosePurpose, defaultPath?: string): Promise<string | null>;
  /** Validate a scenario: every problem with its line, or its summary and settings. Remembered as recent. */
  openScenario(path: string): Promise<OpenedScenario>;
  studyArea(path: string): Promise<StudyAreaView>;
  /**
   * Write `settings` into a copy of `source` at `target` and validate it. Never over `source`;
   * an existing `target` only with `overwrite` (or when the save dialog chose it).
   */
  saveScenarioAs(
    source: string,
    settings: ScenarioSettings,
    target: string,
    options?: { overwrite?: boolean },
  ): Promise<OpenedScenario>;
  startRun(request: StartRunRequest): Promise<RunStarted>;
  /** Start a run seeded with layouts of a run, with cells locked (the explorer's Steer action). */
  startSteeredRun(request: SteerRunRequest): Promise<SteerStarted>;
  /** Stops at the end of the current generation and writes a checkpoint (status `interrupted`). */
  cancelRun(runId: string): Promise<{ cancelled: boolean }>;
  listRuns(): Promise<RunListEntry[]>;
  loadFront(dir: string): Promise<FrontView>;
  layoutMap(dir: string, id: LayoutRef): Promise<LayoutMapView>;
  agreementMap(dir: string, ids: number[], classId?: string): Promise<AgreementMapView>;
  /**
   * The parties at the table judging a run's layouts: each party's pick and satisfaction, the
   * compromises, consensus and conflict maps. `source`: a parties file (YAML), or the parties as
   * the app edits them (checked like a parties file); absent, the scenario's `parties:` section.
   */
  parties(dir: string, source?: string | PartyInput[]): Promise<PartiesView>;
  /**
   * Check parties as the app edits them, as a parties file is checked (its schema; names against
   * the run's objectives and sub-indicators): every problem with its party and field, and the
   * editor's bounds read from the same schema.
   */
  checkParties(dir: string, parties: PartyInput[]): Promise<PartiesCheckView>;
  /**
   * Write parties to a YAML parties file (checked against the run's criteria first; atomic). An
   * existing `target` only with `overwrite` (or when the save dialog chose it).
   */
  saveParties(
    dir: string,
    parties: PartyInput[],
    target: string,
    options?: { overwrite?: boolean },
  ): Promise<PartiesSaved>;
  /**
   * The Borda count of a shortlist over the parties' rankings (per party: tiers best first; a tier's
   * layouts tie), by the engine's rule (docs/parties.md).
   */
  workshopBorda(shortlist: number[], rankings: number[][][]): Promise<WorkshopBordaView>;
  /** Where `b` differs from `a`: layouts of the run, `today`, or a painted plan added to the comparison. */
  differenceMap(dir: string, a: DifferenceRef, b: DifferenceRef): Promise<DifferenceMapView>;
  contributionMap(dir: string, id: number, objectiveId: string): Promise<ContributionMapView>;
  exportLayout(request: ExportRequest): Promise<ExportDone>;
  createReport(request: ReportRequest): Promise<ReportDone>;
  /** A layout GeoTIFF scored on a scenario, and placed against an opened run's front (docs/scoring.md). */
  scoreLayout(request: ScoreRequest): Promise<ScoreView>;
  /** A plan (GeoTIFF or a run's layout) against an observed land cover: followed where, scores, demands. */
  monitorPlan(request: MonitorRequest): Promise<MonitorView>;
  /** The runs the app knows (as `listRuns`) on the same grid with the same classes as the run in `dir` (itself included), newest first. */
  relatedRuns(dir: string): Promise<RelatedRun[]>;
  /** Agreement of layouts picked from opened runs of one study area. */
  crossRunAgreement(picks: RunPick[]): Promise<CrossRunAgreementView>;
  /** Start painting a plan (docs/paint.md): today's map or a run's layout, fully evaluated once. */
  openPaintSession(source: PaintSource): Promise<PaintOpened>;
  /**
   * Paint a class on cells (`cells`: Int32 little-endian grid indices as base64, at most
   * REQUEST_LIMITS.paintCells); fixed and protected cells are refused and counted. Scores follow
   * incrementally.
   */
  applyStrokes(session: string, cells: Base64, classId: string): Promise<PaintStatus>;
  /** Take back the last stroke. */
  undoStroke(session: string): Promise<PaintStatus>;
  /** Write the painted layout as a GeoTIFF like exported layouts (`out` ends in .tif). */
  savePaintLayout(session: string, out: string, options?: { overwrite?: boolean }): Promise<PaintSaved>;
  closePaintSession(session: string): Promise<{ closed: boolean }>;
  /** The painted plan as it is now, scored like a front's row, to add to the comparison. */
  paintSnapshot(session: string): Promise<PaintSnapshot>;
}

export type PlanMethod = keyof PlanApi;

/**
 * What only the desktop app offers, through its main process (desktop/src/main/desktop-actions.ts);
 * browser mode has none of it (its server never touches the user's desktop or serves files).
 */
export interface DesktopActions {
  /** Show a file the app wrote in the system's file manager; the path must lie in a folder the app may use. */
  showInFolder(file: string): Promise<{ shown: string }>;
  /** Put text on the system clipboard (the page's own clipboard access is denied, as every permission is). */
  copyText(text: string): Promise<{ copied: number }>;
}

/** What the preload exposes as `window.paretoplan`, and what the HTTP transport provides too. */
export interface PlanBridge {
  invoke<M extends PlanMethod>(method: M, args: Parameters<PlanApi[M]>): ReturnType<PlanApi[M]>;
  /** Subscribe to engine events; returns an unsubscribe function. */
  onEvent(listener: (event: PlanEvent) => void): () => void;
  /** The desktop app's own actions; absent in browser mode. */
  desktop?: DesktopActions;
}

/** The answer to one request, as both transports carry it. */
export type PlanReply = { ok: true; value: unknown } | { ok: false; error: PlanErrorPayload };

/** A failed request, as both transports report it to the renderer. */
export interface PlanErrorPayload {
  message: string;
  /** `input`: the user can fix it (bad scenario, bad value); `failure`: the engine failed. */
  kind: 'input' | 'failure';
}
