import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanEvent, PlanMethod } from '../../../engine/src/api/contract.js';
import { BackgroundTasks } from '../../../engine/src/api/background.js';
import { BACKGROUND_LIMITS } from '../../../engine/src/api/limits.js';
import {
  defaultHomeDir,
  defaultRunFolder,
  partiesOfRun,
  PlanService,
  readManifest,
  reproduceCommand,
  runFolderName,
  toErrorPayload,
} from '../../../engine/src/api/index.js';
import { ARGUMENT_CHECKS, answer, dispatch } from '../../../desktop/src/shared/dispatch.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const balanced = path.join(root, 'scenarios/riverbend-balanced.yaml');
const partiesFile = path.join(root, 'scenarios/riverbend.parties.yaml');

/** Every method of the contract, checked by the compiler: a new method must be listed here. */
const METHODS: Record<PlanMethod, true> = {
  info: true,
  listScenarios: true,
  listRecent: true,
  chooseFile: true,
  openScenario: true,
  studyArea: true,
  saveScenarioAs: true,
  startRun: true,
  startSteeredRun: true,
  cancelRun: true,
  listRuns: true,
  loadFront: true,
  layoutMap: true,
  agreementMap: true,
  parties: true,
  checkParties: true,
  saveParties: true,
  workshopBorda: true,
  differenceMap: true,
  contributionMap: true,
  scoreLayout: true,
  monitorPlan: true,
  relatedRuns: true,
  crossRunAgreement: true,
  openPaintSession: true,
  applyStrokes: true,
  undoStroke: true,
  savePaintLayout: true,
  closePaintSession: true,
  paintSnapshot: true,
  exportLayout: true,
  createReport: true,
};

let home: string;
let api: PlanService;
const events: PlanEvent[] = [];

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-service-'));
  api = new PlanService({ homeDir: home, onEvent: (event) => events.push(event) });
});

afterAll(async () => {
  await api.close();
  await rm(home, { recursive: true, force: true });
});

/** A grid of an answer as a Buffer (for equals), checking that it came as bytes. */
const bytes = (grid: Uint8Array) => {
  expect(grid).toBeInstanceOf(Uint8Array);
  return Buffer.from(grid.buffer, grid.byteOffset, grid.byteLength);
};

describe('the API contract (no Electron)', () => {
  it('dispatches every method of PlanApi and nothing else, each to the service', () => {
    expect(Object.keys(ARGUMENT_CHECKS).sort()).toEqual(Object.keys(METHODS).sort());
    for (const method of Object.keys(METHODS) as PlanMethod[]) expect(typeof api[method]).toBe('function');
  });

  it('dispatch rejects unknown methods, service internals and non-array arguments as input errors', async () => {
    await expect(dispatch(api, 'deleteEverything', [])).rejects.toMatchObject({ kind: 'input' });
    await expect(dispatch(api, '__proto__', [])).rejects.toMatchObject({ kind: 'input' });
    await expect(dispatch(api, 'close', [])).rejects.toMatchObject({ kind: 'input' });
    await expect(dispatch(api, 'stopAllRuns', [])).rejects.toMatchObject({ kind: 'input' });
    await expect(dispatch(api, 'info', 'oops')).rejects.toMatchObject({ kind: 'input' });
    expect(toErrorPayload(new Error('boom'))).toEqual({ message: 'boom', kind: 'failure' });
    expect(await answer(api, 'nothing', [])).toEqual({
      ok: false,
      error: { message: 'Unknown API method "nothing".', kind: 'input' },
    });
    expect(await answer(api, 'listRuns', [])).toEqual({ ok: true, value: [] });
  });

  it("checks the run form's settings by the scenario's own rules, naming the field", async () => {
    await expect(dispatch(api, 'startRun', [{ scenario: balanced, population: 61 }])).rejects.toThrow(
      'the Population field: population must be an even whole number from 4 to 10,000 (offspring come in pairs), got 61.',
    );
    await expect(dispatch(api, 'startRun', [{ scenario: balanced, seed: -5 }])).rejects.toThrow(
      'the Seed field: seed must be a whole number of at least 0, got -5.',
    );
    await expect(dispatch(api, 'startRun', [{ scenario: balanced, workers: 'many' }])).rejects.toThrow(
      'the Workers field: workers must be "auto" or a whole number from 1 to 256, got "many".',
    );
  });

  it('checks untrusted arguments with messages naming the field', async () => {
    await expect(dispatch(api, 'openScenario', [42])).rejects.toThrow(
      /path must be a path \(non-empty text\), got number/,
    );
    await expect(dispatch(api, 'layoutMap', ['/nowhere', -1])).rejects.toMatchObject({ kind: 'input' });
    await expect(dispatch(api, 'exportLayout', [{ dir: '/x', format: 'png' }])).rejects.toThrow(
      /format must be one of geotiff, geojson, csv/,
    );
    await expect(dispatch(api, 'startRun', [{ scenario: balanced, population: 7 }])).rejects.toMatchObject({
      kind: 'input',
    });
  });

  it('checks the parties arguments: a run folder path and an optional parties file path', async () => {
    expect(ARGUMENT_CHECKS.parties(['/run'])).toEqual(['/run']);
    expect(ARGUMENT_CHECKS.parties(['/run', null])).toEqual(['/run']);
    expect(ARGUMENT_CHECKS.parties(['/run', '/p.yaml'])).toEqual(['/run', '/p.yaml']);
    await expect(dispatch(api, 'parties', [42])).rejects.toThrow(/dir must be a path \(non-empty text\), got number/);
    await expect(dispatch(api, 'parties', [home, 7])).rejects.toThrow(
      /partiesFile must be a path \(non-empty text\), got number/,
    );
    await expect(dispatch(api, 'parties', [home, path.join(home, 'p.txt')])).rejects.toMatchObject({ kind: 'input' });
    expect(ARGUMENT_CHECKS.parties(['/run', [{ id: 'a', weights: { economic: 1 } }]])).toEqual([
      '/run',
      [{ id: 'a', weights: { economic: 1 } }],
    ]);
    await expect(dispatch(api, 'parties', [home, [{ id: 'a' }, 'b']])).rejects.toThrow(
      'source[1] must be a party (an object with an id), got "b".',
    );
    await expect(dispatch(api, 'parties', [home, [[1]]])).rejects.toMatchObject({ kind: 'input' });
    await expect(dispatch(api, 'parties', ['/etc', partiesFile])).rejects.toThrow(/outside the folders you opened/);
    await expect(dispatch(api, 'parties', [home, '/etc/parties.yaml'])).rejects.toThrow(
      /partiesFile: .* is outside the folders you opened/,
    );
  });

  it('reports the engine, its home folder and whether native dialogs exist', async () => {
    const info = await api.info();
    expect(info).toMatchObject({ name: 'Pareto Plan', homeDir: home, nativeDialogs: false });
    expect(info.engineVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(await api.chooseFile('open-scenario')).toBeNull();
    expect(defaultHomeDir({ PARETOPLAN_HOME: '/srv/pp' })).toBe('/srv/pp');
    expect(defaultHomeDir({ XDG_CONFIG_HOME: '/cfg' })).toBe(path.join('/cfg', 'paretoplan'));
    // One naming for the CLI and the app: the scenario file's name and the start time.
    const at = new Date('2026-01-02T03:04:05Z');
    expect(runFolderName('/x/Riverbend 2040 - balanced growth.yaml', at)).toBe(
      'riverbend-2040-balanced-growth-20260102-030405',
    );
    expect(defaultRunFolder('scenarios/riverbend-balanced.yaml', undefined, at)).toBe(
      path.join('runs', 'riverbend-balanced-20260102-030405'),
    );
    expect(reproduceCommand({ scenario: 'a b.yaml', outDir: 'runs/x', seed: 3, workers: 'auto' })).toBe(
      "paretoplan run 'a b.yaml' --out runs/x --seed 3 --workers auto",
    );
  });
});

describe('the background worker', () => {
  it('starts when the service is warmed up, before any request, and serves the first request', async () => {
    const background = new BackgroundTasks();
    const service = new PlanService({ homeDir: home, background });
    try {
      expect(background.running).toBe(false);
      expect(background.contributionWorkerRunning).toBe(false);
      service.warmUp();
      expect(background.running).toBe(true);
      // The contribution-map worker too, at its lower priority, ready to prepare the first run opened.
      expect(background.contributionWorkerRunning).toBe(true);
      if (process.platform === 'linux')
        expect(await background.contributionWorkerNice()).toBeGreaterThanOrEqual(BACKGROUND_LIMITS.contributionNice);
      const { validation } = await background.checkScenario(balanced);
      expect(validation.ok).toBe(true);
      expect(background.running).toBe(true);
    } finally {
      await service.close();
    }
    expect(background.running).toBe(false);
    expect(background.contributionWorkerRunning).toBe(false);
  });
});

describe('scenarios', () => {
  it('opens a bundled scenario with its summary and settings, and remembers it', async () => {
    const scenarios = await api.listScenarios();
    expect(scenarios.map((s) => s.file)).toContain('riverbend-balanced.yaml');
    // The parties files beside the scenarios are not offered as scenarios.
    expect(scenarios.map((s) => s.file).filter((f) => f.includes('parties'))).toEqual([]);
    const opened = await api.openScenario(balanced);
    expect(opened).toMatchObject({ ok: true, errors: [], name: 'Riverbend 2040 - balanced growth' });
    expect(opened.summary!.grid).toMatchObject({ width: 240, height: 240 });
    expect(opened.settings!.demands.find((d) => d.classId === 'residential')).toEqual({
      classId: 'residential',
      minHa: 281,
      maxHa: 300,
    });
    expect(opened.settings!.optimizer).toMatchObject({ population: 60, seed: 42 });
    const recent = await api.listRecent();
    expect(recent[0]).toMatchObject({ kind: 'scenario', path: balanced });
  });

  it('keeps files that are no scenario out of the recent list', async () => {
    const notScenario = path.join(home, 'notes.yaml');
    await writeFile(notScenario, 'hello: world\n');
    const broken = path.join(home, 'broken-yaml.yaml');
    await writeFile(broken, 'a: [\n');
    for (const file of [notScenario, broken]) expect((await api.openScenario(file)).ok).toBe(false);
    const recent = await api.listRecent();
    expect(recent.map((r) => r.path)).not.toContain(notScenario);
    expect(recent.map((r) => r.path)).not.toContain(broken);
  });

  it('lists every problem of a broken scenario with its line', async () => {
    const text = (await readFile(balanced, 'utf8'))
      .replaceAll('../gis-data', path.join(root, 'gis-data'))
      .replace('decay: 1500 m', 'decay: 1500 parsecs')
      .replace('population: 60,', 'population: many,');
    const broken = path.join(home, 'broken.yaml');
    await writeFile(broken, text);
    const opened = await api.openScenario(broken);
    expect(opened.ok).toBe(false);
    expect(opened.errors.map((e) => [e.path, typeof e.line])).toEqual([
      ['objectives.economic.indicators.landValue.decay', 'number'],
      ['optimizer.population', 'number'],
    ]);
    await expect(api.startRun({ scenario: broken })).rejects.toMatchObject({ kind: 'input' });
  });

  it('gives the study area as class bytes and overlay masks on the same grid', async () => {
    const area = await api.studyArea(balanced);
    expect(bytes(area.current)).toHaveLength(240 * 240);
    expect(area.classes).toHaveLength(10);
    const roles = new Set(area.overlays.map((o) => o.role));
    expect([...roles].sort()).toEqual(['feature', 'locked', 'no-build', 'protected']);
    for (const overlay of area.overlays) expect(bytes(overlay.mask)).toHaveLength(240 * 240);
    const reserve = bytes(area.overlays.find((o) => o.id === 'reserve')!.mask);
    expect(reserve.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('saves edited settings as a new scenario that reads the same data, and never over the source', async () => {
    const opened = await api.openScenario(balanced);
    const settings = structuredClone(opened.settings!);
    settings.optimizer.population = 24;
    settings.demands.find((d) => d.classId === 'park')!.minHa = 65;
    settings.objectives[0]!.indicators[0]!.weight = 2;
    const target = path.join(home, 'copies', 'edited.yaml');
    const saved = await api.saveScenarioAs(balanced, settings, target);
    expect(saved).toMatchObject({ ok: true, path: target });
    expect(saved.settings!.optimizer.population).toBe(24);
    expect(saved.settings!.demands.find((d) => d.classId === 'park')!.minHa).toBe(65);
    expect(saved.settings!.objectives[0]!.indicators[0]!.weight).toBe(2);
    const text = await readFile(target, 'utf8');
    expect(text).toContain('# yaml-language-server'); // comments survive
    await expect(api.saveScenarioAs(balanced, settings, balanced)).rejects.toThrow(/already exists/);
    await expect(api.saveScenarioAs(balanced, settings, balanced, { overwrite: true })).rejects.toThrow(
      /new file name/,
    );
  });
});

describe('a run, its front and its maps', () => {
  let dir: string;

  beforeAll(async () => {
    const started = await api.startRun({ scenario: balanced, population: 8, generations: 3, workers: 1, seed: 7 });
    dir = started.dir;
    expect(dir.startsWith(path.join(home, 'runs'))).toBe(true);
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const end = events.find(
          (e) => (e.type === 'run-finished' || e.type === 'run-failed') && e.runId === started.runId,
        );
        if (!end) return;
        clearInterval(timer);
        if (end.type === 'run-failed') reject(new Error(end.message));
        else resolve();
      }, 50);
    });
  }, 60_000);

  it('pushes progress, the live front and the end of the run', () => {
    const progress = events.filter((e) => e.type === 'run-progress');
    expect(progress.map((e) => e.type === 'run-progress' && e.generation)).toEqual([1, 2, 3]);
    const front = events.filter((e) => e.type === 'run-front').at(-1);
    expect(front?.type === 'run-front' && front.generation).toBe(3);
    expect(front?.type === 'run-front' && front.points.length).toBeGreaterThan(0);
    expect(front?.type === 'run-front' && front.objectives.map((o) => o.id)).toEqual([
      'economic',
      'social',
      'ecological',
    ]);
    expect(events.find((e) => e.type === 'run-finished')).toMatchObject({ status: 'complete', dir });
  });

  it('sends the live front as an event whose last one is the front the run wrote, id for id', async () => {
    const live = events.filter((e) => e.type === 'run-front').at(-1)!;
    if (live.type !== 'run-front') throw new Error('no live front');
    const written = await api.loadFront(dir);
    expect(live.ids).toEqual(written.solutions.map((s) => s.id));
    live.points.forEach((values, i) =>
      values.forEach((v, j) => expect(v).toBeCloseTo(written.solutions[i]!.objectives[j]!, 6)),
    );
    // Checkpoints are for durability only: the app leaves the default, the live front needs none.
    const manifest = await readManifest(dir);
    expect(manifest.parameters.checkpointEvery).toBe(10);
    expect(manifest.command).toBe(
      reproduceCommand({ scenario: balanced, outDir: dir, seed: 7, population: 8, generations: 3, workers: 1 }),
    );
  });

  it('lists the run and loads its front', async () => {
    expect((await api.listRuns()).map((r) => r.dir)).toContain(dir);
    const front = await api.loadFront(dir);
    expect(front.status).toBe('complete');
    expect(front.objectives[0]).toMatchObject({
      id: 'economic',
      label: 'Economic return',
      unit: 'M€',
      direction: 'maximize',
    });
    expect(front.solutions.length).toBeGreaterThan(1);
    expect(front.solutions[0]!.areaHa).toHaveLength(front.classes.length);
    expect(front.history.map((h) => h.generation)).toEqual([1, 2, 3]);
    expect(bytes(front.current)).toHaveLength(240 * 240);
    // Representatives: a few clusters that split the whole front, each holding its own medoid.
    const { representatives } = front;
    expect(representatives.length).toBeGreaterThan(0);
    expect(representatives.length).toBeLessThanOrEqual(8); // 2 to 8 groups, chosen by silhouette
    const members = representatives.flatMap((r) => r.members).sort((a, b) => a - b);
    expect(members).toEqual(front.solutions.map((s) => s.id));
    for (const r of representatives) {
      expect(r.members).toContain(r.medoid);
      expect(r.meanDifference).toBeGreaterThanOrEqual(0);
      expect(r.meanDifference).toBeLessThan(1);
    }
  });

  it('gives class maps, agreement, differences and contributions', async () => {
    const front = await api.loadFront(dir);
    const [a, b] = [0, front.solutions.length - 1];
    const mapA = bytes((await api.layoutMap(dir, a)).classes);
    const mapB = bytes((await api.layoutMap(dir, b)).classes);
    const today = bytes((await api.layoutMap(dir, 'today')).classes);
    expect(mapA).toHaveLength(240 * 240);
    // Area per class of the map equals front.csv's.
    const residential = front.classes.findIndex((c) => c.id === 'residential');
    const cells = mapA.reduce((n, c) => n + (c === residential ? 1 : 0), 0);
    expect(cells * front.cellAreaHa).toBeCloseTo(front.solutions[a]!.areaHa[residential]!, 6);

    const alone = await api.agreementMap(dir, [a]);
    expect(bytes(alone.mode).equals(mapA)).toBe(true);
    const pair = await api.agreementMap(dir, [a, b], 'residential');
    const frequency = bytes(pair.frequency);
    const share = bytes(pair.classShare!);
    for (let i = 0; i < mapA.length; i++) {
      if (mapA[i] === 255) continue;
      expect(frequency[i]).toBe(mapA[i] === mapB[i] ? 255 : 128);
      expect(share[i]).toBe(
        Math.round((((mapA[i] === residential ? 1 : 0) + (mapB[i] === residential ? 1 : 0)) * 255) / 2),
      );
    }

    const diff = await api.differenceMap(dir, 'today', a);
    const changed = bytes(diff.changed);
    let count = 0;
    for (let i = 0; i < today.length; i++) if (today[i] !== 255 && today[i] !== mapA[i]) count++;
    expect(changed.reduce((n, c) => n + (c === 1 ? 1 : 0), 0)).toBe(count);
    expect(diff.changedHa).toBeCloseTo(count * front.cellAreaHa, 6);
    expect(diff.transitions.reduce((s, t) => s + t.ha, 0)).toBeCloseTo(diff.changedHa, 6);
    expect((await api.differenceMap(dir, a, a)).changedHa).toBe(0);

    const contribution = await api.contributionMap(dir, a, 'economic');
    expect(contribution.total).toBeCloseTo(front.solutions[a]!.objectives[0]!, 3);
    expect(bytes(contribution.values)).toHaveLength(240 * 240 * 4);
    await expect(api.contributionMap(dir, a, 'beauty')).rejects.toThrow(/Unknown objective "beauty"/);
  });

  it("starts preparing contribution maps in a second worker when a run's front opens", async () => {
    const background = new BackgroundTasks();
    try {
      expect(background.contributionWorkerRunning).toBe(false);
      const front = await background.front(dir);
      // Opened cold, the front came back first; the second worker started with it and is preparing.
      expect(background.contributionWorkerRunning).toBe(true);
      // At a lower priority than the views (on Linux, where a nice value is per thread).
      if (process.platform === 'linux')
        expect(await background.contributionWorkerNice()).toBeGreaterThanOrEqual(BACKGROUND_LIMITS.contributionNice);
      const first = front.solutions[0]!;
      const contribution = await background.contributionMap(dir, first.id, 'economic');
      expect(contribution.total).toBeCloseTo(first.objectives[0]!, 3);
      // The same map as the service's own worker draws without the preparation.
      expect(contribution.values).toEqual((await api.contributionMap(dir, first.id, 'economic')).values);
      // Drawing layouts stays with the first worker.
      expect((await background.layoutMap(dir, first.id)).classes).toEqual((await api.layoutMap(dir, first.id)).classes);
    } finally {
      await background.close();
    }
    expect(background.running).toBe(false);
    expect(background.contributionWorkerRunning).toBe(false);
  });

  it('judges the run by the bundled parties file: picks, compromises and the maps as rasters, as `paretoplan parties` does', async () => {
    const front = await api.loadFront(dir);
    const view = await api.parties(dir, partiesFile);
    const cli = await partiesOfRun(dir, { file: partiesFile, maps: false });
    expect(view.parties.map((p) => [p.id, p.preferred])).toEqual(cli.parties.map((p) => [p.id, p.preferred]));
    expect(view.compromises.map((c) => [c.rule, c.id])).toEqual(cli.compromises.map((c) => [c.rule, c.id]));
    expect(view.parties).toHaveLength(4);
    expect(view.parties[0]!.satisfaction).toHaveLength(front.solutions.length);
    const consensus = bytes(view.consensus);
    const conflict = bytes(view.conflict);
    const today = bytes((await api.layoutMap(dir, 'today')).classes);
    expect(consensus).toHaveLength(today.length);
    let agreed = 0;
    let disputed = 0;
    for (let i = 0; i < today.length; i++) {
      expect(consensus[i] === 255).toBe(today[i] === 255);
      expect(conflict[i] === 255).toBe(today[i] === 255);
      expect(conflict[i] === 0).toBe(consensus[i] !== 254 && consensus[i] !== 255);
      if (conflict[i] === 255) continue;
      if (conflict[i] === 0) agreed++;
      else disputed++;
    }
    // Areas: conflict cells = the table's conflict hectares; the rest of the study area agrees.
    expect(disputed * front.cellAreaHa).toBeCloseTo(view.agreement.conflictHa, 6);
    expect(agreed + disputed).toBe(today.filter((c) => c !== 255).length);
    // Without a file the scenario's parties: section is asked for; the balanced scenario has none.
    await expect(api.parties(dir)).rejects.toMatchObject({ kind: 'input' });

    // Parties edited in the app: the council caring only for economic return picks the best economic layout.
    const edited = await api.parties(dir, [
      { id: 'council', name: 'City council', weights: { economic: 1 } },
      { id: 'residents', weights: { social: 1 } },
    ]);
    expect(edited.source).toBe('parties as edited in the app');
    expect([edited.edited, view.edited]).toEqual([true, false]);
    const best = Math.max(...front.solutions.map((s) => s.objectives[0]!));
    expect(front.solutions[edited.parties[0]!.preferred]!.objectives[0]).toBe(best);
    expect(edited.parties[0]!.satisfaction[edited.parties[0]!.preferred]).toBeCloseTo(1, 9);
    await expect(api.parties(dir, [{ id: 'council', weights: { beauty: 1 } }])).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringMatching(/beauty/),
    });
  });

  it('checks edited parties by the parties file schema, with the party and field of each problem', async () => {
    const good = await dispatch(api, 'checkParties', [dir, [{ id: 'council', weights: { economic: 1 } }]]);
    expect(good).toMatchObject({ ok: true, issues: [] });
    // The editor's bounds are the schema's (scenarios/parties.schema.json).
    expect((good as { limits: unknown }).limits).toMatchObject({
      minParties: 1,
      maxParties: 12,
      minWeight: 0,
      idPattern: '^[A-Za-z][A-Za-z0-9_-]*$',
    });
    const bad = await api.checkParties(dir, [
      { id: 'council', weights: { economic: -1 } },
      { id: '9lives', aspirations: { 'economic.landValue': 'lots' } },
      { id: 'greens', aspirations: { ecological: 10 }, reservations: { ecological: 20, social: 1 } },
      { id: 'none' },
    ]);
    expect(bad.ok).toBe(false);
    const at = (party: number, field: string) =>
      bad.issues.filter((i) => i.party === party && i.field === field).map((i) => [i.criterion, i.message]);
    expect(at(0, 'weights')).toEqual([['economic', expect.stringMatching(/>=0|at least 0/)]]);
    expect(at(1, 'id')).toHaveLength(1);
    expect(at(1, 'aspirations')).toEqual([['economic.landValue', expect.stringMatching(/% of range/)]]);
    // Both checks need the shapes to be right first: a second round with the shapes fixed.
    const second = await api.checkParties(dir, [
      { id: 'greens', aspirations: { ecological: 10 }, reservations: { ecological: 20, social: 1 } },
      { id: 'none' },
      { id: 'greens', weights: { beauty: 1 } },
    ]);
    const messages = second.issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parties\[0\]\.reservations\.ecological: 20 is not worse than the aspiration 10/),
        expect.stringMatching(/^parties\[0\]\.reservations\.social: has no aspiration/),
        expect.stringMatching(/^parties\[1\]: needs "weights"/),
        expect.stringMatching(/^parties\[2\]\.id: party "greens" is declared twice/),
        expect.stringMatching(/^parties\[2\]\.weights\.beauty: no objective or sub-indicator is named "beauty"/),
      ]),
    );
  });

  it('saves edited parties to a YAML parties file that `paretoplan parties` reads, confined like other writes', async () => {
    const parties = [
      { id: 'council', name: 'City council', weights: { economic: 1, social: 1, ecological: 1 } },
      { id: 'greens', aspirations: { ecological: 100, social: 5 }, reservations: { ecological: 10 } },
    ];
    const target = path.join(dir, 'exports', 'parties.yaml');
    expect(await dispatch(api, 'saveParties', [dir, parties, target])).toEqual({ file: target, parties: 2 });
    const cli = await partiesOfRun(dir, { file: target, maps: false });
    expect(cli.parties.map((p) => p.id)).toEqual(['council', 'greens']);
    expect((await api.parties(dir, parties)).parties.map((p) => p.preferred)).toEqual(
      cli.parties.map((p) => p.preferred),
    );
    // Saved again: the run's exports are the app's to replace.
    await api.saveParties(dir, parties.slice(0, 1), target);
    expect((await partiesOfRun(dir, { file: target, maps: false })).parties).toHaveLength(1);
    await expect(api.saveParties(dir, [{ id: 'x', weights: { beauty: 1 } }], target)).rejects.toThrow(/beauty/);
    expect((await partiesOfRun(dir, { file: target, maps: false })).parties).toHaveLength(1); // unchanged
    await expect(api.saveParties(dir, parties, path.join(home, 'parties.txt'))).rejects.toThrow(/must end in \.yaml/);
    await expect(api.saveParties(dir, parties, '/etc/parties.yaml')).rejects.toThrow(/outside the folders you opened/);
    await expect(api.saveParties(dir, parties, path.join(dir, 'manifest.yaml'))).resolves.toBeTruthy();
    await expect(api.saveParties(dir, parties, path.join(dir, 'manifest.yaml'))).rejects.toThrow(/never replaced/);
  });

  it("aggregates workshop rankings with the engine's Borda count (ties share points)", async () => {
    // 3 layouts, 2 parties: A ranks 5 > 7 > 9; B ranks 7 and 9 equal, then 5.
    // Points: 5 = 2 + 0 = 2; 7 = 1 + 1.5 = 2.5; 9 = 0 + 1.5 = 1.5.
    const result = await dispatch(api, 'workshopBorda', [
      [5, 7, 9],
      [
        [[5], [7], [9]],
        [[7, 9], [5]],
      ],
    ]);
    expect(result).toEqual({
      standings: [
        { id: 7, points: 2.5 },
        { id: 5, points: 2 },
        { id: 9, points: 1.5 },
      ],
      winners: [7],
    });
    await expect(api.workshopBorda([5, 7], [[[5], [8]]])).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringMatching(/not on the shortlist/),
    });
    await expect(dispatch(api, 'workshopBorda', [[5, 7], [[['x']]]])).rejects.toThrow(/rankings\[0\]\[0\]\[0\]/);
  });

  it('exports the front as CSV and a layout as GeoJSON; cancelling an unknown run is a no-op', async () => {
    const csv = await api.exportLayout({ dir, format: 'csv' });
    expect((await readFile(csv.file, 'utf8')).split('\n')[0]).toMatch(/^id,economic \(max\)/);
    const geojson = await api.exportLayout({ dir, format: 'geojson', solution: 0 });
    expect(JSON.parse(await readFile(geojson.file, 'utf8'))).toMatchObject({ type: 'FeatureCollection' });
    expect(await api.cancelRun('run-unknown')).toEqual({ cancelled: false });
  });

  it('replaces exports inside the run folder, but a file elsewhere only with overwrite', async () => {
    const again = await api.exportLayout({ dir, format: 'csv' });
    expect(again.file).toBe(path.join(dir, 'exports', 'front.csv'));
    const mine = path.join(home, 'my-front.csv');
    await writeFile(mine, 'keep me\n');
    await expect(api.exportLayout({ dir, format: 'csv', out: mine })).rejects.toThrow(/already exists/);
    expect(await readFile(mine, 'utf8')).toBe('keep me\n');
    await expect(api.exportLayout({ dir, format: 'csv', out: path.join(home, 'front.tif') })).rejects.toThrow(
      /must end in \.csv/,
    );
    expect((await api.exportLayout({ dir, format: 'csv', out: mine, overwrite: true })).file).toBe(mine);
    expect((await readFile(mine, 'utf8')).split('\n')[0]).toMatch(/^id,/);
    await expect(api.createReport({ dir, format: 'html', out: path.join(home, 'report.txt') })).rejects.toThrow(
      /must end in \.html or \.pdf/,
    );
    const report = await api.createReport({ dir, format: 'html', out: path.join(home, 'reports', 'plan.html') });
    expect(report.html).toBe(path.join(home, 'reports', 'plan.html'));
    await expect(
      api.createReport({ dir, format: 'html', out: path.join(home, 'reports', 'plan.pdf') }),
    ).rejects.toThrow(/plan\.html already exists/);
    // The interactive report: one HTML file, and no PDF name checked or written beside it.
    const interactive = await api.createReport({
      dir,
      format: 'interactive',
      out: path.join(home, 'reports', 'workshop.html'),
    });
    expect(interactive).toMatchObject({
      html: null,
      pdf: null,
      interactive: path.join(home, 'reports', 'workshop.html'),
    });
    expect(await readFile(interactive.interactive!, 'utf8')).toContain('id="explorer-data"');
    await expect(api.createReport({ dir, format: 'explorer' as never })).rejects.toThrow(/interactive/);
  });

  it('lists a run whose manifest says failed, with its error', async () => {
    // The run folder as the engine leaves it after a failure: status failed, the error recorded.
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const failed = path.join(home, 'runs', 'failed-copy');
    await mkdir(failed, { recursive: true });
    await writeFile(
      path.join(failed, 'manifest.json'),
      JSON.stringify({ ...manifest, status: 'failed', error: 'Invalid typed array length: 4000000000' }),
    );
    const entry = (await api.listRuns()).find((r) => r.dir === failed);
    expect(entry).toMatchObject({ status: 'failed', error: 'Invalid typed array length: 4000000000' });
    expect((await api.listRuns()).find((r) => r.dir === dir)).toMatchObject({ status: 'complete', error: null });
    await rm(failed, { recursive: true });
  });

  it('bounds agreement maps by the front: repeated ids count once, more layouts than the front are refused', async () => {
    const front = await api.loadFront(dir);
    const single = await api.agreementMap(dir, [0]);
    const repeated = await api.agreementMap(dir, new Array<number>(10_000).fill(0));
    expect(repeated.ids).toEqual([0]);
    expect(repeated.frequency).toEqual(single.frequency);
    const tooMany = Array.from({ length: front.solutions.length + 1 }, (_, i) => i);
    await expect(api.agreementMap(dir, tooMany)).rejects.toThrow(/but the front has only/);
  });
});
