/**
 * The selected layout's numbers: objective and sub-indicator values with the layout's rank on the
 * front and the front's range, and each party's satisfaction with it.
 */
import { formatFixed, formatValue, possessive } from '../../format.js';
import { fill, h, swatch } from './dom.js';
import type { Model } from './model.js';

const ordinalRules = new Intl.PluralRules('en-GB', { type: 'ordinal' });
const SUFFIX: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
const ordinal = (n: number) => `${n}${SUFFIX[ordinalRules.select(n)] ?? 'th'}`;

export class DetailsView {
  readonly element: HTMLElement;
  private readonly body = h('tbody', {});
  private readonly parties = h('div', { class: 'parties-now' });

  constructor(private readonly model: Model) {
    this.element = h(
      'section',
      { class: 'card details' },
      h('h2', {}, 'Indicators'),
      h(
        'table',
        { id: 'indicator-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Objective / sub-indicator'),
            h('th', { scope: 'col', class: 'n' }, 'Value'),
            h('th', { scope: 'col', class: 'n' }, 'Rank'),
            h('th', { scope: 'col', class: 'n' }, 'Front range'),
          ),
        ),
        this.body,
      ),
      model.data.parties ? this.parties : null,
    );
    model.onChange(() => this.render());
    this.render();
  }

  render(): void {
    const { model } = this;
    const { data } = model;
    const row = model.state.selected;
    if (row === null) {
      fill(
        this.body,
        h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'Select a layout in the charts or the list.')),
      );
      fill(this.parties);
      return;
    }
    const rows: HTMLTableRowElement[] = [];
    data.objectives.forEach((objective, o) => {
      const value = model.value(row, o);
      let better = 0;
      for (let i = 0; i < model.rows; i++) {
        const v = model.value(i, o);
        if (objective.direction === 'maximize' ? v > value : v < value) better++;
      }
      const { min, max } = model.ranges[o]!;
      rows.push(
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row' },
            objective.label,
            h(
              'span',
              { class: 'muted' },
              ` (${objective.unit}, ${objective.direction === 'maximize' ? 'max' : 'min'})`,
            ),
          ),
          h('td', { class: better === 0 ? 'n best' : 'n' }, formatValue(value, objective.decimals)),
          h('td', { class: 'n' }, `${ordinal(better + 1)} of ${model.rows}`),
          h(
            'td',
            { class: 'n muted' },
            `${formatValue(min, objective.decimals)} – ${formatValue(max, objective.decimals)}`,
          ),
        ),
      );
      data.indicators.forEach((indicator, k) => {
        if (indicator.objective !== o) return;
        const v = data.front.indicators[row * data.indicators.length + k];
        rows.push(
          h(
            'tr',
            { class: 'sub' },
            h(
              'td',
              {},
              indicator.label,
              h('span', { class: 'muted' }, ` (weight ${formatFixed(indicator.weight, 2)})`),
            ),
            h('td', { class: 'n' }, v === null || v === undefined ? '–' : formatValue(v, indicator.decimals)),
            h('td', {}),
            h('td', {}),
          ),
        );
      });
    });
    fill(this.body, ...rows);

    const parties = data.parties;
    if (!parties) return;
    fill(
      this.parties,
      h('h3', {}, 'Parties’ satisfaction with this layout'),
      h(
        'ul',
        { class: 'satisfaction' },
        ...parties.parties.map((party) => {
          const value = party.satisfaction[row]!;
          const bar = h('span', { class: 'bar' });
          bar.style.width = `${(Math.max(0, Math.min(1, value)) * 100).toFixed(1)}%`;
          bar.style.background = party.color;
          const pick = h(
            'button',
            { type: 'button', class: 'link', title: `Show ${possessive(party.name)} pick` },
            `pick #${party.preferred}`,
          );
          pick.addEventListener('click', () => model.update({ selected: model.indexOf.get(party.preferred) ?? null }));
          return h(
            'li',
            {},
            swatch(party.color),
            h('span', { class: 'name' }, party.name),
            h('span', { class: 'meter' }, bar),
            h('span', { class: 'n' }, formatFixed(value, 2)),
            pick,
          );
        }),
      ),
    );
  }
}
