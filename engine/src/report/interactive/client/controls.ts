/** The explorer's controls: the scatter's axes, the group filter, and what the brushes keep. */
import { formatValue } from '../../format.js';
import { fill, h } from './dom.js';
import type { Model } from './model.js';

export class Controls {
  readonly element: HTMLElement;
  private readonly brushes = h('p', { class: 'brushes muted', id: 'brush-summary' });

  constructor(private readonly model: Model) {
    const { data } = model;
    const objectiveSelect = (id: string, label: string, key: 'x' | 'y') => {
      const select = h(
        'select',
        { id },
        ...data.objectives.map((o, k) => h('option', { value: k, selected: k === model.state[key] }, o.label)),
      );
      select.addEventListener('change', () => model.update({ [key]: Number(select.value) }));
      return h('label', {}, `${label} `, select);
    };
    const group = h(
      'select',
      { id: 'group-filter' },
      h('option', { value: '' }, 'All layouts'),
      ...data.groups.map((g, k) =>
        h('option', { value: k }, `Group ${k + 1} (${g.members.length} layouts, medoid #${g.medoid})`),
      ),
    );
    group.addEventListener('change', () => model.update({ group: group.value === '' ? null : Number(group.value) }));
    model.onChange(() => {
      group.value = model.state.group === null ? '' : String(model.state.group);
      this.render();
    });
    this.element = h(
      'div',
      { class: 'controls' },
      objectiveSelect('scatter-x', 'Scatter: horizontal', 'x'),
      objectiveSelect('scatter-y', 'vertical', 'y'),
      data.groups.length > 1 ? h('label', {}, 'Show ', group) : null,
      this.brushes,
    );
    this.render();
  }

  render(): void {
    const { model } = this;
    const parts = model.data.objectives.flatMap((o, k) => {
      const b = model.state.brushes[k];
      return b ? [`${o.label} ${formatValue(b.min, o.decimals)} – ${formatValue(b.max, o.decimals)}`] : [];
    });
    fill(
      this.brushes,
      parts.length
        ? `Brushed: ${parts.join('; ')}.`
        : 'Drag on the scatter plot or along an axis of the parallel coordinates to narrow the layouts.',
    );
  }
}
