/** Map figures (image, north arrow, scale bar, caption) and class legends. */
import { formatDistance, formatFixed, formatHa } from '../format.js';
import { scaleBar } from '../map-image.js';
import { esc } from './context.js';
import type { Context } from './context.js';

export function mapFigure(ctx: Context, imageUri: string, alt: string, caption: string, extraClass = ''): string {
  const { grid } = ctx.input;
  const extentWidthM = grid.width * grid.cellSizeM;
  const bar = scaleBar(extentWidthM);
  const widthClass = ctx.css.className(
    'sbw',
    `width: ${formatFixed(bar.fractionOfWidth * 100, 3).replace(/,/g, '')}%;`,
  );
  const segments = '<i></i>'.repeat(bar.segments);
  return `<figure class="${extraClass}">
<div class="map-frame">
<img src="${imageUri}" alt="${esc(alt)}">
<div class="north" title="North is up">▲<br>N</div>
<div class="scale"><div class="scale-bar ${widthClass}">${segments}</div><span class="scale-label">${esc(formatDistance(bar.lengthM))}</span></div>
</div>
<figcaption>${caption}</figcaption>
</figure>`;
}

export function classLegend(
  ctx: Context,
  classIndices: readonly number[],
  areasHa?: readonly number[],
  inline = false,
): string {
  const items = classIndices.map((c) => {
    const cls = ctx.input.classes[c]!;
    const area = areasHa ? `<span class="area">${formatHa(areasHa[c]!)} ha</span>` : '';
    return `<li><span class="swatch ${ctx.classSwatch[c]}"></span><span>${esc(cls.name)}</span>${area}</li>`;
  });
  return `<ul class="legend${inline ? ' inline' : ''}">${items.join('')}</ul>`;
}
