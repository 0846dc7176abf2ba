/** Run folders: running a scenario, checkpoints and resume, the front as files, exports. */
export { RunInputError } from './errors.js';
export {
  runSingleObjective,
  runEvaluationBudget,
  DEFAULT_SINGLE_PATIENCE,
  type SingleObjectiveOptions,
  type SingleObjectiveResult,
  type SingleObjectiveStart,
} from './single.js';
export { runScenario, resumeRun, type RunOptions, type RunHooks, type RunProgress, type RunSummary } from './runner.js';
export { readManifest, RUN_FILES, type RunManifest, type RunStatus } from './run-folder.js';
export { exportFromRun, resolveSolution, solutionNames } from './export.js';
export type { ExportFormat, ExportOptions, ExportResult } from './export.js';
export { frontHeader, frontRow, frontRows, genomeOf, layoutOf, loadFront } from './front-io.js';
export type { FrontRow, LoadedFront } from './front-io.js';
export { readHistory, type HistoryRow } from './history.js';
export { frontHighlights, normaliseToUnitCost, type FrontHighlights } from '../decision/index.js';
export {
  clusterByMedoids,
  GROUP_COUNTS,
  layoutDistances,
  MAX_COMPARED_GENES,
  representativeLayouts,
  type LayoutCluster,
} from '../decision/index.js';
export { toCsv, parseCsv } from './csv.js';
export { writeAtomic, writeJsonAtomic, sha256File, describeFsError } from './files.js';
export {
  runBatch,
  batchEntry,
  writeBatchSummary,
  type BatchOptions,
  type BatchEntry,
  type BatchResult,
} from './batch.js';
export type { RunOutcome } from './batch.js';
export { expandScenarioArguments, planBatch, VARIANT_SCENARIOS_DIR } from './batch-plan.js';
export { batchRunFolderName } from './naming.js';
export type { BatchJob, BatchPlan, BatchPlanOptions } from './batch-plan.js';
export { createReport, REPORT_FORMATS, type ReportFormat, type ReportOptions, type ReportResult } from './report.js';
export { buildReportInput, type ReportSelection } from './report-input.js';
export { analyseParties, copyPreference, partiesForRun, resolveParties, runCriteria } from './parties.js';
export type { PartiesAnalysis, PartyView, RunCriteria } from './parties.js';
export { frontAgreement, frontChangeCounts } from './front-agreement.js';
export { analyseGroups, frontAreas, frontGroups, layoutsInRegion, ruleText } from './groups.js';
export type { FrontRegion, GroupsAnalysis } from './groups.js';
export { distanceBands, type TreeExplanation } from '../decision/index.js';
export { writeCharacteristicMap, writePartyMaps } from './decision-maps.js';
export { readRunSummary } from './run-summary.js';
export { RunLockedError, LOCK_MISSED_HEARTBEATS } from './lock.js';
export * from './scoring/index.js';
export {
  agreementAcrossRuns,
  ALL_SOLUTIONS,
  crossRunAgreement,
  shareRaster,
  SHARE_NODATA,
} from './cross-run-agreement.js';
export type { AgreementOptions, AgreementResult, CellAgreement, PickedLayouts } from './cross-run-agreement.js';
