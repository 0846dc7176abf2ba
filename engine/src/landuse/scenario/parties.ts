/**
 * Parties files (`scenarios/*.parties.yaml`) and the `parties:` section of a scenario: read with
 * line numbers, validated against the schema (parties-schema.ts), then checked as a whole, so every
 * problem is reported at once as `file:line: path: message`. Names are checked against the
 * objectives and sub-indicators of the scenario or of the run the parties judge.
 */
import type { ObjectiveDirection } from '../../optimizer/index.js';
import { LandUseInputError, type ScenarioIssue } from '../errors.js';
import { parseRangeShare, partiesFileSchema, type PartyDocument } from './parties-schema.js';
import { formatPath, lineOf, type FieldPath } from './source-map.js';
import { readSourceFile, validateYaml, type SourceKind } from './yaml-source.js';

const PARTIES_SOURCE: SourceKind = { what: 'parties file', file: 'parties file', docs: 'docs/parties.md' };

/** Parties as written, with where they were written (for messages about them found later). */
export interface PartiesSource {
  /** The parties or scenario file, as given. */
  readonly file: string;
  /** Line of each field, keyed by dotted path (`parties[1].weights.economic`). */
  readonly lines: Readonly<Record<string, number>>;
  readonly parties: readonly PartyDocument[];
}

/** The objectives and sub-indicators parties may name, with their directions. */
export type CriterionDirections = ReadonlyMap<string, ObjectiveDirection>;

/**
 * Read and validate a parties file. Names are checked when `criteria` is given.
 * @throws LandUseInputError listing every problem with its line
 */
export async function loadPartiesFile(
  file: string,
  criteria: CriterionDirections | null = null,
): Promise<PartiesSource> {
  return parsePartiesText(await readSourceFile(file, PARTIES_SOURCE), file, criteria);
}

/** Validate the text of a parties file; `file` names it in messages. */
export function parsePartiesText(
  text: string,
  file: string,
  criteria: CriterionDirections | null = null,
): PartiesSource {
  const { data, lines } = validateYaml(text, file, partiesFileSchema, PARTIES_SOURCE);
  const issues: ScenarioIssue[] = [];
  checkParties(data.parties, criteria, (p, message) =>
    issues.push({ file, line: lineOf(lines, p), path: formatPath(p), message }),
  );
  if (issues.length > 0) throw LandUseInputError.fromIssues(file, issues, PARTIES_SOURCE.what);
  return { file, lines, parties: data.parties };
}

/**
 * Check parties as a whole: unique ids; weights or aspirations (not both, not neither);
 * reservations only beside an aspiration and worse than it; names of objectives and
 * sub-indicators (when `criteria` is given). Problems go to `report` with their field path.
 */
export function checkParties(
  parties: readonly PartyDocument[],
  criteria: CriterionDirections | null,
  report: (path: FieldPath, message: string) => void,
  prefix: FieldPath = ['parties'],
): void {
  const seen = new Set<string>();
  parties.forEach((party, index) => {
    const p = [...prefix, index];
    if (seen.has(party.id)) report([...p, 'id'], `party "${party.id}" is declared twice`);
    seen.add(party.id);
    const names = (field: 'weights' | 'aspirations' | 'reservations') => {
      for (const key of Object.keys(party[field] ?? {})) {
        if (criteria && !criteria.has(key)) {
          report(
            [...p, field, key],
            `no objective or sub-indicator is named "${key}" (known: ${[...criteria.keys()].join(', ')})`,
          );
        }
      }
    };
    if (party.weights && party.aspirations) {
      report(p, 'has both "weights" and "aspirations": a party gives one or the other');
    } else if (!party.weights && !party.aspirations) {
      report(p, 'needs "weights" (over objectives) or "aspirations" (a reference point)');
    }
    if (party.weights) {
      names('weights');
      if (!Object.values(party.weights).some((w) => w > 0))
        report([...p, 'weights'], 'needs at least one positive weight');
    }
    if (party.aspirations) {
      names('aspirations');
      if (Object.keys(party.aspirations).length === 0) report([...p, 'aspirations'], 'needs at least one aspiration');
    }
    if (party.reservations) {
      names('reservations');
      if (!party.aspirations) report([...p, 'reservations'], 'reservation levels go with aspirations');
      for (const [key, reservation] of Object.entries(party.reservations)) {
        const aspiration = party.aspirations?.[key];
        if (party.aspirations && aspiration === undefined) {
          report([...p, 'reservations', key], `has no aspiration for "${key}" beside it; add one under "aspirations"`);
        } else if (aspiration !== undefined && !isWorse(reservation, aspiration, criteria?.get(key))) {
          report(
            [...p, 'reservations', key],
            `${JSON.stringify(reservation)} is not worse than the aspiration ${JSON.stringify(aspiration)}: the reservation is the worst acceptable value`,
          );
        }
      }
    }
  });
}

/** Whether a reservation is worse than an aspiration; true when they cannot be compared yet (units differ). */
function isWorse(reservation: number | string, aspiration: number | string, direction?: ObjectiveDirection): boolean {
  if (typeof reservation === 'string' && typeof aspiration === 'string') {
    return parseRangeShare(reservation)! < parseRangeShare(aspiration)!;
  }
  if (typeof reservation === 'number' && typeof aspiration === 'number' && direction) {
    return direction === 'maximize' ? reservation < aspiration : reservation > aspiration;
  }
  return true;
}
