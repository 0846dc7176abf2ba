/**
 * Parties judging a run's front: which parties (a parties file, or the scenario's `parties:`
 * section), their preferences resolved against the front (levels given as "% of range" turned into
 * natural units), each party's satisfaction, ranks and preferred layout, the compromises, a Borda
 * count over the shortlist, and the agreement of the preferred layouts cell by cell. The formulas
 * are in engine/src/decision and docs/parties.md; this module only feeds them from a run folder.
 */
import path from 'node:path';
import {
  bordaCount,
  compromises,
  criterionRanges,
  disagreementPoints,
  partyAgreement,
  rankingFromScores,
  satisfactionMatrix,
  scoreParty,
  valueAtGoodness,
  type BordaResult,
  type Compromise,
  type CriteriaTable,
  type CriterionRange,
  type Party,
  type PartyAgreement,
  type PartyScores,
  type Ranking,
} from '../decision/index.js';
import {
  checkParties,
  formatPath,
  LandUseInputError,
  lineOf,
  loadPartiesFile,
  parseRangeShare,
  type CriterionDirections,
  type PartiesSource,
  type PartyDocument,
  type ResolvedScenario,
  type ScenarioIssue,
} from '../landuse/index.js';
import type { ObjectiveDirection } from '../optimizer/index.js';
import { RunInputError } from './errors.js';
import { frontLayoutChanges, type LoadedFront } from './front-io.js';
import type { RunManifest } from './run-folder.js';

/** The criteria of a run's front: its objectives, then every sub-indicator (`<objective>.<indicator>`). */
export interface RunCriteria {
  readonly table: CriteriaTable;
  readonly ranges: readonly CriterionRange[];
  /** Display label of each criterion, e.g. "Economic return (M€)" or "social.greenAccess (% of housing)". */
  readonly labels: readonly string[];
  readonly directions: CriterionDirections;
}

/** The criteria parties may name in a run: its objectives, then its sub-indicators (good when high). */
export function runCriterionList(
  manifest: Pick<RunManifest, 'objectives' | 'indicators'>,
): { id: string; direction: ObjectiveDirection }[] {
  return [
    ...manifest.objectives.map((o) => ({ id: o.id, direction: o.direction as ObjectiveDirection })),
    ...manifest.indicators.map((i) => ({ id: `${i.objective}.${i.indicator}`, direction: 'maximize' as const })),
  ];
}

/** Objectives and sub-indicators of a loaded front as a criteria table (sub-indicators are good when high). */
export function runCriteria(front: LoadedFront): RunCriteria {
  const { objectives, indicators } = front.manifest;
  const criteria = runCriterionList(front.manifest);
  const columns = criteria.length;
  const values = new Float64Array(front.rows * columns);
  front.table.forEach((row, i) => {
    // front.csv: id, objectives, sub-indicators, areas (docs/run-folder.md)
    for (let j = 0; j < columns; j++) values[i * columns + j] = row[1 + j]!;
  });
  const table: CriteriaTable = { criteria, rows: front.rows, values };
  return {
    table,
    ranges: criterionRanges(table),
    labels: [...objectives.map((o) => o.label), ...indicators.map((i) => `${i.objective}.${i.indicator} (${i.unit})`)],
    directions: new Map(criteria.map((c) => [c.id, c.direction])),
  };
}

/**
 * The parties to judge a run by: those of `file` when given, else the `parties:` section of the
 * run's scenario. Names are checked against the run's objectives and sub-indicators.
 * @throws LandUseInputError (file:line problems) or RunInputError (no parties at all)
 */
export async function partiesForRun(front: LoadedFront, file: string | null): Promise<PartiesSource> {
  const criteria = runCriteria(front).directions;
  if (file) return loadPartiesFile(file, criteria);
  const scenario = front.manifest.scenario.parsed as ResolvedScenario;
  const parties = scenario.parties ?? [];
  if (parties.length === 0) {
    throw new RunInputError(
      `The scenario of run ${front.dir} has no "parties:" section. Give a parties file with --parties ` +
        `(the bundled scenarios have one beside them, e.g. scenarios/riverbend.parties.yaml; see docs/parties.md).`,
    );
  }
  const source: PartiesSource = { file: scenario.file, lines: scenario.lines, parties };
  throwIssues(source, (report) => checkParties(parties, criteria, report));
  return source;
}

function throwIssues(source: PartiesSource, check: (report: (p: readonly PropertyKey[], m: string) => void) => void) {
  const issues: ScenarioIssue[] = [];
  check((p, message) =>
    issues.push({ file: source.file, line: lineOf(source.lines, p), path: formatPath(p), message }),
  );
  if (issues.length > 0) throw LandUseInputError.fromIssues(source.file, issues, 'parties');
}

/** A party as the analysis shows it: its preference in natural units. */
export interface PartyView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly color: string | null;
  readonly preference:
    | { readonly kind: 'weights'; readonly weights: readonly { readonly criterion: string; readonly weight: number }[] }
    | {
        readonly kind: 'reference';
        readonly levels: readonly {
          readonly criterion: string;
          readonly aspiration: number;
          readonly reservation: number | null;
        }[];
      };
}

/** A mutable copy of a party's preference, for the report's and the API's plain data. */
export function copyPreference(
  preference: PartyView['preference'],
):
  | { kind: 'weights'; weights: { criterion: string; weight: number }[] }
  | { kind: 'reference'; levels: { criterion: string; aspiration: number; reservation: number | null }[] } {
  return preference.kind === 'weights'
    ? { kind: 'weights', weights: preference.weights.map((w) => ({ ...w })) }
    : { kind: 'reference', levels: preference.levels.map((l) => ({ ...l })) };
}

/**
 * Parties in the decision core's terms: levels written as "<n> % of range" become natural values
 * on this front (worst + n % x (best - worst)).
 */
export function resolveParties(source: PartiesSource, criteria: RunCriteria): { parties: Party[]; views: PartyView[] } {
  const index = new Map(criteria.table.criteria.map((c, j) => [c.id, j]));
  const natural = (level: number | string, key: string) =>
    typeof level === 'number' ? level : valueAtGoodness(parseRangeShare(level)!, criteria.ranges[index.get(key)!]!);
  const parties: Party[] = [];
  const views: PartyView[] = [];
  throwIssues(source, (report) =>
    source.parties.forEach((doc: PartyDocument, p) => {
      const base = { id: doc.id, name: doc.name ?? doc.id };
      const view = { ...base, description: (doc.description ?? '').trim(), color: doc.color ?? null };
      if (doc.weights) {
        const weights = Object.entries(doc.weights).map(([key, weight]) => ({ key, weight }));
        parties.push({
          ...base,
          preference: {
            kind: 'weights',
            weights: weights.map((w) => ({ criterion: index.get(w.key)!, weight: w.weight })),
          },
        });
        views.push({
          ...view,
          preference: { kind: 'weights', weights: weights.map((w) => ({ criterion: w.key, weight: w.weight })) },
        });
        return;
      }
      const levels = Object.entries(doc.aspirations ?? {}).map(([key, aspiration]) => {
        const reservation = doc.reservations?.[key];
        const level = {
          criterion: key,
          aspiration: natural(aspiration, key),
          reservation: reservation === undefined ? null : natural(reservation, key),
        };
        const range = criteria.ranges[index.get(key)!]!;
        const direction = criteria.directions.get(key)!;
        const worse = direction === 'maximize' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
        if (level.reservation !== null && range.best !== range.worst && !worse(level.reservation, level.aspiration)) {
          report(
            ['parties', p, 'reservations', key],
            `is ${level.reservation} on this front, not worse than the aspiration ${level.aspiration}: the reservation is the worst acceptable value`,
          );
        }
        return level;
      });
      parties.push({
        ...base,
        preference: { kind: 'reference', levels: levels.map((l) => ({ ...l, criterion: index.get(l.criterion)! })) },
      });
      views.push({ ...view, preference: { kind: 'reference', levels } });
    }),
  );
  return { parties, views };
}

/** Everything the parties analysis computes for a front (maps as per-gene arrays; see party-maps.ts). */
export interface PartiesAnalysis {
  readonly source: string;
  readonly criteria: {
    readonly ids: readonly string[];
    readonly labels: readonly string[];
    readonly directions: readonly ObjectiveDirection[];
  };
  readonly ranges: readonly CriterionRange[];
  readonly parties: readonly PartyView[];
  readonly scores: readonly PartyScores[];
  /** Satisfaction of each party at the worst layout on the front for it (Nash's disagreement point). */
  readonly disagreement: readonly number[];
  readonly compromises: readonly Compromise[];
  /** The parties' preferred layouts and the compromises, each once, ascending. */
  readonly shortlist: readonly number[];
  /** Each party's ranking of the shortlist (by its achievement; ties possible). */
  readonly rankings: readonly Ranking[];
  readonly borda: BordaResult;
  readonly agreement: PartyAgreement;
}

/** Score the parties over a loaded front. */
export function analyseParties(front: LoadedFront, source: PartiesSource): PartiesAnalysis {
  const criteria = runCriteria(front);
  const { parties, views } = resolveParties(source, criteria);
  const scores = parties.map((party) => scoreParty(criteria.table, party, criteria.ranges));
  const matrix = satisfactionMatrix(scores.map((s) => s.satisfaction));
  const chosen = compromises(matrix);
  const shortlist = [...new Set([...scores.map((s) => s.preferred), ...chosen.map((c) => c.id)])].sort((a, b) => a - b);
  const rankings = scores.map((s) => rankingFromScores(s.achievement, shortlist));
  return {
    source: path.resolve(source.file),
    criteria: {
      ids: criteria.table.criteria.map((c) => c.id),
      labels: criteria.labels,
      directions: criteria.table.criteria.map((c) => c.direction),
    },
    ranges: criteria.ranges,
    parties: views,
    scores,
    disagreement: disagreementPoints(matrix),
    compromises: chosen,
    shortlist,
    rankings,
    borda: bordaCount(shortlist, rankings),
    agreement: partyAgreement(
      frontLayoutChanges(front),
      scores.map((s) => s.preferred),
      front.manifest.classes.length,
    ),
  };
}
