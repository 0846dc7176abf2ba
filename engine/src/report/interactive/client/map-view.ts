/**
 * The selected layout's map on a canvas, one pixel per cell scaled up without smoothing: planned
 * land use, the change from today (unchanged cells grey, changed cells in their new class's
 * colour) or today's map; with a legend of the classes present and their areas, and a scale bar.
 */
import { UNCHANGED_COLOR } from '../../../charts/map-colors.js';
import { formatDistance, formatHa, formatHaChange } from '../../format.js';
import { scaleBar } from '../../scale-bar.js';
import { NO_CLASS } from '../../../rules/index.js';
import type { Layouts } from './decode.js';
import { fill, h, swatch } from './dom.js';
import type { MapMode, Model } from './model.js';

function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

const MODES: { mode: MapMode; label: string }[] = [
  { mode: 'planned', label: 'Planned' },
  { mode: 'change', label: 'Change from today' },
  { mode: 'today', label: 'Today' },
];

export class MapView {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly title = h('h2', {});
  private readonly legend = h('ul', { class: 'legend' });
  private readonly buttons: HTMLButtonElement[];
  private readonly colors: [number, number, number][];

  constructor(
    private readonly model: Model,
    private readonly layouts: Layouts,
  ) {
    const { grid } = model.data;
    this.colors = model.data.classes.map((c) => rgb(c.color));
    this.canvas = h('canvas', { width: grid.width, height: grid.height, class: 'map', id: 'layout-map' });
    this.buttons = MODES.map(({ mode, label }) => {
      const button = h('button', { type: 'button', 'data-mode': mode }, label);
      button.addEventListener('click', () => model.update({ mapMode: mode }));
      return button;
    });
    const bar = scaleBar(grid.width * grid.cellSizeM);
    const scale = h('div', { class: 'scale' }, h('span', { class: 'scale-bar' }), formatDistance(bar.lengthM));
    (scale.firstChild as HTMLElement).style.width = `${(bar.fractionOfWidth * 100).toFixed(2)}%`;
    this.element = h(
      'section',
      { class: 'card map-card', 'aria-live': 'polite' },
      this.title,
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Map' }, ...this.buttons),
      h('div', { class: 'map-frame' }, this.canvas, h('div', { class: 'north', title: 'North is up' }, '▲ N'), scale),
      this.legend,
    );
    model.onChange(() => this.render());
    this.render();
  }

  render(): void {
    const { model, layouts, canvas } = this;
    const { selected, mapMode } = model.state;
    const { data } = model;
    for (const button of this.buttons) button.setAttribute('aria-pressed', String(button.dataset.mode === mapMode));
    const today = layouts.current;
    const map = selected === null || mapMode === 'today' ? today : layouts.layout(selected);
    const mark = selected === null ? undefined : model.markOf.get(model.id(selected));
    fill(
      this.title,
      mapMode === 'today' || selected === null
        ? "Today's land use"
        : `Layout #${model.id(selected)}${mark ? ` · ${mark.letter} ${mark.label}` : ''}`,
    );
    const context = canvas.getContext('2d')!;
    const image = context.createImageData(canvas.width, canvas.height);
    const unchanged = rgb(UNCHANGED_COLOR);
    const counts = new Float64Array(data.classes.length);
    const todayCounts = new Float64Array(data.classes.length);
    for (let cell = 0; cell < map.length; cell++) {
      const c = map[cell]!;
      if (c === NO_CLASS) continue;
      counts[c]!++;
      todayCounts[today[cell]!]!++;
      const color = mapMode === 'change' && c === today[cell] ? unchanged : this.colors[c]!;
      const p = cell * 4;
      image.data[p] = color[0];
      image.data[p + 1] = color[1];
      image.data[p + 2] = color[2];
      image.data[p + 3] = 255;
    }
    context.putImageData(image, 0, 0);

    const cellHa = data.grid.cellAreaHa;
    const items = data.classes
      .map((cls, c) => ({ cls, c }))
      .filter(({ c }) => counts[c]! > 0 || todayCounts[c]! > 0)
      .map(({ cls, c }) => {
        const change = (counts[c]! - todayCounts[c]!) * cellHa;
        return h(
          'li',
          {},
          swatch(cls.color),
          h('span', {}, cls.name),
          h('span', { class: 'area' }, `${formatHa(counts[c]! * cellHa)} ha`),
          mapMode === 'today' ? null : h('span', { class: 'change' }, change === 0 ? '' : `${formatHaChange(change)}`),
        );
      });
    if (mapMode === 'change')
      items.unshift(h('li', {}, swatch(UNCHANGED_COLOR), h('span', {}, 'Unchanged from today')));
    fill(this.legend, ...items);
  }
}
