/**
 * The engine side of the API contract: one plain module, used by both transports (Electron IPC
 * in main/index.ts, HTTP in web/server.ts) and imported by unit tests without Electron.
 *
 * Requests arrive from the window and are untrusted: every argument is checked here, every path
 * through the path policy (path-policy.ts), list arguments are capped (limits.ts), and every
 * problem the user can fix is an error of kind `input` with a message saying what to do. Scenario
 * validation and study-area maps run in a background worker, so neither transport stalls while a
 * large scenario is read.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BackgroundTasks,
  bundledScenariosDir,
  createReport,
  REPORT_FORMATS,
  engineVersion,
  exportFromRun,
  isInputError,
  listScenarioFiles,
  readManifest,
  runScenario,
  saveScenarioAs,
  splitObjectiveLabel,
  validationError,
  type LayoutRef,
  type OpenedScenario,
  type PlanApi,
  type PlanErrorPayload,
  type PlanEvent,
  type PlanMethod,
  type RecentItem,
  type ReportFormat,
  type RunListEntry,
  type ScenarioValidation,
} from '../../../engine/src/api/index.js';
import { REQUEST_LIMITS } from './limits.js';
import { PathPolicy } from './path-policy.js';

export type EventSink = (event: PlanEvent) => void;

export interface HandlerOptions {
  /** Where the recent list and (by default) run folders live. Default: {@link defaultHomeDir}. */
  homeDir?: string;
  /** The system's file dialog (Electron); absent in browser mode, where the page asks for a path. */
  chooseFile?: PlanApi['chooseFile'];
  /** Prints an HTML file to PDF (Electron's `webContents.printToPDF`), used when no Chromium is found. */
  printToPdf?: (htmlFile: string, pdfFile: string) => Promise<void>;
  /** Where scenario checks run; default a background worker of these handlers. */
  background?: BackgroundTasks;
}

/** An error the user can fix, reported with kind `input` by both transports. */
export class DesktopInputError extends Error {
  readonly kind = 'input' as const;
}

/** `$PARETOPLAN_HOME`, else `~/.config/paretoplan` (browser mode; Electron uses its userData folder). */
export function defaultHomeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PARETOPLAN_HOME || path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'paretoplan');
}

const RECENT_FILE = 'recent.json';
const RECENT_LIMIT = 12;

interface ActiveRun {
  dir: string;
  controller: AbortController;
  done: Promise<void>;
}

interface HandlerState {
  runs: Map<string, ActiveRun>;
  background: BackgroundTasks;
  paths: Promise<PathPolicy>;
}

const stateOf = new WeakMap<PlanApi, HandlerState>();

export function createHandlers(emit: EventSink = () => {}, options: HandlerOptions = {}): PlanApi {
  const homeDir = path.resolve(options.homeDir ?? defaultHomeDir());
  const runs = new Map<string, ActiveRun>();
  /** Why runs of this process failed, by folder: shown even if the failure left no trace in the manifest. */
  const failures = new Map<string, string>();
  const background = options.background ?? new BackgroundTasks();
  const paths = PathPolicy.create([
    { dir: homeDir, kind: 'app' },
    { dir: bundledScenariosDir, kind: 'scenario-folder' },
  ]);
  let runCounter = 0;

  async function readRecent(): Promise<RecentItem[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(path.join(homeDir, RECENT_FILE), 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (r): r is RecentItem =>
          !!r && typeof r === 'object' && (r.kind === 'scenario' || r.kind === 'run') && typeof r.path === 'string',
      );
    } catch {
      return []; // missing or damaged: start a new list
    }
  }

  let recentWrite: Promise<void> = Promise.resolve();
  function remember(item: Omit<RecentItem, 'openedAt'>): Promise<void> {
    recentWrite = recentWrite.then(async () => {
      const list = (await readRecent()).filter((r) => !(r.kind === item.kind && r.path === item.path));
      list.unshift({ ...item, openedAt: new Date().toISOString() });
      await mkdir(homeDir, { recursive: true });
      const temp = path.join(homeDir, `.${RECENT_FILE}.${process.pid}.tmp`);
      await writeFile(temp, JSON.stringify(list.slice(0, RECENT_LIMIT), null, 2) + '\n');
      await rename(temp, path.join(homeDir, RECENT_FILE));
    });
    // The recent list is a convenience: failing to write it must not fail the request.
    return recentWrite.catch(() => undefined);
  }

  /** Validate in the background worker; the result as the window sees it. */
  async function check(file: string): Promise<OpenedScenario> {
    const { validation, settings } = await background.checkScenario(file);
    return opened(file, validation, settings);
  }

  function opened(file: string, validation: ScenarioValidation, settings: OpenedScenario['settings']): OpenedScenario {
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

  const api: PlanApi = {
    async info() {
      return {
        name: 'Pareto Plan',
        engineVersion,
        node: process.version,
        platform: `${os.platform()}-${os.arch()}`,
        scenariosDir: bundledScenariosDir,
        homeDir,
        nativeDialogs: options.chooseFile !== undefined,
      };
    },

    async listScenarios() {
      return listScenarioFiles();
    },

    async listRecent() {
      return readRecent();
    },

    async chooseFile(purpose, defaultPath) {
      oneOf('purpose', purpose, ['open-scenario', 'open-run', 'save-scenario', 'export-folder'] as const);
      if (defaultPath !== undefined) text('defaultPath', defaultPath, REQUEST_LIMITS.pathChars);
      if (!options.chooseFile) return null;
      const picked = await options.chooseFile(purpose, defaultPath);
      // The system dialog is the user's own gesture: what they picked is granted.
      if (picked) await (await paths).chosen(purpose, picked);
      return picked;
    },

    async openScenario(file) {
      const resolved = await (await paths).openScenario(file);
      const result = await check(resolved);
      await remember({ kind: 'scenario', path: resolved, name: result.name });
      return result;
    },

    async studyArea(file) {
      return background.studyArea(await (await paths).scenario(file, 'path'));
    },

    async saveScenarioAs(source, settings, target, saveOptions) {
      if (!settings || typeof settings !== 'object') throw new DesktopInputError('The scenario settings are missing.');
      const policy = await paths;
      const from = await policy.scenario(source, 'source');
      const to = await policy.writable(target, {
        field: 'target',
        type: 'scenarioCopy',
        overwrite: optionalFlag('overwrite', saveOptions),
      });
      const written = await saveScenarioAs(from, settings, to);
      return api.openScenario(written);
    },

    async startRun(request) {
      if (!request || typeof request !== 'object') throw new DesktopInputError('startRun needs a request object.');
      const policy = await paths;
      const scenario = await policy.scenario(request.scenario, 'scenario');
      const population = optionalInt('population', request.population, 4);
      if (population !== undefined && population % 2 !== 0) {
        throw new DesktopInputError(`population must be even (offspring come in pairs), got ${population}.`);
      }
      const generations = optionalInt('generations', request.generations, 1);
      const seed = optionalInt('seed', request.seed, 0);
      const workers =
        request.workers === undefined || request.workers === 'auto'
          ? request.workers
          : optionalInt('workers', request.workers, 1);
      const { validation } = await background.checkScenario(scenario);
      if (!validation.ok) throw validationError(validation);
      const runId = `run-${Date.now().toString(36)}-${++runCounter}`;
      const dir = await policy.newRunFolder(
        request.outDir !== undefined
          ? request.outDir
          : path.join(homeDir, 'runs', runFolderName(validation.summary?.name ?? scenario)),
      );
      const totalGenerations = generations ?? validation.summary?.optimizer.generations ?? 100;
      const controller = new AbortController();
      let lastFrontGeneration = -1;
      let frontRead: Promise<void> | null = null;
      const emitFront = async () => {
        try {
          const manifest = await readManifest(dir);
          if (!manifest.front || manifest.front.generation <= lastFrontGeneration) return;
          lastFrontGeneration = manifest.front.generation;
          const m = manifest.objectives.length;
          const rows = (await readFile(path.join(dir, manifest.front.csv.file), 'utf8')).trim().split('\n').slice(1);
          const points = rows.map((row) =>
            row
              .split(',')
              .slice(1, 1 + m)
              .map(Number),
          );
          const objectives = manifest.objectives.map((o) => ({
            id: o.id,
            direction: o.direction,
            ...splitObjectiveLabel(o.label),
          }));
          emit({ type: 'run-front', runId, generation: manifest.front.generation, objectives, points });
        } catch {
          // A checkpoint being written right now: the next progress event reads it.
        }
      };
      const done = runScenario({
        scenario,
        outDir: dir,
        ...(population !== undefined ? { population } : {}),
        ...(generations !== undefined ? { generations } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(workers !== undefined ? { workers } : {}),
        // A checkpoint writes the front: about 25 per run keep the live chart moving.
        checkpointEvery: Math.max(1, Math.ceil(totalGenerations / 25)),
        command: `paretoplan run ${scenario} --out ${dir}${seed !== undefined ? ` --seed ${seed}` : ''}${population !== undefined ? ` --population ${population}` : ''}${generations !== undefined ? ` --generations ${generations}` : ''}`,
        stopSignal: controller.signal,
        onProgress(p) {
          emit({
            type: 'run-progress',
            runId,
            generation: p.generation,
            generations: p.generations,
            evaluations: p.evaluations,
            hypervolume: p.hypervolume,
            elapsedMs: p.elapsedMs,
            etaMs: Number.isFinite(p.etaMs) ? p.etaMs : null,
            frontSize: p.frontSize,
          });
          if (!frontRead) frontRead = emitFront().finally(() => (frontRead = null));
        },
        onMessage: (message) => emit({ type: 'log', level: 'info', message }),
      }).then(
        async (summary) => {
          await frontRead;
          await emitFront();
          await remember({ kind: 'run', path: dir, name: summary.scenarioName });
          emit({
            type: 'run-finished',
            runId,
            dir,
            status: summary.status,
            message:
              summary.status === 'interrupted'
                ? `Stopped at generation ${summary.generation} of ${summary.generations}; the front so far is saved.`
                : `Finished ${summary.generation} generations: ${summary.frontSize} layouts on the front.`,
          });
        },
        async (error: unknown) => {
          const payload = toErrorPayload(error);
          failures.set(dir, payload.message);
          while (failures.size > 100) failures.delete(failures.keys().next().value!);
          await remember({ kind: 'run', path: dir, name: validation.summary?.name ?? path.basename(scenario) });
          emit({ type: 'run-failed', runId, dir, ...payload });
        },
      );
      const active: ActiveRun = { dir, controller, done: done.finally(() => runs.delete(runId)) };
      runs.set(runId, active);
      return { runId, dir };
    },

    async cancelRun(runId) {
      const run = runs.get(text('runId', runId, REQUEST_LIMITS.textChars));
      if (!run) return { cancelled: false };
      run.controller.abort();
      return { cancelled: true };
    },

    async listRuns() {
      const candidates = new Set<string>();
      const runsDir = path.join(homeDir, 'runs');
      for (const name of await readdir(runsDir).catch(() => [] as string[])) candidates.add(path.join(runsDir, name));
      for (const item of await readRecent()) if (item.kind === 'run') candidates.add(item.path);
      const entries: RunListEntry[] = [];
      for (const dir of candidates) {
        try {
          const m = await readManifest(dir);
          // A run of this process that failed is failed, even when its manifest still says running.
          const failure = m.status === 'running' ? failures.get(dir) : undefined;
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
    },

    async loadFront(dir) {
      const view = await background.front(await (await paths).openRunFolder(dir));
      await remember({ kind: 'run', path: view.dir, name: view.scenarioName });
      return view;
    },

    async layoutMap(dir, id) {
      const ref = layoutRef('id', id);
      return background.layoutMap(await runFolder(dir), ref);
    },

    async agreementMap(dir, ids, classId) {
      const list = intList('ids', ids);
      const cls = classId === undefined || classId === null ? null : text('classId', classId, REQUEST_LIMITS.textChars);
      return background.agreementMap(await runFolder(dir), list, cls);
    },

    async differenceMap(dir, a, b) {
      const refA = layoutRef('a', a);
      const refB = layoutRef('b', b);
      return background.differenceMap(await runFolder(dir), refA, refB);
    },

    async contributionMap(dir, id, objectiveId) {
      const solution = int('id', id, 0);
      const objective = text('objectiveId', objectiveId, REQUEST_LIMITS.textChars);
      return background.contributionMap(await runFolder(dir), solution, objective);
    },

    async exportLayout(request) {
      if (!request || typeof request !== 'object') throw new DesktopInputError('exportLayout needs a request object.');
      const format = oneOf('format', request.format, ['geotiff', 'geojson', 'csv'] as const);
      const dir = await runFolder(request.dir);
      const out =
        request.out === undefined
          ? undefined
          : await (
              await paths
            ).writable(request.out, { field: 'out', type: format, overwrite: optionalFlag('overwrite', request) });
      const solution =
        request.solution === undefined || request.solution === 'knee'
          ? 'knee'
          : String(int('solution', request.solution, 0));
      const result = await exportFromRun(dir, {
        format,
        solution,
        ...(out !== undefined ? { out } : {}),
      });
      return { file: result.file, format, solution: result.solution };
    },

    async createReport(request) {
      if (!request || typeof request !== 'object') throw new DesktopInputError('createReport needs a request object.');
      const format = oneOf('format', request.format, REPORT_FORMATS);
      const solutions =
        request.solutions === undefined ? undefined : intList('solutions', request.solutions).map(String);
      const dir = await runFolder(request.dir);
      const out = request.out === undefined ? undefined : await reportBase(request.out, format, request);
      const base = {
        ...(solutions && solutions.length > 0 ? { solutions } : {}),
        ...(out !== undefined ? { out } : {}),
      };
      try {
        const result = await createReport(dir, { ...base, format });
        return { ...result, note: result.pdf ? 'PDF printed with headless Chromium.' : null };
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ChromiumNotFoundError' && options.printToPdf)) throw error;
        // No Chromium on this machine: Electron prints the HTML report itself.
        const { html } = await createReport(dir, { ...base, format: 'html' });
        const pdf = html!.replace(/\.html$/, '.pdf');
        await options.printToPdf(html!, pdf);
        return {
          html: format === 'pdf' ? null : html,
          pdf,
          interactive: null,
          note: 'PDF printed by the app (no Chromium was found).',
        };
      }
    },
  };

  /** A run folder argument: inside the folders the user opened (the front loader checks the manifest). */
  async function runFolder(dir: unknown): Promise<string> {
    return (await paths).readable(dir, 'dir');
  }

  /**
   * The report's file name without its extension (`out` ends in .html or .pdf; the engine writes
   * `<base>.html` and/or `<base>.pdf`), each file checked as a write.
   */
  async function reportBase(value: unknown, format: ReportFormat, request: object): Promise<string> {
    const policy = await paths;
    const overwrite = optionalFlag('overwrite', request);
    const file = await policy.writable(value, { field: 'out', type: 'report', overwrite });
    const base = file.slice(0, -path.extname(file).length);
    if (format !== 'pdf') await policy.writable(`${base}.html`, { field: 'out', type: 'report', overwrite });
    if (format === 'pdf' || format === 'both')
      await policy.writable(`${base}.pdf`, { field: 'out', type: 'report', overwrite });
    return base;
  }

  stateOf.set(api, { runs, background, paths });
  return api;
}

/** Stops every run of these handlers at the end of its generation and waits for their checkpoints. */
export async function stopAllRuns(api: PlanApi): Promise<void> {
  const state = stateOf.get(api);
  if (!state) return;
  const pending = [...state.runs.values()];
  for (const run of pending) run.controller.abort();
  await Promise.all(pending.map((run) => run.done));
}

/** Stops the runs (with their checkpoints) and the background worker: before the app or server exits. */
export async function closeHandlers(api: PlanApi): Promise<void> {
  await stopAllRuns(api);
  await stateOf.get(api)?.background.close();
}

/** The path policy of these handlers (tests, diagnostics). */
export function pathPolicyOf(api: PlanApi): Promise<PathPolicy> | undefined {
  return stateOf.get(api)?.paths;
}

/** Dispatches one request by method name, as both transports receive it (untrusted input). */
export async function dispatch(api: PlanApi, method: unknown, args: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(api, method)) {
    throw new DesktopInputError(`Unknown API method ${JSON.stringify(method)}.`);
  }
  if (!Array.isArray(args)) throw new DesktopInputError(`Arguments of ${method} must be an array.`);
  if (args.length > REQUEST_LIMITS.args)
    throw new DesktopInputError(`${method} takes at most ${REQUEST_LIMITS.args} arguments, got ${args.length}.`);
  const handler = api[method as PlanMethod] as (...a: unknown[]) => Promise<unknown>;
  return handler(...args);
}

/** The error both transports send to the renderer: the message, and whether the user can fix it. */
export function toErrorPayload(error: unknown): PlanErrorPayload {
  const message = error instanceof Error ? error.message : String(error);
  return { message, kind: isInputError(error) ? 'input' : 'failure' };
}

/** `Riverbend 2040 - balanced growth` -> `riverbend-2040-balanced-growth-20260101-120000`. */
export function runFolderName(scenarioName: string, now = new Date()): string {
  const slug =
    path
      .basename(scenarioName)
      .replace(/\.(ya?ml|json)$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'run';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${slug}-${stamp}`;
}

function text(name: string, value: unknown, maxChars: number): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new DesktopInputError(`${name} must be a non-empty text, got ${describeValue(value)}.`);
  if (value.length > maxChars) throw new DesktopInputError(`${name} is longer than ${maxChars} characters.`);
  return value;
}

/** A list of whole numbers (solution ids), at most {@link REQUEST_LIMITS.listItems} long. */
function intList(name: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw new DesktopInputError(`${name} must be a list of solution ids.`);
  if (value.length > REQUEST_LIMITS.listItems)
    throw new DesktopInputError(
      `${name} lists ${value.length} items; at most ${REQUEST_LIMITS.listItems.toLocaleString('en-GB')} are accepted.`,
    );
  // The item's name (`ids[7]`) is built only for the message of a bad item.
  for (let i = 0; i < value.length; i++) if (!isWholeNumber(value[i], 0)) int(`${name}[${i}]`, value[i], 0);
  return value as number[];
}

function optionalFlag(name: string, holder: unknown): boolean {
  const value = holder && typeof holder === 'object' ? (holder as Record<string, unknown>)[name] : undefined;
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new DesktopInputError(`${name} must be true or false, got ${describeValue(value)}.`);
  return value;
}

/** An argument as messages show it: short values as they are, long texts by their length. */
function describeValue(value: unknown): string {
  if (typeof value === 'string' && value.length > 40) return `a text of ${value.length} characters`;
  const json = JSON.stringify(value);
  return json === undefined
    ? String(value)
    : json.length > 60
      ? `a ${Array.isArray(value) ? 'list' : typeof value}`
      : json;
}

/**
 * A validation problem as the window sees it. Long quoted values in the message (a whole
 * document that is not a scenario, say) are replaced by their length: a scenario's problems name
 * its fields and short values, never a file's contents.
 */
function issueView(issue: ScenarioValidation['errors'][number]) {
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

function isWholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function int(name: string, value: unknown, min: number): number {
  if (!isWholeNumber(value, min)) {
    throw new DesktopInputError(`${name} must be a whole number of at least ${min}, got ${describeValue(value)}.`);
  }
  return value;
}

function optionalInt(name: string, value: unknown, min: number): number | undefined {
  return value === undefined || value === null ? undefined : int(name, value, min);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new DesktopInputError(`${name} must be one of ${allowed.join(', ')}, got ${describeValue(value)}.`);
  }
  return value as T;
}

function layoutRef(name: string, value: unknown): LayoutRef {
  return value === 'today' ? 'today' : int(name, value, 0);
}
