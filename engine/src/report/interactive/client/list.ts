/**
 * The layouts that pass the brushes and the group filter, as a table: id, mark, group, the
 * objective values and each party's satisfaction. Click a row (or press Enter on it) to select the
 * layout; click a column heading to sort by it, best first.
 */
import { formatFixed, formatValue, possessive } from '../../format.js';
import { fill, h, swatch } from './dom.js';
import type { Model } from './model.js';

export class LayoutList {
  readonly element: HTMLElement;
  private readonly count = h('p', { class: 'count', id: 'layout-count', 'aria-live': 'polite' });
  private readonly body = h('tbody', {});
  /** -1: by id; 0..objectives-1: that objective; objectives + p: party p's satisfaction; best first. */
  private sortBy = -1;

  constructor(private readonly model: Model) {
    const { data } = model;
    const parties = data.parties?.parties ?? [];
    const sortable = (label: string, key: number, color?: string) => {
      const button = h('button', { type: 'button', class: 'sort' }, ...(color ? [swatch(color), ' '] : []), label);
      button.addEventListener('click', () => {
        this.sortBy = key;
        this.render();
      });
      return button;
    };
    const clear = h('button', { type: 'button', id: 'clear-filters' }, 'Clear filters');
    clear.addEventListener('click', () => model.update({ brushes: data.objectives.map(() => null), group: null }));
    this.element = h(
      'section',
      { class: 'card list-card' },
      h('div', { class: 'list-head' }, h('h2', {}, 'Layouts'), this.count, clear),
      parties.length
        ? h(
            'p',
            { class: 'muted note' },
            'Party columns: how satisfied each party is with the layout, from 0 (its worst layout on the front) to 1 (its ideal).',
          )
        : null,
      h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          { id: 'layout-list' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, sortable('Layout', -1)),
              h('th', { scope: 'col' }, 'Group'),
              ...data.objectives.map((o, k) =>
                h('th', { scope: 'col', class: 'n' }, sortable(`${o.label} (${o.unit})`, k)),
              ),
              ...parties.map((party, p) =>
                h(
                  'th',
                  { scope: 'col', class: 'n', title: `${possessive(party.name)} satisfaction, 0 to 1` },
                  sortable(party.name, data.objectives.length + p, party.color),
                ),
              ),
            ),
          ),
          this.body,
        ),
      ),
    );
    this.body.addEventListener('click', (event) => this.pick(event));
    this.body.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.pick(event);
      }
    });
    model.onChange(() => this.render());
    this.render();
  }

  private pick(event: Event): void {
    const row = (event.target as Element).closest('tr')?.dataset.row;
    if (row !== undefined) this.model.update({ selected: Number(row) });
  }

  render(): void {
    const { model } = this;
    const { data } = model;
    const rows = [...model.visible];
    const parties = data.parties?.parties ?? [];
    const objectives = data.objectives.length;
    if (this.sortBy >= objectives) {
      const satisfaction = parties[this.sortBy - objectives]!.satisfaction;
      rows.sort((a, b) => satisfaction[b]! - satisfaction[a]! || a - b);
    } else if (this.sortBy >= 0) {
      const o = this.sortBy;
      const sign = data.objectives[o]!.direction === 'maximize' ? -1 : 1;
      rows.sort((a, b) => sign * (model.value(a, o) - model.value(b, o)) || a - b);
    }
    fill(this.count, h('b', {}, String(rows.length)), ` of ${model.rows} layouts`);
    fill(
      this.body,
      ...rows.map((i) => {
        const id = model.id(i);
        const mark = model.markOf.get(id);
        const group = model.groupOf[i]!;
        const letter = mark ? h('span', { class: 'letter' }, mark.letter) : null;
        if (letter && mark) letter.style.background = mark.color;
        return h(
          'tr',
          { 'data-row': i, 'data-id': id, tabindex: 0, class: i === model.state.selected ? 'selected' : null },
          h('th', { scope: 'row' }, `#${id}`, letter ? ' ' : null, letter),
          h('td', {}, group >= 0 ? String(group + 1) : '–'),
          ...data.objectives.map((o, k) => h('td', { class: 'n' }, formatValue(model.value(i, k), o.decimals))),
          ...parties.map((party) => h('td', { class: 'n' }, formatFixed(party.satisfaction[i]!, 2))),
        );
      }),
    );
  }
}
