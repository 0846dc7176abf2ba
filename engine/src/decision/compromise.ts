/**
 * Compromise between parties: which layout of the front to put forward when parties want
 * different ones. Each rule reads only the parties' satisfaction s_p(i) in [0, 1] with every
 * layout i (satisfaction.ts), so the rules can be compared side by side (docs/parties.md):
 *
 * - Egalitarian (Rawls; Kalai 1977): maximise min_p s_p(i), the least satisfied party's
 *   satisfaction. Ties: leximin (compare the next least satisfied party, and so on).
 * - Minimax regret (Savage 1951): the regret of party p with layout i is what it gives up against
 *   its own best layout, R_p(i) = max_k s_p(k) - s_p(i); choose the layout whose largest regret
 *   is smallest. Ties: the next largest regret, and so on.
 * - Nash bargaining (Nash 1950): each party's disagreement point d_p = min_k s_p(k) is its
 *   satisfaction with the worst layout on the front for it; choose the layout maximising the
 *   product of gains prod_p (s_p(i) - d_p). Parties whose satisfaction is the same for every
 *   layout gain nothing either way and are left out. Ties (e.g. every product is 0): the larger
 *   sum of gains.
 * - Borda count (Borda 1781) over the parties' rankings of a shortlist of n layouts: a layout gets
 *   n - 1 points for each party ranking it first, n - 2 for second, ..., 0 for last. Layouts a
 *   party ranks equal share the points of the places they span (average), so every party hands
 *   out n(n - 1)/2 points in all; layouts a party leaves out are tied last. The highest total
 *   wins; equal totals are reported as a tie.
 *
 * Remaining ties go to the lower layout id, so the same front always gives the same answer.
 */
import { TIE_TOLERANCE } from './satisfaction.js';

/** Satisfaction of each party (row) with each layout (column), 0..1. */
export interface SatisfactionMatrix {
  readonly parties: number;
  readonly layouts: number;
  /** Row-major parties x layouts. */
  readonly values: Float64Array;
}

export function satisfactionMatrix(perParty: readonly Float64Array[]): SatisfactionMatrix {
  const layouts = perParty[0]?.length ?? 0;
  const values = new Float64Array(perParty.length * layouts);
  perParty.forEach((row, p) => {
    if (row.length !== layouts) throw new RangeError('every party needs a satisfaction for every layout');
    values.set(row, p * layouts);
  });
  return { parties: perParty.length, layouts, values };
}

export type CompromiseRule = 'egalitarian' | 'minimax-regret' | 'nash';

/** Each rule's name and what its value at the chosen layout is, in plain words (CLI, app, report). */
export const COMPROMISE_RULES: Readonly<
  Record<CompromiseRule, { readonly title: string; readonly valueLabel: string }>
> = {
  egalitarian: { title: 'Egalitarian (max-min satisfaction)', valueLabel: 'least satisfaction' },
  'minimax-regret': { title: 'Minimax regret', valueLabel: 'largest regret' },
  nash: { title: 'Nash bargaining', valueLabel: 'product of gains' },
};

export interface Compromise {
  readonly rule: CompromiseRule;
  /** The chosen layout, or -1 for an empty front. */
  readonly id: number;
  /**
   * The rule's value at the chosen layout: the least satisfaction (egalitarian), the largest
   * regret (minimax regret), the product of gains (Nash).
   */
  readonly value: number;
}

const at = (s: SatisfactionMatrix, party: number, layout: number) => s.values[party * s.layouts + layout]!;

/** Lexicographic comparison with the tie tolerance: < 0 when a comes first. */
function compareVectors(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const d = a[k]! - b[k]!;
    if (Math.abs(d) > TIE_TOLERANCE) return d;
  }
  return 0;
}

/** The layout whose key vector is lexicographically largest (ties: the lower id). */
function bestByKey(layouts: number, key: (layout: number) => number[]): number {
  let best = -1;
  let bestKey: number[] = [];
  for (let i = 0; i < layouts; i++) {
    const k = key(i);
    if (best < 0 || compareVectors(k, bestKey) > 0) {
      best = i;
      bestKey = k;
    }
  }
  return best;
}

/** Egalitarian: the layout whose least satisfied party is most satisfied (leximin). */
export function egalitarian(s: SatisfactionMatrix): Compromise {
  const satisfactions = (i: number) => Array.from({ length: s.parties }, (_, p) => at(s, p, i)).sort((a, b) => a - b);
  const id = bestByKey(s.layouts, satisfactions);
  return { rule: 'egalitarian', id, value: id < 0 ? NaN : Math.min(1, ...satisfactions(id)) };
}

/** R_p(i) = max_k s_p(k) - s_p(i) for every party and layout (parties x layouts). */
export function regrets(s: SatisfactionMatrix): Float64Array {
  const out = new Float64Array(s.values.length);
  for (let p = 0; p < s.parties; p++) {
    let top = -Infinity;
    for (let i = 0; i < s.layouts; i++) top = Math.max(top, at(s, p, i));
    for (let i = 0; i < s.layouts; i++) out[p * s.layouts + i] = top - at(s, p, i);
  }
  return out;
}

/** Minimax regret: the layout whose largest regret over the parties is smallest (then the next largest...). */
export function minimaxRegret(s: SatisfactionMatrix): Compromise {
  const r = regrets(s);
  // Negated and sorted ascending: the largest regret first, and "lexicographically largest" wins.
  const key = (i: number) => Array.from({ length: s.parties }, (_, p) => -r[p * s.layouts + i]!).sort((a, b) => a - b);
  const id = bestByKey(s.layouts, key);
  return { rule: 'minimax-regret', id, value: id < 0 ? NaN : -Math.min(0, ...key(id)) };
}

/** d_p = min_k s_p(k): each party's satisfaction with the worst layout on the front for it. */
export function disagreementPoints(s: SatisfactionMatrix): number[] {
  return Array.from({ length: s.parties }, (_, p) => {
    let low = Infinity;
    for (let i = 0; i < s.layouts; i++) low = Math.min(low, at(s, p, i));
    return low;
  });
}

/** Nash bargaining: the layout maximising the product of the parties' gains over their disagreement points. */
export function nashBargaining(s: SatisfactionMatrix): Compromise {
  const d = disagreementPoints(s);
  const bargaining = Array.from({ length: s.parties }, (_, p) => p).filter((p) => {
    for (let i = 0; i < s.layouts; i++) if (at(s, p, i) - d[p]! > TIE_TOLERANCE) return true;
    return false;
  });
  const gains = (i: number) => bargaining.map((p) => Math.max(0, at(s, p, i) - d[p]!));
  // Compared as [log of the product, sum of gains]: logs keep tiny products of many small gains
  // apart; a zero gain makes the log -Infinity (ties with other zero products, then by the sum).
  const key = (i: number) => {
    const g = gains(i);
    return [g.reduce((x, y) => x + Math.log(y), 0), g.reduce((x, y) => x + y, 0)];
  };
  const id = bestByKey(s.layouts, key);
  return { rule: 'nash', id, value: id < 0 ? NaN : Math.exp(key(id)[0]!) };
}

/** All three rules. */
export function compromises(s: SatisfactionMatrix): Compromise[] {
  return [egalitarian(s), minimaxRegret(s), nashBargaining(s)];
}

/** A party's ranking of a shortlist: tiers from best to worst, each the layouts it ranks equal. */
export type Ranking = readonly (readonly number[])[];

export interface BordaResult {
  /** Every candidate with its points, most points first (then the lower id). */
  readonly standings: readonly { readonly id: number; readonly points: number }[];
  /** The candidates with the most points (more than one when tied). */
  readonly winners: readonly number[];
}

/**
 * Borda count of `candidates` over the parties' rankings (see the module comment for ties and
 * layouts left out). A ranking naming a layout twice, or one not on the shortlist, is an error.
 */
export function bordaCount(candidates: readonly number[], rankings: readonly Ranking[]): BordaResult {
  const n = candidates.length;
  const index = new Map(candidates.map((id, k) => [id, k]));
  if (index.size !== n) throw new RangeError('the shortlist names a layout twice');
  const points = new Float64Array(n);
  rankings.forEach((ranking, p) => {
    const seen = new Set<number>();
    let position = 0;
    const award = (tier: readonly number[]) => {
      // Places position .. position + t - 1 are worth n-1-position .. n-position-t; each gets the mean.
      const share = n - 1 - position - (tier.length - 1) / 2;
      for (const id of tier) points[index.get(id)!]! += share;
      position += tier.length;
    };
    for (const tier of ranking) {
      for (const id of tier) {
        if (!index.has(id)) throw new RangeError(`ranking ${p + 1} names layout ${id}, which is not on the shortlist`);
        if (seen.has(id)) throw new RangeError(`ranking ${p + 1} names layout ${id} twice`);
        seen.add(id);
      }
      if (tier.length > 0) award(tier);
    }
    const missing = candidates.filter((id) => !seen.has(id));
    if (missing.length > 0) award(missing);
  });
  const standings = candidates
    .map((id, k) => ({ id, points: points[k]! }))
    .sort((a, b) => b.points - a.points || a.id - b.id);
  const top = standings[0]?.points ?? 0;
  return { standings, winners: standings.filter((s) => top - s.points <= TIE_TOLERANCE).map((s) => s.id) };
}

/** A party's ranking of `candidates` from its scores (higher is better; scores within the tie tolerance tie). */
export function rankingFromScores(scores: ArrayLike<number>, candidates: readonly number[]): Ranking {
  const order = [...candidates].sort((a, b) => scores[b]! - scores[a]! || a - b);
  const tiers: number[][] = [];
  for (const id of order) {
    const tier = tiers[tiers.length - 1];
    if (tier && scores[tier[0]!]! - scores[id]! <= TIE_TOLERANCE) tier.push(id);
    else tiers.push([id]);
  }
  return tiers;
}
