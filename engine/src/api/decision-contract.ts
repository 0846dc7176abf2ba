/**
 * What the parties and groups analyses of a run return: plain JSON, types only (the renderer may
 * import it, through contract.ts). The CLI prints these (`paretoplan parties`, `paretoplan
 * groups`); the desktop's Parties view and the report's parties section are built on
 * them. Layout ids are front.csv ids; formulas are in docs/parties.md.
 */

import type { ObjectiveDirection } from '../optimizer/index.js';
import type { GridBytes } from './contract.js';

/** A party as written in a parties file or a scenario's `parties:` section (docs/parties.md). */
export interface PartyInput {
  id: string;
  name?: string;
  description?: string;
  /** `#rrggbb` */
  color?: string;
  /** Weights over objectives (`economic`) and/or sub-indicators (`economic.landValue`). */
  weights?: Record<string, number>;
  /** A value in the criterion's unit, or `"<n> % of range"`. */
  aspirations?: Record<string, number | string>;
  reservations?: Record<string, number | string>;
}

/** A party's preference, levels in natural units on this front. */
export type PartyPreferenceView =
  | { kind: 'weights'; weights: { criterion: string; weight: number }[] }
  | { kind: 'reference'; levels: { criterion: string; aspiration: number; reservation: number | null }[] };

export interface PartyResultView {
  id: string;
  name: string;
  description: string;
  color: string | null;
  preference: PartyPreferenceView;
  /** The layout the party would choose (highest achievement). */
  preferred: number;
  /** Satisfaction (0..1) with every layout, index = layout id. */
  satisfaction: number[];
  /** Rank of every layout for this party (1 = first choice; ties share a rank). */
  rank: number[];
  /** Satisfaction with the worst layout on the front for this party (Nash's disagreement point). */
  disagreement: number;
}

export type CompromiseRuleId = 'egalitarian' | 'minimax-regret' | 'nash';

export interface CompromiseView {
  rule: CompromiseRuleId;
  /** Plain words, e.g. "Egalitarian (max-min satisfaction)". */
  title: string;
  id: number;
  /** The least satisfaction, the largest regret, or the product of gains at the chosen layout. */
  value: number;
  /** What `value` is, in words. */
  valueLabel: string;
  /** Each party's satisfaction with the chosen layout (party order). */
  satisfaction: number[];
}

export interface BordaView {
  /** The parties' preferred layouts and the compromises, ascending. */
  shortlist: number[];
  /** Per party: tiers of the shortlist from best to worst (layouts in one tier tie). */
  rankings: number[][][];
  /** Points per layout, most first. */
  standings: { id: number; points: number }[];
  /** More than one when tied. */
  winners: number[];
}

/**
 * Bounds of a party's fields for the app's editor, read from the parties file's JSON Schema
 * (engine/src/landuse/scenario/parties-schema.ts), so the editor and the file obey one rule.
 */
export interface PartyLimitsView {
  minParties: number;
  maxParties: number;
  /** Regular expression (source) a party id must match. */
  idPattern: string;
  minWeight: number;
  /** Regular expression (source) of a level written as a share of the front's range (`"75 % of range"`). */
  rangeSharePattern: string;
  /** The schema's description of each field, for the editor's hints. */
  help: { id: string; name: string; weights: string; aspirations: string; reservations: string };
}

/** One problem with parties as the app edits them, as the parties file's checks word it. */
export interface PartyIssueView {
  /** Index of the party, or null for the list as a whole. */
  party: number | null;
  /** `id`, `name`, `weights`, `aspirations`, `reservations`, ...; null for the party as a whole. */
  field: string | null;
  /** The objective or sub-indicator of a weight or level, when the problem is about one. */
  criterion: string | null;
  /** The field's path as in a parties file, e.g. `parties[1].weights.economic`. */
  path: string;
  message: string;
}

/** The check of edited parties against the parties file's schema and the run's criteria. */
export interface PartiesCheckView {
  ok: boolean;
  issues: PartyIssueView[];
  limits: PartyLimitsView;
}

/** A parties file written by the app. */
export interface PartiesSaved {
  file: string;
  parties: number;
}

/** Borda count of a shortlist over rankings given in the app (a workshop): the engine's rule. */
export type WorkshopBordaView = Pick<BordaView, 'standings' | 'winners'>;

export interface AgreementView {
  /** Hectares of changeable cells, and how many of them all parties' preferred layouts agree on. */
  changeableHa: number;
  consensusHa: number;
  conflictHa: number;
  /** Conflict area by how many parties disagree with the most common class (1..parties-1). */
  conflictByDisagreeing: { parties: number; ha: number }[];
  /** Per class, over the changeable cells. */
  classes: {
    classId: string;
    name: string;
    color: string;
    /** All parties give this class. */
    consensusHa: number;
    /** ... and today's class differs: a change every party wants. */
    agreedChangeHa: number;
    /** Conflict cells where at least one party gives this class. */
    contestedHa: number;
  }[];
}

export interface CriterionView {
  /** `economic` or `economic.landValue`. */
  id: string;
  label: string;
  direction: ObjectiveDirection;
  /** The worst and best value on the front. */
  worst: number;
  best: number;
}

/** `paretoplan parties`, and the desktop's Parties view. */
export interface PartiesResult {
  dir: string;
  /** The parties file, or the scenario whose `parties:` section was used. */
  source: string;
  layouts: number;
  criteria: CriterionView[];
  parties: PartyResultView[];
  compromises: CompromiseView[];
  borda: BordaView;
  agreement: AgreementView;
  /** The GeoTIFFs written (with .qml beside them), or null when maps were not asked for. */
  maps: { consensus: string; conflict: string } | null;
}

/**
 * The desktop's Parties view: the analysis with its consensus and conflict maps as rasters (one
 * byte per cell, 255 outside the study area) instead of files.
 */
export interface PartiesView extends Omit<PartiesResult, 'maps'> {
  /** Class index where all parties' picks agree (today's class on cells no layout changes); 254 where they disagree. */
  consensus: GridBytes;
  /** How many parties disagree with the most common class of the cell (0 = all agree). */
  conflict: GridBytes;
  /** The parties came from the app (an edit), not from a file or the scenario. */
  edited: boolean;
}

export interface TreeRuleView {
  /** The rule in plain words, e.g. "If Residential in floodzone is at most 3.5 ha: group 1 (40 of 42 layouts)". */
  text: string;
  conditions: { feature: string; unit: string; above: number | null; atMost: number | null }[];
  label: string;
  layouts: number;
  correct: number;
}

export interface TreeView {
  labels: string[];
  /** Layouts per label. */
  counts: number[];
  rules: TreeRuleView[];
  /** Share of the front's layouts the rules label correctly. */
  accuracy: number;
  /** 5-fold cross-validated accuracy; null with fewer than 5 layouts. */
  crossValidatedAccuracy: number | null;
  /** How many features the tree could choose from. */
  features: number;
}

export interface GroupView {
  /** 1-based, largest group first. */
  index: number;
  medoid: number;
  members: number[];
  /** Mean share of cells (0..1) in which a member differs from the medoid. */
  meanDifference: number;
  objectiveRanges: { objective: string; label: string; min: number; max: number }[];
  /** Every class, the largest absolute difference from the other groups' mean area first. */
  classDifferences: {
    classId: string;
    name: string;
    groupMeanHa: number;
    othersMeanHa: number;
    differenceHa: number;
  }[];
  /** Cells whose class the group gives clearly more often than the rest of the front (docs/parties.md). */
  characteristicHa: number;
  characteristicByClass: { classId: string; name: string; ha: number }[];
  /** GeoTIFF of the characteristic cells, when maps were written. */
  map: string | null;
}

/** A box on the objectives (natural units; null = open). */
export type FrontRegionView = { objective: string; min: number | null; max: number | null }[];

/** `paretoplan groups`. */
export interface GroupsResult {
  dir: string;
  layouts: number;
  /** Mean silhouette of each number of groups tried; the chosen one is `groups.length`. */
  silhouettes: { k: number; silhouette: number }[];
  groups: GroupView[];
  /** Why zones and distance bands are missing from the tree's features, when they are. */
  featureNote: string | null;
  /** What tells the groups apart (null for a single group). */
  groupTree: TreeView | null;
  /** What tells a brushed region of the front from the rest, when one was given. */
  regionTree: (TreeView & { region: FrontRegionView; members: number[] }) | null;
}
