import { describe, expect, it } from 'vitest';
import type { PartiesView, PartyResultView } from '../../../engine/src/api/contract.js';
import {
  partiesFileCandidates,
  partyInputs,
  partyPicks,
  preferenceText,
  sortedLayouts,
  withWeight,
} from '../../../desktop/src/renderer/features/parties/parties-model.js';
import { frontMarks } from '../../../desktop/src/renderer/features/pareto-explorer/front-model.js';

const party = (
  id: string,
  preferred: number,
  satisfaction: number[],
  color: string | null = null,
): PartyResultView => ({
  id,
  name: id.toUpperCase(),
  description: '',
  color,
  preference: { kind: 'weights', weights: [{ criterion: 'economic', weight: 2 }] },
  preferred,
  satisfaction,
  rank: satisfaction.map(() => 1),
  disagreement: 0,
});

const view = (parties: PartyResultView[]) => ({ layouts: 3, parties }) as unknown as PartiesView;

describe("the Parties view's model", () => {
  it('tries the parties file named like the scenario, then its family, beside it', () => {
    expect(partiesFileCandidates('/s/riverbend-balanced.yaml')).toEqual([
      '/s/riverbend-balanced.parties.yaml',
      '/s/riverbend.parties.yaml',
    ]);
    expect(partiesFileCandidates('C:\\s\\town.yml')).toEqual(['C:\\s\\town.parties.yaml']);
  });

  it('says a preference in words', () => {
    expect(preferenceText(party('a', 0, [1]), String)).toBe('weights: economic 2');
    const aims = {
      ...party('b', 0, [1]),
      preference: {
        kind: 'reference' as const,
        levels: [
          { criterion: 'habitat', aspiration: 0.6, reservation: 0.4 },
          { criterion: 'social', aspiration: 90, reservation: null },
        ],
      },
    };
    expect(preferenceText(aims, String)).toBe('aims: habitat 0.6 (at worst 0.4), social 90');
  });

  it('marks one pick per layout, naming every party that picks it, after the highlights', () => {
    const picks = partyPicks(
      view([party('a', 2, [0, 0, 1], '#111111'), party('b', 2, [0, 0, 1]), party('c', 0, [1, 0, 0])]),
    );
    expect(picks).toEqual([
      { id: 2, letter: 'a+b', label: 'Pick of A, B', color: '#111111' },
      { id: 0, letter: 'c', label: 'Pick of C', color: '#55a868' },
    ]);
    const front = {
      objectives: [
        { id: 'economic', label: 'Economic return', unit: '', direction: 'maximize' as const },
        { id: 'social', label: 'Social welfare', unit: '', direction: 'maximize' as const },
      ],
      highlights: { knee: 1, extremes: [0, 2] },
    };
    // Layouts 0 and 2 are marked already: their marks name the parties that pick them.
    expect(frontMarks(front, null, picks).map((m) => [m.id, m.letter, m.label])).toEqual([
      [1, 'A', 'Compromise'],
      [0, 'B · c', 'Best economic return; Pick of C'],
      [2, 'C · a+b', 'Best social welfare; Pick of A, B'],
    ]);
    expect(frontMarks({ ...front, highlights: { knee: 1, extremes: [0, 1] } }, null, picks).at(-1)).toMatchObject({
      id: 2,
      letter: 'a+b',
      kind: 'selected',
    });
  });

  it('gives the parties back as inputs for an edit, and changes one weight', () => {
    const aims = {
      ...party('b', 0, [1]),
      color: '#222222',
      preference: {
        kind: 'reference' as const,
        levels: [{ criterion: 'habitat', aspiration: 0.6, reservation: 0.4 }],
      },
    };
    const inputs = partyInputs(view([party('a', 0, [1]), aims]));
    expect(inputs).toEqual([
      { id: 'a', name: 'A', weights: { economic: 2 } },
      { id: 'b', name: 'B', color: '#222222', aspirations: { habitat: 0.6 }, reservations: { habitat: 0.4 } },
    ]);
    const edited = withWeight(inputs, 0, 'social', 1);
    expect(edited[0]!.weights).toEqual({ economic: 2, social: 1 });
    expect(edited[1]).toBe(inputs[1]);
    expect(inputs[0]!.weights).toEqual({ economic: 2 });
  });

  it('sorts the satisfaction table by a party, by the least satisfied, or by id', () => {
    const v = view([party('a', 0, [0.9, 0.1, 0.5]), party('b', 1, [0.2, 0.8, 0.5])]);
    expect(sortedLayouts(v, { by: 0, descending: true })).toEqual([0, 2, 1]);
    expect(sortedLayouts(v, { by: 'least', descending: true })).toEqual([2, 0, 1]);
    expect(sortedLayouts(v, { by: 'id', descending: false })).toEqual([0, 1, 2]);
  });
});
