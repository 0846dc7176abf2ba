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
   * The front grouped into a few clusters of similar maps (k-medoids on the share of changeable
   * cells that differ), largest first; each shown by its medoid's id (into `front`).
   */
  representatives: ReportRepresentative[];
  history: ReportHistoryRow[];
  /** Versions of Node and the main libraries, for the reproducibility section. */
  versions: Record<string, string>;
}
