/**
 * The one transport-neutral module of the desktop front ends: the Electron main process (IPC)
 * and the browser-mode server (HTTP) both hand every request to {@link answer}. It checks the
 * shape of each untrusted argument (types, lengths, list sizes: REQUEST_LIMITS) with a message
 * naming it, then calls the engine's service (engine/src/api/plan-service.ts), which does the
 * work: paths go through its path policy, optimiser settings through the shared rules.
 * Nothing here knows about Electron or HTTP.
 */
import {
  PlanRequestError,
  REPORT_FORMATS,
  REQUEST_LIMITS,
  toErrorPayload,
  type ChoosePurpose,
  type DifferenceRef,
  type ExportRequest,
  type LayoutRef,
  type MonitorRequest,
  type PaintSource,
  type PartyInput,
  type PlanApi,
  type PlanMethod,
  type PlanReply,
  type ReportRequest,
  type RunPick,
  type ScenarioSettings,
  type ScoreRequest,
  type StartRunRequest,
  type SteerRunRequest,
} from '../../../engine/src/api/index.js';

/** Checks one method's arguments and returns them typed. */
type ArgumentCheck<M extends PlanMethod> = (args: readonly unknown[]) => Parameters<PlanApi[M]>;

/**
 * A path argument. Paths are checked by the service's path policy (type, length, NUL bytes,
 * confinement) with a message naming the argument, so they pass here as they came.
 */
const pathArg = (value: unknown) => value as string;

const CHOOSE_PURPOSES = [
  'open-scenario',
  'open-run',
  'save-scenario',
  'export-folder',
  'open-parties',
  'save-parties',
  'open-layout',
] as const;

/** Every method of the contract with its argument check: the compiler requires one per method. */
export const ARGUMENT_CHECKS: { readonly [M in PlanMethod]: ArgumentCheck<M> } = {
  info: () => [],
  listScenarios: () => [],
  listRecent: () => [],
  chooseFile: ([purpose, defaultPath]) => {
    const chosen: ChoosePurpose = oneOf('purpose', purpose, CHOOSE_PURPOSES);
    return defaultPath === undefined ? [chosen] : [chosen, text('defaultPath', defaultPath, REQUEST_LIMITS.pathChars)];
  },
  openScenario: ([file]) => [pathArg(file)],
  studyArea: ([file]) => [pathArg(file)],
  saveScenarioAs: ([source, settings, target, options]) => {
    if (!settings || typeof settings !== 'object') throw new PlanRequestError('The scenario settings are missing.');
    return [
      pathArg(source),
      settings as ScenarioSettings,
      pathArg(target),
      { overwrite: optionalFlag('overwrite', options) },
    ];
  },
  startRun: ([request]) => [startRequest(request)],
  startSteeredRun: ([request]) => [steerRequest(request)],
  cancelRun: ([runId]) => [text('runId', runId, REQUEST_LIMITS.textChars)],
  listRuns: () => [],
  loadFront: ([dir]) => [pathArg(dir)],
  layoutMap: ([dir, id]) => [pathArg(dir), layoutRef('id', id)],
  agreementMap: ([dir, ids, classId]) => {
    const list = intList('ids', ids);
    return classId === undefined || classId === null
      ? [pathArg(dir), list]
      : [pathArg(dir), list, text('classId', classId, REQUEST_LIMITS.textChars)];
  },
  parties: ([dir, source]) =>
    source === undefined || source === null
      ? [pathArg(dir)]
      : [pathArg(dir), Array.isArray(source) ? partyInputs(source) : pathArg(source)],
  checkParties: ([dir, parties]) => [pathArg(dir), partyList('parties', parties)],
  saveParties: ([dir, parties, target, options]) => [
    pathArg(dir),
    partyList('parties', parties),
    pathArg(target),
    { overwrite: optionalFlag('overwrite', options) },
  ],
  workshopBorda: ([shortlist, rankings]) => [intList('shortlist', shortlist), rankingList(rankings)],
  differenceMap: ([dir, a, b]) => [pathArg(dir), differenceRef('a', a), differenceRef('b', b)],
  contributionMap: ([dir, id, objectiveId]) => [
    pathArg(dir),
    int('id', id, 0),
    text('objectiveId', objectiveId, REQUEST_LIMITS.textChars),
  ],
  exportLayout: ([request]) => [exportRequest(request)],
  createReport: ([request]) => [reportRequest(request)],
  scoreLayout: ([request]) => [scoreRequest(request)],
  monitorPlan: ([request]) => [monitorRequest(request)],
  relatedRuns: ([dir]) => [pathArg(dir)],
  crossRunAgreement: ([picks]) => [runPicks(picks)],
  openPaintSession: ([source]) => [paintSource(source)],
  applyStrokes: ([session, cells, classId]) => [
    text('session', session, REQUEST_LIMITS.textChars),
    base64Text('cells', cells, 4 * Math.ceil((REQUEST_LIMITS.paintCells * 4) / 3)),
    text('classId', classId, REQUEST_LIMITS.textChars),
  ],
  undoStroke: ([session]) => [text('session', session, REQUEST_LIMITS.textChars)],
  savePaintLayout: ([session, out, options]) => [
    text('session', session, REQUEST_LIMITS.textChars),
    pathArg(out),
    { overwrite: optionalFlag('overwrite', options) },
  ],
  closePaintSession: ([session]) => [text('session', session, REQUEST_LIMITS.textChars)],
  paintSnapshot: ([session]) => [text('session', session, REQUEST_LIMITS.textChars)],
};

/** Dispatches one request by method name, as both transports receive it (untrusted input). */
export async function dispatch(api: PlanApi, method: unknown, args: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(ARGUMENT_CHECKS, method))
    throw new PlanRequestError(`Unknown API method ${JSON.stringify(method)}.`);
  if (!Array.isArray(args)) throw new PlanRequestError(`Arguments of ${method} must be an array.`);
  if (args.length > REQUEST_LIMITS.args)
    throw new PlanRequestError(`${method} takes at most ${REQUEST_LIMITS.args} arguments, got ${args.length}.`);
  const checked = ARGUMENT_CHECKS[method as PlanMethod](args) as unknown[];
  const call = api[method as PlanMethod] as (...a: unknown[]) => Promise<unknown>;
  return call.apply(api, checked);
}

/** The reply both transports send for one request: its value, or the error and whether the user can fix it. */
export async function answer(api: PlanApi, method: unknown, args: unknown): Promise<PlanReply> {
  try {
    return { ok: true, value: await dispatch(api, method, args) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}

function startRequest(request: unknown): StartRunRequest {
  const r = requestObject('startRun', request);
  // Settings are checked by the service against the rules the scenario file and the CLI obey.
  const setting = (name: 'population' | 'generations' | 'seed' | 'workers') =>
    r[name] === undefined || r[name] === null ? {} : { [name]: r[name] as number };
  return {
    scenario: pathArg(r.scenario),
    ...setting('population'),
    ...setting('generations'),
    ...setting('seed'),
    ...setting('workers'),
    ...(r.outDir === undefined ? {} : { outDir: pathArg(r.outDir) }),
  };
}

/** A steered run: the run folder, the seeding ids, the lock, and the run settings as for startRun. */
function steerRequest(request: unknown): SteerRunRequest {
  const r = requestObject('startSteeredRun', request);
  const settings: Partial<StartRunRequest> = startRequest({ ...r, scenario: '' });
  delete settings.scenario;
  const lock = r.lock;
  let checked: SteerRunRequest['lock'];
  if (lock === 'agreement' || lock === 'none') checked = lock;
  else if (lock && typeof lock === 'object' && (lock as { rect?: unknown }).rect) {
    const rect = requestObject('lock.rect', (lock as { rect: unknown }).rect);
    checked = {
      rect: {
        col: int('lock.rect.col', rect.col, 0),
        row: int('lock.rect.row', rect.row, 0),
        width: int('lock.rect.width', rect.width, 1),
        height: int('lock.rect.height', rect.height, 1),
      },
    };
  } else if (lock && typeof lock === 'object' && typeof (lock as { runs?: unknown }).runs === 'string') {
    const fields = requestObject('lock', lock);
    checked = {
      runs: base64Text('lock.runs', fields.runs, REQUEST_LIMITS.bodyBytes),
      shapes: int('lock.shapes', fields.shapes, 1),
    };
  } else
    throw new PlanRequestError(
      `lock must be "agreement", "none", { rect } or { runs, shapes }, got ${describeValue(lock)}.`,
    );
  let layouts: string[] | undefined;
  if (r.layouts !== undefined) {
    if (!Array.isArray(r.layouts) || r.layouts.length > REQUEST_LIMITS.seedLayouts)
      throw new PlanRequestError(`layouts must be a list of at most ${REQUEST_LIMITS.seedLayouts} GeoTIFF paths.`);
    layouts = r.layouts.map((file, i) => text(`layouts[${i}]`, file, REQUEST_LIMITS.pathChars));
  }
  return {
    dir: pathArg(r.dir),
    ids: intList('ids', r.ids),
    lock: checked,
    ...(layouts === undefined ? {} : { layouts }),
    ...(r.objectiveBounds === undefined ? {} : { objectiveBounds: objectiveBounds(r.objectiveBounds) }),
    ...settings,
  };
}

/** Narrowed objective ranges: { objective, min, max } with finite numbers or null (checked against the run by the engine). */
function objectiveBounds(value: unknown): NonNullable<SteerRunRequest['objectiveBounds']> {
  if (!Array.isArray(value) || value.length > REQUEST_LIMITS.objectiveBounds)
    throw new PlanRequestError(
      `objectiveBounds must be a list of at most ${REQUEST_LIMITS.objectiveBounds} { objective, min, max }.`,
    );
  return value.map((item, i) => {
    const bound = requestObject(`objectiveBounds[${i}]`, item);
    const side = (name: 'min' | 'max'): number | null => {
      const v = bound[name];
      if (v === undefined || v === null) return null;
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new PlanRequestError(`objectiveBounds[${i}].${name} must be a number or null, got ${describeValue(v)}.`);
      return v;
    };
    return {
      objective: text(`objectiveBounds[${i}].objective`, bound.objective, REQUEST_LIMITS.textChars),
      min: side('min'),
      max: side('max'),
    };
  });
}

function scoreRequest(request: unknown): ScoreRequest {
  const r = requestObject('scoreLayout', request);
  return {
    layout: pathArg(r.layout),
    ...(r.scenario === undefined || r.scenario === null ? {} : { scenario: pathArg(r.scenario) }),
    ...(r.run === undefined || r.run === null ? {} : { run: pathArg(r.run) }),
  };
}

function monitorRequest(request: unknown): MonitorRequest {
  const r = requestObject('monitorPlan', request);
  const plan = requestObject('monitorPlan plan', r.plan);
  return {
    scenario: pathArg(r.scenario),
    plan:
      plan.file !== undefined
        ? { file: pathArg(plan.file) }
        : { run: pathArg(plan.run), id: layoutRef('plan.id', plan.id) },
    observed: pathArg(r.observed),
    ...(r.baseline === undefined || r.baseline === null ? {} : { baseline: pathArg(r.baseline) }),
  };
}

/** Layouts picked from runs: at most `REQUEST_LIMITS.runPicks` runs, each with a list of ids. */
function runPicks(value: unknown): RunPick[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new PlanRequestError('picks must be a list of runs with the layouts picked from each.');
  if (value.length > REQUEST_LIMITS.runPicks)
    throw new PlanRequestError(
      `picks lists ${value.length} runs; at most ${REQUEST_LIMITS.runPicks} are compared at once.`,
    );
  return value.map((pick, i) => {
    const r = requestObject(`picks[${i}]`, pick);
    return { dir: pathArg(r.dir), ids: intList(`picks[${i}].ids`, r.ids) };
  });
}

function exportRequest(request: unknown): ExportRequest {
  const { fields, common } = outputRequest('exportLayout', request, ['geotiff', 'geojson', 'csv'] as const);
  const { solution } = fields;
  return { ...common, solution: solution === undefined || solution === 'knee' ? 'knee' : int('solution', solution, 0) };
}

function reportRequest(request: unknown): ReportRequest {
  const { fields, common } = outputRequest('createReport', request, REPORT_FORMATS);
  return {
    ...common,
    ...(fields.solutions === undefined ? {} : { solutions: intList('solutions', fields.solutions) }),
    ...(fields.withRuns === undefined ? {} : { withRuns: otherRuns(fields.withRuns) }),
    ...(fields.agreementSolutions === undefined
      ? {}
      : { agreementSolutions: textList('agreementSolutions', fields.agreementSolutions) }),
  };
}

/** A report's other runs (`withRuns`): run folders, with the report's run at most REQUEST_LIMITS.runPicks. */
function otherRuns(value: unknown): string[] {
  if (!Array.isArray(value)) throw new PlanRequestError('withRuns must be a list of run folders.');
  if (value.length >= REQUEST_LIMITS.runPicks)
    throw new PlanRequestError(
      `withRuns lists ${value.length} runs; at most ${REQUEST_LIMITS.runPicks - 1} are compared with the report's run.`,
    );
  return value.map((dir) => pathArg(dir));
}

function textList(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length > REQUEST_LIMITS.listItems)
    throw new PlanRequestError(`${name} must be a list of at most ${REQUEST_LIMITS.listItems} names.`);
  return value.map((item, i) => text(`${name}[${i}]`, item, REQUEST_LIMITS.textChars));
}

/** What an export and a report request share: the run folder, the format, the output file and `overwrite`. */
function outputRequest<F extends string>(method: string, request: unknown, formats: readonly F[]) {
  const fields = requestObject(method, request);
  const common = {
    dir: pathArg(fields.dir),
    format: oneOf('format', fields.format, formats),
    ...(fields.out === undefined ? {} : { out: pathArg(fields.out) }),
    overwrite: optionalFlag('overwrite', fields),
  };
  return { fields, common };
}

/** Where a paint session starts: `{ run, from }` (from a solution id or `today`) or `{ scenario }`. */
function paintSource(source: unknown): PaintSource {
  const fields = requestObject('openPaintSession', source);
  if (fields.run !== undefined) return { run: pathArg(fields.run), from: layoutRef('from', fields.from ?? 'today') };
  if (fields.scenario !== undefined) return { scenario: pathArg(fields.scenario) };
  throw new PlanRequestError('openPaintSession needs a run folder (run) or a scenario file (scenario).');
}

/** Bytes as base64 text (typed arrays over JSON), at most `maxChars` long. */
function base64Text(name: string, value: unknown, maxChars: number): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
    throw new PlanRequestError(`${name} must be base64 text, got ${describeValue(value)}.`);
  if (value.length > maxChars)
    throw new PlanRequestError(`${name} is longer than ${maxChars} characters: send fewer cells per request.`);
  return value;
}

function requestObject(method: string, value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object') throw new PlanRequestError(`${method} needs a request object.`);
  return value as Record<string, unknown>;
}

function text(name: string, value: unknown, maxChars: number): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new PlanRequestError(`${name} must be a non-empty text, got ${describeValue(value)}.`);
  if (value.length > maxChars) throw new PlanRequestError(`${name} is longer than ${maxChars} characters.`);
  return value;
}

/** A list of whole numbers (solution ids), at most {@link REQUEST_LIMITS.listItems} long. */
function intList(name: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw new PlanRequestError(`${name} must be a list of solution ids.`);
  if (value.length > REQUEST_LIMITS.listItems)
    throw new PlanRequestError(
      `${name} lists ${value.length} items; at most ${REQUEST_LIMITS.listItems.toLocaleString('en-GB')} are accepted.`,
    );
  // The item's name (`ids[7]`) is built only for the message of a bad item.
  for (let i = 0; i < value.length; i++) if (!isWholeNumber(value[i], 0)) int(`${name}[${i}]`, value[i], 0);
  return value as number[];
}

/**
 * Parties as the app edits them: a list of objects. Their fields are checked by the engine like a
 * parties file (its schema: ids, weights, levels, at most 12 parties), with messages naming them.
 */
function partyInputs(value: unknown[]): PartyInput[] {
  if (value.length > REQUEST_LIMITS.listItems)
    throw new PlanRequestError(`The parties list has ${value.length} items; a parties file allows far fewer.`);
  value.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new PlanRequestError(`source[${i}] must be a party (an object with an id), got ${describeValue(item)}.`);
  });
  return value as PartyInput[];
}

/** Parties as an argument of their own: a list, checked as {@link partyInputs}. */
function partyList(name: string, value: unknown): PartyInput[] {
  if (!Array.isArray(value))
    throw new PlanRequestError(`${name} must be a list of parties, got ${describeValue(value)}.`);
  return partyInputs(value);
}

/** Per party, its ranking of a shortlist: tiers (lists of solution ids), best first. */
function rankingList(value: unknown): number[][][] {
  if (!Array.isArray(value)) throw new PlanRequestError(`rankings must be a list (one ranking per party).`);
  if (value.length > REQUEST_LIMITS.listItems)
    throw new PlanRequestError(
      `rankings lists ${value.length} items; at most ${REQUEST_LIMITS.listItems} are accepted.`,
    );
  return value.map((ranking, p) => {
    if (!Array.isArray(ranking))
      throw new PlanRequestError(`rankings[${p}] must be a list of tiers (lists of solution ids), best first.`);
    return ranking.map((tier, t) => intList(`rankings[${p}][${t}]`, tier));
  });
}

function optionalFlag(name: string, holder: unknown): boolean {
  const value = holder && typeof holder === 'object' ? (holder as Record<string, unknown>)[name] : undefined;
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new PlanRequestError(`${name} must be true or false, got ${describeValue(value)}.`);
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

function isWholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function int(name: string, value: unknown, min: number): number {
  if (!isWholeNumber(value, min))
    throw new PlanRequestError(`${name} must be a whole number of at least ${min}, got ${describeValue(value)}.`);
  return value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new PlanRequestError(`${name} must be one of ${allowed.join(', ')}, got ${describeValue(value)}.`);
  return value as T;
}

function layoutRef(name: string, value: unknown): LayoutRef {
  return value === 'today' ? 'today' : int(name, value, 0);
}

/** A layout ref, or `{ painted }`: a painted plan added to the comparison (PaintSnapshot.snapshot). */
function differenceRef(name: string, value: unknown): DifferenceRef {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const fields = requestObject(name, value);
    return { painted: text(`${name}.painted`, fields.painted, REQUEST_LIMITS.textChars) };
  }
  return layoutRef(name, value);
}
