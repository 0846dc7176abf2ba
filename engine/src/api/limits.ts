/**
 * Limits of the engine API, in one place. The optimiser settings' bounds and their messages come
 * from engine/src/rules (the CLI checks its flags with them without loading the engine); the
 * request limits bound what a window (Electron IPC or the browser-mode server) may ask of the
 * service; docs/security.md explains each one.
 */
export {
  demandProblem,
  describeLimit,
  limitProblem,
  OPTIMIZER_LIMITS,
  SETTING_FLAGS,
  settingMessage,
  workersProblem,
  type OptimizerLimit,
  type ValueSource,
} from '../rules/index.js';

export const REQUEST_LIMITS = {
  /** Largest HTTP request body (browser mode). The largest real request, a list of a few thousand ids, is ~50 KB. */
  bodyBytes: 1024 * 1024,
  /** Most arguments one API call takes. */
  args: 8,
  /** Most items in any list argument (solution ids, report solutions). */
  listItems: 10_000,
  /** Longest path argument, in characters. */
  pathChars: 4096,
  /** Longest other text argument (run ids, objective ids, class ids). */
  textChars: 256,
  /** Largest file `openScenario` reads: scenario files are a few kilobytes of YAML. */
  scenarioFileBytes: 1024 * 1024,
  /** Folders the user opened or chose that are remembered at once (the oldest is forgotten first). */
  grantedFolders: 256,
  /** Browser-mode sessions (one per launch link used) kept at once. */
  sessions: 16,
  /** Most cells one paint request carries (Int32 base64: about 5.3 characters per cell, within bodyBytes). */
  paintCells: 150_000,
  /** Most layout GeoTIFFs one steered run is seeded with (startSteeredRun `layouts`). */
  seedLayouts: 8,
  /** Most objective ranges one steered run narrows (startSteeredRun `objectiveBounds`; one per objective). */
  objectiveBounds: 32,
  /** Most runs one cross-run agreement picks layouts from. */
  runPicks: 8,
} as const;

/** Heavy work (validation, study-area maps, views of run folders) runs in a background worker with these bounds. */
export const BACKGROUND_LIMITS = {
  /** A task that runs longer than this (ms) terminates the worker and fails with a message. */
  taskTimeoutMs: 5 * 60_000,
  /** V8 heap of the worker: a hostile file that exhausts it kills the worker, not the app. */
  maxOldGenerationSizeMb: 1536,
  /**
   * Nice value of the contribution-map worker (Linux, where it is per thread): it prepares each
   * opened run's contribution maps ahead of any request, which must not slow the views a
   * planner waits for.
   */
  contributionNice: 10,
} as const;

/** Paint sessions (paint.ts): held in the background worker, each with its own evaluator. */
export const PAINT_LIMITS = {
  /** Sessions kept at once; opening one more closes the least recently used. */
  sessions: 4,
  /** Strokes a session can take back. */
  undoSteps: 100,
  /** Painted plans added to the comparison whose class maps are kept for difference maps. */
  snapshots: 8,
} as const;
