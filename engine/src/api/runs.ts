/**
 * Runs through the engine API: start, resume, batch, export. Front ends (CLI, desktop main
 * process) call these; run folders are documented in docs/run-folder.md.
 */
export {
  runScenario,
  runSingleObjective,
  resumeRun,
  runBatch,
  exportFromRun,
  loadFront,
  frontRow,
  frontRows,
  readManifest,
  solutionNames,
  RunInputError,
  RUN_FILES,
  createReport,
  REPORT_FORMATS,
  buildReportInput,
} from '../runs/index.js';
export type {
  SingleObjectiveOptions,
  SingleObjectiveResult,
  RunOptions,
  RunHooks,
  RunProgress,
  RunSummary,
  RunManifest,
  RunStatus,
  BatchOptions,
  BatchEntry,
  BatchResult,
  ExportFormat,
  ExportOptions,
  ExportResult,
  LoadedFront,
  FrontRow,
  ReportFormat,
  ReportOptions,
  ReportResult,
} from '../runs/index.js';
export {
  defaultRunFolder,
  reproduceCommand,
  runFolderName,
  unusedFolder,
  type RunCommandParts,
} from '../runs/naming.js';
export {
  parseSeedFrom,
  STEERING_FILES,
  type LockSource,
  type SteeringOptions,
  type SteeringRecord,
} from '../runs/steering.js';
export { LIVE_FRONT_DEFAULTS, type LiveFront, type LiveFrontHook } from '../runs/live-front.js';
