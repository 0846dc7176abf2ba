/** Scoring any layout against a scenario (and a run's front), and monitoring a plan against what happened. */
export { scoreLayout, scorePreparedLayout, type ScoreOptions, type ScoredLayout } from './score.js';
export { monitorPlan, monitorLayouts, comparePlan, MONITOR_CATEGORIES, MONITOR_NODATA } from './monitor.js';
export type {
  ClassMonitoring,
  MonitorCategory,
  MonitoredState,
  MonitorOptions,
  MonitorResult,
  PlanComparison,
} from './monitor.js';
export { LayoutScorer, RULE_DESCRIPTIONS, checkDemands, everyCellChangeable, ruleViolations } from './evaluate.js';
export type {
  ClassArea,
  DemandCheck,
  IndicatorScore,
  LayoutEvaluation,
  ObjectiveScore,
  RuleName,
  RuleViolation,
} from './evaluate.js';
export { placeOnFront, advantageOf, TIE_TOLERANCE } from './placement.js';
export type { FrontComparison, FrontPlacement, FrontPoint } from './placement.js';
export { classesOfCodes, readLayoutRaster, type LayoutOnGrid } from './layout-raster.js';
