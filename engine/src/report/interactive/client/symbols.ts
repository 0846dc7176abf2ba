/** The highlighted layouts' symbols (charts/front-charts.ts MARK_SYMBOLS): diamond, triangle or circle, with the letter. */
import { MARK_SYMBOLS } from '../../../charts/front-charts.js';
import type { ExplorerMark } from '../data.js';
import { possessive } from '../../format.js';
import { h, s } from './dom.js';
import type { Model } from './model.js';

export function markSymbol(mark: ExplorerMark, x: number, y: number): SVGGElement {
  const size = 7;
  const shape = MARK_SYMBOLS[mark.kind];
  const symbol =
    shape === 'diamond'
      ? s('path', { d: `M${x} ${y - size}L${x + size} ${y}L${x} ${y + size}L${x - size} ${y}Z` })
      : shape === 'triangle'
        ? s('path', { d: `M${x} ${y - size}L${x + size} ${y + size * 0.8}L${x - size} ${y + size * 0.8}Z` })
        : s('circle', { cx: x, cy: y, r: size * 0.8 });
  symbol.setAttribute('fill', mark.color);
  symbol.setAttribute('class', 'mark-symbol');
  const label = s('text', { x: x + size + 2, y: y - size + 2, class: 'mark-letter' }, mark.letter);
  label.setAttribute('fill', mark.color);
  return s('g', { class: 'mark' }, symbol, label, s('title', {}, `${mark.letter}: ${mark.label} (#${mark.id})`));
}

/**
 * The scatter plot's key: each highlighted layout's symbol, letter and name, and each party's
 * ring; every entry is a button that selects its layout.
 */
export function chartKey(model: Model): HTMLElement {
  const { data } = model;
  const entry = (id: number, icon: SVGElement, text: string) => {
    const button = h('button', { type: 'button', class: 'link' }, text);
    button.addEventListener('click', () => model.update({ selected: model.indexOf.get(id) ?? null }));
    return h('li', {}, s('svg', { viewBox: '0 0 22 18', 'aria-hidden': 'true' }, icon), button);
  };
  return h(
    'ul',
    { class: 'key', id: 'scatter-key' },
    ...data.marks.map((mark) => {
      const icon = markSymbol(mark, 8, 10);
      icon.querySelector('text')?.remove();
      return entry(mark.id, icon, `${mark.letter} ${mark.label} (#${mark.id})`);
    }),
    ...(data.parties?.parties ?? []).map((party) => {
      const ring = s('circle', { cx: 9, cy: 9, r: 6.5, class: 'party-ring' });
      ring.setAttribute('stroke', party.color);
      return entry(party.preferred, ring, `${possessive(party.name)} pick (#${party.preferred})`);
    }),
  );
}
