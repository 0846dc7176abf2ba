/**
 * Heavy API answers off the caller's thread: validating a scenario (reading and checking every
 * layer: ~0.3 s for the 240 x 240 examples, and ten at once held the event loop for 0.9 s),
 * study-area maps, and every view of a run folder (a front decoded from layouts.bin; agreement,
 * difference and contribution maps, which cost cells x layouts) run in one background worker
 * thread (views.ts). A server or the Electron main process that delegates to it keeps answering
 * other requests meanwhile.
 *
 * Contribution maps run in a second worker: each needs the run's compiled sub-indicators, which
 * take seconds to build at city-region scale (2000 x 2000 cells: the scenario's layers, then the
 * indicators). That worker starts building them as a run's front is opened, so the planner's
 * first contribution map is ready, while the first worker goes on drawing and switching layouts.
 *
 * Each worker has a heap limit and every task a time limit: a hostile or huge file that exhausts
 * either ends the worker (the next task starts a new one), never the process.
 */
import type { Remote } from 'comlink';
import { ComlinkWorker, workerModuleEntry, type ComlinkWorkerOptions } from '../parallel/index.js';
import type { BackgroundApi, Outcome } from './background-worker.js';
import type {
  AgreementMapView,
  ContributionMapView,
  DifferenceMapView,
  FrontView,
  LayoutMapView,
  LayoutRef,
  ScenarioSettings,
  StudyAreaView,
} from './contract.js';
import type { PartiesView, PartyInput } from './decision-contract.js';
import type {
  CrossRunAgreementView,
  MonitorRequest,
  MonitorView,
  RunPick,
  ScoreRequest,
  ScoreView,
} from './scoring-contract.js';
import type { DifferenceRef, PaintOpened, PaintSaved, PaintSnapshot, PaintStatus } from './contract.js';
import type { CheckedPaintSource } from './paint.js';
import { BACKGROUND_LIMITS } from './limits.js';
import type { ScenarioValidation } from './scenario.js';

export interface BackgroundOptions {
  /** A task running longer than this (ms) ends the worker and fails. Default 5 minutes. */
  taskTimeoutMs?: number;
  /** V8 heap of the worker, in MB. Default 1536. */
  maxOldGenerationSizeMb?: number;
}

/** An error a background task reported; `kind` is `input` when the user can fix it. */
export class BackgroundTaskError extends Error {
  constructor(
    message: string,
    readonly kind: 'input' | 'failure',
  ) {
    super(message);
    this.name = 'BackgroundTaskError';
  }
}

class BackgroundWorker extends ComlinkWorker<BackgroundApi> {
  run<T>(
    task: string,
    invoke: (remote: Remote<BackgroundApi>) => Promise<Outcome<T>>,
    timeoutMs: number,
  ): Promise<Outcome<T>> {
    return this.call(task, () => invoke(this.remote), timeoutMs);
  }
}

/** One background worker thread: started by the first task (or `warmUp`), started again after it dies. */
class TaskThread {
  private worker: BackgroundWorker | null = null;
  /** The worker's nice value once it has lowered its priority (see `nice`). */
  private niceValue: Promise<number> | null = null;

  /**
   * @param nice a nice value the worker takes as it starts (a lower priority), for work done
   *   ahead of requests; null: the process's priority.
   */
  constructor(
    private readonly options: ComlinkWorkerOptions,
    private readonly timeoutMs: number,
    private readonly nice: number | null = null,
  ) {}

  /** Whether the worker is running (and not closed or dead). */
  get running(): boolean {
    return this.worker?.alive === true;
  }

  ensureWorker(): BackgroundWorker {
    if (!this.worker?.alive) {
      const worker = new BackgroundWorker(workerModuleEntry(import.meta.url, 'background-worker'), this.options);
      this.worker = worker;
      // Sent first, so the worker lowers its priority before its first task.
      const nice = this.nice;
      this.niceValue =
        nice === null
          ? null
          : worker
              .run('lowering its priority', (remote) => remote.yieldToForeground(nice), this.timeoutMs)
              .then(
                (outcome) => (outcome.ok ? outcome.value : 0),
                () => 0,
              );
    }
    return this.worker;
  }

  /** The running worker's nice value when it lowered its priority (null: it did not, or none runs). */
  async niceOfWorker(): Promise<number | null> {
    return this.worker?.alive ? ((await this.niceValue) ?? null) : null;
  }

  async run<T>(task: string, invoke: (remote: Remote<BackgroundApi>) => Promise<Outcome<T>>): Promise<T> {
    const worker = this.ensureWorker();
    let result: Outcome<T>;
    try {
      result = await worker.run(task, invoke, this.timeoutMs);
    } catch (error) {
      // The worker died (out of memory, timeout, crash): say so plainly; the next task starts afresh.
      throw new BackgroundTaskError(error instanceof Error ? error.message : String(error), 'failure');
    }
    if (!result.ok) throw new BackgroundTaskError(result.message, result.input ? 'input' : 'failure');
    return result.value;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.close();
  }
}

export class BackgroundTasks {
  /** Every task but contribution maps. */
  private readonly views: TaskThread;
  /** Contribution maps, and building what each opened run's maps need ahead of the request. */
  private readonly contributions: TaskThread;

  constructor(options: BackgroundOptions = {}) {
    const timeoutMs = options.taskTimeoutMs ?? BACKGROUND_LIMITS.taskTimeoutMs;
    const resourceLimits = {
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? BACKGROUND_LIMITS.maxOldGenerationSizeMb,
    };
    this.views = new TaskThread({ label: 'the background worker', resourceLimits }, timeoutMs);
    this.contributions = new TaskThread(
      { label: 'the contribution-map worker', resourceLimits },
      timeoutMs,
      BACKGROUND_LIMITS.contributionNice,
    );
  }

  /** Validate a scenario (every problem with its line) and read its editable settings. */
  checkScenario(file: string): Promise<{ validation: ScenarioValidation; settings: ScenarioSettings | null }> {
    return this.run(`checking ${file}`, (remote) => remote.checkScenario(file));
  }

  /** Today's land use of a scenario's study area with its overlays. */
  studyArea(file: string): Promise<StudyAreaView> {
    return this.run(`reading the study area of ${file}`, (remote) => remote.studyArea(file));
  }

  /**
   * A run's front as the explorer shows it (views.ts). The contribution-map worker starts building
   * what the run's contribution maps need at the same time, on the other core; a failure there is
   * reported by the contribution map that needs it.
   */
  async front(dir: string): Promise<FrontView> {
    const prepare = () =>
      this.contributions
        .run(`preparing the contribution maps of ${dir}`, (remote) => remote.prepareContributions(dir))
        .catch(() => undefined);
    // Both at once when the workers are up (warmUp). Starting a second thread, which loads the
    // engine's modules, beside the first would slow this cold open instead (2000 x 2000: 0.5 ->
    // 0.7 s): then the preparation starts once the front is back.
    if (this.views.running) {
      void prepare();
      return this.run(`loading the front of ${dir}`, (remote) => remote.front(dir));
    }
    const view = await this.run(`loading the front of ${dir}`, (remote) => remote.front(dir));
    void prepare();
    return view;
  }

  layoutMap(dir: string, id: LayoutRef): Promise<LayoutMapView> {
    return this.run(`drawing layout ${id} of ${dir}`, (remote) => remote.layoutMap(dir, id));
  }

  /** Agreement of a set of the front's layouts; `ids` may repeat, more layouts than the front are refused. */
  agreementMap(dir: string, ids: number[], classId: string | null): Promise<AgreementMapView> {
    return this.run(`drawing an agreement map of ${dir}`, (remote) => remote.agreementMap(dir, ids, classId));
  }

  /** The parties' picks, compromises and consensus/conflict maps of a run (views.ts). */
  parties(dir: string, source: string | PartyInput[] | null): Promise<PartiesView> {
    return this.run(`judging the layouts of ${dir} by its parties`, (remote) => remote.parties(dir, source));
  }

  differenceMap(dir: string, a: DifferenceRef, b: DifferenceRef): Promise<DifferenceMapView> {
    return this.run(`drawing a difference map of ${dir}`, (remote) => remote.differenceMap(dir, a, b));
  }

  contributionMap(dir: string, id: number, objectiveId: string): Promise<ContributionMapView> {
    return this.contributions.run(`drawing a contribution map of ${dir}`, (remote) =>
      remote.contributionMap(dir, id, objectiveId),
    );
  }

  /** A layout GeoTIFF scored on a scenario and placed against a run's front (scoring-views.ts). */
  score(request: ScoreRequest): Promise<ScoreView> {
    return this.run(`scoring ${request.layout}`, (remote) => remote.score(request));
  }

  /** A plan against an observed land cover (scoring-views.ts). */
  monitor(request: MonitorRequest): Promise<MonitorView> {
    return this.run(`monitoring a plan against ${request.observed}`, (remote) => remote.monitor(request));
  }

  /** Agreement of layouts picked from several runs of one study area. */
  crossRunAgreement(picks: RunPick[]): Promise<CrossRunAgreementView> {
    return this.run('drawing an agreement map across runs', (remote) => remote.crossRunAgreement(picks));
  }

  /** Paint sessions (paint.ts) live in the worker: opening one reads the scenario and evaluates the layout once. */
  openPaint(source: CheckedPaintSource): Promise<PaintOpened> {
    return this.run('opening a paint session', (remote) => remote.openPaint(source));
  }

  paint(session: string, cells: Int32Array, classId: string): Promise<PaintStatus> {
    return this.run('painting', (remote) => remote.paint(session, cells, classId));
  }

  undoPaint(session: string): Promise<PaintStatus> {
    return this.run('taking back a stroke', (remote) => remote.undoPaint(session));
  }

  savePaint(session: string, file: string): Promise<PaintSaved> {
    return this.run(`saving the painted layout to ${file}`, (remote) => remote.savePaint(session, file));
  }

  closePaint(session: string): Promise<boolean> {
    return this.run('closing a paint session', (remote) => remote.closePaint(session));
  }

  paintSnapshot(session: string): Promise<PaintSnapshot> {
    return this.run('scoring the painted plan for the comparison', (remote) => remote.paintSnapshot(session));
  }

  /**
   * Start the workers now, without a task: starting one (a thread loading the engine's modules)
   * takes about half a second, which the first task would otherwise wait for; the contribution-map
   * worker then starts preparing as soon as a run opens. Idle, they do not keep the process alive.
   */
  warmUp(): void {
    this.views.ensureWorker();
    this.contributions.ensureWorker();
  }

  /** Whether the first worker is running (started by {@link warmUp} or a task, and not closed or dead). */
  get running(): boolean {
    return this.views.running;
  }

  /** Whether the contribution-map worker is running (started by opening a run's front or by a map). */
  get contributionWorkerRunning(): boolean {
    return this.contributions.running;
  }

  /** The contribution-map worker's nice value (a lower priority on Linux), or null when it is not running. */
  contributionWorkerNice(): Promise<number | null> {
    return this.contributions.niceOfWorker();
  }

  /** Ends the workers; a later task starts a new one. */
  async close(): Promise<void> {
    await Promise.all([this.views.close(), this.contributions.close()]);
  }

  private run<T>(task: string, invoke: (remote: Remote<BackgroundApi>) => Promise<Outcome<T>>): Promise<T> {
    return this.views.run(task, invoke);
  }
}
