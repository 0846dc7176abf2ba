/**
 * Running a scenario into a run folder, and resuming one.
 *
 * The loop drives NSGA-II generation by generation (`step`), records history, and writes a
 * checkpoint every `checkpointEvery` generations and whenever it stops. A stop request (Ctrl-C in
 * the CLI, Cancel in the desktop app) is honoured at the end of the current generation: the
 * checkpoint is written, the status becomes `interrupted`, and `resume` continues the run so
 * that it ends with exactly the front of an uninterrupted run with the same seed.
 *
 * Both hold the folder's lock (lock.ts) from start to end, and write through run-folder.ts's
 * rules (a new folder appears with its manifest; outputs under new names, then a manifest switch),
 * so a process killed at any moment leaves a folder that `resume` continues or repairs.
 */
import { ETA_WINDOW, remainingMs } from './eta.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  MaxGenerations,
  NSGA2,
  type NonDominatedArchive,
  type NSGA2Snapshot,
  type ObjectiveDirection,
  type RunState,
} from '../optimizer/index.js';
import {
  CompactLayoutRows,
  DEFAULT_LOCAL_SEARCH,
  DEFAULT_REGION_CELLS,
  LandUseInputError,
  checkFeasibility,
  createLandUseProblem,
  currentGenome,
  formatIssue,
  prepareScenario,
  scenarioProblemOptions,
  type LandUseProblemOptions,
  type LandUseSetup,
  type PreparedScenario,
  type ResolvedScenario,
  type StudyArea,
  populationRowsFor,
} from '../landuse/index.js';
import {
  ParallelEvaluator,
  createLandUseSpec,
  openLandUseSpec,
  resolveWorkerCount,
  type WorkerCount,
} from '../parallel/index.js';
import { engineVersion } from '../project.js';
import { compressCheckpoint, decodeCheckpoint } from './checkpoint.js';
import { polishArchiveExtremes } from './polish.js';
import { RunHeartbeat } from './heartbeat.js';
import { RunInputError } from './errors.js';
import { sha256Bytes, sha256File, writeAtomic } from './files.js';
import { acquireRunLock, RunLockedError, type RunLock } from './lock.js';
import { layoutGroups } from './groups.js';
import { writeFrontAgreement } from './front-agreement.js';
import { FrontReports, takenNames, writeFrontFiles, writeHighlightRasters, type ReportRows } from './outputs.js';
import { HISTORY_HEADER, historyRow, readHistory, type HistoryRow } from './history.js';
import { explainFailure, resolveRunParameters } from './parameters.js';
import {
  RUN_FILES,
  findDamagedFiles,
  manifestClasses,
  generationFileName,
  readManifest,
  readVerified,
  removeUnnamedOutputs,
  stageRunFolder,
  switchManifest,
  writeManifest,
  type RunManifest,
  type RunStatus,
} from './run-folder.js';
import { toCsv } from './csv.js';
import { LiveFrontEmitter, type LiveFrontHook } from './live-front.js';
import { reproduceCommand } from './naming.js';
import { resolveSteering, restoreSteering, steeringFiles, type SteeringOptions } from './steering.js';

export interface RunProgress {
  generation: number;
  generations: number;
  evaluations: number;
  elapsedMs: number;
  /** Share of the run done, in [0, 1]. */
  progress: number;
  /** Hypervolume of the archive against the run's fixed reference; never decreases (docs/run-folder.md). */
  hypervolume: number;
  frontSize: number;
  evaluationsPerSecond: number;
  /** Estimated time to finish, ms. */
  etaMs: number;
}

export interface RunHooks {
  /** Honoured at the end of the current generation: checkpoint, status `interrupted`. */
  stopSignal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** Human-readable notes (folder created, checkpoint written). */
  onMessage?: (message: string) => void;
  /** What a long step of the run is doing (heartbeat.ts); default: {@link onMessage}. */
  onActivity?: (message: string) => void;
  /** The live front: the archive's layouts every few generations or seconds, and after the last one. */
  liveFront?: LiveFrontHook;
  /**
   * How often the run refreshes its folder's lock (default: lock.ts LOCK_HEARTBEAT_MS, 30 s).
   * Another host takes the folder over after ten missed heartbeats; queue workers beat faster so
   * that the job of a dead worker resumes sooner.
   */
  lockHeartbeatMs?: number;
  /**
   * How long a step of the run (starting the workers, a generation, the final polish, a
   * checkpoint) goes on before a message says what it is doing, and how often it says it again
   * (default: heartbeat.ts RUN_HEARTBEAT_MS, 15 s).
   */
  progressHeartbeatMs?: number;
}

export interface RunOptions extends RunHooks {
  scenario: string;
  outDir: string;
  seed?: number;
  population?: number;
  generations?: number;
  workers?: WorkerCount;
  /** Checkpoint every N generations (default 10), for durability; one is always written when the run stops. */
  checkpointEvery?: number;
  /** Bound of the archive of non-dominated layouts (default: max(200, 2 x population)). */
  archiveCapacity?: number;
  /** Where seed, population, generations and workers came from, for messages: flags (default) or form fields. */
  overridesFrom?: 'flag' | 'form';
  /** Steer the run: seed it with layouts of an earlier run, lock cells (runs/steering.ts). */
  steering?: SteeringOptions;
}

export interface RunSummary {
  dir: string;
  status: RunStatus;
  scenarioName: string;
  generation: number;
  generations: number;
  evaluations: number;
  elapsedMs: number;
  hypervolume: number | null;
  frontSize: number;
  objectives: { id: string; label: string; direction: ObjectiveDirection }[];
  /** Ids (rows of front.csv) of the extremes, keyed by objective id, and of the compromise (`knee`). */
  highlights: { extremes: Record<string, number>; knee: number } | null;
  /** A steered run's objective bounds (manifest `steering.objectiveBounds`); absent without. */
  objectiveBounds?: NonNullable<RunManifest['steering']>['objectiveBounds'];
}

/** Start a new run of a scenario into `outDir`. */
export async function runScenario(options: RunOptions): Promise<RunSummary> {
  const scenarioPath = path.resolve(options.scenario);
  let prepared = await prepareScenario(scenarioPath);
  const dir = path.resolve(options.outDir);
  // A steered run: the population size bounds the seeds, then the locks make the study area.
  const steering = options.steering
    ? await resolveSteering(
        options.steering,
        prepared,
        resolveRunParameters(options, prepared.scenario, prepared.studyArea.geneCells.length).population,
        options.outDir,
      )
    : null;
  if (steering) prepared = { ...prepared, studyArea: steering.studyArea };
  assertFeasible(prepared);
  const scenario = prepared.scenario;
  const area = prepared.studyArea;
  // Every parameter is checked before anything is written.
  const parameters = {
    ...resolveRunParameters(options, scenario, area.geneCells.length),
    ...landUseParameters(prepared),
  };
  const setup = createSetup(prepared, parameters);
  const steeringOutputs = steering ? steeringFiles(steering) : null;

  // The scenario and folder as the caller gave them, with the settings given on top of the scenario's.
  const command = reproduceCommand({ ...options, extra: steering?.flags });
  const scenarioText = await fs.readFile(scenarioPath);
  const copyName = `scenario${path.extname(scenarioPath) || '.yaml'}`;
  const inputs = await hashInputs(scenario);
  const currentBytes = new Uint8Array(area.current);
  const geneBytes = new Uint8Array(area.geneCells.buffer, area.geneCells.byteOffset, area.geneCells.byteLength);

  const now = new Date().toISOString();
  const manifest: RunManifest = {
    format: 'paretoplan/run',
    version: 1,
    status: 'running',
    engineVersion,
    command,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
    scenario: {
      path: scenarioPath,
      copy: copyName,
      sha256: sha256Bytes(scenarioText),
      name: scenario.name,
      description: scenario.description,
      parsed: scenario,
    },
    inputs,
    parameters,
    grid: { ...prepared.grid, crs: { ...prepared.grid.crs } },
    cellAreaHa: area.cellAreaHa,
    studyArea: {
      currentClasses: { file: RUN_FILES.currentClasses, sha256: sha256Bytes(currentBytes) },
      geneCells: { file: RUN_FILES.geneCells, sha256: sha256Bytes(geneBytes) },
      genes: area.geneCells.length,
    },
    objectives: setup.metadata.objectiveIds.map((id, j) => ({
      id,
      label: setup.metadata.objectiveLabels[j]!,
      direction: setup.metadata.directions[j]!,
    })),
    indicators: setup.metadata.indicators.map((i) => ({ ...i })),
    classes: manifestClasses(scenario),
    demands: scenario.demands.map((d) => ({
      classId: scenario.classes[d.classIndex]!.id,
      minHa: d.min ? setup.metadata.minAreaHa[d.classIndex]! : null,
      maxHa: d.max ? setup.metadata.maxAreaHa[d.classIndex]! : null,
    })),
    progress: { generation: 0, evaluations: 0, elapsedMs: 0 },
    hypervolume: null,
    checkpoint: null,
    front: null,
    error: null,
    ...(steering && steeringOutputs ? { steering: { ...steering.record, files: steeringOutputs.refs } } : {}),
  };
  // Set up under a temporary name: the folder appears once its manifest exists.
  const staged = await stageRunFolder(dir, command, options.onMessage, options.lockHeartbeatMs);
  try {
    await writeAtomic(path.join(staged.staging, copyName), scenarioText);
    await writeAtomic(path.join(staged.staging, RUN_FILES.currentClasses), currentBytes);
    await writeAtomic(path.join(staged.staging, RUN_FILES.geneCells), geneBytes);
    for (const [name, bytes] of steeringOutputs?.files ?? []) await writeAtomic(path.join(staged.staging, name), bytes);
    await writeAtomic(path.join(staged.staging, RUN_FILES.history), toCsv(HISTORY_HEADER(manifest), []));
    await writeManifest(staged.staging, manifest);
    await staged.publish();
  } catch (error) {
    await staged.discard();
    throw error;
  }
  options.onMessage?.(`Run folder: ${dir}`);
  const parent = steering?.record.parent;
  if (parent)
    options.onMessage?.(
      `Seeded with ${parent.ids.length} layouts of ${parent.dir}${parent.refinedFrom ? `, refined from its coarser grid (${parent.refinedFrom})` : ''}.`,
    );
  for (const file of steering?.record.seedLayouts ?? []) options.onMessage?.(`Seeded with the layout ${file}.`);
  if (steering?.record.lock)
    options.onMessage?.(
      `Locked ${steering.record.lock.cells} cells (${steering.record.lock.changedCells} of them to another class than today's).`,
    );
  return drive({
    dir,
    manifest,
    model: runModel(prepared, setup),
    snapshot: null,
    history: [],
    hooks: options,
    lock: staged.lock,
    initialVariables: steering?.seeds ?? null,
  });
}

/**
 * Continue an interrupted (or killed) run from its last checkpoint, or repair a damaged folder:
 * files the manifest names that are missing or changed are rewritten from the last intact state
 * (the checkpoint, or the start of the run: the same seed gives the same front).
 */
export async function resumeRun(runDir: string, hooks: RunHooks = {}): Promise<RunSummary> {
  const dir = path.resolve(runDir);
  await readManifest(dir, { cleanAbandoned: true }); // says why when the folder holds no run
  const lock = await acquireRunLock(dir, {
    command: `paretoplan resume ${dir}`,
    ...(hooks.onMessage ? { onMessage: hooks.onMessage } : {}),
    ...(hooks.lockHeartbeatMs !== undefined ? { heartbeatMs: hooks.lockHeartbeatMs } : {}),
  });
  let prepared: PreparedScenario;
  let manifest: RunManifest;
  let snapshot: NSGA2Snapshot<Uint8Array> | null = null;
  let history: HistoryRow[] = [];
  let initialVariables: Uint8Array | null = null;
  try {
    manifest = await readManifest(dir); // again, now that no other process writes it
    await checkInputsUnchanged(dir, manifest);
    await removeUnnamedOutputs(dir, manifest); // outputs and temporary files of a killed process
    prepared = await prepareScenario(manifest.scenario.parsed as ResolvedScenario);
    if (manifest.steering) {
      // The locks and seeds as the run recorded them: neither the parent run nor the lock file is needed.
      const restored = await restoreSteering(manifest.steering, prepared, (ref, what) => readVerified(dir, ref, what));
      prepared = { ...prepared, studyArea: restored.studyArea };
      initialVariables = restored.seeds;
    }
    const damaged = await findDamagedFiles(dir, manifest);
    for (const file of damaged) {
      hooks.onMessage?.(
        `Repairing ${dir}: its ${file.what} (${file.file}) is ${file.problem === 'missing' ? 'missing' : 'damaged'}.`,
      );
    }
    await restoreStudyArea(dir, manifest, prepared, damaged);
    if (manifest.status === 'complete' && damaged.length === 0) {
      throw new RunInputError(
        `The run in ${dir} is already complete; there is nothing to resume. Use \`paretoplan report ${dir}\`.`,
      );
    }
    const checkpointDamaged = damaged.some((f) => f.file === manifest.checkpoint?.file);
    if (manifest.checkpoint && !checkpointDamaged) {
      const bytes = await readVerified(dir, manifest.checkpoint, 'checkpoint');
      snapshot = decodeCheckpoint<NSGA2Snapshot<Uint8Array>>(bytes, manifest.checkpoint.file);
      const rows = await readHistory(path.join(dir, RUN_FILES.history), manifest).catch(() => null);
      if (rows === null) {
        hooks.onMessage?.(
          `Repairing ${dir}: its history (${RUN_FILES.history}) is damaged; the run restarts to rebuild it.`,
        );
        snapshot = null;
      } else {
        history = rows.filter((row) => row.generation <= snapshot!.generation);
      }
    }
  } catch (error) {
    await lock.release();
    throw error;
  }
  hooks.onMessage?.(
    snapshot
      ? `Resuming ${dir} from generation ${snapshot.generation}.`
      : `Resuming ${dir} from the start (${manifest.checkpoint ? 'its checkpoint is damaged; the same seed gives the same front' : 'no checkpoint was written'}).`,
  );
  const setup = createSetup(prepared, manifest.parameters);
  return drive({ dir, manifest, model: runModel(prepared, setup), snapshot, history, hooks, lock, initialVariables });
}

/** Inputs must be the very files the run started from, or the resumed run would mix data. */
async function checkInputsUnchanged(dir: string, manifest: RunManifest): Promise<void> {
  for (const input of manifest.inputs) {
    const now = await sha256File(input.path).catch(() => null);
    if (now === null)
      throw new RunInputError(`Cannot resume ${dir}: its input ${input.path} (layer ${input.layer}) is missing.`);
    if (now !== input.sha256) {
      throw new RunInputError(
        `Cannot resume ${dir}: ${input.path} (layer ${input.layer}) changed since the run started. ` +
          'Start a new run to use the new data.',
      );
    }
  }
}

/** Rewrite damaged study-area files from the (unchanged) inputs; they must come out identical. */
async function restoreStudyArea(
  dir: string,
  manifest: RunManifest,
  prepared: PreparedScenario,
  damaged: readonly { file: string }[],
): Promise<void> {
  const area = prepared.studyArea;
  const files: [{ file: string; sha256: string }, Uint8Array][] = [
    [manifest.studyArea.currentClasses, new Uint8Array(area.current)],
    [
      manifest.studyArea.geneCells,
      new Uint8Array(area.geneCells.buffer, area.geneCells.byteOffset, area.geneCells.byteLength),
    ],
  ];
  for (const [ref, bytes] of files) {
    if (!damaged.some((f) => f.file === ref.file)) continue;
    if (sha256Bytes(bytes) !== ref.sha256) {
      throw new RunInputError(
        `Cannot repair ${dir}: its study area (${ref.file}) comes out differently from the same inputs with this ` +
          `engine version (${engineVersion}, the run used ${manifest.engineVersion}). Start a new run.`,
      );
    }
    await writeAtomic(path.join(dir, ref.file), bytes);
  }
}

/**
 * What a run keeps of its prepared scenario while it runs: the study area, today's raster (for
 * the final layouts' GeoTIFFs) and the problem. Not the scenario's input layers, and, with
 * workers, not the arrays the study area was built in: see {@link startWorkers}.
 */
interface RunModel {
  studyArea: StudyArea;
  readonly landUse: PreparedScenario['landUse'];
  setup: LandUseSetup;
}

interface DriveInput {
  dir: string;
  manifest: RunManifest;
  model: RunModel;
  snapshot: NSGA2Snapshot<Uint8Array> | null;
  history: HistoryRow[];
  hooks: RunHooks;
  /** The folder's lock, held by the caller; released when the run ends, whatever happens. */
  lock: RunLock;
  /** Seeding layouts placed first in the initial population (a steered run), rows x genes. */
  initialVariables: Uint8Array | null;
}

async function drive(input: DriveInput): Promise<RunSummary> {
  const { dir, manifest, model, hooks, lock } = input;
  const parameters = manifest.parameters;
  const history = [...input.history];
  const directions = manifest.objectives.map((o) => o.direction);
  let lastState: RunState | null = null;
  let evaluator: ParallelEvaluator<Uint8Array> | null = null;
  // The front table's reports of new layouts, computed by the workers when there are some (one
  // chunk each) rather than here while they wait; on this thread if the pool cannot (closed by a stop).
  const reportRows: ReportRows = async (variables, rows) =>
    (await evaluator?.rowDetails(variables, rows, model.setup.details.name).catch(() => null)) ?? null;
  let nsga2: NSGA2<Uint8Array> | null = null;

  const frontReports = new FrontReports();
  // Word from the run while a step takes long (heartbeat.ts): what it does, and how far the workers are.
  const say = hooks.onActivity ?? hooks.onMessage;
  const heartbeat = say
    ? new RunHeartbeat(say, () => evaluator?.batchProgress ?? null, hooks.progressHeartbeatMs)
    : null;
  const checkpoint = async (run: NSGA2<Uint8Array>, status: RunStatus) => {
    // Views of the live population and archive (the run waits between generations until this
    // checkpoint is written): no copy of the layouts, a gigabyte at 2,000 x 2,000 cells.
    const snapshot = run.snapshot(true);
    await writeAtomic(path.join(dir, RUN_FILES.history), toCsv(HISTORY_HEADER(manifest), history.map(historyRow)));
    const before = {
      checkpoint: manifest.checkpoint,
      front: manifest.front,
      progress: manifest.progress,
      status: manifest.status,
      updatedAt: manifest.updatedAt,
      finishedAt: manifest.finishedAt,
      error: manifest.error,
    };
    let front: Awaited<ReturnType<typeof writeFrontFiles>>;
    try {
      // Everything under new names first; the manifest switch then makes them current at once.
      const name = generationFileName('checkpoint', snapshot.generation, await takenNames(dir, manifest));
      let checkpointSha256 = '';
      const solutions = run.currentSolutions();
      // The checkpoint file is compressed and written while the workers report the front's new layouts.
      front = await writeFrontFiles(
        dir,
        manifest,
        model.setup,
        solutions,
        snapshot.generation,
        frontReports,
        reportRows,
        async () => {
          checkpointSha256 = await writeCheckpointFile(path.join(dir, name), snapshot);
        },
      );
      if (status === 'complete') {
        front.ref.rasters = await writeHighlightRasters(dir, manifest, model, solutions, front.order, front.highlights);
      }
      if (status !== 'running') {
        // The groups of similar layouts, recorded with the final front: opening the run then shows
        // them without decoding every layout (seconds at 2000 x 2000).
        const n = solutions.numberOfVariables;
        const buffer = new Uint8Array(n);
        front.ref.groups = layoutGroups((id) => solutions.row(front.order[id]!, buffer), front.order.length, n);
        front.ref.agreement = await writeFrontAgreement(dir, manifest, snapshot.generation, front.layouts);
      }
      manifest.front = front.ref;
      manifest.checkpoint = { file: name, sha256: checkpointSha256, generation: snapshot.generation };
      manifest.progress = { generation: run.generation, evaluations: run.evaluations, elapsedMs: run.elapsedMs };
      manifest.status = status;
      manifest.error = null;
      manifest.updatedAt = new Date().toISOString();
      if (status === 'complete') manifest.finishedAt = manifest.updatedAt;
      await switchManifest(dir, manifest, lock);
    } catch (error) {
      // A write failed (a full disk, say): the manifest keeps naming the previous checkpoint, which
      // is intact, and the new files go — nothing refers to them, and a full disk needs the space.
      Object.assign(manifest, before);
      if (!(error instanceof RunLockedError)) await removeUnnamedOutputs(dir, manifest).catch(() => undefined);
      throw error;
    }
    return front;
  };

  try {
    const workers = resolveWorkerCount(parameters.workers);
    if (workers > 1) heartbeat?.enter({ kind: 'start', workers });
    evaluator = await startWorkers(model, parameters);
    const setup = model.setup;
    const today = currentGenome(setup.problem.area);
    const populationRows = populationRowsFor(today, parameters.population);
    nsga2 = new NSGA2<Uint8Array>(setup.problem, {
      populationSize: parameters.population,
      seed: parameters.seed,
      sampling: setup.sampling,
      crossover: setup.crossover,
      mutation: setup.mutation,
      repair: setup.repair,
      improvement: setup.improvement,
      intensification: {
        every: parameters.localSearchEvery ?? DEFAULT_LOCAL_SEARCH.every,
        budget: parameters.localSearchEvaluations ?? DEFAULT_LOCAL_SEARCH.evaluations,
      },
      termination: new MaxGenerations(parameters.generations),
      // The archive kept as changes against today's map, a tenth of the memory at 2000 x 2000, and
      // on large grids the population's members as runs of changes (compact-layouts.ts).
      archive: { capacity: parameters.archiveCapacity, rows: new CompactLayoutRows(today) },
      ...(populationRows ? { populationRows } : {}),
      ...(evaluator ? { evaluator } : {}),
      observers: [(state) => (lastState = state)],
      ...(input.initialVariables ? { initialVariables: input.initialVariables } : {}),
    });
    if (input.snapshot) nsga2.restore(input.snapshot);

    const liveFront = hooks.liveFront ? new LiveFrontEmitter(hooks.liveFront, manifest.objectives) : null;
    let lastCheckpointGeneration = nsga2.generation;
    while (!nsga2.done) {
      if (hooks.stopSignal?.aborted) break;
      heartbeat?.enter({ kind: 'generation', generation: nsga2.generation + 1, generations: parameters.generations });
      await nsga2.step();
      const state = lastState as RunState | null;
      if (!state) continue;
      if (!manifest.hypervolume)
        manifest.hypervolume = hypervolumeNormalisation(
          nsga2.population.objectives,
          nsga2.population.size,
          directions.length,
        );
      // After the last generation, each objective's best is polished into the archive (runs/polish.ts).
      // With workers, the polishes run there, one objective per worker.
      if (nsga2.done) heartbeat?.enter({ kind: 'polish' });
      if (nsga2.done)
        await polishArchiveExtremes(
          setup,
          nsga2,
          parameters.polishEvaluations ?? DEFAULT_LOCAL_SEARCH.polish,
          parameters.seed,
          evaluator,
        );
      const hv = archiveHypervolume(nsga2.archive!, manifest.hypervolume);
      history.push({
        generation: state.generation,
        evaluations: state.evaluations,
        hypervolume: hv,
        best: bestPerObjective(state, directions),
        elapsedSeconds: state.elapsedMs / 1000,
      });
      const recent = history
        .slice(-(ETA_WINDOW + 1))
        .map((h) => ({ generation: h.generation, elapsedMs: h.elapsedSeconds * 1000 }));
      hooks.onProgress?.(progressOf(state, parameters.generations, hv, remainingMs(recent, parameters.generations)));
      liveFront?.offer(nsga2, nsga2.done || hooks.stopSignal?.aborted === true);
      if (state.generation - lastCheckpointGeneration >= parameters.checkpointEvery && !nsga2.done) {
        heartbeat?.enter({ kind: 'checkpoint', generation: state.generation });
        await checkpoint(nsga2, 'running');
        lastCheckpointGeneration = state.generation;
      }
    }
    const interrupted = !nsga2.done;
    heartbeat?.enter({ kind: 'final' });
    const front = await checkpoint(nsga2, interrupted ? 'interrupted' : 'complete');
    heartbeat?.stop();
    if (interrupted)
      hooks.onMessage?.(
        `Interrupted at generation ${nsga2.generation}; checkpoint written. Continue with: paretoplan resume ${dir}`,
      );
    const extremes: Record<string, number> = {};
    manifest.objectives.forEach((o, j) => (extremes[o.id] = front.highlights.extremes[j]!));
    return {
      dir,
      status: manifest.status,
      scenarioName: manifest.scenario.name,
      generation: nsga2.generation,
      generations: parameters.generations,
      evaluations: nsga2.evaluations,
      elapsedMs: nsga2.elapsedMs,
      hypervolume: history.at(-1)?.hypervolume ?? null,
      frontSize: front.ref?.rows ?? 0,
      objectives: manifest.objectives,
      highlights: front.ref ? { extremes, knee: front.highlights.knee } : null,
      ...(manifest.steering?.objectiveBounds ? { objectiveBounds: manifest.steering.objectiveBounds } : {}),
    };
  } catch (caught) {
    const error = explainFailure(caught, parameters, manifest.studyArea.genes);
    // Any failure, set-up included, is recorded, unless the folder now belongs to another process.
    if (!(error instanceof RunLockedError)) await recordFailure(dir, manifest, lock, error);
    // A run that could not write (disk full, permissions) can continue from its last checkpoint.
    if (error instanceof RunInputError && !(error instanceof RunLockedError) && manifest.checkpoint) {
      throw new RunInputError(
        `${error.message} The run stopped after generation ${nsga2?.generation ?? manifest.checkpoint.generation}; its checkpoint of generation ${manifest.checkpoint.generation} is intact. Once the cause is fixed, continue with: paretoplan resume ${dir}`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    heartbeat?.stop();
    await evaluator?.close();
    await lock.release();
  }
}

/**
 * Compress and write a snapshot; returns the file's SHA-256. Its bytes go when this returns,
 * before the front files are encoded (at 2,000 x 2,000 cells 64 MB and 132 MB, not held together).
 */
async function writeCheckpointFile(file: string, snapshot: unknown): Promise<string> {
  const bytes = await compressCheckpoint(snapshot);
  await writeAtomic(file, bytes);
  return sha256Bytes(bytes);
}

/** Mark the run failed with the error; the manifest keeps naming the last intact checkpoint and front. */
async function recordFailure(dir: string, manifest: RunManifest, lock: RunLock, error: unknown): Promise<void> {
  manifest.status = 'failed';
  manifest.error = error instanceof Error ? error.message : String(error);
  manifest.updatedAt = new Date().toISOString();
  await switchManifest(dir, manifest, lock).catch(() => undefined);
}

/** The land-use settings a run records (regions, memetic step), from its scenario. */
function landUseParameters(prepared: PreparedScenario) {
  const { regions } = scenarioProblemOptions(prepared.scenario.optimizer, prepared.studyArea);
  return {
    regionBoundaries: [...(regions?.boundaries ?? [])],
    regionCells: regions?.maxCells ?? DEFAULT_REGION_CELLS,
    localSearchEvery: prepared.scenario.optimizer.localSearch.every,
    localSearchEvaluations: prepared.scenario.optimizer.localSearch.evaluations,
    polishEvaluations: prepared.scenario.optimizer.localSearch.polish,
  };
}

/** The options of the problem and of its operators (the same on the main thread and in every worker). */
function problemOptions(parameters: RunManifest['parameters']): LandUseProblemOptions {
  return {
    crossoverProbability: parameters.crossoverProbability,
    mutationCells: parameters.mutationCells,
    regions: {
      boundaries: parameters.regionBoundaries ?? [],
      maxCells: parameters.regionCells ?? DEFAULT_REGION_CELLS,
    },
  };
}

function runModel(prepared: PreparedScenario, setup: LandUseSetup): RunModel {
  return { studyArea: prepared.studyArea, landUse: prepared.landUse, setup };
}

function createSetup(prepared: PreparedScenario, parameters: RunManifest['parameters']): LandUseSetup {
  return createLandUseProblem(prepared.studyArea, problemOptions(parameters));
}

/**
 * One worker evaluates on this thread (no copies); more use the worker pool. Same results either way.
 * With workers, the study area and the setup's shared parts (compiled indicators, regions,
 * tolerances) are copied once into shared memory for them, and `model` then takes a study area
 * and a setup built on those copies, as each worker's is: the arrays they were copied from can
 * go (at 2,000 x 2,000 cells about 0.4 GB of the main thread's memory).
 */
async function startWorkers(
  model: RunModel,
  parameters: RunManifest['parameters'],
): Promise<ParallelEvaluator<Uint8Array> | null> {
  const workers: WorkerCount = parameters.workers;
  if (resolveWorkerCount(workers) === 1) return null;
  const operators = problemOptions(parameters);
  const spec = await createLandUseSpec(model.studyArea, { operators, shared: model.setup.shared });
  const evaluator = new ParallelEvaluator<Uint8Array>({ spec, workers });
  try {
    // The workers build their problems while this thread builds its own (at 2,000 x 2,000 cells
    // about 2.5 s each), and before the first generation starts its clock.
    const started = evaluator.start();
    started.catch(() => undefined); // awaited below, after this thread's part
    const { area, shared } = await openLandUseSpec(spec);
    model.studyArea = area;
    model.setup = createLandUseProblem(area, operators, shared);
    await started;
  } catch (error) {
    await evaluator.close();
    throw error;
  }
  return evaluator;
}

function assertFeasible(prepared: PreparedScenario): void {
  const report = checkFeasibility(prepared.scenario, prepared.studyArea, prepared.undeclared);
  if (report.errors.length > 0) {
    const heading = `${prepared.scenario.file}: the scenario cannot be met (${report.errors.length} problem${report.errors.length === 1 ? '' : 's'}):`;
    throw new LandUseInputError(
      [heading, ...report.errors.map((e) => `  ${formatIssue(e)}`)].join('\n'),
      report.errors,
    );
  }
}

async function hashInputs(scenario: ResolvedScenario): Promise<RunManifest['inputs']> {
  const inputs: RunManifest['inputs'] = [
    { layer: '(scenario)', path: path.resolve(scenario.file), sha256: await sha256File(scenario.file) },
  ];
  for (const layer of Object.values(scenario.layers)) {
    if (layer.path) inputs.push({ layer: layer.name, path: layer.path, sha256: await sha256File(layer.path) });
  }
  return inputs;
}

/**
 * The hypervolume reference of a run, fixed once at its first generation (docs/run-folder.md,
 * "Hypervolume"): per objective (minimisation form), the spread of the initial population (scale)
 * and its worst value plus 10 % of that spread (reference: the first population's nadir with a
 * margin). A resumed run reads it back from the manifest and its archive's checkpoint.
 */
function hypervolumeNormalisation(
  minimised: Float64Array,
  rows: number,
  m: number,
): { reference: number[]; scale: number[] } {
  const reference: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < m; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < rows; i++) {
      const v = minimised[i * m + j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const spread = hi - lo > 0 ? hi - lo : Math.max(Math.abs(hi), 1);
    scale.push(spread);
    reference.push(hi + 0.1 * spread);
  }
  return { reference, scale };
}

/**
 * The archive's hypervolume against the run's fixed reference, divided by the product of the
 * scales (so objectives in different units weigh alike): it never decreases (see
 * optimizer/archive/non-dominated-archive.ts). Fixes the archive's reference the first time.
 */
function archiveHypervolume(
  archive: NonDominatedArchive<Uint8Array>,
  normalisation: { reference: number[]; scale: number[] },
): number {
  if (archive.hypervolume === null) archive.setHypervolumeReference(normalisation.reference);
  return archive.hypervolume! / normalisation.scale.reduce((product, s) => product * s, 1);
}

function bestPerObjective(state: RunState, directions: readonly ObjectiveDirection[]): number[] {
  const m = directions.length;
  return directions.map((direction, j) => {
    let best = direction === 'maximize' ? -Infinity : Infinity;
    for (let i = 0; i < state.front.size; i++) {
      const v = state.front.objectives[i * m + j]!;
      best = direction === 'maximize' ? Math.max(best, v) : Math.min(best, v);
    }
    return best;
  });
}

/** Progress of a run; `etaMs` from its recent pace (runs/eta.ts). */
function progressOf(state: RunState, generations: number, hv: number, etaMs: number): RunProgress {
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.evaluations / seconds : 0;
  const progress = Math.min(1, state.generation / generations);
  return {
    generation: state.generation,
    generations,
    evaluations: state.evaluations,
    elapsedMs: state.elapsedMs,
    progress,
    hypervolume: hv,
    frontSize: state.front.size,
    evaluationsPerSecond: rate,
    etaMs,
  };
}
