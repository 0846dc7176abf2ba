/** The highlighted layouts' symbols (charts/front-charts.ts MARK_SYMBOLS): diamond, triangle or circle, with the letter. */
import { MARK_SYMBOLS } from '../../../charts/front-charts.js';
import type { ExplorerMark } from '../data.js';
import { s } from './dom.js';

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
