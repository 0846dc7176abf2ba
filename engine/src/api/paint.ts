/**
 * Painting a plan: a planner's own layout, edited cell by cell from today's map or a layout of a
 * run, scored live against the scenario's objectives and demands (docs/paint.md).
 *
 * A {@link PaintSession} holds one layout as a genome of the scenario's study area (the cells the
 * optimiser may change), a full evaluation of the layout it started from, and the incremental
 * evaluator the parsimony step uses (landuse/objectives/delta.ts). Each stroke is measured
 * against the current layout, exactly (linear terms, compatibility, core area, then walking
 * access), and applied: the objective values follow without another full evaluation.
 *
 * Cells that are not genes cannot be painted: fixed classes, protected areas and cells with no
 * other allowed class keep today's class; a gene may take only the classes the rules allow it
 * (forbidden conversions, slope limits, no-build zones, fixed classes). Such cells are refused
 * and counted. A saved plan is a GeoTIFF written like `paretoplan export --format geotiff`
 * (faithful to the land-use input), which `paretoplan score` reads back.
 *
 * {@link PaintSessions} keeps a bounded number of sessions by id, for the service (plan-service.ts),
 * which runs them in its background worker.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  currentGenome,
  LandUseEvaluator,
  NO_CLASS,
  prepareScenario,
  type PreparedScenario,
  type ResolvedScenario,
  type StudyArea,
} from '../landuse/index.js';
import { ChangeEvaluator, type ChangeDelta } from '../landuse/objectives/delta.js';
// Module by module rather than through runs/index.js: the background worker loads this file (see explore.ts).
import { RunInputError } from '../runs/errors.js';
import { frontRows, genomeOf, loadFront, type LoadedFront } from '../runs/front-io.js';
import { writeLayoutGeoTiff } from '../runs/outputs.js';
import { checkDemands } from '../runs/scoring/evaluate.js';
import { placeOnFront } from '../runs/scoring/placement.js';
import type { ObjectiveDirection } from '../optimizer/index.js';
import type { LayoutRef, PaintOpened, PaintSaved, PaintSnapshot, PaintStatus } from './contract.js';
import { splitObjectiveLabel } from './explore.js';
import { PAINT_LIMITS } from './limits.js';
import { gridBytes } from './views.js';

/**
 * Strokes changing more than this share of the changeable cells (a large polygon) are scored by one
 * full evaluation instead of incrementally: on Riverbend (53,078 genes, full evaluation 25 ms) a
 * 1,257-cell stroke took 30 ms incrementally and a 29,930-cell one 290 ms (docs/paint.md).
 */
export const FULL_EVALUATION_SHARE = 0.02;

/** Why a cell cannot be painted (the `locked` map of {@link PaintOpened}). */
export const PAINT_LOCK = {
  paintable: 0,
  fixedClass: 1,
  protectedArea: 2,
  /** No class but today's is allowed there (rules, slope, no-build zones). */
  noAlternative: 3,
  outside: NO_CLASS,
} as const;

/** What one stroke did. */
export interface StrokeResult {
  /** Cells whose class changed (grid indices). */
  readonly painted: Int32Array;
  /** Cells that cannot change (fixed class, protected area, no alternative). */
  readonly locked: number;
  /** Changeable cells where the rules forbid the class painted. */
  readonly notAllowed: number;
}

interface Stroke {
  readonly genes: Int32Array;
  /** Each gene's class before the stroke. */
  readonly before: Uint8Array;
}

/** The front a session's layout is placed against. */
interface FrontPoints {
  readonly points: { id: number; objectives: readonly number[] }[];
  readonly directions: readonly ObjectiveDirection[];
}

export class PaintSession {
  readonly area: StudyArea;
  /** Objective values of the current layout (scenario order), kept up to date stroke by stroke. */
  readonly values: Float64Array;
  /** Objective values of the layout the session started from (a full evaluation). */
  readonly startValues: Float64Array;
  private readonly evaluator: LandUseEvaluator;
  private readonly change: ChangeEvaluator;
  private readonly genome: Uint8Array;
  private readonly today: Uint8Array;
  private changedGenes = 0;
  private readonly strokes: Stroke[] = [];
  private readonly stamp: Uint32Array;
  private stampValue = 0;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly exact: Float64Array;
  private readonly delta: ChangeDelta;

  /**
   * @param start the genome to start from (today's when absent); copied.
   * @param front a run's front to place the layout against.
   */
  constructor(
    readonly prepared: PreparedScenario,
    start?: Uint8Array,
    private readonly front: FrontPoints | null = null,
  ) {
    this.area = prepared.studyArea;
    this.evaluator = new LandUseEvaluator(this.area);
    this.today = currentGenome(this.area);
    this.genome = Uint8Array.from(start ?? this.today);
    if (this.genome.length !== this.today.length)
      throw new RunInputError(
        `The layout has ${this.genome.length} changeable cells, the scenario's study area ${this.today.length}.`,
      );
    const M = this.evaluator.numberOfObjectives;
    this.values = new Float64Array(M);
    this.evaluator.evaluate(this.genome, this.values);
    this.startValues = this.values.slice();
    this.change = new ChangeEvaluator(this.evaluator, undefined, this.today);
    this.change.load(this.genome, true); // strokes change the session's genome itself
    this.changedGenes = this.change.changed.count;
    this.lower = new Float64Array(M);
    this.upper = new Float64Array(M);
    this.exact = new Float64Array(this.change.accessCount);
    this.delta = this.change.createDelta();
    this.stamp = new Uint32Array(this.genome.length);
  }

  /**
   * Paint `classIndex` on `cells` (grid indices, repeats allowed): every paintable cell takes the
   * class, and the objective values move by the exact change of those cells.
   * @throws RunInputError for a cell index outside the grid or an unknown class.
   */
  paint(cells: Int32Array, classIndex: number): StrokeResult {
    const area = this.area;
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= area.classes.length)
      throw new RunInputError(`Class ${classIndex} does not exist: the scenario has ${area.classes.length} classes.`);
    const n = area.current.length;
    const seen = this.nextStamp();
    const genes: number[] = [];
    const painted: number[] = [];
    let locked = 0;
    let notAllowed = 0;
    const bit = 1 << classIndex;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell < 0 || cell >= n)
        throw new RunInputError(`Cell ${cell} is outside the ${area.width} x ${area.height} grid.`);
      if (area.current[cell] === NO_CLASS) continue;
      const gene = area.geneOfCell[cell]!;
      if (gene < 0) {
        if (area.current[cell] !== classIndex) locked++;
        continue;
      }
      if (this.stamp[gene] === seen) continue;
      this.stamp[gene] = seen;
      if (!(area.allowed[gene]! & bit)) {
        notAllowed++;
        continue;
      }
      if (this.genome[gene] === classIndex) continue;
      genes.push(gene);
      painted.push(cell);
    }
    const list = Int32Array.from(genes);
    const before = new Uint8Array(list.length);
    for (let k = 0; k < list.length; k++) before[k] = this.genome[list[k]!]!;
    this.applyChange(list, new Uint8Array(list.length).fill(classIndex));
    this.strokes.push({ genes: list, before });
    if (this.strokes.length > PAINT_LIMITS.undoSteps) this.strokes.shift();
    return { painted: Int32Array.from(painted), locked, notAllowed };
  }

  /** Take back the last stroke; returns the cells it changed back and their classes now, or null when there is none. */
  undo(): { cells: Int32Array; classes: Uint8Array } | null {
    const stroke = this.strokes.pop();
    if (!stroke) return null;
    this.applyChange(stroke.genes, stroke.before);
    return { cells: stroke.genes.map((g) => this.area.geneCells[g]!), classes: stroke.before };
  }

  private nextStamp(): number {
    if (++this.stampValue === 0xffffffff) {
      this.stamp.fill(0);
      this.stampValue = 1;
    }
    return this.stampValue;
  }

  get strokeCount(): number {
    return this.strokes.length;
  }

  /**
   * The exact change of `genes` to `classes` measured against the current layout (as the
   * parsimony step measures a reversion: cheap terms, then compatibility and core area, then
   * walking access per indicator), added to the values and applied.
   */
  private applyChange(genes: Int32Array, classes: Uint8Array): void {
    const count = genes.length;
    if (count === 0) return;
    if (count > this.genome.length * FULL_EVALUATION_SHARE) {
      this.evaluateAfresh(genes, classes);
      return;
    }
    const change = this.change;
    const delta = change.measure(genes, classes, count, this.delta);
    change.measureSpatial(genes, classes, count, delta);
    for (let k = 0; k < change.accessCount; k++)
      this.exact[k] = change.accessMoves(delta, k) ? change.exactAccess(genes, classes, count, k) : NaN;
    change.bounds(delta, this.lower, this.upper, this.exact);
    for (let m = 0; m < this.values.length; m++) this.values[m]! += this.lower[m]!;
    for (let k = 0; k < count; k++) {
      const g = genes[k]!;
      const wasChanged = this.genome[g] !== this.today[g];
      const nowChanged = classes[k] !== this.today[g];
      this.changedGenes += (nowChanged ? 1 : 0) - (wasChanged ? 1 : 0);
    }
    change.apply(genes, classes, count, delta, this.exact);
  }

  /** A large change: written into the genome, then one full evaluation (and the incremental evaluator reloaded). */
  private evaluateAfresh(genes: Int32Array, classes: Uint8Array): void {
    for (let k = 0; k < genes.length; k++) this.genome[genes[k]!] = classes[k]!;
    this.change.load(this.genome, true);
    this.changedGenes = this.change.changed.count;
    this.evaluator.evaluate(this.genome, this.values);
  }

  /** The current layout's genome (read-only by contract). */
  get layoutGenome(): Uint8Array {
    return this.genome;
  }

  /** Class index per grid cell (255 outside) of the current layout. */
  layout(out: Uint8Array = new Uint8Array(this.area.current.length)): Uint8Array {
    out.set(this.area.current);
    const cells = this.area.geneCells;
    for (let g = 0; g < cells.length; g++) out[cells[g]!] = this.genome[g]!;
    return out;
  }

  /** Sub-indicator values of the current layout (a full evaluation), in the evaluator's order. */
  indicators(): { objective: string; indicator: string; value: number }[] {
    return this.evaluator.report(this.genome).indicators;
  }

  /** Per cell why it cannot be painted ({@link PAINT_LOCK}). */
  lockedMap(): Uint8Array {
    const area = this.area;
    const rules = this.prepared.scenario.rules;
    const fixed = new Set(rules.fixed);
    const protectedLayers = rules.protectedAreas.map((name) => area.layers[name]!);
    const out = new Uint8Array(area.current.length);
    for (let i = 0; i < out.length; i++) {
      const today = area.current[i]!;
      if (today === NO_CLASS) out[i] = PAINT_LOCK.outside;
      else if (area.geneOfCell[i]! >= 0) out[i] = PAINT_LOCK.paintable;
      // The order of buildStudyArea's checks (model/study-area.ts): fixed class, protected area, no alternative.
      else if (fixed.has(today)) out[i] = PAINT_LOCK.fixedClass;
      else if (protectedLayers.some((layer) => layer[i]! > 0)) out[i] = PAINT_LOCK.protectedArea;
      else out[i] = PAINT_LOCK.noAlternative;
    }
    return out;
  }

  /** Scores, areas, demands and the change limit of the current layout. */
  status(): Omit<PaintStatus, 'session' | 'lastStroke'> {
    const area = this.area;
    const cellHa = area.cellAreaHa;
    const counts = this.change.classCounts;
    const demands = checkDemands(this.prepared, counts);
    const maxChange = this.prepared.scenario.rules.maxChange ? area.maxChangedCells : null;
    const withinChange = maxChange === null || this.changedGenes <= maxChange;
    const values = [...this.values];
    let front: PaintStatus['front'] = null;
    if (this.front) {
      const placement = placeOnFront(values, this.front.points, this.front.directions);
      front = {
        dominatedBy: placement.dominatedBy.map((d) => d.id),
        dominates: placement.dominates.length,
        nonDominated: placement.nonDominated,
      };
    }
    return {
      values,
      areasHa: Array.from(counts, (c) => c * cellHa),
      changedHa: this.changedGenes * cellHa,
      maxChangeHa: maxChange === null ? null : maxChange * cellHa,
      demands,
      feasible: withinChange && demands.every((d) => d.status === 'met'),
      strokes: this.strokes.length,
      front,
    };
  }
}

/** A session's source, checked: a run folder (and the layout to start from) or a scenario file. */
export type CheckedPaintSource = { run: string; from: LayoutRef } | { scenario: string };

interface HeldSession {
  readonly session: PaintSession;
  readonly source: CheckedPaintSource;
  readonly scenarioFile: string;
  /** The run's sub-indicator columns (front.csv order), for sessions opened on a run. */
  readonly indicatorColumns: readonly { objective: string; indicator: string }[] | null;
}

/** A plan as it was when added to the comparison: its class map, kept for difference maps. */
export interface HeldSnapshot {
  readonly run: string | null;
  /** Class per grid cell (255 outside). */
  readonly layout: Uint8Array;
}

/** Open paint sessions by id, at most {@link PAINT_LIMITS.sessions} (the least recently used is closed first). */
export class PaintSessions {
  private readonly sessions = new Map<string, HeldSession>();
  private readonly snapshots = new Map<string, HeldSnapshot>();

  constructor(private readonly capacity: number = PAINT_LIMITS.sessions) {}

  get size(): number {
    return this.sessions.size;
  }

  async open(source: CheckedPaintSource): Promise<PaintOpened> {
    let prepared: PreparedScenario;
    let start: Uint8Array | undefined;
    let front: FrontPoints | null = null;
    let scenarioFile: string;
    let objectives: { id: string; label: string; direction: ObjectiveDirection }[];
    let indicatorColumns: HeldSession['indicatorColumns'] = null;
    if ('run' in source) {
      const loaded = await loadFront(source.run);
      prepared = await prepareScenario(loaded.manifest.scenario.parsed as ResolvedScenario);
      checkSameStudyArea(loaded, prepared);
      if (source.from !== 'today') {
        if (!Number.isInteger(source.from) || source.from < 0 || source.from >= loaded.rows)
          throw new RunInputError(
            `Solution ${source.from} does not exist: the front of ${loaded.dir} has ids 0 to ${loaded.rows - 1}.`,
          );
        start = genomeOf(loaded, source.from);
      }
      front = {
        points: frontRows(loaded),
        directions: loaded.manifest.objectives.map((o) => o.direction),
      };
      scenarioFile = loaded.manifest.scenario.path;
      objectives = loaded.manifest.objectives;
      indicatorColumns = loaded.manifest.indicators;
    } else {
      prepared = await prepareScenario(source.scenario);
      scenarioFile = source.scenario;
      objectives = prepared.scenario.objectives.map((o) => ({ id: o.id, label: o.label, direction: 'maximize' }));
    }
    const session = new PaintSession(prepared, start, front);
    const id = `paint-${randomUUID()}`;
    this.sessions.set(id, { session, source, scenarioFile, indicatorColumns });
    while (this.sessions.size > this.capacity) this.sessions.delete(this.sessions.keys().next().value!);
    const area = session.area;
    return {
      ...session.status(),
      session: id,
      lastStroke: null,
      source: 'run' in source ? { run: source.run, from: source.from } : { scenario: source.scenario },
      scenarioName: prepared.scenario.name,
      scenarioPath: scenarioFile,
      objectives: objectives.map((o) => ({ id: o.id, direction: o.direction, ...splitObjectiveLabel(o.label) })),
      classes: area.classes.map((c) => ({ id: c.id, name: c.name, color: c.color })),
      grid: { width: area.width, height: area.height, cellSizeM: area.cellSizeX },
      cellAreaHa: area.cellAreaHa,
      todayHa: Array.from({ length: area.classes.length }, (_, k) => todayCells(area, k) * area.cellAreaHa),
      startValues: [...session.startValues],
      layout: gridBytes(session.layout()),
      today: gridBytes(area.current),
      locked: gridBytes(session.lockedMap()),
    };
  }

  /** Paint `classId` on `cells`. */
  paint(id: string, cells: Int32Array, classId: string): PaintStatus {
    const { session } = this.get(id);
    const classIndex = session.area.classes.findIndex((c) => c.id === classId);
    if (classIndex < 0)
      throw new RunInputError(
        `Unknown class "${classId}": the scenario's classes are ${session.area.classes.map((c) => c.id).join(', ')}.`,
      );
    const stroke = session.paint(cells, classIndex);
    return {
      ...session.status(),
      session: id,
      lastStroke: {
        painted: gridBytes(stroke.painted),
        classes: gridBytes(new Uint8Array(stroke.painted.length).fill(classIndex)),
        paintedHa: stroke.painted.length * session.area.cellAreaHa,
        locked: stroke.locked,
        notAllowed: stroke.notAllowed,
        undone: false,
      },
    };
  }

  /** Take back the last stroke (nothing happens when there is none). */
  undo(id: string): PaintStatus {
    const { session } = this.get(id);
    const undone = session.undo();
    return {
      ...session.status(),
      session: id,
      lastStroke:
        undone === null
          ? null
          : {
              painted: gridBytes(undone.cells),
              classes: gridBytes(undone.classes),
              paintedHa: undone.cells.length * session.area.cellAreaHa,
              locked: 0,
              notAllowed: 0,
              undone: true,
            },
    };
  }

  /** Write the session's layout as a GeoTIFF faithful to the land-use input, with its QGIS style beside it. */
  async save(id: string, file: string): Promise<PaintSaved> {
    const { session } = this.get(id);
    const { prepared, area } = session;
    const classes = prepared.scenario.classes.map((c) => ({ ...c, codes: [...c.codes] }));
    await mkdir(path.dirname(file), { recursive: true }).catch((error: Error) => {
      throw new RunInputError(`Cannot create the folder for ${file}: ${error.message}`);
    });
    await writeLayoutGeoTiff(file, { classes }, prepared.landUse, area.current, area.geneCells, session.layoutGenome);
    const status = session.status();
    return { file, changedHa: status.changedHa, values: status.values };
  }

  /**
   * The plan as it is now, scored like a row of a run's front, for the comparison: objective values
   * (the live ones, in the session's objective order), sub-indicators from a full evaluation (in
   * the run's front.csv order, else the evaluator's), hectares per class, demands, and its class map.
   * The class map is also kept (at most PAINT_LIMITS.snapshots) for difference maps.
   */
  snapshot(id: string): PaintSnapshot {
    const { session, source, indicatorColumns } = this.get(id);
    const status = session.status();
    const evaluated = session.indicators();
    const columns = indicatorColumns ?? evaluated;
    const indicators = columns.map(
      (c) => evaluated.find((e) => e.objective === c.objective && e.indicator === c.indicator)?.value ?? NaN,
    );
    const layout = session.layout();
    const snapshot = `${id}/${randomUUID()}`;
    const run = 'run' in source ? source.run : null;
    this.snapshots.set(snapshot, { run, layout });
    while (this.snapshots.size > PAINT_LIMITS.snapshots) this.snapshots.delete(this.snapshots.keys().next().value!);
    return {
      snapshot,
      session: id,
      run,
      strokes: session.strokeCount,
      objectives: status.values,
      indicators,
      areaHa: status.areasHa,
      changedHa: status.changedHa,
      maxChangeHa: status.maxChangeHa,
      demands: status.demands,
      feasible: status.feasible,
      front: status.front,
      layout: gridBytes(layout),
    };
  }

  /** A snapshot's class map. @throws RunInputError when it is no longer kept. */
  snapshotLayout(snapshot: string): HeldSnapshot {
    const held = this.snapshots.get(snapshot);
    if (!held)
      throw new RunInputError(
        'This painted plan is no longer kept by the engine (it keeps the last few, and restarting the engine ends them): add it to the comparison again from the Paint tab.',
      );
    return held;
  }

  close(id: string): boolean {
    return this.sessions.delete(id);
  }

  closeAll(): void {
    this.sessions.clear();
    this.snapshots.clear();
  }

  /** The session, made the most recently used. */
  private get(id: string): HeldSession {
    const held = this.sessions.get(id);
    if (!held)
      throw new RunInputError(
        'This paint session is closed (the app keeps a few at a time, and restarting the engine ends them); start painting again from a layout.',
      );
    this.sessions.delete(id);
    this.sessions.set(id, held);
    return held;
  }
}

function todayCells(area: StudyArea, classIndex: number): number {
  let count = 0;
  for (let i = 0; i < area.current.length; i++) if (area.current[i] === classIndex) count++;
  return count;
}

/** A run's layouts are genomes of its study area: the scenario read now must give the same changeable cells. */
function checkSameStudyArea(front: LoadedFront, prepared: PreparedScenario): void {
  const cells = prepared.studyArea.geneCells;
  const same = cells.length === front.geneCells.length && cells.every((c, g) => c === front.geneCells[g]);
  if (!same)
    throw new RunInputError(
      `The scenario of the run in ${front.dir} (${front.manifest.scenario.path}) or its layers have changed since the run: its changeable cells differ. Paint from a new run of the scenario.`,
    );
}
