/**
 * The service behind every desktop front end: the Electron main process (IPC) and the
 * browser-mode server (HTTP) both dispatch the window's requests to one `PlanService`, through
 * one transport-neutral module (desktop/src/shared/dispatch.ts) that checks the shape of each
 * argument. Everything the app does is here, on the engine API: opening and editing scenarios,
 * starting and cancelling runs with their events (progress, the live front, the end), run
 * folders and their views, exports and reports, the recent list, and which paths the window may
 * use (path-policy.ts).
 *
 * Requests come from a window and are untrusted: every path goes through the path policy, every
 * optimiser setting through the shared rules (engine/src/rules), and every problem the user can
 * fix is an error of kind `input` saying what to do. Scenario checks and views of run folders run
 * in a background worker (background.ts), so neither transport stalls while a large scenario is
 * read.
 */
import os from 'node:os';
import path from 'node:path';
import { access, readdir } from 'node:fs/promises';
import { isInputError } from './errors.js';
import { BackgroundTasks } from './background.js';
import type {
  AgreementMapView,
  ChoosePurpose,
  CrossRunAgreementView,
  MonitorRequest,
  MonitorView,
  RelatedRun,
  RunPick,
  ScoreRequest,
  ScoreView,
  ContributionMapView,
  DifferenceMapView,
  DifferenceRef,
  EngineInfo,
  ExportDone,
  ExportRequest,
  FrontView,
  LayoutMapView,
  LayoutRef,
  OpenedScenario,
  PartiesCheckView,
  PartiesSaved,
  PaintOpened,
  PaintSaved,
  PaintSnapshot,
  PaintSource,
  PaintStatus,
  PartiesView,
  PartyInput,
  PlanApi,
  PlanErrorPayload,
  PlanEvent,
  RecentItem,
  ReportDone,
  ReportRequest,
  RunListEntry,
  RunStarted,
  ScenarioEntry,
  ScenarioIssueView,
  ScenarioSettings,
  StartRunRequest,
  SteerRunRequest,
  SteerStarted,
  StudyAreaView,
  WorkshopBordaView,
} from './contract.js';
import { checkPartyInputs, runCriterionDirections, savePartiesFile, workshopBorda } from './parties.js';
import { planSteering } from './steer.js';
import type { SteeringOptions } from './runs.js';
import { noFeasibleLayoutMessage } from './objective-bounds.js';
import {
  limitProblem,
  PAINT_LIMITS,
  REQUEST_LIMITS,
  settingMessage,
  workersProblem,
  type OptimizerLimit,
} from './limits.js';
import { PathPolicy } from './path-policy.js';
import { RecentList } from './recent.js';
import { bundledScenariosDir, listScenarioFiles } from './scenarios.js';
import { saveScenarioAs } from './scenario-edit.js';
import { validationError, type ScenarioValidation } from './scenario.js';
import { splitObjectiveLabel } from './explore.js';
import { engineVersion } from './version.js';
import { int32sOf } from './request-bytes.js';
import { gridOrClassesDiffer } from '../runs/cross-run-agreement.js';
import {
  createReport,
  defaultRunFolder,
  unusedFolder,
  exportFromRun,
  readManifest,
  runScenario,
  type LiveFrontHook,
  type RunSummary,
} from './runs.js';

export interface PlanServiceOptions {
  /** Where the recent list and (by default) run folders live. Default: {@link defaultHomeDir}. */
  homeDir?: string;
  /** The system's file dialog (Electron); absent in browser mode, where the page asks for a path. */
  chooseFile?: PlanApi['chooseFile'];
  /** Prints an HTML file to PDF (Electron's `webContents.printToPDF`), used when no Chromium is found. */
  printToPdf?: (htmlFile: string, pdfFile: string) => Promise<void>;
  /** Where scenario checks and views run; default a background worker of this service. */
  background?: BackgroundTasks;
  /** Receives the service's events: run progress, the live front, the end of runs, log lines. */
  onEvent?: (event: PlanEvent) => void;
  /** How often a run sends its live front (default every 10 generations or 1 s, whichever first). */
  liveFront?: Omit<LiveFrontHook, 'onFront'>;
}

/** `$PARETOPLAN_HOME`, else `~/.config/paretoplan` (browser mode; Electron uses its userData folder). */
export function defaultHomeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PARETOPLAN_HOME || path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'paretoplan');
}

/** An error the user can fix (a bad request), reported with kind `input`. */
export class PlanRequestError extends Error {
  readonly kind = 'input' as const;
}

/** The error both transports send to the window: the message, and whether the user can fix it. */
export function toErrorPayload(error: unknown): PlanErrorPayload {
  const message = error instanceof Error ? error.message : String(error);
  return { message, kind: isInputError(error) ? 'input' : 'failure' };
}

interface ActiveRun {
  dir: string;
  controller: AbortController;
  done: Promise<void>;
}

/** Failures of this process's runs kept for the run list (the oldest are forgotten first). */
const FAILURES_KEPT = 100;

export class PlanService implements PlanApi {
  readonly homeDir: string;
  /** Which paths the window may use. */
  readonly paths: Promise<PathPolicy>;
  private readonly runs = new Map<string, ActiveRun>();
  /** Why runs of this process failed, by folder: shown even if the failure left no trace in the manifest. */
  private readonly failures = new Map<string, string>();
  private readonly background: BackgroundTasks;
  private readonly recent: RecentList;
  private readonly emit: (event: PlanEvent) => void;
  private runCounter = 0;
  /** Paint sessions opened through this service (held in the background worker), oldest first. */
  private readonly paintSessions = new Set<string>();

  constructor(private readonly options: PlanServiceOptions = {}) {
    this.homeDir = path.resolve(options.homeDir ?? defaultHomeDir());
    this.background = options.background ?? new BackgroundTasks();
    this.recent = new RecentList(this.homeDir);
    this.emit = options.onEvent ?? (() => {});
    this.paths = PathPolicy.create([
      { dir: this.homeDir, kind: 'app' },
      { dir: bundledScenariosDir, kind: 'scenario-folder' },
    ]);
    this.paths.catch(() => undefined); // reported by the first request that needs it
  }

  /**
   * Start the background worker that reads fronts and draws maps, so that the first run the
   * planner opens does not wait for it (the app and the browser-mode server call this at launch:
   * a 2000 x 2000 run then opens in about 0.2 s instead of 0.6-0.7 s, built JS).
   */
  warmUp(): void {
    this.background.warmUp();
  }

  async info(): Promise<EngineInfo> {
    return {
      name: 'Pareto Plan',
      engineVersion,
      node: process.version,
      platform: `${os.platform()}-${os.arch()}`,
      scenariosDir: bundledScenariosDir,
      homeDir: this.homeDir,
      nativeDialogs: this.options.chooseFile !== undefined,
    };
  }

  listScenarios(): Promise<ScenarioEntry[]> {
    return listScenarioFiles();
  }

  listRecent(): Promise<RecentItem[]> {
    return this.recent.read();
  }

  async chooseFile(purpose: ChoosePurpose, defaultPath?: string): Promise<string | null> {
    if (!this.options.chooseFile) return null;
    const picked = await this.options.chooseFile(purpose, defaultPath);
    // The system dialog is the user's own gesture: what they picked is granted.
    if (picked) await (await this.paths).chosen(purpose, picked);
    return picked;
  }

  async openScenario(file: string): Promise<OpenedScenario> {
    const resolved = await (await this.paths).openScenario(file);
    const { validation, settings } = await this.background.checkScenario(resolved);
    const result = openedScenario(resolved, validation, settings);
    // Recent lists scenarios, even broken ones to fix, but not files that are no scenario at all
    // (not YAML, or no scenario name): a wrong path typed once should not stay in the list.
    const notAScenario = validation.errors.some((e) => e.path === '' || e.path === 'name');
    if (!notAScenario) await this.recent.remember({ kind: 'scenario', path: resolved, name: result.name });
    return result;
  }

  async studyArea(file: string): Promise<StudyAreaView> {
    return this.background.studyArea(await (await this.paths).scenario(file, 'path'));
  }

  async saveScenarioAs(
    source: string,
    settings: ScenarioSettings,
    target: string,
    options: { overwrite?: boolean } = {},
  ): Promise<OpenedScenario> {
    const policy = await this.paths;
    const from = await policy.scenario(source, 'source');
    const to = await policy.writable(target, { field: 'target', type: 'scenarioCopy', overwrite: options.overwrite });
    return this.openScenario(await saveScenarioAs(from, settings, to));
  }

  /** @param steering seeds and locks of a steered run (set by {@link startSteeredRun} only: windows cannot pass it). */
  async startRun(request: StartRunRequest, steering?: SteeringOptions): Promise<RunStarted> {
    const policy = await this.paths;
    const scenario = await policy.scenario(request.scenario, 'scenario');
    // The run form's values, checked by the rules the scenario file and the CLI's flags obey.
    for (const name of ['population', 'generations', 'seed'] as const satisfies OptimizerLimit[]) {
      const value = request[name];
      const problem = value === undefined ? null : limitProblem(name, value);
      if (problem !== null) throw new PlanRequestError(settingMessage(name, problem, { kind: 'form' }));
    }
    const workersIssue = request.workers === undefined ? null : workersProblem(request.workers);
    if (workersIssue !== null) throw new PlanRequestError(settingMessage('workers', workersIssue, { kind: 'form' }));

    const { validation } = await this.background.checkScenario(scenario);
    if (!validation.ok) throw validationError(validation);
    const runId = `run-${Date.now().toString(36)}-${++this.runCounter}`;
    const dir = await policy.newRunFolder(
      request.outDir ?? (await unusedFolder(defaultRunFolder(scenario, path.join(this.homeDir, 'runs')))),
    );
    const controller = new AbortController();
    const done = runScenario({
      scenario,
      outDir: dir,
      seed: request.seed,
      population: request.population,
      generations: request.generations,
      workers: request.workers,
      overridesFrom: 'form',
      ...(steering ? { steering } : {}),
      stopSignal: controller.signal,
      onProgress: (p) =>
        this.emit({
          type: 'run-progress',
          runId,
          generation: p.generation,
          generations: p.generations,
          evaluations: p.evaluations,
          hypervolume: p.hypervolume,
          elapsedMs: p.elapsedMs,
          etaMs: Number.isFinite(p.etaMs) ? p.etaMs : null,
          frontSize: p.frontSize,
        }),
      liveFront: {
        ...this.options.liveFront,
        onFront: (front) =>
          this.emit({
            type: 'run-front',
            runId,
            generation: front.generation,
            objectives: front.objectives.map((o) => ({
              id: o.id,
              direction: o.direction,
              ...splitObjectiveLabel(o.label),
            })),
            ids: front.ids,
            points: front.points,
          }),
      },
      onMessage: (message) => this.emit({ type: 'log', level: 'info', message }),
      onActivity: (message) => this.emit({ type: 'run-activity', runId, message }),
    }).then(
      (summary) => this.runEnded(runId, dir, summary),
      (error: unknown) => this.runFailed(runId, dir, validation.summary?.name ?? path.basename(scenario), error),
    );
    this.runs.set(runId, { dir, controller, done: done.finally(() => this.runs.delete(runId)) });
    return { runId, dir };
  }

  async startSteeredRun(request: SteerRunRequest): Promise<SteerStarted> {
    const dir = await this.runFolder(request.dir);
    const policy = await this.paths;
    const layouts: string[] = [];
    for (const [i, file] of (request.layouts ?? []).entries())
      layouts.push(await policy.geoTiff(file, `layouts[${i}]`));
    const plan = await planSteering(dir, { ...request, layouts });
    const { population, generations, seed, workers, outDir } = request;
    const started = await this.startRun(
      {
        scenario: plan.scenario,
        ...(population === undefined ? {} : { population }),
        ...(generations === undefined ? {} : { generations }),
        ...(seed === undefined ? {} : { seed }),
        ...(workers === undefined ? {} : { workers }),
        ...(outDir === undefined ? {} : { outDir }),
      },
      plan.steering,
    );
    return { ...started, lockedCells: plan.lockedCells, seeds: new Set(request.ids).size + layouts.length };
  }

  private async runEnded(runId: string, dir: string, summary: RunSummary): Promise<void> {
    await this.recent.remember({ kind: 'run', path: dir, name: summary.scenarioName });
    this.emit({
      type: 'run-finished',
      runId,
      dir,
      status: summary.status,
      message:
        summary.status === 'interrupted'
          ? `Stopped at generation ${summary.generation} of ${summary.generations}; the front so far is saved.`
          : summary.frontSize === 0
            ? `Finished ${summary.generation} generations. ${noFeasibleLayoutMessage(summary.objectiveBounds)}`
            : `Finished ${summary.generation} generations: ${summary.frontSize} layouts on the front.`,
    });
  }

  private async runFailed(runId: string, dir: string, name: string, error: unknown): Promise<void> {
    const payload = toErrorPayload(error);
    this.failures.set(dir, payload.message);
    while (this.failures.size > FAILURES_KEPT) this.failures.delete(this.failures.keys().next().value!);
    await this.recent.remember({ kind: 'run', path: dir, name });
    this.emit({ type: 'run-failed', runId, dir, ...payload });
  }

  async cancelRun(runId: string): Promise<{ cancelled: boolean }> {
    const run = this.runs.get(runId);
    if (!run) return { cancelled: false };
    run.controller.abort();
    return { cancelled: true };
  }

  async listRuns(): Promise<RunListEntry[]> {
    const candidates = new Set<string>();
    const runsDir = path.join(this.homeDir, 'runs');
    for (const name of await readdir(runsDir).catch(() => [] as string[])) candidates.add(path.join(runsDir, name));
    for (const item of await this.recent.read()) if (item.kind === 'run') candidates.add(item.path);
    const entries: RunListEntry[] = [];
    for (const dir of candidates) {
      try {
        const m = await readManifest(dir);
        // A run of this process that failed is failed, even when its manifest still says running.
        const failure = m.status === 'running' ? this.failures.get(dir) : undefined;
        const status = failure !== undefined ? 'failed' : m.status;
        entries.push({
          dir,
          scenarioName: m.scenario.name,
          status,
          createdAt: m.createdAt,
          generation: m.progress.generation,
          generations: m.parameters.generations,
          frontSize: m.front?.rows ?? 0,
          error: status === 'failed' ? (m.error ?? failure ?? 'The run failed (no message was recorded).') : null,
        });
      } catch {
        // Not a run folder (or a damaged one): not listed.
      }
    }
    return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async loadFront(dir: string): Promise<FrontView> {
    const view = await this.background.front(await (await this.paths).openRunFolder(dir));
    await this.recent.remember({ kind: 'run', path: view.dir, name: view.scenarioName });
    return view;
  }

  async layoutMap(dir: string, id: LayoutRef): Promise<LayoutMapView> {
    return this.background.layoutMap(await this.runFolder(dir), id);
  }

  async agreementMap(dir: string, ids: number[], classId?: string | null): Promise<AgreementMapView> {
    return this.background.agreementMap(await this.runFolder(dir), ids, classId ?? null);
  }

  async parties(dir: string, source?: string | PartyInput[]): Promise<PartiesView> {
    const policy = await this.paths;
    const checked =
      source === undefined || Array.isArray(source) ? (source ?? null) : await policy.scenario(source, 'partiesFile');
    return this.background.parties(await this.runFolder(dir), checked);
  }

  async checkParties(dir: string, parties: PartyInput[]): Promise<PartiesCheckView> {
    return checkPartyInputs(parties, await runCriterionDirections(await this.runFolder(dir)));
  }

  async saveParties(
    dir: string,
    parties: PartyInput[],
    target: string,
    options: { overwrite?: boolean } = {},
  ): Promise<PartiesSaved> {
    const run = await this.runFolder(dir);
    const file = await (
      await this.paths
    ).writable(target, { field: 'target', type: 'parties', overwrite: options.overwrite });
    await savePartiesFile(file, parties, await runCriterionDirections(run));
    return { file, parties: parties.length };
  }

  async workshopBorda(shortlist: number[], rankings: number[][][]): Promise<WorkshopBordaView> {
    return workshopBorda(shortlist, rankings);
  }

  async differenceMap(dir: string, a: DifferenceRef, b: DifferenceRef): Promise<DifferenceMapView> {
    return this.background.differenceMap(await this.runFolder(dir), a, b);
  }

  async contributionMap(dir: string, id: number, objectiveId: string): Promise<ContributionMapView> {
    return this.background.contributionMap(await this.runFolder(dir), id, objectiveId);
  }

  async exportLayout(request: ExportRequest): Promise<ExportDone> {
    const dir = await this.runFolder(request.dir);
    const out =
      request.out === undefined
        ? undefined
        : await (
            await this.paths
          ).writable(request.out, { field: 'out', type: request.format, overwrite: request.overwrite });
    const solution = request.solution === undefined ? 'knee' : String(request.solution);
    const result = await exportFromRun(dir, {
      format: request.format,
      solution,
      ...(out !== undefined ? { out } : {}),
    });
    return { file: result.file, format: request.format, solution: result.solution };
  }

  async createReport(request: ReportRequest): Promise<ReportDone> {
    const { format } = request;
    const dir = await this.runFolder(request.dir);
    // In the run folder, a new report never replaces an earlier one: report.html, report-2.html…
    const out =
      request.out === undefined
        ? await freeReportBase(dir, format)
        : await this.reportBase(request.out, format, request.overwrite);
    const withRuns: string[] = [];
    for (const [i, other] of (request.withRuns ?? []).entries())
      withRuns.push(await this.runFolder(other, `withRuns[${i}]`));
    const base = {
      ...(request.solutions && request.solutions.length > 0 ? { solutions: request.solutions.map(String) } : {}),
      ...(withRuns.length > 0 ? { withRuns } : {}),
      ...(request.agreementSolutions && request.agreementSolutions.length > 0
        ? { agreementSolutions: request.agreementSolutions }
        : {}),
      ...(out !== undefined ? { out } : {}),
    };
    try {
      const result = await createReport(dir, { ...base, format });
      return { ...result, note: result.pdf ? 'PDF printed with headless Chromium.' : null };
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ChromiumNotFoundError' && this.options.printToPdf)) throw error;
      // No Chromium on this machine: Electron prints the HTML report itself.
      const { html } = await createReport(dir, { ...base, format: 'html' });
      const pdf = html!.replace(/\.html$/, '.pdf');
      await this.options.printToPdf(html!, pdf);
      return {
        html: format === 'pdf' ? null : html,
        pdf,
        interactive: null,
        note: 'PDF printed by the app (no Chromium was found).',
      };
    }
  }

  async scoreLayout(request: ScoreRequest): Promise<ScoreView> {
    const policy = await this.paths;
    return this.background.score({
      layout: await policy.geoTiff(request.layout, 'layout'),
      ...(request.scenario === undefined ? {} : { scenario: await policy.scenario(request.scenario, 'scenario') }),
      ...(request.run === undefined ? {} : { run: await this.runFolder(request.run, 'run') }),
    });
  }

  async monitorPlan(request: MonitorRequest): Promise<MonitorView> {
    const policy = await this.paths;
    const plan = request.plan;
    return this.background.monitor({
      scenario: await policy.scenario(request.scenario, 'scenario'),
      plan:
        'file' in plan
          ? { file: await policy.geoTiff(plan.file, 'plan') }
          : { ...plan, run: await this.runFolder(plan.run, 'plan.run') },
      observed: await policy.geoTiff(request.observed, 'observed'),
      ...(request.baseline === undefined ? {} : { baseline: await policy.geoTiff(request.baseline, 'baseline') }),
    });
  }

  async relatedRuns(dir: string): Promise<RelatedRun[]> {
    const own = path.resolve(await this.runFolder(dir));
    const manifest = await readManifest(own);
    const related: RelatedRun[] = [];
    for (const entry of await this.listRuns()) {
      if (entry.frontSize === 0) continue;
      const other = await readManifest(entry.dir).catch(() => null);
      if (other && gridOrClassesDiffer(manifest, other) === null)
        related.push({ ...entry, seed: other.parameters.seed });
    }
    return related;
  }

  async crossRunAgreement(picks: RunPick[]): Promise<CrossRunAgreementView> {
    const checked: RunPick[] = [];
    for (const [i, pick] of picks.entries())
      checked.push({ dir: await this.runFolder(pick.dir, `picks[${i}].dir`), ids: pick.ids });
    return this.background.crossRunAgreement(checked);
  }

  async openPaintSession(source: PaintSource): Promise<PaintOpened> {
    const policy = await this.paths;
    const checked =
      'run' in source
        ? { run: await policy.openRunFolder(source.run, 'source.run'), from: source.from }
        : { scenario: await policy.scenario(source.scenario, 'source.scenario') };
    const opened = await this.background.openPaint(checked);
    this.paintSessions.add(opened.session);
    // The worker keeps as many and closes the least recently opened first; forget those here too.
    while (this.paintSessions.size > PAINT_LIMITS.sessions)
      this.paintSessions.delete(this.paintSessions.values().next().value!);
    return opened;
  }

  async applyStrokes(session: string, cells: string, classId: string): Promise<PaintStatus> {
    return this.background.paint(this.paintSession(session), paintCells(cells), classId);
  }

  async undoStroke(session: string): Promise<PaintStatus> {
    return this.background.undoPaint(this.paintSession(session));
  }

  async savePaintLayout(session: string, out: string, options: { overwrite?: boolean } = {}): Promise<PaintSaved> {
    const file = await (
      await this.paths
    ).writable(out, { field: 'out', type: 'geotiff', overwrite: options.overwrite });
    return this.background.savePaint(this.paintSession(session), file);
  }

  async paintSnapshot(session: string): Promise<PaintSnapshot> {
    return this.background.paintSnapshot(this.paintSession(session));
  }

  async closePaintSession(session: string): Promise<{ closed: boolean }> {
    if (!this.paintSessions.delete(session)) return { closed: false };
    return { closed: await this.background.closePaint(session) };
  }

  /** A session id this service opened (others, and those of another window's service, are refused). */
  private paintSession(session: string): string {
    if (!this.paintSessions.has(session))
      throw new PlanRequestError(
        'This paint session is closed (the app keeps a few at a time); start painting again from a layout.',
      );
    return session;
  }

  /** Stops every run of this service at the end of its generation and waits for their checkpoints. */
  async stopAllRuns(): Promise<void> {
    const pending = [...this.runs.values()];
    for (const run of pending) run.controller.abort();
    await Promise.all(pending.map((run) => run.done));
  }

  /** Stops the runs (with their checkpoints) and the background worker: before the app or server exits. */
  async close(): Promise<void> {
    await this.stopAllRuns();
    this.paintSessions.clear(); // held by the background worker, which ends below
    await this.background.close();
  }

  /** A run folder argument: inside the folders the user opened (the front loader checks the manifest). */
  private async runFolder(dir: string, field = 'dir'): Promise<string> {
    return (await this.paths).readable(dir, field);
  }

  /**
   * The report's file name without its extension (`out` ends in .html or .pdf; the engine writes
   * `<base>.html` and/or `<base>.pdf`), each file checked as a write.
   */
  private async reportBase(value: string, format: ReportRequest['format'], overwrite?: boolean): Promise<string> {
    const policy = await this.paths;
    const file = await policy.writable(value, { field: 'out', type: 'report', overwrite });
    const base = file.slice(0, -path.extname(file).length);
    if (format !== 'pdf') await policy.writable(`${base}.html`, { field: 'out', type: 'report', overwrite });
    if (format === 'pdf' || format === 'both')
      await policy.writable(`${base}.pdf`, { field: 'out', type: 'report', overwrite });
    return base;
  }
}

/** Cells of a paint request: Int32 little-endian grid indices as base64 (checked in size by dispatch too). */
function paintCells(cells: string): Int32Array {
  const out = int32sOf(Buffer.from(cells, 'base64'));
  if (!out) throw new PlanRequestError('cells must be Int32 cell indices as base64 (a multiple of 4 bytes).');
  if (out.length > REQUEST_LIMITS.paintCells)
    throw new PlanRequestError(
      `cells lists ${out.length} cells; at most ${REQUEST_LIMITS.paintCells.toLocaleString('en-GB')} are painted at once.`,
    );
  return out;
}

/** A scenario as the window sees it, after its check in the background worker. */
function openedScenario(
  file: string,
  validation: ScenarioValidation,
  settings: ScenarioSettings | null,
): OpenedScenario {
  const s = validation.summary;
  return {
    path: file,
    // A file that is not a valid scenario is named by its file name: nothing read from it is shown.
    name: s?.name ?? path.basename(file),
    description: s?.description ?? '',
    ok: validation.ok,
    errors: validation.errors.map(issueView),
    warnings: validation.warnings.map(issueView),
    summary: s
      ? {
          grid: { ...s.grid },
          studyAreaHa: s.studyAreaHa,
          changeableHa: s.changeableHa,
          classes: s.classes.map((c) => ({ ...c })),
        }
      : null,
    settings,
  };
}

/**
 * A validation problem as the window sees it. Long quoted values in the message (a whole
 * document that is not a scenario, say) are replaced by their length: a scenario's problems name
 * its fields and short values, never a file's contents.
 */
function issueView(issue: ScenarioValidation['errors'][number]): ScenarioIssueView {
  return {
    file: issue.file,
    line: issue.line,
    path: issue.path,
    message: issue.message.replace(
      /"((?:[^"\\]|\\.){40,})"/g,
      (_: string, quoted: string) => `a text of ${quoted.length} characters`,
    ),
  };
}

/**
 * The first report name in a run folder that replaces no file: `report`, `report-2`, … (or
 * `report-interactive`, …), as a path without extension.
 */
async function freeReportBase(dir: string, format: ReportRequest['format']): Promise<string> {
  const stem = format === 'interactive' ? 'report-interactive' : 'report';
  const extensions = format === 'both' ? ['.html', '.pdf'] : format === 'pdf' ? ['.pdf'] : ['.html'];
  for (let k = 1; ; k++) {
    const base = path.join(dir, k === 1 ? stem : `${stem}-${k}`);
    const taken = await Promise.all(
      extensions.map((ext) =>
        access(base + ext).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (!taken.some(Boolean)) return base;
  }
}
