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
  elapsedMs: number;
  frontSize: number;
  objectives: ObjectiveView[];
  /** The latest front's objective values. */
  points: number[][];
  history: { generation: number; hypervolume: number }[];
  message: string | null;
  error: string | null;
}

export function startedRun(runId: string, dir: string, generations: number): RunState {
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
    frontSize: 0,
    objectives: [],
    points: [],
    history: [],
    message: null,
    error: null,
  };
}

/** Apply one engine event; events of other runs leave the state as it is. */
export function applyRunEvent(state: RunState | null, event: PlanEvent): RunState | null {
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
        history: [
          ...state.history.filter((h) => h.generation < event.generation),
          { generation: event.generation, hypervolume: event.hypervolume },
        ],
      };
    case 'run-front':
      return { ...state, objectives: event.objectives, points: event.points };
    case 'run-finished':
      return { ...state, status: event.status, message: event.message, etaMs: 0 };
    case 'run-failed':
      return { ...state, status: 'failed', error: event.message };
  }
}
