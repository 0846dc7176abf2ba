/** The parties' picks and the compromises between them, each a button that selects the layout. */
import { h, swatch } from './dom.js';
import type { Model } from './model.js';

export function partiesView(model: Model): HTMLElement | null {
  const parties = model.data.parties;
  if (!parties) return null;
  const select = (id: number) => () => model.update({ selected: model.indexOf.get(id) ?? null });
  const button = (id: number, ...label: (string | Node)[]) => {
    const element = h('button', { type: 'button', class: 'link' }, ...label);
    element.addEventListener('click', select(id));
    return element;
  };
  const winners = parties.bordaWinners;
  return h(
    'section',
    { class: 'card parties-card' },
    h('h2', {}, 'Parties'),
    h('p', { class: 'muted' }, `From ${parties.source}. Rings on the scatter plot mark each party’s pick.`),
    h(
      'ul',
      { class: 'picks' },
      ...parties.parties.map((party) =>
        h(
          'li',
          { title: party.description },
          swatch(party.color),
          `${party.name} picks `,
          button(party.preferred, `#${party.preferred}`),
        ),
      ),
    ),
    h('h3', {}, 'Compromises between the parties'),
    h(
      'ul',
      { class: 'picks' },
      ...parties.compromises.map((c) => h('li', {}, `${c.title}: `, button(c.id, `#${c.id}`))),
      h(
        'li',
        {},
        winners.length === 1 ? 'Borda count winner: ' : 'Borda count tie: ',
        h('span', {}, ...winners.flatMap((id, k) => [k > 0 ? ', ' : '', button(id, `#${id}`)])),
      ),
    ),
  );
}
