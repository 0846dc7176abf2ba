/**
 * The land-use allocation problem: scenario files, the study area model, the economic,
 * social-welfare and ecological objectives, hard constraints and spatial operators.
 */
export { LandUseInputError, MAX_LISTED_ISSUES, formatIssue } from './errors.js';
export type { ScenarioIssue } from './errors.js';
export { DEFAULT_LOCAL_SEARCH, DEFAULT_REGION_SIZE, loadScenarioFile, parseScenarioText } from './scenario/parse.js';
export type { ParseOptions } from './scenario/parse.js';
export { OPTIMIZER_LIMITS, type OptimizerLimit } from '../rules/index.js';
export { scenarioJsonSchema, scenarioSchema, INDICATOR_NAMES } from './scenario/schema.js';
export { checkParties, loadPartiesFile, parsePartiesText } from './scenario/parties.js';
export type { CriterionDirections, PartiesSource } from './scenario/parties.js';
export { parseRangeShare, partiesJsonSchema, RANGE_SHARE_PATTERN } from './scenario/parties-schema.js';
export type { PartyDocument } from './scenario/parties-schema.js';
export { formatPath, lineOf } from './scenario/source-map.js';
export type * from './scenario/types.js';
export {
  buildStudyArea,
  classCounts,
  currentGenome,
  layoutMap,
  MAX_CLASSES,
  NO_CLASS,
  startGenome,
} from './model/study-area.js';
export { genomeOfLayout, lockCells, type CellLockSummary } from './model/cell-locks.js';
export {
  boundObjectives,
  boundShortfall,
  checkObjectiveBounds,
  listObjectiveBounds,
  type ObjectiveBound,
  type ObjectiveBounds,
} from './model/objective-bounds.js';
export type { StudyArea, StudyAreaInput, UndeclaredCode } from './model/study-area.js';
export { prepareScenario } from './model/load.js';
export {
  ChangeRunRows,
  CompactLayoutRows,
  LAYOUT_CHANGES_ENCODING,
  populationRowsFor,
} from './model/compact-layouts.js';
export {
  DERIVED_LAYERS,
  derivedLayerType,
  type DerivedLayerName,
  type DerivedLayerType,
} from './model/derived/index.js';
export type { LayerAlignment, PreparedScenario } from './model/load.js';
export { gridWarnings, MIN_LAYER_COVERAGE } from './model/grid-checks.js';
export { checkFeasibility } from './model/feasibility.js';
export type { FeasibilityReport } from './model/feasibility.js';
export { LandUseEvaluator, IncrementalState } from './objectives/evaluator.js';
export type { IndicatorReport } from './objectives/evaluator.js';
export { contributionMap, StandaloneContributionBasis, type ContributionBasis } from './objectives/contribution.js';
export { checkLayout } from './constraints/check.js';
export type { ConstraintViolation } from './constraints/check.js';
export { DemandRepair } from './operators/repair.js';
export { RegionMutation } from './operators/mutation.js';
export { RegionCrossover } from './operators/crossover.js';
export { buildRegions, DEFAULT_REGION_CELLS } from './model/regions.js';
export type { RegionOptions, Regions } from './model/regions.js';
export { LandUseSampling } from './operators/sampling.js';
export { LinearGain } from './operators/linear-gain.js';
export { LandUseProblem, createLandUseProblem, scenarioProblemOptions } from './problem.js';
export { changedPatches, PARSIMONY_TOLERANCE, parsimonyTolerances, PatchReversion } from './operators/reversion.js';
export type { ChangedPatches } from './operators/reversion.js';
export { LocalSearch, type LocalSearchResult } from './operators/local-search.js';
export { LandUseImprovement } from './operators/improvement.js';
export type { LandUseMetadata, LandUseProblemOptions, LandUseSetup, LandUseSharedParts } from './problem.js';
export {
  INDICATOR_DESCRIPTIONS,
  describeIndicator,
  indicatorLabel,
  indicatorName,
  type IndicatorDescription,
} from './objectives/descriptions.js';
export {
  applyVariant,
  loadVariantsFile,
  parseVariantsText,
  variantsFileSchema,
  MAX_VARIANTS,
} from './scenario/variants.js';
export type { VariantDocument, VariantsSource } from './scenario/variants.js';
