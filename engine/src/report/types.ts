/**
 * Everything a scenario report shows, as plain data. The run-folder layer (engine/src/runs)
 * assembles a ReportInput from a finished (or interrupted) run; the report module only renders
 * it, so the CLI and the desktop app produce the same report from the same input.
 */

import type { ObjectiveDirection } from '../optimizer/index.js';

export interface ReportClass {
  id: string;
  name: string;
  /** Raster code(s) this plan class stands for in the land-use layer. */
  codes: number[];
  /** CSS colour, `#rrggbb`. */
  color: string;
  built: boolean;
  natural: boolean;
}

export interface ReportLayer {
  name: string;
  /** File name relative to the scenario, or a description for derived layers (`slope of elevation`). */
  source: string;
  /** SHA-256 of the file (hex); null for derived layers. */
  sha256: string | null;
  kind: 'categorical' | 'continuous';
}

export interface ReportIndicator {
  id: string;
  label: string;
  weight: number;
  /** Plain-text formula, e.g. `Σ value(class) × exp(−d/decay) × area / total area`. */
  formula: string;
  /** Parameters as the scenario states them (already formatted with units). */
  parameters: Record<string, string>;
}

export interface ReportObjective {
  id: string;
  label: string;
  direction: ObjectiveDirection;
  /** Unit of the objective's value, e.g. `M€/yr` or `index (0–1)`. */
  unit: string;
  description: string;
  indicators: ReportIndicator[];
}

/** One layout of the Pareto front. */
export interface ReportSolution {
  /** Stable id within the run (used on the CLI: `--solutions 3,17`). */
  id: number;
  /** Objective values in natural units, in the order of `objectives`. */
  objectives: number[];
  /** Sub-indicator values keyed `<objectiveId>.<indicatorId>`. */
  indicators: Record<string, number>;
  /** Area per class in hectares, in the order of `classes`. */
  classAreasHa: number[];
}

/** One group of similar layouts of the front. */
export interface ReportRepresentative {
  /** Id (into `front`) of the medoid: the member closest to the others. */
  medoid: number;
  /** Ids (into `front`) of the members, the medoid included. */
  members: number[];
  /** Number of layouts in the group, the medoid included. */
  size: number;
  /** Mean share (0..1) of the changeable cells in which a member differs from the medoid. */
  meanDifference: number;
}

/** A layout shown in full (a map, change from today, tables). */
export interface ReportSelectedLayout {
  id: number;
  /** e.g. `Compromise`, `Best economic return`, `Layout #12`. */
  label: string;
  /** Why it is shown, one sentence. */
  reason: string;
  /** Class index per grid cell (row-major, width x height), 255 outside the study area. */
  layout: Uint8Array;
}

/** A criterion parties can name: an objective (`economic`) or a sub-indicator (`economic.landValue`). */
export interface ReportCriterion {
  id: string;
  /** Unit of its values, e.g. `M€` or `% of housing`. */
  unit: string;
  direction: ObjectiveDirection;
  /** The worst and the best value on the front. */
  worst: number;
  best: number;
}

/** A party at the planning table and how it judges the front (docs/parties.md). */
export interface ReportParty {
  id: string;
  name: string;
  description: string;
  /** `#rrggbb`, or null when the parties file gives none. */
  color: string | null;
  /** Levels in natural units on this front (`"% of range"` already resolved). */
  preference:
    | { kind: 'weights'; weights: { criterion: string; weight: number }[] }
    | { kind: 'reference'; levels: { criterion: string; aspiration: number; reservation: number | null }[] };
  /** Id (into `front`) of the layout the party would choose. */
  preferred: number;
  /** Satisfaction (0..1) with each layout, in the order of `front`. */
  satisfaction: number[];
  /** Satisfaction with the worst layout on the front for the party (Nash's disagreement point). */
  disagreement: number;
}

/** The layout one compromise rule puts forward. */
export interface ReportCompromise {
  rule: 'egalitarian' | 'minimax-regret' | 'nash';
  /** e.g. `Egalitarian (max-min satisfaction)`. */
  title: string;
  id: number;
  /** The rule's value at the layout, and what it is in words (`least satisfaction`). */
  value: number;
  valueLabel: string;
}

/** Parties, their picks, the compromises between them and where their picks agree. */
export interface ReportParties {
  /** The parties file (or scenario) they come from, as a file name. */
  source: string;
  criteria: ReportCriterion[];
  parties: ReportParty[];
  compromises: ReportCompromise[];
  /** Borda count over a shortlist (the parties' picks and the compromises). */
  borda: { shortlist: number[]; standings: { id: number; points: number }[]; winners: number[] };
  agreement: {
    /**
     * Per cell: how many parties' preferred layouts disagree with the most common class
     * (0 = all agree; cells that never change count as agreed), 255 outside the study area.
     */
    disagreeing: Uint8Array;
    /** Per cell: the most common class of the preferred layouts (the agreed class where disagreeing is 0), 255 outside. */
    mode: Uint8Array;
    changeableHa: number;
    consensusHa: number;
    conflictHa: number;
    /** Conflict area by how many parties disagree (1 .. parties - 1). */
    conflictByDisagreeing: { parties: number; ha: number }[];
    /** Per class (order of `classes`), over the changeable cells. */
    classes: { consensusHa: number; agreedChangeHa: number; contestedHa: number }[];
  };
}

/** What sets one group of similar layouts apart from the rest of the front (docs/parties.md). */
export interface ReportGroupProfile {
  /** Per objective (order of `objectives`): the lowest and highest value among the members. */
  objectiveRanges: { min: number; max: number }[];
  /** Every class, the largest absolute difference of mean area first. */
  classDifferences: { classIndex: number; groupMeanHa: number; othersMeanHa: number; differenceHa: number }[];
  /** Grid cells whose class the group gives clearly more often than the other layouts, and that class. */
  characteristicCells: Int32Array;
  characteristicClasses: Uint8Array;
}

/** A depth-3 decision tree's rules in plain words. */
export interface ReportTree {
  labels: string[];
  /** Layouts per label. */
  counts: number[];
  rules: { text: string; layouts: number; correct: number }[];
  /** Share of the front's layouts the rules label correctly. */
  accuracy: number;
  /** 5-fold cross-validated accuracy; null with fewer than 5 layouts. */
  crossValidatedAccuracy: number | null;
  /** How many layout features the tree could choose from. */
  features: number;
}

/** Why the front falls into its groups: the silhouettes, a profile per group, a decision tree. */
export interface ReportGroupExplanation {
  /** Mean silhouette of each number of groups tried (the chosen one is the number of groups). */
  silhouettes: { k: number; silhouette: number }[];
  /** In the order of `representatives`. */
  profiles: ReportGroupProfile[];
  /** Why zones and distance bands are missing from the tree's features, when they are. */
  featureNote: string | null;
  /** What tells the groups apart (null for a single group). */
  tree: ReportTree | null;
}

/** One run whose layouts the report's "Agreement across runs" compares. */
export interface ReportAgreementRun {
  /** The run folder (absolute). */
  dir: string;
  scenario: string;
  seed: number;
  /** The run it was steered from (`run --seed-from`), or null. */
  parent: string | null;
  /** Ids (into that run's front) of the layouts picked. */
  layouts: number[];
  /** The report's own run. */
  isReportRun: boolean;
}

/**
 * Agreement of layouts picked from this run and other runs of the same study area (seeds,
 * scenarios, steered runs), cell by cell: the definitions of `paretoplan agreement`
 * (runs/cross-run-agreement.ts, docs/parties.md "Agreement across runs").
 */
export interface ReportRunAgreement {
  runs: ReportAgreementRun[];
  /** The names that picked the layouts from every run (`all`, `compromise`, `best-<objective>`, ids). */
  solutions: string[];
  /** Layouts compared, over all runs. */
  layouts: number;
  /** Per grid cell: the class most of the layouts give (today's where no run may change it), 255 outside. */
  mode: Uint8Array;
  /**
   * Per grid cell: the share (0-100, rounded down, so below 100 wherever they differ) of layouts giving `mode` where some run may change the
   * cell, {@link NOT_CHANGEABLE} where none may, 255 outside.
   */
  agreePercent: Uint8Array;
  changeableHa: number;
  /** Changeable area where every layout gives the same class; where they differ. */
  agreedHa: number;
  contestedHa: number;
  /** Area every layout changes from today's use. */
  changedByAllHa: number;
  /** Contested area by the share agreeing with the most common class (bands of 10 %, lower bound). */
  contestedByShare: { fromPercent: number; ha: number }[];
  /** Per class (order of `classes`), over the changeable cells. */
  classes: { agreedHa: number; agreedChangeHa: number; contestedHa: number }[];
}

/** {@link ReportRunAgreement.agreePercent} of cells no compared run may change. */
export const NOT_CHANGEABLE = 254;

export interface ReportHistoryRow {
  generation: number;
  evaluations: number;
  hypervolume: number;
  /** Best value per objective so far, natural units. */
  best: number[];
  elapsedSeconds: number;
}

export interface ReportDemand {
  classId: string;
  minHa: number | null;
  maxHa: number | null;
}

/**
 * The layouts of a front over its changeable cells: the cells (ascending) and layout i's class at
 * each, i in the order of `front` (other cells keep `current`).
 */
export interface FrontLayouts {
  readonly cells: Int32Array;
  /** How many layouts there are (the rows of `front`). */
  readonly rows: number;
  /** Layout `index`'s classes at `cells` (into `out`, of `cells.length`, when given). */
  classesOf(index: number, out?: Uint8Array): Uint8Array;
}

/** {@link FrontLayouts} of layouts held in one matrix (rows x cells, row-major; a partial row makes `rows` fractional, which the report refuses). */
export function frontLayoutsOfMatrix(cells: Int32Array, classes: Uint8Array): FrontLayouts {
  const n = cells.length;
  return {
    cells,
    rows: n === 0 ? 0 : classes.length / n,
    classesOf: (index) => classes.subarray(index * n, (index + 1) * n),
  };
}

export interface ReportInput {
  scenario: {
    name: string;
    description: string;
    /** Scenario file name and its SHA-256. */
    file: string;
    sha256: string;
  };
  createdAt: string;
  engineVersion: string;
  /** The exact command that regenerates the run. */
  command: string;
  seed: number;
  /** Optimiser settings as name -> formatted value (population, generations, workers, operators…). */
  optimizer: Record<string, string>;
  run: { status: string; startedAt: string; finishedAt: string | null; evaluations: number; generations: number };
  grid: { width: number; height: number; cellSizeM: number; cellAreaHa: number; crs: string };
  classes: ReportClass[];
  /** Today's land use: class index per cell, 255 outside the study area. */
  current: Uint8Array;
  layers: ReportLayer[];
  demands: ReportDemand[];
  /** Rules in plain sentences, e.g. `Water and transport keep today's use.` */
  rules: string[];
  objectives: ReportObjective[];
  front: ReportSolution[];
  /** Ids (into `front`) of the best solution per objective and of the compromise (`knee`, see charts/highlights.ts). */
  highlights: { extremes: number[]; knee: number };
  selected: ReportSelectedLayout[];
  /**
   * Every layout of the front, read one at a time (a run's 200 layouts at 2000 x 2000 cells take
   * 750 MB at once). Null when not loaded; the parties' maps and the interactive report need it.
   */
  frontLayouts: FrontLayouts | null;
  /**
   * The front grouped into a few clusters of similar maps (k-medoids on the share of changeable
   * cells that differ), largest first; each shown by its medoid's id (into `front`).
   */
  representatives: ReportRepresentative[];
  /** What sets each group apart, or null when not analysed. */
  groups: ReportGroupExplanation | null;
  /** The parties' view of the front, or null when the run has no parties (no parties file, no `parties:`). */
  parties: ReportParties | null;
  /** Agreement with other runs of the study area (`report --with-runs`), or null / absent. */
  acrossRuns?: ReportRunAgreement | null;
  history: ReportHistoryRow[];
  /** Versions of Node and the main libraries, for the reproducibility section. */
  versions: Record<string, string>;
}
