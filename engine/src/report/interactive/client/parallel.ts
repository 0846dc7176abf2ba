/**
 * Parallel coordinates of every objective as SVG: one line per layout, axes oriented so that
 * better is up (minimised objectives inverted, as in the report). Drag along an axis to brush a
 * range of that objective; click an axis without dragging to clear its brush; click a line to
 * select its layout.
 */
import type { ExplorerObjective } from '../data.js';
import { formatFixed } from '../../format.js';
import { linearScale, padded, type Scale } from './axes.js';
import { s, svgPoint } from './dom.js';
import type { Model } from './model.js';

const H = 320;
const M = { left: 50, right: 50, top: 48, bottom: 30 };
/** Width of the invisible band around an axis that takes brushing. */
const HIT = 28;

/**
 * An axis title in two lines (name; unit and direction), anchored inwards at the outer axes so
 * that long names stay inside the chart.
 */
function axisLabel(objective: ExplorerObjective, x: number, anchor: 'start' | 'middle' | 'end'): SVGTextElement {
  const dx = anchor === 'start' ? -8 : anchor === 'end' ? 8 : 0;
  const unit = objective.unit ? `(${objective.unit}) ` : '';
  return s(
    'text',
    { x: x + dx, y: M.top - 26, class: 'axis-title', 'text-anchor': anchor },
    s('tspan', { x: x + dx }, objective.label),
    s(
      'tspan',
      { x: x + dx, dy: 14, class: 'axis-sub' },
      `${unit}${objective.direction === 'maximize' ? '↑ max' : '↓ min'}`,
    ),
  );
}

export class ParallelChart {
  readonly svg: SVGSVGElement;
  private readonly width: number;
  private scales: Scale[] = [];

  constructor(private readonly model: Model) {
    this.width = Math.max(520, 200 * model.objectiveCount);
    this.svg = s('svg', {
      viewBox: `0 0 ${this.width} ${H}`,
      class: 'chart parallel',
      role: 'img',
      'aria-label': 'Parallel coordinates; drag along an axis to brush a range, click a line to select its layout',
    });
    model.onChange(() => this.render());
    this.render();
  }

  private axisX(o: number): number {
    const n = this.model.objectiveCount;
    return n === 1 ? this.width / 2 : M.left + (o * (this.width - M.left - M.right)) / (n - 1);
  }

  render(): void {
    const { model, svg } = this;
    const { data } = model;
    const { brushes, selected } = model.state;
    this.scales = data.objectives.map((objective, o) => {
      const [lo, hi] = padded(model.ranges[o]!.min, model.ranges[o]!.max, 0.02);
      // Better up: the best end of the range at the top.
      return objective.direction === 'maximize'
        ? linearScale(lo, hi, H - M.bottom, M.top)
        : linearScale(hi, lo, H - M.bottom, M.top);
    });
    const points = (row: number) =>
      data.objectives
        .map((_, o) => `${this.axisX(o).toFixed(1)},${this.scales[o]!(model.value(row, o)).toFixed(1)}`)
        .join(' ');

    const inside = new Set(model.visible);
    const lines = s('g', { class: 'lines' });
    const order = [...Array(model.rows).keys()].sort((a, b) => Number(inside.has(a)) - Number(inside.has(b)));
    for (const i of order)
      lines.append(s('polyline', { points: points(i), class: inside.has(i) ? 'line' : 'line out', 'data-row': i }));
    const marked = s('g', { class: 'marked-lines' });
    for (const mark of data.marks) {
      const i = model.indexOf.get(mark.id);
      if (i === undefined) continue;
      const line = s('polyline', { points: points(i), class: 'line marked', 'data-row': i });
      // Through the CSSOM: the stylesheet's stroke for .line would win over an attribute.
      line.style.stroke = mark.color;
      marked.append(line);
    }
    if (selected !== null)
      marked.append(s('polyline', { points: points(selected), class: 'line selected', 'data-row': selected }));

    const axes = data.objectives.map((objective, o) => {
      const ax = this.axisX(o);
      const scale = this.scales[o]!;
      const { min, max } = model.ranges[o]!;
      const best = objective.direction === 'maximize' ? max : min;
      const worst = objective.direction === 'maximize' ? min : max;
      const group = s(
        'g',
        { class: 'axis', 'data-objective': o },
        s('line', { x1: ax, x2: ax, y1: M.top, y2: H - M.bottom, class: 'axis-line' }),
        axisLabel(objective, ax, o === 0 ? 'start' : o === data.objectives.length - 1 ? 'end' : 'middle'),
        s('text', { x: ax + 6, y: scale(best) + 4, class: 'tick' }, formatFixed(best, objective.decimals)),
        s('text', { x: ax + 6, y: scale(worst) + 4, class: 'tick' }, formatFixed(worst, objective.decimals)),
      );
      const brush = brushes[o];
      if (brush) {
        const a = scale(brush.min);
        const b = scale(brush.max);
        group.append(s('rect', { x: ax - 9, y: Math.min(a, b), width: 18, height: Math.abs(b - a), class: 'brush' }));
      }
      const hit = s('rect', {
        x: ax - HIT / 2,
        y: M.top - 6,
        width: HIT,
        height: H - M.top - M.bottom + 12,
        class: 'axis-hit',
        'data-objective': o,
      });
      group.append(hit);
      this.brushOn(hit, o);
      return group;
    });
    svg.replaceChildren(lines, marked, ...axes);
    svg.onclick = (event) => {
      const row = (event.target as Element).getAttribute('data-row');
      if (row !== null) model.update({ selected: Number(row) });
    };
  }

  private brushOn(hit: SVGRectElement, o: number): void {
    const { svg, model } = this;
    let startY: number | null = null;
    let drawing: SVGRectElement | null = null;
    hit.addEventListener('pointerdown', (event) => {
      event.stopPropagation();
      startY = svgPoint(svg, event).y;
      hit.setPointerCapture(event.pointerId);
      drawing = s('rect', { x: this.axisX(o) - 9, y: startY, width: 18, height: 0, class: 'brush drawing' });
      svg.append(drawing);
    });
    hit.addEventListener('pointermove', (event) => {
      if (startY === null || !drawing) return;
      const y = svgPoint(svg, event).y;
      drawing.setAttribute('y', String(Math.min(startY, y)));
      drawing.setAttribute('height', String(Math.abs(y - startY)));
    });
    hit.addEventListener('pointerup', (event) => {
      if (startY === null) return;
      const y = svgPoint(svg, event).y;
      const from = startY;
      startY = null;
      drawing?.remove();
      drawing = null;
      if (Math.abs(y - from) < 4) {
        model.setBrush(o, null);
        return;
      }
      const scale = this.scales[o]!;
      const a = scale.invert(Math.max(M.top, Math.min(H - M.bottom, from)));
      const b = scale.invert(Math.max(M.top, Math.min(H - M.bottom, y)));
      model.setBrush(o, { min: Math.min(a, b), max: Math.max(a, b) });
    });
  }
}
