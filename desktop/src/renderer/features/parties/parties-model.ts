/**
 * The Parties view's pure logic: which parties file to try first, a party's preference in words,
 * the picks marked on the explorer's charts, and the satisfaction table's order.
 */
import type { PartiesView, PartyInput, PartyResultView } from '../../../../../engine/src/api/contract.js';
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

/** `inputs` with one party's weight of one criterion changed. */
export function withWeight(
  inputs: readonly PartyInput[],
  party: number,
  criterion: string,
  weight: number,
): PartyInput[] {
  return inputs.map((input, p) =>
    p === party && input.weights ? { ...input, weights: { ...input.weights, [criterion]: weight } } : input,
  );
}
