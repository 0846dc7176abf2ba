/**
 * The Parties view's pure logic: which parties file to try first, a party's preference in words,
 * the picks marked on the explorer's charts, the satisfaction table's order, the party editor's
 * model (text as typed, turned into a parties file's fields) and the workshop's shortlist and
 * rankings (aggregated by the engine's Borda count through the API).
 */
import type {
  PartiesView,
  PartyInput,
  PartyIssueView,
  PartyResultView,
} from '../../../../../engine/src/api/contract.js';
import { partyColor } from '../../../../../engine/src/charts/decision-colors.js';

/**
 * Parties files to try for a scenario, in order: `<name>.parties.yaml` beside it, then the
 * family's (`riverbend-balanced.yaml` -> `riverbend.parties.yaml`, as the bundled scenarios ship
 * them). After these, the scenario's own `parties:` section is tried.
 */
export function partiesFileCandidates(scenarioPath: string): string[] {
  const cut = Math.max(scenarioPath.lastIndexOf('/'), scenarioPath.lastIndexOf('\\'));
  const folder = scenarioPath.slice(0, cut + 1);
  const stem = scenarioPath.slice(cut + 1).replace(/\.(ya?ml|json)$/i, '');
  const names = [stem];
  const dash = stem.indexOf('-');
  if (dash > 0) names.push(stem.slice(0, dash));
  return names.map((name) => `${folder}${name}.parties.yaml`);
}

/** `weights economic 3, social 1` or `aspirations habitat 0.6 (at worst 0.4)`. */
export function preferenceText(party: PartyResultView, format: (v: number) => string): string {
  const p = party.preference;
  if (p.kind === 'weights') return `weights: ${p.weights.map((w) => `${w.criterion} ${format(w.weight)}`).join(', ')}`;
  return `aims: ${p.levels
    .map(
      (l) =>
        `${l.criterion} ${format(l.aspiration)}${l.reservation === null ? '' : ` (at worst ${format(l.reservation)})`}`,
    )
    .join(', ')}`;
}

/** One pick per layout chosen by any party: the parties' ids (short) and names, the first party's colour. */
export interface PartyPick {
  id: number;
  letter: string;
  label: string;
  color: string;
}

export function partyPicks(view: PartiesView | null): PartyPick[] {
  if (!view) return [];
  const byLayout = new Map<number, PartyPick>();
  view.parties.forEach((party, p) => {
    const hit = byLayout.get(party.preferred);
    if (hit) {
      hit.letter += `+${party.id}`;
      hit.label += `, ${party.name}`;
    } else {
      const color = partyColor(party.color, p);
      byLayout.set(party.preferred, { id: party.preferred, letter: party.id, label: party.name, color });
    }
  });
  return [...byLayout.values()].map((pick) => ({ ...pick, label: `Pick of ${pick.label}` }));
}

/** The satisfaction table's sort key: a party's index, the least satisfaction, or the layout id. */
export type SatisfactionSort = { by: 'id' | 'least' | number; descending: boolean };

/** Layout ids in table order. */
export function sortedLayouts(view: PartiesView, sort: SatisfactionSort): number[] {
  const ids = Array.from({ length: view.layouts }, (_, i) => i);
  const key = (id: number) =>
    sort.by === 'id'
      ? id
      : sort.by === 'least'
        ? Math.min(...view.parties.map((p) => p.satisfaction[id]!))
        : view.parties[sort.by]!.satisfaction[id]!;
  const sign = sort.descending ? -1 : 1;
  return ids.sort((a, b) => sign * (key(a) - key(b)) || a - b);
}

/**
 * The parties of an analysis as the app sends them back after an edit: the same ids, names,
 * colours and preferences (levels in natural units on this front).
 */
export function partyInputs(view: PartiesView): PartyInput[] {
  return view.parties.map((party) => {
    const base: PartyInput = { id: party.id, name: party.name };
    if (party.description) base.description = party.description;
    if (party.color) base.color = party.color;
    const p = party.preference;
    if (p.kind === 'weights')
      return { ...base, weights: Object.fromEntries(p.weights.map((w) => [w.criterion, w.weight])) };
    const reservations = p.levels.filter((l) => l.reservation !== null);
    return {
      ...base,
      aspirations: Object.fromEntries(p.levels.map((l) => [l.criterion, l.aspiration])),
      ...(reservations.length > 0
        ? { reservations: Object.fromEntries(reservations.map((l) => [l.criterion, l.reservation!])) }
        : {}),
    };
  });
}

// ---- Editing parties (the editor keeps text, so a half-typed value is not lost) ----

/** A party's preference form: weights, or aspiration levels (a reference point) with optional reservations. */
export type PreferenceForm = 'weights' | 'aspirations';

/** One party in the editor: fields as typed; blank values are left out of the party. */
export interface PartyDraft {
  id: string;
  name: string;
  description: string;
  color: string;
  form: PreferenceForm;
  /** Criterion -> text, for each form (kept when the form is switched back and forth). */
  weights: Record<string, string>;
  aspirations: Record<string, string>;
  reservations: Record<string, string>;
}

/** Significant digits of a level shown in the editor: enough for any unit, without floating-point noise (6681.406250000001). */
const LEVEL_DIGITS = 10;

const asText = (values: Record<string, number | string> | undefined) =>
  Object.fromEntries(
    Object.entries(values ?? {}).map(([k, v]) => [
      k,
      typeof v === 'number' ? String(Number(v.toPrecision(LEVEL_DIGITS))) : v,
    ]),
  );

/** Parties as the editor shows them. */
export function partyDrafts(inputs: readonly PartyInput[]): PartyDraft[] {
  return inputs.map((input) => ({
    id: input.id,
    name: input.name ?? '',
    description: input.description ?? '',
    color: input.color ?? '',
    form: input.aspirations ? 'aspirations' : 'weights',
    weights: asText(input.weights),
    aspirations: asText(input.aspirations),
    reservations: asText(input.reservations),
  }));
}

/** A typed value: a number when it reads as one, else the text (the engine's schema judges it); blank: left out. */
function typedValue(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

function typedValues(texts: Record<string, string>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [key, text] of Object.entries(texts)) {
    const value = typedValue(text);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The parties as the engine reads them (a parties file's fields). */
export function draftInputs(drafts: readonly PartyDraft[]): PartyInput[] {
  return drafts.map((d) => {
    const input: PartyInput = { id: d.id.trim() };
    if (d.name.trim()) input.name = d.name.trim();
    if (d.description.trim()) input.description = d.description.trim();
    if (d.color) input.color = d.color;
    if (d.form === 'weights') {
      input.weights = typedValues(d.weights) as Record<string, number>;
      return input;
    }
    input.aspirations = typedValues(d.aspirations);
    const reservations = typedValues(d.reservations);
    if (Object.keys(reservations).length > 0) input.reservations = reservations;
    return input;
  });
}

/** The front's objectives (criteria without a dot): what a new party weighs and a switched form starts from. */
export function objectiveCriteria(view: PartiesView): PartiesView['criteria'] {
  return view.criteria.filter((c) => !c.id.includes('.'));
}

/** A new party: the first free `party-<n>` id, equal weights on every objective. */
export function newPartyDraft(drafts: readonly PartyDraft[], view: PartiesView): PartyDraft {
  const taken = new Set(drafts.map((d) => d.id));
  let n = drafts.length + 1;
  while (taken.has(`party-${n}`)) n++;
  return {
    id: `party-${n}`,
    name: `Party ${n}`,
    description: '',
    color: '',
    form: 'weights',
    weights: Object.fromEntries(objectiveCriteria(view).map((c) => [c.id, '1'])),
    aspirations: {},
    reservations: {},
  };
}

/**
 * A party switched to the other form. Weights -> aspirations: an aspiration for every weighted
 * criterion, at the best value on the front (the party's ideal); aspirations -> weights: weight 1
 * on every criterion with an aspiration. Values typed before in a form come back with it.
 */
export function switchForm(draft: PartyDraft, form: PreferenceForm, view: PartiesView): PartyDraft {
  if (draft.form === form) return draft;
  const used = Object.keys(draft.form === 'weights' ? draft.weights : draft.aspirations).filter(
    (k) => typedValue((draft.form === 'weights' ? draft.weights : draft.aspirations)[k]!) !== undefined,
  );
  const best = new Map(view.criteria.map((c) => [c.id, c.best]));
  if (form === 'aspirations') {
    const aspirations = { ...draft.aspirations };
    for (const k of used) if (!aspirations[k]?.trim() && best.has(k)) aspirations[k] = roundLevel(best.get(k)!);
    return { ...draft, form, aspirations };
  }
  const weights = { ...draft.weights };
  for (const k of used) if (!weights[k]?.trim()) weights[k] = '1';
  return { ...draft, form, weights };
}

/** A level as the editor first shows it: at most 4 significant digits. */
function roundLevel(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** `drafts` with one party's fields changed. */
export function withDraft(drafts: readonly PartyDraft[], index: number, patch: Partial<PartyDraft>): PartyDraft[] {
  return drafts.map((d, i) => (i === index ? { ...d, ...patch } : d));
}

/** One value of one party's weights, aspirations or reservations set (blank text leaves it out). */
export function withValue(
  drafts: readonly PartyDraft[],
  index: number,
  field: 'weights' | 'aspirations' | 'reservations',
  criterion: string,
  text: string,
): PartyDraft[] {
  return drafts.map((d, i) => (i === index ? { ...d, [field]: { ...d[field], [criterion]: text } } : d));
}

/** The criteria a party's editor shows: the objectives, then sub-indicators it uses, in the front's order. */
export function shownCriteria(draft: PartyDraft, view: PartiesView): PartiesView['criteria'] {
  const used = new Set(
    Object.keys(draft.form === 'weights' ? draft.weights : { ...draft.aspirations, ...draft.reservations }),
  );
  return view.criteria.filter((c) => !c.id.includes('.') || used.has(c.id));
}

/** Problems of one party (and field, and criterion) from the engine's check. */
export function issuesOf(
  issues: readonly PartyIssueView[],
  party: number | null,
  field?: string | null,
  criterion?: string | null,
): string[] {
  return issues
    .filter(
      (i) =>
        i.party === party &&
        (field === undefined || i.field === field) &&
        (criterion === undefined || i.criterion === criterion),
    )
    .map((i) => i.message);
}

/** Where the app suggests saving parties: the run's exports folder (the app's to replace). */
export function defaultPartiesTarget(runDir: string): string {
  const sep = runDir.includes('\\') && !runDir.includes('/') ? '\\' : '/';
  return `${runDir.replace(/[\\/]+$/, '')}${sep}exports${sep}parties.yaml`;
}

// ---- Workshop: each party ranks a shortlist; the engine's Borda count aggregates ----

/** At most this many layouts go on the workshop's shortlist, and at least this many when the front has them. */
export const WORKSHOP_SHORTLIST = { min: 3, max: 6 } as const;

/**
 * The workshop's shortlist: the analysis's Borda shortlist (the parties' picks and the
 * compromises), the best-placed ones if there are more than the maximum; topped up with the
 * layouts whose least satisfied party is best off when there are fewer than the minimum. Ascending ids.
 */
export function workshopShortlist(view: PartiesView): number[] {
  let ids = [...view.borda.shortlist];
  if (ids.length > WORKSHOP_SHORTLIST.max) {
    const kept = new Set(view.borda.standings.slice(0, WORKSHOP_SHORTLIST.max).map((s) => s.id));
    ids = ids.filter((id) => kept.has(id));
  }
  for (const id of sortedLayouts(view, { by: 'least', descending: true })) {
    if (ids.length >= Math.min(WORKSHOP_SHORTLIST.min, view.layouts)) break;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}

/** The shortlist's letters, A, B, C, ... in shortlist order. */
export function shortlistLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** One party's ranking in the workshop: layouts best first; `tied[i]`: layout i ties with the one above. */
export interface WorkshopRanking {
  order: number[];
  tied: boolean[];
}

/** Each party's starting ranking: the shortlist by its satisfaction (equal satisfaction not tied: the party says). */
export function initialRankings(view: PartiesView, shortlist: readonly number[]): WorkshopRanking[] {
  return view.parties.map((party) => ({
    order: [...shortlist].sort((a, b) => party.satisfaction[b]! - party.satisfaction[a]! || a - b),
    tied: shortlist.map(() => false),
  }));
}

/** A layout moved one place up (-1) or down (+1) in a ranking; tie marks stay with the places. */
export function moveInRanking(ranking: WorkshopRanking, position: number, step: -1 | 1): WorkshopRanking {
  const to = position + step;
  if (to < 0 || to >= ranking.order.length) return ranking;
  const order = [...ranking.order];
  [order[position], order[to]] = [order[to]!, order[position]!];
  return { order, tied: ranking.tied };
}

/** A layout tied with the one above it, or not. */
export function withTie(ranking: WorkshopRanking, position: number, tied: boolean): WorkshopRanking {
  if (position === 0) return ranking;
  return { order: ranking.order, tied: ranking.tied.map((t, i) => (i === position ? tied : t)) };
}

/** A ranking as the engine's Borda count reads it: tiers best first, each the layouts tied there. */
export function rankingTiers(ranking: WorkshopRanking): number[][] {
  const tiers: number[][] = [];
  ranking.order.forEach((id, i) => {
    if (i > 0 && ranking.tied[i]) tiers[tiers.length - 1]!.push(id);
    else tiers.push([id]);
  });
  return tiers;
}
