/**
 * The background worker's entry (see background.ts): scenario checks and every view of a run
 * folder or study area (views.ts), the API's heavy answers, computed here so that the process
 * serving the window stays responsive. It keeps its own front cache. Failures return as values,
 * so their kind (`input` or not) survives the thread boundary.
 */
import { expose } from 'comlink';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { preloadGeoTiff } from '../gis/index.js';
import { nodeEndpoint } from '../parallel/index.js';
import type { DifferenceRef, LayoutRef, PartyInput } from './contract.js';
import { isInputError } from './errors.js';
import type { ScenarioSettings } from './contract.js';
import { readScenarioSettings } from './scenario-edit.js';
import { validateScenario, type ScenarioValidation } from './scenario.js';
import { ExploreViews } from './views.js';
import { FrontCache } from './explore.js';
import type { MonitorRequest, RunPick, ScoreRequest } from './scoring-contract.js';
import { ScoringViews } from './scoring-views.js';
import { PaintSessions, type CheckedPaintSource } from './paint.js';

if (!parentPort) throw new Error('background-worker must be started as a worker thread');

/** A result, or the message and kind of the error that replaced it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string; input: boolean };

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error), input: isInputError(error) };
  }
}

// Every task here but the front's may read a raster: load the GeoTIFF decoder while the thread is idle.
void preloadGeoTiff().catch(() => undefined);

const fronts = new FrontCache();
const views = new ExploreViews(fronts);
const scoring = new ScoringViews(fronts);
const paints = new PaintSessions();

export const backgroundApi = {
  /** Validate a scenario and read the settings the desktop form edits. */
  checkScenario: (file: string) =>
    outcome(async (): Promise<{ validation: ScenarioValidation; settings: ScenarioSettings | null }> => {
      const validation = await validateScenario(file);
      return { validation, settings: await readScenarioSettings(file, validation) };
    }),
  studyArea: (file: string) => outcome(() => views.studyArea(file)),
  front: (dir: string) => outcome(() => views.front(dir)),
  layoutMap: (dir: string, id: LayoutRef) => outcome(() => views.layoutMap(dir, id)),
  agreementMap: (dir: string, ids: number[], classId: string | null) =>
    outcome(() => views.agreementMap(dir, ids, classId)),
  parties: (dir: string, source: string | PartyInput[] | null) => outcome(() => views.parties(dir, source)),
  differenceMap: (dir: string, a: DifferenceRef, b: DifferenceRef) =>
    outcome(() => views.differenceMap(dir, a, b, (snapshot) => paints.snapshotLayout(snapshot).layout)),
  contributionMap: (dir: string, id: number, objectiveId: string) =>
    outcome(() => views.contributionMap(dir, id, objectiveId)),
  prepareContributions: (dir: string) => outcome(() => fronts.prepareContributions(dir)),
  /**
   * Lower this thread's priority (nice `nice`) and return its nice value. On Linux a nice value
   * belongs to the thread; elsewhere it is the whole process's, so there this changes nothing.
   */
  yieldToForeground: (nice: number) =>
    outcome(async () => {
      // Only ever lower it (raising a priority needs privileges): a process started with a higher nice keeps it.
      if (process.platform === 'linux' && os.getPriority(0) < nice) os.setPriority(0, nice);
      return os.getPriority(0);
    }),
  score: (request: ScoreRequest) => outcome(() => scoring.score(request)),
  monitor: (request: MonitorRequest) => outcome(() => scoring.monitor(request)),
  crossRunAgreement: (picks: RunPick[]) => outcome(() => scoring.crossRunAgreement(picks)),
  openPaint: (source: CheckedPaintSource) => outcome(() => paints.open(source)),
  paint: (session: string, cells: Int32Array, classId: string) =>
    outcome(async () => paints.paint(session, cells, classId)),
  undoPaint: (session: string) => outcome(async () => paints.undo(session)),
  savePaint: (session: string, file: string) => outcome(() => paints.save(session, file)),
  closePaint: (session: string) => outcome(async () => paints.close(session)),
  paintSnapshot: (session: string) => outcome(async () => paints.snapshot(session)),
};

export type BackgroundApi = typeof backgroundApi;

expose(backgroundApi, nodeEndpoint(parentPort));
