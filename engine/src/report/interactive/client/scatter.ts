/**
 * Scatter plot of two objectives (chosen by the reader) as SVG. Layouts outside the brushes are
 * grey; the highlighted layouts carry their symbol and letter, the parties' picks a ring in the
 * party's colour, the selected layout a black ring. Drag a rectangle to brush both objectives;
 * click a point to select its layout.
 */
import { axisTitle } from '../../../charts/front-charts.js';
import { formatFixed } from '../../format.js';
import { linearScale, padded, tickDecimals, ticks, type Scale } from './axes.js';
import { s, svgPoint } from './dom.js';
import { markSymbol } from './symbols.js';
import type { Model } from './model.js';

const W = 560;
const H = 380;
const M = { left: 70, right: 18, top: 14, bottom: 52 };

export class ScatterChart {
  readonly svg: SVGSVGElement;
  private x: Scale = linearScale(0, 1, 0, 1);
  private y: Scale = linearScale(0, 1, 0, 1);

  constructor(private readonly model: Model) {
    this.svg = s('svg', {
      viewBox: `0 0 ${W} ${H}`,
      class: 'chart scatter',
      role: 'img',
      'aria-label': 'Scatter plot of two objectives; drag to brush, click a point to select it',
    });
    this.listen();
    model.onChange(() => this.render());
    this.render();
  }

  render(): void {
    const { model, svg } = this;
    const { x: xo, y: yo, brushes, selected } = model.state;
    const { data } = model;
    const [x0, x1] = padded(model.ranges[xo]!.min, model.ranges[xo]!.max);
    const [y0, y1] = padded(model.ranges[yo]!.min, model.ranges[yo]!.max);
    this.x = linearScale(x0, x1, M.left, W - M.right);
    this.y = linearScale(y0, y1, H - M.bottom, M.top);
    const { x, y } = this;
    const parts: SVGElement[] = [
      s('rect', { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom, class: 'plot-bg' }),
    ];

    for (const [axis, scale, lo, hi, o] of [
      ['x', x, x0, x1, xo],
      ['y', y, y0, y1, yo],
    ] as const) {
      const values = ticks(lo, hi);
      const decimals = tickDecimals(values);
      for (const v of values) {
        const p = scale(v);
        parts.push(
          axis === 'x'
            ? s('line', { x1: p, x2: p, y1: M.top, y2: H - M.bottom, class: 'grid' })
            : s('line', { x1: M.left, x2: W - M.right, y1: p, y2: p, class: 'grid' }),
          axis === 'x'
            ? s(
                'text',
                { x: p, y: H - M.bottom + 15, class: 'tick', 'text-anchor': 'middle' },
                formatFixed(v, decimals),
              )
            : s('text', { x: M.left - 6, y: p + 4, class: 'tick', 'text-anchor': 'end' }, formatFixed(v, decimals)),
        );
      }
      const title = axisTitle(data.objectives[o]!);
      parts.push(
        axis === 'x'
          ? s('text', { x: (M.left + W - M.right) / 2, y: H - 12, class: 'axis-title', 'text-anchor': 'middle' }, title)
          : s(
              'text',
              {
                x: 16,
                y: (M.top + H - M.bottom) / 2,
                class: 'axis-title',
                'text-anchor': 'middle',
                transform: `rotate(-90 16 ${(M.top + H - M.bottom) / 2})`,
              },
              title,
            ),
      );
    }

    // Brushes on the two objectives shown, as a band or a box.
    const bx = brushes[xo];
    const by = brushes[yo];
    if (bx || by) {
      const left = bx ? x(bx.min) : M.left;
      const right = bx ? x(bx.max) : W - M.right;
      const top = by ? y(by.max) : M.top;
      const bottom = by ? y(by.min) : H - M.bottom;
      parts.push(
        s('rect', {
          x: Math.min(left, right),
          y: Math.min(top, bottom),
          width: Math.abs(right - left),
          height: Math.abs(bottom - top),
          class: 'brush',
        }),
      );
    }

    const points = s('g', { class: 'points' });
    const inside = new Set(model.visible);
    // Grey points first, so the brushed ones are drawn on top.
    const order = [...Array(model.rows).keys()].sort((a, b) => Number(inside.has(a)) - Number(inside.has(b)));
    for (const i of order) {
      points.append(
        s('circle', {
          cx: x(model.value(i, xo)),
          cy: y(model.value(i, yo)),
          r: 3.6,
          class: inside.has(i) ? 'pt' : 'pt out',
          'data-row': i,
        }),
      );
    }
    parts.push(points);

    data.parties?.parties.forEach((party) => {
      const i = model.indexOf.get(party.preferred);
      if (i === undefined) return;
      const ring = s('circle', { cx: x(model.value(i, xo)), cy: y(model.value(i, yo)), r: 8, class: 'party-ring' });
      ring.setAttribute('stroke', party.color);
      parts.push(ring);
    });
    for (const mark of data.marks) {
      const i = model.indexOf.get(mark.id);
      if (i === undefined) continue;
      parts.push(markSymbol(mark, x(model.value(i, xo)), y(model.value(i, yo))));
    }
    if (selected !== null) {
      parts.push(
        s('circle', {
          cx: x(model.value(selected, xo)),
          cy: y(model.value(selected, yo)),
          r: 11,
          class: 'selected-ring',
        }),
      );
    }
    parts.push(s('rect', { x: 0, y: 0, width: 0, height: 0, class: 'brush drawing', hidden: true }));
    svg.replaceChildren(...parts);
  }

  /** Drag: brush; click: select the nearest layout within reach. */
  private listen(): void {
    const { svg, model } = this;
    let start: { x: number; y: number } | null = null;
    svg.addEventListener('pointerdown', (event) => {
      start = svgPoint(svg, event);
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener('pointermove', (event) => {
      if (!start) return;
      const p = svgPoint(svg, event);
      const box = svg.querySelector<SVGRectElement>('rect.drawing')!;
      box.removeAttribute('hidden');
      box.setAttribute('x', String(Math.min(start.x, p.x)));
      box.setAttribute('y', String(Math.min(start.y, p.y)));
      box.setAttribute('width', String(Math.abs(p.x - start.x)));
      box.setAttribute('height', String(Math.abs(p.y - start.y)));
    });
    svg.addEventListener('pointerup', (event) => {
      if (!start) return;
      const p = svgPoint(svg, event);
      const from = start;
      start = null;
      const { x: xo, y: yo } = model.state;
      if (Math.hypot(p.x - from.x, p.y - from.y) < 5) {
        const row = this.nearest(p.x, p.y);
        if (row !== null) model.update({ selected: row });
        else svg.querySelector('rect.drawing')?.setAttribute('hidden', '');
        return;
      }
      const range = (a: number, b: number) => ({ min: Math.min(a, b), max: Math.max(a, b) });
      const brushes = [...model.state.brushes];
      brushes[xo] = range(this.x.invert(from.x), this.x.invert(p.x));
      brushes[yo] = range(this.y.invert(from.y), this.y.invert(p.y));
      model.update({ brushes });
    });
  }

  private nearest(px: number, py: number): number | null {
    const { model } = this;
    const { x: xo, y: yo } = model.state;
    let best: number | null = null;
    let bestDistance = 12;
    for (let i = 0; i < model.rows; i++) {
      const d = Math.hypot(this.x(model.value(i, xo)) - px, this.y(model.value(i, yo)) - py);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }
}
