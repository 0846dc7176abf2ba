/**
 * What every report section shares: the input, numbering of figures and tables, data-dependent CSS
 * classes, the marked layouts and the number formats chosen for the front; and the small helpers
 * that write marks, ranks and directions the same way in every section.
 */
import { NO_CLASS } from '../../rules/index.js';
import type { ObjectiveDirection } from '../../optimizer/index.js';
import { classAreasHa, markedSolutions } from '../analysis.js';
import { MARK_SYMBOLS } from '../../charts/front-charts.js';
import { decimalsFor, escapeHtml } from '../format.js';
import type { MarkedSolution } from '../analysis.js';
import type { ReportInput, ReportObjective } from '../types.js';
import type { RenderHtmlOptions } from '../html.js';

export const esc = escapeHtml;

/** Figure and table numbering, in document order. */
export class Numbering {
  private figures = 0;
  private tables = 0;
  figure(): string {
    return `Figure ${++this.figures}.`;
  }
  table(): string {
    return `Table ${++this.tables}.`;
  }
}

/** CSS rules for colours and widths that depend on the data (so the markup needs no inline style). */
export class DynamicCss {
  /** `prefix + declaration` -> class name, so equal declarations share one class. */
  private readonly names = new Map<string, string>();
  private readonly rules: string[] = [];
  className(prefix: string, declaration: string): string {
    const key = `${prefix}|${declaration}`;
    let name = this.names.get(key);
    if (!name) {
      name = `${prefix}${this.names.size}`;
      this.names.set(key, name);
      this.rules.push(`.${name} { ${declaration} }`);
    }
    return name;
  }
  toString(): string {
    return this.rules.join('\n');
  }
}

export interface Context {
  input: ReportInput;
  options: RenderHtmlOptions;
  numbering: Numbering;
  css: DynamicCss;
  marks: MarkedSolution[];
  markById: Map<number, MarkedSolution>;
  /** CSS class giving each land-use class its swatch colour. */
  classSwatch: string[];
  markColorClass: Map<number, string>;
  markBgClass: Map<number, string>;
  objectiveDecimals: number[];
  indicatorDecimals: Map<string, number>;
  currentAreas: number[];
  studyAreaHa: number;
}

const ordinalRules = new Intl.PluralRules('en-GB', { type: 'ordinal' });
const ORDINAL_SUFFIX: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
export function ordinal(n: number): string {
  return `${n}${ORDINAL_SUFFIX[ordinalRules.select(n)] ?? 'th'}`;
}

export function directionWord(direction: ObjectiveDirection): string {
  return direction === 'maximize' ? 'maximise' : 'minimise';
}

/** Rank of `value` among `values` (1 = best). */
export function rankOf(value: number, values: readonly number[], direction: ObjectiveDirection): number {
  let better = 0;
  for (const other of values) if (direction === 'maximize' ? other > value : other < value) better++;
  return better + 1;
}

/** The direction in which an indicator improves its objective (null when its weight is 0). */
export function indicatorDirection(objective: ReportObjective, weight: number): ObjectiveDirection | null {
  if (weight === 0) return null;
  const flip = weight < 0;
  if (objective.direction === 'maximize') return flip ? 'minimize' : 'maximize';
  return flip ? 'maximize' : 'minimize';
}

export function markSymbolHtml(ctx: Context, mark: MarkedSolution): string {
  const glyph = MARK_SYMBOLS[mark.kind] === 'diamond' ? '◆' : MARK_SYMBOLS[mark.kind] === 'triangle' ? '▲' : '●';
  return `<span class="mark ${ctx.markColorClass.get(mark.id)}"><span class="mark-symbol" aria-hidden="true">${glyph}</span>&#8239;${esc(mark.letter)}</span>`;
}

export function letterBadge(ctx: Context, mark: MarkedSolution): string {
  return `<span class="letter-badge ${ctx.markBgClass.get(mark.id)}">${esc(mark.letter)}</span>`;
}

export function markLegend(ctx: Context, inline = true): string {
  return `<ul class="legend${inline ? ' inline' : ''}">${ctx.marks
    .map((m) => `<li>${markSymbolHtml(ctx, m)} ${esc(m.label)}</li>`)
    .join('')}</ul>`;
}

/** The shared state of one rendering (validate the input first). */
export function createContext(input: ReportInput, options: RenderHtmlOptions): Context {
  const css = new DynamicCss();
  const marks = markedSolutions(input);
  const markById = new Map(marks.map((m) => [m.id, m]));
  const classCount = input.classes.length;
  const currentAreas = classAreasHa(input.current, classCount, input.grid.cellAreaHa);
  let insideCells = 0;
  for (const value of input.current) if (value !== NO_CLASS) insideCells++;
  const indicatorDecimals = new Map<string, number>();
  for (const objective of input.objectives) {
    for (const indicator of objective.indicators) {
      const key = `${objective.id}.${indicator.id}`;
      indicatorDecimals.set(key, decimalsFor(input.front.map((s) => s.indicators[key] ?? Number.NaN)));
    }
  }
  return {
    input,
    options,
    numbering: new Numbering(),
    css,
    marks,
    markById,
    classSwatch: input.classes.map((c) => css.className('cls', `background: ${c.color};`)),
    markColorClass: new Map(marks.map((m) => [m.id, css.className('mk', `color: ${m.color};`)])),
    markBgClass: new Map(marks.map((m) => [m.id, css.className('mb', `background: ${m.color};`)])),
    objectiveDecimals: input.objectives.map((_, o) => decimalsFor(input.front.map((s) => s.objectives[o]!))),
    indicatorDecimals,
    currentAreas,
    studyAreaHa: insideCells * input.grid.cellAreaHa,
  };
}

/** `#12`, followed by its mark (◆ A) when the layout is one of the marked layouts. */
export function layoutRef(ctx: Context, id: number): string {
  const mark = ctx.markById.get(id);
  return `#${id}${mark ? ` ${markSymbolHtml(ctx, mark)}` : ''}`;
}

/** An objective's label, or a sub-indicator's (`Land value (economic return)`), from its criterion id. */
export function criterionName(ctx: Context, id: string): string {
  const [objectiveId, indicatorId] = id.split('.');
  const objective = ctx.input.objectives.find((o) => o.id === objectiveId);
  if (!objective) return id;
  if (indicatorId === undefined) return objective.label;
  const indicator = objective.indicators.find((i) => i.id === indicatorId);
  return indicator ? `${indicator.label} (${objective.label.toLowerCase()})` : id;
}
