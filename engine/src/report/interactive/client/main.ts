/**
 * The interactive report's explorer: reads the data block of the page, decodes the layouts and
 * builds the views. Everything runs from the page itself: no request ever leaves it (its
 * Content-Security-Policy forbids them too).
 */
import type { ExplorerData } from '../data.js';
import { formatCount } from '../../format.js';
import { Controls } from './controls.js';
import { Layouts } from './decode.js';
import { DetailsView } from './details.js';
import { h } from './dom.js';
import { LayoutList } from './list.js';
import { MapView } from './map-view.js';
import { Model } from './model.js';
import { ParallelChart } from './parallel.js';
import { partiesView } from './parties-view.js';
import { ScatterChart } from './scatter.js';
import { chartKey } from './symbols.js';

async function start(): Promise<void> {
  const app = document.getElementById('explorer')!;
  const data = JSON.parse(document.getElementById('explorer-data')!.textContent!) as ExplorerData;
  const layouts = await Layouts.decode(data);
  const model = new Model(data);
  const scatter = new ScatterChart(model);
  const parallel = new ParallelChart(model);
  app.replaceChildren(
    h(
      'div',
      { class: 'intro' },
      h(
        'p',
        {},
        `${formatCount(model.rows)} layouts on the Pareto front, ${data.objectives.length} objectives. Brush to narrow them, click one to see its map and numbers.`,
      ),
    ),
    new Controls(model).element,
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        { class: 'column' },
        h('section', { class: 'card' }, h('h2', {}, 'Two objectives'), scatter.svg, chartKey(model)),
        h('section', { class: 'card' }, h('h2', {}, 'All objectives (better is up)'), parallel.svg),
        new LayoutList(model).element,
      ),
      h(
        'div',
        { class: 'column' },
        new MapView(model, layouts).element,
        new DetailsView(model).element,
        partiesView(model),
      ),
    ),
  );
  document.body.dataset.ready = 'true';
}

start().catch((error: unknown) => {
  const app = document.getElementById('explorer');
  app?.replaceChildren(h('p', { class: 'error' }, `The explorer could not start: ${(error as Error).message}`));
  document.body.dataset.ready = 'error';
});
