/**
 * The typed contract between the desktop renderer and the engine. It holds types only, so the
 * renderer (which may import nothing else from the engine) can use it in the browser.
 *
 * Two transports implement it with identical behaviour: Electron IPC (preload + main) and
 * HTTP + server-sent events for the browser mode (`npm run web`).
 */

export interface EngineInfo {
  name: 'Pareto Plan';
  engineVersion: string;
  node: string;
  platform: string;
  /** Where the bundled example scenarios are. */
  scenariosDir: string;
}

export interface ScenarioEntry {
  /** File name within the scenarios folder, e.g. `riverbend-balanced.yaml`. */
  file: string;
  path: string;
  /** The scenario's `name` field, or the file name when it cannot be read. */
  name: string;
  description: string;
}

/** Events pushed from the engine to the window (run progress and the like). */
export type PlanEvent = { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

/** Every request the renderer can make. Arguments and results are plain JSON (structured-cloneable). */
export interface PlanApi {
  info(): Promise<EngineInfo>;
  listScenarios(): Promise<ScenarioEntry[]>;
}

export type PlanMethod = keyof PlanApi;

/** What the preload exposes as `window.paretoplan`, and what the HTTP transport provides too. */
export interface PlanBridge {
  invoke<M extends PlanMethod>(method: M, args: Parameters<PlanApi[M]>): ReturnType<PlanApi[M]>;
  /** Subscribe to engine events; returns an unsubscribe function. */
  onEvent(listener: (event: PlanEvent) => void): () => void;
}

/** A failed request, as both transports report it to the renderer. */
export interface PlanErrorPayload {
  message: string;
  /** `input`: the user can fix it (bad scenario, bad value); `failure`: the engine failed. */
  kind: 'input' | 'failure';
}
