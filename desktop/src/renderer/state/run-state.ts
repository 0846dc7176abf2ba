/** The run being watched, folded from engine events (pure: tests feed it events). */
import type { ObjectiveView, PlanEvent, RunListEntry } from '../../../../engine/src/api/contract.js';

export interface RunState {
  runId: string;
  dir: string;
  status: 'starting' | RunListEntry['status'];
  generation: number;
  generations: number;
  evaluations: number;
  hypervolume: number | null;
  etaMs: number | null;
  /** The optimiser's own clock, from the last progress event (it starts once the workers are up). */
  elapsedMs: number;
  /** When this window started watching the run (ms since the epoch), and when the run ended. */
  watchedSince: number;
  endedAt: number | null;
  frontSize: number;
  objectives: ObjectiveView[];
  /** The live front (the engine's `run-front` events): layout ids and their objective values. */
  ids: number[];
  points: number[][];
  history: { generation: number; hypervolume: number }[];
  /** What a long step of the run is doing (the engine's `run-activity`), until the step ends. */
  activity: string | null;
  message: string | null;
  error: string | null;
}

export function startedRun(runId: string, dir: string, generations: number, now = Date.now()): RunState {
  return {
    runId,
    dir,
    status: 'starting',
    generation: 0,
    generations,
    evaluations: 0,
    hypervolume: null,
    etaMs: null,
    elapsedMs: 0,
    watchedSince: now,
    endedAt: null,
    frontSize: 0,
    objectives: [],
    ids: [],
    points: [],
    history: [],
    activity: null,
    message: null,
    error: null,
  };
}

/**
 * The run's elapsed time as the Run card shows it: the wall clock since the window started
 * watching (so it counts the workers' start and a long first generation, during which the
 * optimiser's clock has not moved), or the optimiser's when that is longer (a run watched late);
 * stopped when the run ends. Both only grow, so the figure never steps back.
 */
export function shownElapsedMs(run: RunState, now = Date.now()): number {
  return Math.max(run.elapsedMs, (run.endedAt ?? now) - run.watchedSince);
}

/** Apply one engine event; events of other runs leave the state as it is. */
export function applyRunEvent(state: RunState | null, event: PlanEvent, now = Date.now()): RunState | null {
  if (!state || event.type === 'log' || event.runId !== state.runId) return state;
  switch (event.type) {
    case 'run-progress':
      return {
        ...state,
        status: state.status === 'starting' ? 'running' : state.status,
        generation: event.generation,
        generations: event.generations,
        evaluations: event.evaluations,
        hypervolume: event.hypervolume,
        etaMs: event.etaMs,
        elapsedMs: event.elapsedMs,
        frontSize: event.frontSize,
        activity: null,
        history: [
          ...state.history.filter((h) => h.generation < event.generation),
          { generation: event.generation, hypervolume: event.hypervolume },
        ],
      };
    case 'run-front':
      return { ...state, objectives: event.objectives, ids: event.ids, points: event.points };
    case 'run-activity':
      return { ...state, activity: event.message };
    case 'run-finished':
      return { ...state, status: event.status, message: event.message, etaMs: 0, activity: null, endedAt: now };
    case 'run-failed':
      return { ...state, status: 'failed', error: event.message, activity: null, endedAt: now };
  }
}

/**
 * The watched run, plus recent events of runs not watched (yet). A run that fails while setting
 * up can report `run-failed` before the answer to `startRun` names it (browser mode: events and
 * answers travel on different connections); its events wait here until the run is watched.
 */
export interface RunWatch {
  run: RunState | null;
  unclaimed: PlanEvent[];
}

export const NO_RUN_WATCHED: RunWatch = { run: null, unclaimed: [] };

/** Unclaimed events kept, newest last (events of runs other windows started). */
const UNCLAIMED_LIMIT = 200;

export function watchEvent(watch: RunWatch, event: PlanEvent, now = Date.now()): RunWatch {
  if (event.type === 'log') return watch;
  if (watch.run?.runId === event.runId) return { ...watch, run: applyRunEvent(watch.run, event, now) };
  return { ...watch, unclaimed: [...watch.unclaimed, event].slice(-UNCLAIMED_LIMIT) };
}

/** Start watching a run that `startRun` answered with, applying its events that came first. */
export function watchRun(watch: RunWatch, runId: string, dir: string, generations: number, now = Date.now()): RunWatch {
  const mine = (event: PlanEvent) => event.type !== 'log' && event.runId === runId;
  const run = watch.unclaimed
    .filter(mine)
    .reduce<RunState | null>(
      (state, event) => applyRunEvent(state, event, now),
      startedRun(runId, dir, generations, now),
    );
  return { run, unclaimed: watch.unclaimed.filter((event) => !mine(event)) };
}
