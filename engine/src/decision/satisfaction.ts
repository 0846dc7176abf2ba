/**
 * Each party's satisfaction with every layout of a front, its ranking and its preferred layout.
 *
 * Both forms of preference are scored with one achievement scalarising function (Wierzbicki 1980,
 * 1986), in goodness units u (0 at the front's worst value of a criterion, 1 at its best; see
 * criteria.ts). For each criterion j the party cares about, a partial achievement
 *
 *     sigma_j(u) = (u - r_j) / (a_j - r_j)          1 at the aspiration a_j, 0 at the reservation r_j
 *
 * and for a layout with goodness u_1..u_J
 *
 *     satisfaction = clamp(min_j sigma_j, 0, 1)
 *     achievement  = min_j sigma_j + rho * sum_j sigma_j        (rho = 1e-4, unclamped)
 *
 * The party ranks layouts by achievement; its preferred layout is the one with the highest. The
 * small augmentation rho makes that pick Pareto-optimal and breaks ties between layouts that both
 * meet every aspiration (satisfaction 1) in favour of the one that exceeds them more.
 *
 * - Reference point (aspiration levels, optional reservation levels): a_j and r_j are the party's
 *   levels in goodness units. A missing reservation is the worst value on the front (r = 0), or
 *   one front range below the aspiration when the aspiration itself is at or below that (r = a - 1).
 * - Weights w_j >= 0 (normalised weighted Tchebycheff): a_j = 1 (the front's best value, i.e. the
 *   ideal point) and r_j = 1 - max_k w_k / w_j, so that
 *       sigma_j = 1 - (w_j / max_k w_k) (1 - u_j)
 *   and satisfaction = 1 - max_j (w_j / max_k w_k)(1 - u_j): one minus the largest weighted
 *   shortfall from the ideal point, scaled so that the most important criterion at its worst value
 *   on the front gives 0. A weight of 0 leaves the criterion out.
 *
 * Criteria on which every layout of the front scores the same are left out (they cannot change a
 * party's choice); a party left with no criterion is satisfied (1) by every layout.
 */
import { criterionRanges, goodness, isFlat, valueAt, type CriteriaTable, type CriterionRange } from './criteria.js';

/** Augmentation rho of the achievement function. */
export const AUGMENTATION = 1e-4;
/** Scores closer than this are ties (ranks, compromises). */
export const TIE_TOLERANCE = 1e-12;

/** Weights over criteria (indices into the criteria table). */
export interface WeightsPreference {
  readonly kind: 'weights';
  readonly weights: readonly { readonly criterion: number; readonly weight: number }[];
}

/** A reference point: aspiration levels, optionally reservation levels, in natural units. */
export interface ReferencePreference {
  readonly kind: 'reference';
  readonly levels: readonly {
    readonly criterion: number;
    readonly aspiration: number;
    /** The worst acceptable value; null = the worst value on the front. */
    readonly reservation: number | null;
  }[];
}

export interface Party {
  readonly id: string;
  readonly name: string;
  readonly preference: WeightsPreference | ReferencePreference;
}

/** The aspiration and reservation of one criterion in goodness units (see the module comment). */
export interface PartialScale {
  readonly criterion: number;
  readonly aspiration: number;
  readonly reservation: number;
}

/** The scales of the criteria a party cares about (flat criteria and zero weights left out). */
export function partialScales(party: Party, ranges: readonly CriterionRange[]): PartialScale[] {
  const preference = party.preference;
  if (preference.kind === 'weights') {
    const used = preference.weights.filter((w) => w.weight > 0 && !isFlat(ranges[w.criterion]!));
    const top = Math.max(...used.map((w) => w.weight));
    return used.map((w) => ({ criterion: w.criterion, aspiration: 1, reservation: 1 - top / w.weight }));
  }
  return preference.levels
    .filter((level) => !isFlat(ranges[level.criterion]!))
    .map((level) => {
      const range = ranges[level.criterion]!;
      const aspiration = goodness(level.aspiration, range);
      const reservation =
        level.reservation === null ? (aspiration > 0 ? 0 : aspiration - 1) : goodness(level.reservation, range);
      if (!(reservation < aspiration)) {
        throw new RangeError(
          `party "${party.id}": the reservation level of criterion ${level.criterion} is not worse than its aspiration`,
        );
      }
      return { criterion: level.criterion, aspiration, reservation };
    });
}

/** One party's scores over the front. */
export interface PartyScores {
  readonly party: string;
  /** Per layout, 0..1. */
  readonly satisfaction: Float64Array;
  /** Per layout: the augmented achievement the party ranks by (unclamped). */
  readonly achievement: Float64Array;
  /** Per layout: 1 = the party's first choice; tied layouts share the better rank (1, 2, 2, 4). */
  readonly rank: Int32Array;
  /** The layout with the highest achievement (ties: the lower id). */
  readonly preferred: number;
}

/** Score every layout of the table for one party. */
export function scoreParty(
  table: CriteriaTable,
  party: Party,
  ranges: readonly CriterionRange[] = criterionRanges(table),
): PartyScores {
  const scales = partialScales(party, ranges);
  const satisfaction = new Float64Array(table.rows);
  const achievement = new Float64Array(table.rows);
  for (let i = 0; i < table.rows; i++) {
    if (scales.length === 0) {
      satisfaction[i] = 1;
      continue;
    }
    let least = Infinity;
    let sum = 0;
    for (const s of scales) {
      const sigma =
        (goodness(valueAt(table, i, s.criterion), ranges[s.criterion]!) - s.reservation) /
        (s.aspiration - s.reservation);
      least = Math.min(least, sigma);
      sum += sigma;
    }
    satisfaction[i] = Math.min(1, Math.max(0, least));
    achievement[i] = least + AUGMENTATION * sum;
  }
  const rank = ranksOf(achievement);
  let preferred = 0;
  for (let i = 1; i < table.rows; i++) if (rank[i]! < rank[preferred]!) preferred = i;
  return { party: party.id, satisfaction, achievement, rank, preferred: table.rows === 0 ? -1 : preferred };
}

/** Competition ranks (1 = highest score; scores within {@link TIE_TOLERANCE} of each other share a rank). */
export function ranksOf(scores: Float64Array): Int32Array {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const rank = new Int32Array(scores.length);
  order.forEach((row, position) => {
    const previous = order[position - 1];
    rank[row] =
      previous !== undefined && scores[previous]! - scores[row]! <= TIE_TOLERANCE ? rank[previous]! : position + 1;
  });
  return rank;
}
