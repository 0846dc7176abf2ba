/**
 * Exploring a run's front for the desktop app: class maps of layouts, agreement (selection
 * frequency) over a set of layouts, difference maps, and per-objective contribution maps.
 * Works on run folders only (nothing is re-run); `FrontCache` keeps the last fronts in memory and
 * reloads one when its manifest changes (a running run writes a new front at every checkpoint).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  contributionMap,
  prepareScenario,
  StandaloneContributionBasis,
  type ResolvedScenario,
} from '../landuse/index.js';
// Module by module rather than through runs/index.js: the background worker loads this file, and
// the barrel would also load the report renderer (ECharts, playwright-core) it never uses.
import { RunInputError } from '../runs/errors.js';
import { genomeOf, layoutOf, loadFront, type LoadedFront } from '../runs/front-io.js';
import { readHistory, type HistoryRow } from '../runs/history.js';
import { frontAgreement } from '../runs/front-agreement.js';
import { frontGroups } from '../runs/groups.js';
import type { LayoutCluster } from '../decision/index.js';
import { RUN_FILES } from '../runs/run-folder.js';
import { runStudyArea } from '../runs/steering.js';
import { NO_CLASS } from '../rules/index.js';

/** A solution id, or `today` for the current land use. */
export type LayoutId = number | 'today';

/** Objective labels often end with their unit, "Economic return (M€)". */
export function splitObjectiveLabel(text: string): { label: string; unit: string } {
  const unit = /\(([^)]+)\)\s*$/.exec(text);
  return unit ? { label: text.slice(0, unit.index).trim(), unit: unit[1]! } : { label: text, unit: '' };
}

/**
 * The class map (class index per cell, 255 outside) of a layout of a loaded front.
 * @param out reused when given (length width x height)
 */
export function layoutClasses(
  front: LoadedFront,
  id: LayoutId | Uint8Array,
  out: Uint8Array = new Uint8Array(front.current.length),
): Uint8Array {
  if (id instanceof Uint8Array) {
    if (id.length !== front.current.length)
      throw new RunInputError(`The layout has ${id.length} cells, the grid of ${front.dir} ${front.current.length}.`);
    out.set(id);
    return out;
  }
  if (id === 'today') {
    out.set(front.current);
    return out;
  }
  checkId(front, id);
  return layoutOf(front, id, out);
}

function checkId(front: LoadedFront, id: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= front.rows) {
    throw new RunInputError(
      `Solution ${String(id)} does not exist: the front of ${front.dir} has ids 0 to ${front.rows - 1}.`,
    );
  }
}

export interface AgreementMaps {
  /** Most frequent class per cell (255 outside). */
  mode: Uint8Array;
  /** Share of the layouts giving the most frequent class, scaled to 0–255. */
  frequency: Uint8Array;
  /** Share of the layouts giving `classIndex`, 0–255, when one was asked for. */
  classShare: Uint8Array | null;
}

/**
 * Agreement of a set of layouts, cell by cell: the most frequent class and how many of the
 * layouts give it (Marxan's "selection frequency"), and optionally the share giving one class.
 * Cells that cannot change agree fully. Ties go to the lower class index. The whole front's
 * agreement comes from the run's record when it has one (runs/front-agreement.ts).
 */
export async function agreementMaps(
  front: LoadedFront,
  ids: readonly number[],
  classIndex: number | null = null,
): Promise<AgreementMaps> {
  if (ids.length === 0) throw new RunInputError('Select at least one layout for an agreement map.');
  for (const id of ids) checkId(front, id);
  const K = front.manifest.classes.length;
  if (classIndex !== null && (classIndex < 0 || classIndex >= K))
    throw new RunInputError(`Unknown class index ${classIndex}.`);
  const n = front.current.length;
  const mode = new Uint8Array(front.current);
  const frequency = new Uint8Array(n);
  const classShare = classIndex === null ? null : new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (mode[i] === NO_CLASS) continue;
    frequency[i] = 255;
    if (classShare && mode[i] === classIndex) classShare[i] = 255;
  }
  const genes = front.geneCells.length;
  const agreement = await frontAgreement(front, ids, K, classIndex);
  // Shares scaled to 0-255, looked up by count (at most ids.length).
  const scale = 255 / ids.length;
  const share = Uint8Array.from({ length: ids.length + 1 }, (_, count) => Math.round(count * scale));
  const { geneCells } = front;
  const { mode: modeOfGene, modeCount, classCount } = agreement;
  for (let g = 0; g < genes; g++) {
    const cell = geneCells[g]!;
    mode[cell] = modeOfGene[g]!;
    frequency[cell] = share[modeCount[g]!]!;
  }
  if (classShare) for (let g = 0; g < genes; g++) classShare[geneCells[g]!] = share[classCount![g]!]!;
  return { mode, frequency, classShare };
}

export interface DifferenceMap {
  /** 0 same class, 1 different, 255 outside. */
  changed: Uint8Array;
  changedHa: number;
  /** Hectares moving from class `from` to class `to`, largest first. */
  transitions: { from: number; to: number; ha: number }[];
}

/**
 * Where layout `b` differs from layout `a` (either may be `today`, or a class map on the run's
 * grid: a painted plan), with the class transitions.
 */
export function differenceMap(front: LoadedFront, a: LayoutId | Uint8Array, b: LayoutId | Uint8Array): DifferenceMap {
  const mapA = layoutClasses(front, a);
  const mapB = layoutClasses(front, b);
  const K = front.manifest.classes.length;
  const pairs = new Int32Array(K * K);
  const changed = new Uint8Array(mapA.length);
  let count = 0;
  for (let i = 0; i < mapA.length; i++) {
    const x = mapA[i]!;
    if (x === NO_CLASS) {
      changed[i] = NO_CLASS;
      continue;
    }
    const y = mapB[i]!;
    if (x !== y) {
      changed[i] = 1;
      count++;
      pairs[x * K + y]!++;
    }
  }
  const transitions: DifferenceMap['transitions'] = [];
  for (let from = 0; from < K; from++)
    for (let to = 0; to < K; to++) {
      const cells = pairs[from * K + to]!;
      if (cells > 0) transitions.push({ from, to, ha: cells * front.manifest.cellAreaHa });
    }
  transitions.sort((p, q) => q.ha - p.ha);
  return { changed, changedHa: count * front.manifest.cellAreaHa, transitions };
}

/**
 * Loaded fronts by run folder, reloaded when the run writes a new manifest; plus, per run, what
 * its contribution maps need (built on first use: it reads the scenario's layers and compiles
 * the sub-indicators, as a run's set-up does, but not an evaluator's state of today's map).
 */
export class FrontCache {
  private readonly fronts = new Map<string, { mtimeMs: number; front: LoadedFront }>();
  private readonly bases = new Map<string, Promise<StandaloneContributionBasis>>();
  /** Contribution maps being drawn, and what waits for none to be (the preparation, between objectives). */
  private mapsDrawing = 0;
  private mapsDrawn: (() => void)[] = [];

  constructor(private readonly capacity = 4) {}

  async get(runDir: string): Promise<LoadedFront> {
    const dir = path.resolve(runDir);
    const mtimeMs = await stat(path.join(dir, RUN_FILES.manifest)).then(
      (s) => s.mtimeMs,
      () => -1,
    );
    const hit = this.fronts.get(dir);
    if (hit && hit.mtimeMs === mtimeMs) {
      this.fronts.delete(dir);
      this.fronts.set(dir, hit); // most recently used last
      return hit.front;
    }
    const front = await loadFront(dir);
    this.fronts.set(dir, { mtimeMs, front });
    while (this.fronts.size > this.capacity) this.fronts.delete(this.fronts.keys().next().value!);
    return front;
  }

  /**
   * Per-cell contribution of solution `id` to objective `objectiveId` (NaN outside; cells sum to
   * the objective value). The first call per run reads the scenario's layers (about a second for
   * the bundled study area); later calls cost one map (about a full evaluation).
   */
  async contributionMap(
    runDir: string,
    id: number,
    objectiveId: string,
  ): Promise<{ values: Float32Array; total: number }> {
    this.mapsDrawing++;
    try {
      return await this.drawContributionMap(runDir, id, objectiveId);
    } finally {
      if (--this.mapsDrawing === 0) for (const resume of this.mapsDrawn.splice(0)) resume();
    }
  }

  private async drawContributionMap(
    runDir: string,
    id: number,
    objectiveId: string,
  ): Promise<{ values: Float32Array; total: number }> {
    const front = await this.get(runDir);
    checkId(front, id);
    const objective = front.manifest.objectives.findIndex((o) => o.id === objectiveId);
    if (objective < 0) {
      throw new RunInputError(
        `Unknown objective "${objectiveId}": the run has ${front.manifest.objectives.map((o) => o.id).join(', ')}.`,
      );
    }
    const values = contributionMap(await this.basisOf(front), genomeOf(front, id), objective);
    let total = 0;
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) total += values[i]!;
    return { values, total };
  }

  /**
   * Load a run's front and build what its contribution maps need now, so that its first
   * contribution map costs one map (at 2000 x 2000 the build takes seconds: the scenario's
   * layers, then the sub-indicators). The objectives compile one at a time, in order: a map asked
   * meanwhile runs between two of them, compiling its own objective first if it is not ready.
   */
  async prepareContributions(runDir: string): Promise<void> {
    const basis = await this.basisOf(await this.get(runDir));
    for (let m = 0; m < basis.area.objectives.length; m++) {
      basis.indicatorsOf(m);
      // Two turns of the event loop, so that a request that came meanwhile is received (a turn's
      // messages are read before its immediates run), then wait while maps are drawn.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      while (this.mapsDrawing > 0) await new Promise<void>((resolve) => this.mapsDrawn.push(resolve));
    }
  }

  /**
   * The run's contribution basis, built once and kept for the two most recent scenarios. Runs of
   * one scenario file (seeds, variants of a batch) share it: it depends only on the scenario and
   * its layers; a steered run's locks and bounds are its own.
   */
  private basisOf(front: LoadedFront): Promise<StandaloneContributionBasis> {
    const key = front.manifest.steering
      ? `run ${front.dir}`
      : `scenario ${JSON.stringify(front.manifest.scenario.parsed)}`;
    let basis = this.bases.get(key);
    if (!basis) {
      basis = prepareScenario(front.manifest.scenario.parsed as ResolvedScenario).then(
        async (p) => new StandaloneContributionBasis(await runStudyArea(front.dir, front.manifest, p)),
      );
      const built = basis;
      built.catch(() => {
        if (this.bases.get(key) === built) this.bases.delete(key);
      });
      this.bases.set(key, basis);
      while (this.bases.size > 2) this.bases.delete(this.bases.keys().next().value!);
    } else {
      this.bases.delete(key);
      this.bases.set(key, basis); // most recently used last
    }
    return basis;
  }
}

/** history.csv of a run folder (empty when missing). */
export function runHistory(front: LoadedFront): Promise<HistoryRow[]> {
  return readHistory(path.join(front.dir, RUN_FILES.history), front.manifest);
}

/**
 * A few representative layouts of a front: groups of similar maps, each with its medoid, the
 * number of groups (2 to 8) chosen by silhouette (see decision/clustering.ts). Computed once per
 * loaded front (cached on it).
 */
export function frontRepresentatives(front: LoadedFront): LayoutCluster[] {
  return frontGroups(front).clusters;
}
