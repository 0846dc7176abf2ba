/**
 * Parties through the engine API: each party's satisfaction with every layout of a run, its pick,
 * the compromises between parties and where their picks agree on the map (`paretoplan parties`;
 * the desktop's Parties view, through views.ts). Formulas: docs/parties.md.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { bordaCount, COMPROMISE_RULES, type Ranking } from '../decision/index.js';
import {
  LandUseInputError,
  parsePartiesText,
  partiesJsonSchema,
  type CriterionDirections,
  type PartiesSource,
} from '../landuse/index.js';
import { decimalsFor, formatFixed, formatHa } from '../report/format.js';
// The runs modules one by one, not the runs barrel: the background worker loads this module, and
// the barrel would bring the report's PDF printing and charts into the worker (and the app's
// unpacked files).
import { writePartyMaps } from '../runs/decision-maps.js';
import { writeAtomic } from '../runs/files.js';
import { loadFront, type LoadedFront } from '../runs/front-io.js';
import {
  analyseParties,
  copyPreference,
  partiesForRun,
  runCriteria,
  runCriterionList,
  type PartiesAnalysis,
} from '../runs/parties.js';
import { readManifest } from '../runs/run-folder.js';
import type {
  PartiesCheckView,
  PartiesResult,
  PartyInput,
  PartyIssueView,
  PartyLimitsView,
  WorkshopBordaView,
} from './decision-contract.js';

export interface PartiesOptions {
  /** A parties file; default: the `parties:` section of the run's scenario. */
  file?: string;
  /** Parties given directly (as the app edits them), instead of a file. */
  parties?: PartyInput[];
  /** Write the consensus and conflict maps into this folder (default `<run-dir>/parties`), unless `maps` is false. */
  out?: string;
  /** Default true. */
  maps?: boolean;
}

/** Where a run's parties maps go by default. */
export const PARTIES_FOLDER = 'parties';

/** Score the parties over a run's front, find the compromises, and write the consensus and conflict maps. */
export async function partiesOfRun(runDir: string, options: PartiesOptions = {}): Promise<PartiesResult> {
  const front = await loadFront(runDir);
  const analysis = await analysePartiesOfFront(front, options);
  const maps =
    options.maps === false
      ? null
      : await writePartyMaps(
          front,
          analysis.agreement,
          analysis.parties.length,
          path.resolve(options.out ?? path.join(front.dir, PARTIES_FOLDER)),
        );
  return partiesResult(front, analysis, maps);
}

/** The parties analysis of a loaded front (the CLI and the desktop's background worker share it). */
export async function analysePartiesOfFront(
  front: LoadedFront,
  options: Pick<PartiesOptions, 'file' | 'parties'>,
): Promise<PartiesAnalysis> {
  const source = options.parties
    ? parseEditedParties(options.parties, runCriteria(front).directions)
    : await partiesForRun(front, options.file ?? null);
  return analyseParties(front, source);
}

/** The analysis as the contract shows it; `maps` names the GeoTIFFs written, if any. */
export function partiesResult(
  front: LoadedFront,
  analysis: PartiesAnalysis,
  maps: PartiesResult['maps'],
): PartiesResult {
  const { manifest } = front;
  const ha = (cells: number) => cells * manifest.cellAreaHa;
  const a = analysis.agreement;
  const genes = manifest.studyArea.genes;
  const consensusCells = a.genesByDisagreeing[0] ?? 0;
  return {
    dir: front.dir,
    source: analysis.source,
    layouts: front.rows,
    criteria: analysis.criteria.ids.map((id, j) => ({
      id,
      label: analysis.criteria.labels[j]!,
      direction: analysis.criteria.directions[j]!,
      worst: analysis.ranges[j]!.worst,
      best: analysis.ranges[j]!.best,
    })),
    parties: analysis.parties.map((party, p) => {
      const scores = analysis.scores[p]!;
      return {
        ...party,
        preference: copyPreference(party.preference),
        preferred: scores.preferred,
        satisfaction: Array.from(scores.satisfaction),
        rank: Array.from(scores.rank),
        disagreement: analysis.disagreement[p]!,
      };
    }),
    compromises: analysis.compromises.map((c) => ({
      rule: c.rule,
      ...COMPROMISE_RULES[c.rule],
      id: c.id,
      value: c.value,
      satisfaction: analysis.scores.map((s) => s.satisfaction[c.id]!),
    })),
    borda: {
      shortlist: [...analysis.shortlist],
      rankings: analysis.rankings.map((r) => r.map((tier) => [...tier])),
      standings: analysis.borda.standings.map((s) => ({ ...s })),
      winners: [...analysis.borda.winners],
    },
    agreement: {
      changeableHa: ha(genes),
      consensusHa: ha(consensusCells),
      conflictHa: ha(genes - consensusCells),
      conflictByDisagreeing: Array.from(a.genesByDisagreeing)
        .map((cells, k) => ({ parties: k, ha: ha(cells) }))
        .filter((row) => row.parties > 0),
      classes: manifest.classes.map((c, k) => ({
        classId: c.id,
        name: c.name,
        color: c.color,
        consensusHa: ha(a.consensusGenes[k]!),
        agreedChangeHa: ha(a.agreedChangeGenes[k]!),
        contestedHa: ha(a.contestedGenes[k]!),
      })),
    },
    maps,
  };
}

/** What messages call parties the app sends (they have no file). */
const EDITED_PARTIES = '(parties)';

/** Parties as the app edits them, checked like a parties file. @throws LandUseInputError */
function parseEditedParties(parties: PartyInput[], criteria: CriterionDirections | null): PartiesSource {
  return parsePartiesText(JSON.stringify({ parties }), EDITED_PARTIES, criteria);
}

/** The objectives and sub-indicators of a run folder's front, with their directions (from its manifest). */
export async function runCriterionDirections(runDir: string): Promise<CriterionDirections> {
  const manifest = await readManifest(runDir);
  return new Map(runCriterionList(manifest).map((c) => [c.id, c.direction]));
}

/**
 * Check parties as the app edits them: the parties file's schema and checks, names against the
 * run's criteria. Every problem comes back with its party and field, worded as for a file.
 */
export function checkPartyInputs(parties: PartyInput[], criteria: CriterionDirections | null): PartiesCheckView {
  const limits = partyLimits();
  try {
    parseEditedParties(parties, criteria);
    return { ok: true, issues: [], limits };
  } catch (error) {
    if (!(error instanceof LandUseInputError)) throw error;
    const issues =
      error.issues.length > 0
        ? error.issues.map((issue) => partyIssue(issue.path, issue.message))
        : [partyIssue('', error.message)];
    return { ok: false, issues, limits };
  }
}

/** `parties[1].weights.economic.landValue` -> party 1, field `weights`, criterion `economic.landValue`. */
function partyIssue(path: string, message: string): PartyIssueView {
  const match = /^parties\[(\d+)\](?:\.([A-Za-z]+)(?:\.(.+))?)?$/.exec(path);
  return {
    party: match ? Number(match[1]) : null,
    field: match?.[2] ?? null,
    criterion: match?.[3] ?? null,
    path,
    message,
  };
}

/** The editor's bounds, read from the parties file's JSON Schema (one rule for the file and the app). */
export function partyLimits(): PartyLimitsView {
  const schema = partiesJsonSchema();
  const list = schemaNode(schema, 'properties', 'parties');
  const fields = schemaNode(list, 'items', 'properties');
  const description = (field: string) => schemaValue(fields, 'string', field, 'description');
  return {
    minParties: schemaValue(list, 'number', 'minItems'),
    maxParties: schemaValue(list, 'number', 'maxItems'),
    idPattern: schemaValue(fields, 'string', 'id', 'pattern'),
    minWeight: schemaValue(fields, 'number', 'weights', 'additionalProperties', 'minimum'),
    rangeSharePattern: schemaValue(
      schemaNode(fields, 'aspirations', 'additionalProperties', 'anyOf', '1'),
      'string',
      'pattern',
    ),
    help: {
      id: description('id'),
      name: description('name'),
      weights: description('weights'),
      aspirations: description('aspirations'),
      reservations: description('reservations'),
    },
  };
}

function schemaNode(node: unknown, ...keys: string[]): Record<string, unknown> {
  let at = node;
  for (const key of keys) at = (at as Record<string, unknown> | undefined)?.[key];
  if (!at || typeof at !== 'object') throw new Error(`The parties schema has no ${keys.join('.')}.`);
  return at as Record<string, unknown>;
}

function schemaValue<T extends 'string' | 'number'>(
  node: Record<string, unknown>,
  type: T,
  ...keys: string[]
): T extends 'string' ? string : number {
  const last = keys.pop()!;
  const value = (keys.length > 0 ? schemaNode(node, ...keys) : node)[last];
  if (typeof value !== type) throw new Error(`The parties schema has no ${[...keys, last].join('.')}.`);
  return value as T extends 'string' ? string : number;
}

/**
 * Write parties to a YAML parties file: checked first like any parties file (names against
 * `criteria` when given, so the file works with `paretoplan parties <run> --parties FILE`), then
 * written atomically.
 */
export async function savePartiesFile(
  file: string,
  parties: PartyInput[],
  criteria: CriterionDirections | null = null,
): Promise<void> {
  const text = `# Parties at the planning table (docs/parties.md), saved by Pareto Plan.\n${stringify({ parties })}`;
  parsePartiesText(text, file, criteria);
  // A missing folder (a run's exports/, say) is made; a failed write says why (RunInputError).
  await mkdir(path.dirname(file), { recursive: true }).catch(() => undefined);
  await writeAtomic(file, text);
}

/**
 * The Borda count of a shortlist over rankings the parties give in a workshop (tiers best first;
 * layouts in one tier tie and share their places' points; layouts left out tie last): the engine's
 * rule (decision/compromise.ts), the same the analysis uses for its shortlist.
 */
export function workshopBorda(shortlist: number[], rankings: Ranking[]): WorkshopBordaView {
  try {
    const result = bordaCount(shortlist, rankings);
    return { standings: result.standings.map((s) => ({ ...s })), winners: [...result.winners] };
  } catch (error) {
    if (error instanceof RangeError) throw new LandUseInputError(`Workshop rankings: ${error.message}.`);
    throw error;
  }
}

const score = (v: number) => formatFixed(v, 2);

/** The analysis as text for the terminal. */
export function formatParties(result: PartiesResult): string {
  const lines: string[] = [];
  const { parties } = result;
  const criterion = new Map(result.criteria.map((c) => [c.id, c]));
  const natural = (id: string, v: number) => {
    const c = criterion.get(id)!;
    return formatFixed(v, decimalsFor([c.worst, c.best]));
  };
  lines.push(`${parties.length} parties judge the ${result.layouts} layouts of ${result.dir}`);
  lines.push(`  parties from ${result.source}`);
  lines.push('');
  lines.push('Each party\'s choice (satisfaction 0-1 with the layout; "#" = layout id in the front table)');
  const width = Math.max(...parties.map((p) => p.name.length), 5);
  for (const party of parties) {
    const preference =
      party.preference.kind === 'weights'
        ? `weights ${party.preference.weights.map((w) => `${w.criterion} ${formatFixed(w.weight, w.weight % 1 ? 2 : 0)}`).join(', ')}`
        : `aspirations ${party.preference.levels
            .map(
              (l) =>
                `${l.criterion} ${natural(l.criterion, l.aspiration)}${l.reservation === null ? '' : ` (at worst ${natural(l.criterion, l.reservation)})`}`,
            )
            .join(', ')}`;
    lines.push(
      `  ${party.name.padEnd(width)}  prefers #${String(party.preferred).padEnd(4)} satisfaction ${score(party.satisfaction[party.preferred]!)}   ${preference}`,
    );
  }
  lines.push('');
  lines.push(`Compromises (satisfaction of ${parties.map((p) => p.name).join(' / ')})`);
  const ruleWidth = Math.max(...result.compromises.map((c) => c.title.length));
  for (const c of result.compromises) {
    lines.push(
      `  ${c.title.padEnd(ruleWidth)}  #${String(c.id).padEnd(4)} ${c.valueLabel} ${formatFixed(c.value, c.rule === 'nash' ? 4 : 2)}   satisfaction ${c.satisfaction.map(score).join(' / ')}`,
    );
  }
  const b = result.borda;
  lines.push('');
  lines.push(
    `Borda count over the shortlist ${b.shortlist.map((id) => `#${id}`).join(', ')} (each party ranks it by its satisfaction; ties share points):`,
  );
  lines.push(`  ${b.standings.map((s) => `#${s.id} ${formatFixed(s.points, s.points % 1 ? 1 : 0)}`).join(', ')}`);
  lines.push(
    b.winners.length === 1
      ? `  winner: #${b.winners[0]}`
      : `  tie between ${b.winners.map((id) => `#${id}`).join(' and ')}`,
  );
  const ag = result.agreement;
  lines.push('');
  lines.push(
    `Where the parties' preferred layouts agree: ${formatHa(ag.consensusHa)} of ${formatHa(ag.changeableHa)} changeable ha; they clash on ${formatHa(ag.conflictHa)} ha` +
      (ag.conflictByDisagreeing.some((r) => r.ha > 0)
        ? ` (${ag.conflictByDisagreeing
            .filter((r) => r.ha > 0)
            .map(
              (r) => `${r.parties} ${r.parties === 1 ? 'party disagrees' : 'parties disagree'}: ${formatHa(r.ha)} ha`,
            )
            .join('; ')})`
        : ''),
  );
  const nameWidth = Math.max(...ag.classes.map((c) => c.name.length), 5);
  lines.push(`  ${'class'.padEnd(nameWidth)}  consensus ha  agreed change ha  contested ha`);
  for (const c of ag.classes) {
    if (c.consensusHa === 0 && c.contestedHa === 0) continue;
    lines.push(
      `  ${c.name.padEnd(nameWidth)}  ${formatHa(c.consensusHa).padStart(12)}  ${formatHa(c.agreedChangeHa).padStart(16)}  ${formatHa(c.contestedHa).padStart(12)}`,
    );
  }
  if (result.maps) {
    lines.push('');
    lines.push(`Maps (GeoTIFF with a QGIS style beside each):`);
    lines.push(`  consensus: ${result.maps.consensus}`);
    lines.push(`  conflict:  ${result.maps.conflict}`);
  }
  return lines.join('\n');
}
