/**
 * The engine API: the one facade the CLI, the Electron main process and the browser-mode
 * server call. Everything a front end needs is exported from here; nothing else in engine/src
 * is imported by front ends (enforced by lint).
 */
export { engineVersion } from './version.js';
export { isInputError } from './errors.js';
export type * from './contract.js';
export { listScenarioFiles, bundledScenariosDir } from './scenarios.js';
export {
  agreementMaps,
  differenceMap,
  FrontCache,
  frontRepresentatives,
  layoutClasses,
  runHistory,
  splitObjectiveLabel,
} from './explore.js';
export type { AgreementMaps, DifferenceMap, LayoutId } from './explore.js';
export { ExploreViews, gridBytes } from './views.js';
export { ANSWER_FRAMES_TYPE, encodeAnswerFrame } from '../rules/index.js';
export { BackgroundTasks, BackgroundTaskError, type BackgroundOptions } from './background.js';
export { loadStudyAreaLayers, type StudyAreaLayers, type StudyAreaOverlay } from './study-area.js';
export { readScenarioSettings, saveScenarioAs, ScenarioEditError } from './scenario-edit.js';
export { formatInspection, inspectFile } from './inspect.js';
export type { InspectOptions, Inspection, RasterInspection, VectorInspection } from './inspect.js';
export { formatValidation, validateScenario, validationError } from './scenario.js';
export type { ClassSummary, ScenarioValidation, StudyAreaSummary } from './scenario.js';
export { prepareScenarioFolder } from './prepare.js';
export { formatLayerCacheStatus, layerCacheStatus, type LayerCacheStatus } from './layer-cache.js';
export type { PreparedFile, PreparedOutput } from './prepare.js';
export { benchmarkProblems, defaultReferenceFrontsDir, formatBenchmark, runBenchmark } from './benchmark.js';
export type { BenchmarkOptions, BenchmarkReport } from './benchmark.js';
export * from './runs.js';
export { describeObjectiveBounds, noFeasibleLayoutMessage, type RecordedObjectiveBound } from './objective-bounds.js';
export { agreementMask, AGREEMENT_LOCK_LABEL, planSteering, type SteeringPlan } from './steer.js';
export { formatParties, PARTIES_FOLDER, partiesOfRun, savePartiesFile, type PartiesOptions } from './parties.js';
export { formatGroups, GROUPS_FOLDER, groupsOfRun, parseRegion, type GroupsOptions } from './groups.js';
export { initScenario } from './init.js';
export type { InitClass, InitOptions, InitResult } from './init.js';
export {
  defaultHomeDir,
  PlanRequestError,
  PlanService,
  toErrorPayload,
  type PlanServiceOptions,
} from './plan-service.js';
export { PathPolicy, PathPolicyError, FILE_TYPES, isRunOutput, type FileType, type GrantKind } from './path-policy.js';
export { REQUEST_LIMITS, BACKGROUND_LIMITS, OPTIMIZER_LIMITS, PAINT_LIMITS, type OptimizerLimit } from './limits.js';
export {
  FULL_EVALUATION_SHARE,
  PAINT_LOCK,
  PaintSession,
  PaintSessions,
  type CheckedPaintSource,
  type StrokeResult,
} from './paint.js';
export * from './distributed.js';
export { formatScore, scoreLayout } from './score.js';
export type * from './score.js';
export { formatMonitor, monitorPlan, MONITOR_CATEGORIES } from './monitor.js';
export type { ClassMonitoring, MonitorCategory, MonitorOptions, MonitorResult } from './monitor.js';
export { agreementAcrossRuns, ALL_SOLUTIONS, formatAgreement } from './agreement.js';
export type { AgreementOptions, AgreementResult } from './agreement.js';
