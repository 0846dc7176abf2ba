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
  readManifest,
  solutionNames,
  RunInputError,
  RUN_FILES,
  createReport,
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
  ReportFormat,
  ReportOptions,
  ReportResult,
} from '../runs/index.js';
