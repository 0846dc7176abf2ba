/**
 * The explorer's state and the front as the views read it: which layouts pass the brushes and the
 * group filter, which one is selected, how the map is shown. Views call `update()` and redraw on
 * `onChange`.
 */
import type { ExplorerData, ExplorerMark } from '../data.js';

/** A range brushed on one objective (natural units, min <= max). */
export interface Brush {
  min: number;
  max: number;
}

export type MapMode = 'planned' | 'change' | 'today';

export interface State {
  /** Per objective, or null when not brushed. */
  brushes: (Brush | null)[];
  /** Index into data.groups, or null for all layouts. */
  group: number | null;
  /** Front index of the selected layout, or null. */
  selected: number | null;
  mapMode: MapMode;
  /** Objectives on the scatter's axes. */
  x: number;
  y: number;
}

export class Model {
  readonly rows: number;
  readonly objectiveCount: number;
  /** Per objective: lowest and highest value on the front. */
  readonly ranges: { min: number; max: number }[];
  /** Front index of a layout id. */
  readonly indexOf: Map<number, number>;
  /** Group index of each front index. */
  readonly groupOf: Int32Array;
  readonly markOf: Map<number, ExplorerMark>;
  state: State;
  /** Front indices passing the brushes and the group filter (ascending). */
  visible: number[] = [];
  private readonly listeners: (() => void)[] = [];

  constructor(readonly data: ExplorerData) {
    this.rows = data.front.ids.length;
    this.objectiveCount = data.objectives.length;
    this.ranges = data.objectives.map((_, o) => {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < this.rows; i++) {
        const v = this.value(i, o);
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return { min, max };
    });
    this.indexOf = new Map(data.front.ids.map((id, i) => [id, i]));
    this.groupOf = new Int32Array(this.rows).fill(-1);
    data.groups.forEach((group, g) =>
      group.members.forEach((id) => {
        const i = this.indexOf.get(id);
        if (i !== undefined) this.groupOf[i] = g;
      }),
    );
    this.markOf = new Map(data.marks.map((m) => [m.id, m]));
    const compromise = data.marks.find((m) => m.kind === 'compromise');
    this.state = {
      brushes: data.objectives.map(() => null),
      group: null,
      selected: compromise ? (this.indexOf.get(compromise.id) ?? null) : null,
      mapMode: 'planned',
      x: 0,
      y: Math.min(1, this.objectiveCount - 1),
    };
    this.filter();
  }

  value(row: number, objective: number): number {
    return this.data.front.objectives[row * this.objectiveCount + objective]!;
  }

  id(row: number): number {
    return this.data.front.ids[row]!;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  update(change: Partial<State>): void {
    this.state = { ...this.state, ...change };
    this.filter();
    for (const listener of this.listeners) listener();
  }

  setBrush(objective: number, brush: Brush | null): void {
    const brushes = [...this.state.brushes];
    brushes[objective] = brush;
    this.update({ brushes });
  }

  isVisible(row: number): boolean {
    const { brushes, group } = this.state;
    if (group !== null && this.groupOf[row] !== group) return false;
    return brushes.every((b, o) => b === null || (this.value(row, o) >= b.min && this.value(row, o) <= b.max));
  }

  private filter(): void {
    this.visible = [];
    for (let i = 0; i < this.rows; i++) if (this.isVisible(i)) this.visible.push(i);
  }
}
