/**
 * The decision core: the front's highlighted layouts (extremes and the compromise), parties' satisfaction with the layouts of a front and compromises between
 * them, consensus and conflict, groups of similar layouts and what sets them apart, and a small
 * interpretable classifier. Pure TypeScript over typed arrays (no Node built-ins, no I/O): the
 * run folders (engine/src/runs) feed it, and it runs in a browser too. Formulas: docs/parties.md.
 */
export { frontHighlights, normaliseToUnitCost, type FrontHighlights } from './front-analysis.js';
export {
  criterionRanges,
  goodness,
  isFlat,
  valueAtGoodness,
  type CriteriaTable,
  type Criterion,
  type CriterionRange,
} from './criteria.js';
export {
  AUGMENTATION,
  partialScales,
  ranksOf,
  scoreParty,
  TIE_TOLERANCE,
  type PartialScale,
  type Party,
  type PartyScores,
  type ReferencePreference,
  type WeightsPreference,
} from './satisfaction.js';
export {
  bordaCount,
  COMPROMISE_RULES,
  compromises,
  disagreementPoints,
  egalitarian,
  minimaxRegret,
  nashBargaining,
  rankingFromScores,
  regrets,
  satisfactionMatrix,
  type BordaResult,
  type Compromise,
  type CompromiseRule,
  type Ranking,
  type SatisfactionMatrix,
} from './compromise.js';
export {
  agreementOfCounts,
  changesPerGene,
  emptyChangeCounts,
  geneAgreement,
  partyAgreement,
  type ChangeCounts,
  type GeneAgreement,
  type PartyAgreement,
} from './agreement.js';
export {
  chooseGroups,
  clusterByMedoids,
  frontDistances,
  GROUP_COUNTS,
  layoutDistances,
  MAX_COMPARED_GENES,
  meanSilhouette,
  representativeLayouts,
  type ChosenGroups,
  type LayoutCluster,
} from './clustering.js';
export { layoutChangesOf, rowReader, type GenomeRows, type LayoutChanges } from './rows.js';
export {
  CHARACTERISTIC_MARGIN,
  profileGroups,
  type ClassDifference,
  type GroupInput,
  type GroupProfile,
} from './groups.js';
export {
  aggregationIndex,
  distanceBands,
  layoutFeatures,
  maxLikeAdjacencies,
  type FeatureInput,
  type Zone,
} from './features.js';
export {
  accuracy,
  crossValidatedAccuracy,
  defaultMinLeaf,
  describeRule,
  growTree,
  MAX_TREE_DEPTH,
  predict,
  treeRules,
  explainLabels,
  type TreeExplanation,
  type FeatureInfo,
  type FeatureTable,
  type TreeNode,
  type TreeOptions,
  type TreeRule,
} from './tree.js';
