/**
 * The engine side of the API contract: one plain module, used by both transports (Electron IPC
 * in main/index.ts, HTTP in web/server.ts) and imported by unit tests without Electron.
 *
 * Requests arrive from the window and are untrusted: every argument is checked here, and every
 * problem the user can fix is an error of kind `input` with a message saying what to do.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  agreementMaps,
  bundledScenariosDir,
  createReport,
  differenceMap,
  engineVersion,
  exportFromRun,
  FrontCache,
  isInputError,
  frontRepresentatives,
  layoutClasses,
  listScenarioFiles,
  loadStudyAreaLayers,
  readManifest,
  readScenarioSettings,
  runHistory,
  runScenario,
  saveScenarioAs,
  splitObjectiveLabel,
  validateScenario,
  validationError,
  type FrontView,
  type LayoutRef,
  type OpenedScenario,
  type PlanApi,
  type PlanErrorPayload,
  type PlanEvent,
  type PlanMethod,
  type RecentItem,
  type RunListEntry,
  type ScenarioValidation,
} from '../../../engine/src/api/index.js';

export type EventSink = (event: PlanEvent) => void;

export interface HandlerOptions {
  /** Where the recent list and (by default) run folders live. Default: {@link defaultHomeDir}. */
  homeDir?: string;
  /** The system's file dialog (Electron); absent in browser mode, where the page asks for a path. */
  chooseFile?: PlanApi['chooseFile'];
  /** Prints an HTML file to PDF (Electron's `webContents.printToPDF`), used when no Chromium is found. */
  printToPdf?: (htmlFile: string, pdfFile: string) => Promise<void>;
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

const activeRunsOf = new WeakMap<PlanApi, Map<string, ActiveRun>>();

export function createHandlers(emit: EventSink = () => {}, options: HandlerOptions = {}): PlanApi {
  const homeDir = path.resolve(options.homeDir ?? defaultHomeDir());
  const fronts = new FrontCache();
  const runs = new Map<string, ActiveRun>();
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

  async function opened(file: string, validation: ScenarioValidation): Promise<OpenedScenario> {
    const s = validation.summary;
    const settings = await readScenarioSettings(file, validation);
    let name = s?.name ?? path.basename(file);
    let description = s?.description ?? '';
    if (!s) {
      const entry = (await listScenarioFiles(path.dirname(file))).find((e) => e.path === file);
      if (entry) ({ name, description } = entry);
    }
    return {
      path: file,
      name,
      description,
      ok: validation.ok,
      errors: validation.errors.map((e) => ({ ...e })),
      warnings: validation.warnings.map((e) => ({ ...e })),
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
      oneOf('purpose', purpose, ['open-scenario', 'open-run', 'save-scenario'] as const);
      if (defaultPath !== undefined) text('defaultPath', defaultPath);
      return options.chooseFile ? options.chooseFile(purpose, defaultPath) : null;
    },

    async openScenario(file) {
      const resolved = path.resolve(text('path', file));
      const validation = await validateScenario(resolved);
      const result = await opened(resolved, validation);
      await remember({ kind: 'scenario', path: resolved, name: result.name });
      return result;
    },

    async studyArea(file) {
      const resolved = path.resolve(text('path', file));
      const layers = await loadStudyAreaLayers(resolved);
      return {
        path: resolved,
        width: layers.width,
        height: layers.height,
        cellSizeM: layers.cellSizeM,
        classes: layers.classes,
        current: base64(layers.current),
        overlays: layers.overlays.map((o) => ({ ...o, mask: base64(o.mask) })),
      };
    },

    async saveScenarioAs(source, settings, target) {
      if (!settings || typeof settings !== 'object') throw new DesktopInputError('The scenario settings are missing.');
      const written = await saveScenarioAs(
        path.resolve(text('source', source)),
        settings,
        path.resolve(text('target', target)),
      );
      return api.openScenario(written);
    },

    async startRun(request) {
      if (!request || typeof request !== 'object') throw new DesktopInputError('startRun needs a request object.');
      const scenario = path.resolve(text('scenario', request.scenario));
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
      const validation = await validateScenario(scenario);
      if (!validation.ok) throw validationError(validation);
      const runId = `run-${Date.now().toString(36)}-${++runCounter}`;
      const dir = path.resolve(
        request.outDir !== undefined
          ? text('outDir', request.outDir)
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
        (error: unknown) => {
          const payload = toErrorPayload(error);
          emit({ type: 'run-failed', runId, dir, ...payload });
        },
      );
      const active: ActiveRun = { dir, controller, done: done.finally(() => runs.delete(runId)) };
      runs.set(runId, active);
      return { runId, dir };
    },

    async cancelRun(runId) {
      const run = runs.get(text('runId', runId));
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
          entries.push({
            dir,
            scenarioName: m.scenario.name,
            status: m.status,
            createdAt: m.createdAt,
            generation: m.progress.generation,
            generations: m.parameters.generations,
            frontSize: m.front?.rows ?? 0,
          });
        } catch {
          // Not a run folder (or a damaged one): not listed.
        }
      }
      return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },

    async loadFront(dir) {
      const front = await fronts.get(text('dir', dir));
      const { manifest } = front;
      const m = manifest.objectives.length;
      const k = manifest.indicators.length;
      const K = manifest.classes.length;
      const history = await runHistory(front).catch(() => []);
      await remember({ kind: 'run', path: front.dir, name: manifest.scenario.name });
      const view: FrontView = {
        dir: front.dir,
        status: manifest.status,
        scenarioName: manifest.scenario.name,
        scenarioPath: manifest.scenario.path,
        createdAt: manifest.createdAt,
        generation: manifest.front?.generation ?? manifest.progress.generation,
        generations: manifest.parameters.generations,
        objectives: manifest.objectives.map((o) => ({
          id: o.id,
          direction: o.direction,
          ...splitObjectiveLabel(o.label),
        })),
        indicators: manifest.indicators.map((i) => ({ ...i })),
        classes: manifest.classes.map((c) => ({ id: c.id, name: c.name, color: c.color })),
        demands: manifest.demands.map((d) => ({ ...d })),
        grid: { width: manifest.grid.width, height: manifest.grid.height, cellSizeM: manifest.grid.pixelWidth },
        cellAreaHa: manifest.cellAreaHa,
        solutions: front.table.map((row) => ({
          id: row[0]!,
          objectives: row.slice(1, 1 + m),
          indicators: row.slice(1 + m, 1 + m + k),
          areaHa: row.slice(1 + m + k, 1 + m + k + K),
        })),
        highlights: {
          extremes: [...manifest.front!.highlights.extremes],
          knee: manifest.front!.highlights.knee,
        },
        representatives: frontRepresentatives(front).map((cluster) => ({
          medoid: cluster.medoid,
          members: [...cluster.members],
          meanDifference: cluster.meanDifference,
        })),
        history: history.map((h) => ({ generation: h.generation, hypervolume: h.hypervolume })),
        current: base64(front.current),
      };
      return view;
    },

    async layoutMap(dir, id) {
      const front = await fronts.get(text('dir', dir));
      const ref = layoutRef('id', id);
      return { id: ref, classes: base64(layoutClasses(front, ref)) };
    },

    async agreementMap(dir, ids, classId) {
      const front = await fronts.get(text('dir', dir));
      if (!Array.isArray(ids)) throw new DesktopInputError('ids must be a list of solution ids.');
      const list = ids.map((id, i) => int(`ids[${i}]`, id, 0));
      let classIndex: number | null = null;
      if (classId !== undefined && classId !== null) {
        classIndex = front.manifest.classes.findIndex((c) => c.id === classId);
        if (classIndex < 0) throw new DesktopInputError(`Unknown class "${String(classId)}".`);
      }
      const maps = agreementMaps(front, list, classIndex);
      return {
        ids: list,
        mode: base64(maps.mode),
        frequency: base64(maps.frequency),
        classShare: maps.classShare ? base64(maps.classShare) : null,
      };
    },

    async differenceMap(dir, a, b) {
      const front = await fronts.get(text('dir', dir));
      const refA = layoutRef('a', a);
      const refB = layoutRef('b', b);
      const diff = differenceMap(front, refA, refB);
      const classes = front.manifest.classes;
      return {
        a: refA,
        b: refB,
        changed: base64(diff.changed),
        changedHa: diff.changedHa,
        transitions: diff.transitions.map((t) => ({ from: classes[t.from]!.id, to: classes[t.to]!.id, ha: t.ha })),
      };
    },

    async contributionMap(dir, id, objectiveId) {
      const { values, total } = await fronts.contributionMap(
        text('dir', dir),
        int('id', id, 0),
        text('objectiveId', objectiveId),
      );
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return {
        id,
        objective: objectiveId,
        values: base64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)),
        min: Number.isFinite(min) ? min : 0,
        max: Number.isFinite(max) ? max : 0,
        total,
      };
    },

    async exportLayout(request) {
      if (!request || typeof request !== 'object') throw new DesktopInputError('exportLayout needs a request object.');
      const dir = text('dir', request.dir);
      const format = oneOf('format', request.format, ['geotiff', 'geojson', 'csv'] as const);
      const solution =
        request.solution === undefined || request.solution === 'knee'
          ? 'knee'
          : String(int('solution', request.solution, 0));
      const result = await exportFromRun(dir, {
        format,
        solution,
        ...(request.out !== undefined ? { out: path.resolve(text('out', request.out)) } : {}),
      });
      return { file: result.file, format: result.format, solution: result.solution };
    },

    async createReport(request) {
      if (!request || typeof request !== 'object') throw new DesktopInputError('createReport needs a request object.');
      const dir = text('dir', request.dir);
      const format = oneOf('format', request.format, ['html', 'pdf', 'both'] as const);
      const solutions = request.solutions?.map((id, i) => String(int(`solutions[${i}]`, id, 0)));
      const base = {
        ...(solutions && solutions.length > 0 ? { solutions } : {}),
        ...(request.out !== undefined ? { out: path.resolve(text('out', request.out)) } : {}),
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
        return { html: format === 'pdf' ? null : html, pdf, note: 'PDF printed by the app (no Chromium was found).' };
      }
    },
  };
  activeRunsOf.set(api, runs);
  return api;
}

/** Stops every run of these handlers at the end of its generation and waits for their checkpoints. */
export async function stopAllRuns(api: PlanApi): Promise<void> {
  const runs = activeRunsOf.get(api);
  if (!runs) return;
  const pending = [...runs.values()];
  for (const run of pending) run.controller.abort();
  await Promise.all(pending.map((run) => run.done));
}

/** Dispatches one request by method name, as both transports receive it (untrusted input). */
export async function dispatch(api: PlanApi, method: unknown, args: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(api, method)) {
    throw new DesktopInputError(`Unknown API method ${JSON.stringify(method)}.`);
  }
  if (!Array.isArray(args)) throw new DesktopInputError(`Arguments of ${method} must be an array.`);
  const handler = api[method as PlanMethod] as (...a: unknown[]) => Promise<unknown>;
  return handler(...args);
}

/** The error both transports send to the renderer: the message, and whether the user can fix it. */
export function toErrorPayload(error: unknown): PlanErrorPayload {
  const message = error instanceof Error ? error.message : String(error);
  return { message, kind: isInputError(error) ? 'input' : 'failure' };
}

/** Bytes as base64, without copying the typed array. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
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

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new DesktopInputError(`${name} must be a non-empty text, got ${JSON.stringify(value)}.`);
  return value;
}

function int(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new DesktopInputError(`${name} must be a whole number of at least ${min}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function optionalInt(name: string, value: unknown, min: number): number | undefined {
  return value === undefined || value === null ? undefined : int(name, value, min);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new DesktopInputError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}.`);
  }
  return value as T;
}

function layoutRef(name: string, value: unknown): LayoutRef {
  return value === 'today' ? 'today' : int(name, value, 0);
}
