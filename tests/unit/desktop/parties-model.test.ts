import { describe, expect, it } from 'vitest';
import type { PartiesView, PartyResultView } from '../../../engine/src/api/contract.js';
import {
  defaultPartiesTarget,
  draftInputs,
  initialRankings,
  issuesOf,
  moveInRanking,
  newPartyDraft,
  partiesFileCandidates,
  partyDrafts,
  partyInputs,
  partyPicks,
  preferenceText,
  rankingTiers,
  sortedLayouts,
  switchForm,
  withTie,
  withValue,
  workshopShortlist,
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
    // Through the editor and back: the same parties.
    expect(draftInputs(partyDrafts(inputs))).toEqual(inputs);
    const drafts = withValue(partyDrafts(inputs), 0, 'weights', 'social', '1');
    expect(draftInputs(drafts)[0]!.weights).toEqual({ economic: 2, social: 1 });
    expect(drafts[1]).toEqual(partyDrafts(inputs)[1]);
  });

  it('keeps values as typed: numbers become numbers, other text goes to the engine as text, blanks are left out', () => {
    const [d] = partyDrafts([{ id: 'a', aspirations: { habitat: 0.6 } }]);
    const typed = withValue(
      withValue([d!], 0, 'aspirations', 'social', ' 75 % of range '),
      0,
      'reservations',
      'habitat',
      '',
    );
    expect(draftInputs(typed)).toEqual([{ id: 'a', aspirations: { habitat: 0.6, social: '75 % of range' } }]);
    expect(draftInputs(withValue(typed, 0, 'reservations', 'habitat', '0.2'))[0]!.reservations).toEqual({
      habitat: 0.2,
    });
    expect(draftInputs(withValue([d!], 0, 'aspirations', 'habitat', '-'))[0]!.aspirations).toEqual({ habitat: '-' });
  });

  const criteria = [
    { id: 'economic', label: 'Economic', direction: 'maximize', worst: 1, best: 9.87654 },
    { id: 'social', label: 'Social', direction: 'maximize', worst: 0, best: 0.5 },
    { id: 'economic.landValue', label: 'land', direction: 'maximize', worst: 0, best: 3 },
  ];

  it('adds a party with a free id and equal weights on the objectives, and switches its preference form', () => {
    const v = { ...view([]), criteria } as unknown as PartiesView;
    const first = newPartyDraft([], v);
    expect(draftInputs([first])).toEqual([{ id: 'party-1', name: 'Party 1', weights: { economic: 1, social: 1 } }]);
    expect(newPartyDraft([{ ...first, id: 'party-2' }], v).id).toBe('party-3');
    const weighted = withValue([first], 0, 'weights', 'social', '');
    const aiming = switchForm(weighted[0]!, 'aspirations', v);
    // An aspiration at the front's best value for every weighted criterion.
    expect(draftInputs([aiming])).toEqual([{ id: 'party-1', name: 'Party 1', aspirations: { economic: 9.877 } }]);
    const back = switchForm(aiming, 'weights', v);
    expect(draftInputs([back])[0]!.weights).toEqual({ economic: 1 });
  });

  it("picks the engine's issues of one party, field and criterion", () => {
    const issues = [
      { party: 1, field: 'weights', criterion: 'economic', path: 'parties[1].weights.economic', message: 'm1' },
      { party: 1, field: null, criterion: null, path: 'parties[1]', message: 'm2' },
    ];
    expect(issuesOf(issues, 1, 'weights', 'economic')).toEqual(['m1']);
    expect(issuesOf(issues, 1, null)).toEqual(['m2']);
    expect(issuesOf(issues, 1)).toEqual(['m1', 'm2']);
    expect(issuesOf(issues, 0)).toEqual([]);
    expect(defaultPartiesTarget('/tmp/run/')).toBe('/tmp/run/exports/parties.yaml');
    expect(defaultPartiesTarget('C:\\runs\\a')).toBe('C:\\runs\\a\\exports\\parties.yaml');
  });

  it("builds the workshop's shortlist and each party's ranking as the engine's Borda count reads it", () => {
    const v = {
      ...view([party('a', 0, [0.9, 0.1, 0.5, 0.3]), party('b', 1, [0.2, 0.8, 0.5, 0.3])]),
      layouts: 4,
      borda: { shortlist: [0, 1], standings: [], rankings: [], winners: [] },
    } as unknown as PartiesView;
    // Two picks: topped up to three with the layout whose least satisfied party is best off (#2).
    const shortlist = workshopShortlist(v);
    expect(shortlist).toEqual([0, 1, 2]);
    const [a, b] = initialRankings(v, shortlist);
    expect(a!.order).toEqual([0, 2, 1]);
    expect(b!.order).toEqual([1, 2, 0]);
    expect(rankingTiers(moveInRanking(a!, 2, -1))).toEqual([[0], [1], [2]]);
    expect(moveInRanking(a!, 0, -1)).toBe(a);
    expect(rankingTiers(withTie(b!, 2, true))).toEqual([[1], [2, 0]]);
    expect(withTie(b!, 0, true)).toBe(b);
    const many = {
      ...v,
      layouts: 8,
      borda: {
        shortlist: [0, 1, 2, 3, 4, 5, 6, 7],
        standings: [7, 6, 5, 4, 3, 2, 1, 0].map((id) => ({ id, points: id })),
      },
    } as unknown as PartiesView;
    expect(workshopShortlist(many)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('sorts the satisfaction table by a party, by the least satisfied, or by id', () => {
    const v = view([party('a', 0, [0.9, 0.1, 0.5]), party('b', 1, [0.2, 0.8, 0.5])]);
    expect(sortedLayouts(v, { by: 0, descending: true })).toEqual([0, 2, 1]);
    expect(sortedLayouts(v, { by: 'least', descending: true })).toEqual([2, 0, 1]);
    expect(sortedLayouts(v, { by: 'id', descending: false })).toEqual([0, 1, 2]);
  });
});
