/**
 * The layouts that pass the brushes and the group filter, as a table: id, mark, group and the
 * objective values. Click a row (or press Enter on it) to select the layout; click a column
 * heading to sort by it.
 */
import { formatValue } from '../../format.js';
import { fill, h } from './dom.js';
import type { Model } from './model.js';

export class LayoutList {
  readonly element: HTMLElement;
  private readonly count = h('p', { class: 'count', id: 'layout-count', 'aria-live': 'polite' });
  private readonly body = h('tbody', {});
  /** -1: by id; otherwise the objective, best first. */
  private sortBy = -1;

  constructor(private readonly model: Model) {
    const { data } = model;
    const sortable = (label: string, key: number) => {
      const button = h('button', { type: 'button', class: 'sort' }, label);
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
    if (this.sortBy >= 0) {
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
        );
      }),
    );
  }
}
