/**
 * Derived facts the report shows: areas per class, from-to matrices, demand status, the
 * solutions marked on the charts. Pure functions on typed arrays; no Node imports.
 */
import type { ObjectiveDirection } from '../optimizer/index.js';
import { NO_CLASS } from '../rules/index.js';
import { ReportInputError } from './errors.js';
import { highlights, otherColor, otherLetter, type HighlightKind } from '../charts/highlights.js';
import type { ReportDemand, ReportInput, ReportSolution } from './types.js';

/** Checks that the parts of a ReportInput agree with each other; throws ReportInputError naming the field. */
export function validateReportInput(input: ReportInput): void {
  const { width, height, cellSizeM, cellAreaHa } = input.grid;
  const cells = width * height;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new ReportInputError(
      `Report input grid: width and height must be positive integers (got ${width} x ${height}).`,
    );
  }
  if (!(cellSizeM > 0) || !(cellAreaHa > 0)) {
    throw new ReportInputError(
      `Report input grid: cellSizeM and cellAreaHa must be positive (got ${cellSizeM} m, ${cellAreaHa} ha).`,
    );
  }
  if (input.classes.length === 0 || input.classes.length >= NO_CLASS) {
    throw new ReportInputError(`Report input classes: expected 1 to 254 classes, got ${input.classes.length}.`);
  }
  for (const cls of input.classes) {
    if (!/^#[0-9a-fA-F]{6}$/.test(cls.color)) {
      throw new ReportInputError(`Report input class "${cls.id}": color must be #rrggbb, got "${cls.color}".`);
    }
  }
  checkLayout(input.current, cells, input.classes.length, 'current');
  const objectiveCount = input.objectives.length;
  if (objectiveCount === 0) throw new ReportInputError('Report input objectives: at least one objective is needed.');
  const frontIds = new Set<number>();
  for (const solution of input.front) {
    if (solution.objectives.length !== objectiveCount) {
      throw new ReportInputError(
        `Report input front: solution ${solution.id} has ${solution.objectives.length} objective values, expected ${objectiveCount}.`,
      );
    }
    if (solution.classAreasHa.length !== input.classes.length) {
      throw new ReportInputError(
        `Report input front: solution ${solution.id} has ${solution.classAreasHa.length} class areas, expected ${input.classes.length}.`,
      );
    }
    frontIds.add(solution.id);
  }
  const known = (id: number, field: string): void => {
    if (!frontIds.has(id)) {
      throw new ReportInputError(
        `Report input ${field}: solution ${id} is not in the front (ids ${[...frontIds].slice(0, 10).join(', ')}${frontIds.size > 10 ? '…' : ''}).`,
      );
    }
  };
  if (input.front.length > 0) {
    input.highlights.extremes.forEach((id) => known(id, 'highlights.extremes'));
    known(input.highlights.knee, 'highlights.knee');
  }
  for (const selected of input.selected) {
    known(selected.id, 'selected');
    checkLayout(selected.layout, cells, input.classes.length, `selected layout ${selected.id}`);
  }
  checkDecisionParts(input, cells, known);
  const classIds = new Set(input.classes.map((c) => c.id));
  for (const demand of input.demands) {
    if (!classIds.has(demand.classId)) {
      throw new ReportInputError(`Report input demands: unknown class "${demand.classId}".`);
    }
  }
}

/** The front's layouts, the groups' profiles and the parties must fit the front and the grid. */
function checkDecisionParts(input: ReportInput, cells: number, known: (id: number, field: string) => void): void {
  const rows = input.front.length;
  if (input.frontLayouts) {
    const { cells: genes, rows: layouts } = input.frontLayouts;
    if (layouts !== rows || genes.some((cell) => cell < 0 || cell >= cells)) {
      throw new ReportInputError(
        `Report input frontLayouts: ${layouts} layouts of ${genes.length} cells for ${rows} front rows, or a cell outside the grid.`,
      );
    }
  }
  input.representatives.forEach((group, g) =>
    group.members.forEach((id) => known(id, `representatives[${g}].members`)),
  );
  if (input.groups && input.groups.profiles.length !== input.representatives.length) {
    throw new ReportInputError(
      `Report input groups: ${input.groups.profiles.length} profiles for ${input.representatives.length} groups.`,
    );
  }
  const across = input.acrossRuns;
  if (
    across &&
    (across.mode.length !== cells ||
      across.agreePercent.length !== cells ||
      across.classes.length !== input.classes.length)
  ) {
    throw new ReportInputError(
      `Report input acrossRuns: maps of ${across.mode.length} and ${across.agreePercent.length} cells (expected ${cells}) and ${across.classes.length} class rows (expected ${input.classes.length}).`,
    );
  }
  const parties = input.parties;
  if (!parties) return;
  parties.parties.forEach((party) => {
    known(party.preferred, `parties "${party.id}" preferred`);
    if (party.satisfaction.length !== rows) {
      throw new ReportInputError(
        `Report input parties "${party.id}": ${party.satisfaction.length} satisfaction values, expected one per layout (${rows}).`,
      );
    }
  });
  parties.compromises.forEach((c) => known(c.id, `parties compromise ${c.rule}`));
  parties.borda.standings.forEach((s) => known(s.id, 'parties borda'));
  const { disagreeing, mode, classes } = parties.agreement;
  if (disagreeing.length !== cells || mode.length !== cells || classes.length !== input.classes.length) {
    throw new ReportInputError(
      `Report input parties agreement: maps of ${disagreeing.length} and ${mode.length} cells (expected ${cells}) and ${classes.length} class rows (expected ${input.classes.length}).`,
    );
  }
}

function checkLayout(layout: Uint8Array, cells: number, classCount: number, field: string): void {
  if (layout.length !== cells) {
    throw new ReportInputError(`Report input ${field}: ${layout.length} cells, expected ${cells} (width x height).`);
  }
  for (let i = 0; i < layout.length; i++) {
    const value = layout[i]!;
    if (value !== NO_CLASS && value >= classCount) {
      throw new ReportInputError(
        `Report input ${field}: cell ${i} has class index ${value}, but there are ${classCount} classes (255 = outside).`,
      );
    }
  }
}

/** Area per class in hectares of a layout (cells outside the study area ignored). */
export function classAreasHa(layout: Uint8Array, classCount: number, cellAreaHa: number): number[] {
  const counts = new Float64Array(classCount);
  for (let i = 0; i < layout.length; i++) {
    const value = layout[i]!;
    if (value !== NO_CLASS) counts[value]! += 1;
  }
  return Array.from(counts, (count) => count * cellAreaHa);
}

/** Hectares that change from class `from` (today) to class `to` (in the layout): `matrix[from][to]`. */
export function fromToMatrixHa(
  current: Uint8Array,
  layout: Uint8Array,
  classCount: number,
  cellAreaHa: number,
): number[][] {
  const counts = new Float64Array(classCount * classCount);
  for (let i = 0; i < current.length; i++) {
    const from = current[i]!;
    const to = layout[i]!;
    if (from === NO_CLASS || to === NO_CLASS) continue;
    counts[from * classCount + to]! += 1;
  }
  const matrix: number[][] = [];
  for (let from = 0; from < classCount; from++) {
    matrix.push(Array.from(counts.subarray(from * classCount, (from + 1) * classCount), (c) => c * cellAreaHa));
  }
  return matrix;
}

/** Total changed area (off-diagonal of a from-to matrix), in hectares. */
export function changedAreaHa(matrix: readonly number[][]): number {
  let total = 0;
  matrix.forEach((row, from) => row.forEach((ha, to) => (total += from === to ? 0 : ha)));
  return total;
}

export type DemandState = 'met' | 'below' | 'above' | 'none';

export interface DemandStatus {
  state: DemandState;
  /** Hectares missing (below) or in excess (above); 0 when met. */
  gapHa: number;
}

/** Whether an area meets a demand range. A tolerance of half a cell's area absorbs rounding. */
export function demandStatus(areaHa: number, demand: ReportDemand | undefined, toleranceHa = 0): DemandStatus {
  if (!demand || (demand.minHa === null && demand.maxHa === null)) return { state: 'none', gapHa: 0 };
  if (demand.minHa !== null && areaHa < demand.minHa - toleranceHa)
    return { state: 'below', gapHa: demand.minHa - areaHa };
  if (demand.maxHa !== null && areaHa > demand.maxHa + toleranceHa)
    return { state: 'above', gapHa: areaHa - demand.maxHa };
  return { state: 'met', gapHa: 0 };
}

/** Index of the best value (first on ties); -1 when none is finite. */
export function bestIndex(values: readonly number[], direction: ObjectiveDirection): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isFinite(value)) continue;
    if (best < 0 || (direction === 'maximize' ? value > values[best]! : value < values[best]!)) best = i;
  }
  return best;
}

export type MarkKind = HighlightKind | 'selected';

/** A solution marked on the charts and shown by letter in tables. */
export interface MarkedSolution {
  id: number;
  /** Fixed by role (charts/highlights.ts): A the compromise, B… the extremes, then other selections. */
  letter: string;
  label: string;
  reason: string;
  kind: MarkKind;
  /** Indices of the objectives this solution is best at (extremes). */
  extremeOf: number[];
  isCompromise: boolean;
  /** Whether the report shows this layout in full (map, tables). */
  shownInFull: boolean;
  color: string;
}

/**
 * The solutions the charts mark, in letter order: the highlighted layouts (the compromise and the
 * extremes, with the letters, names and colours the desktop app uses too), then the other selected
 * layouts in their order.
 */
export function markedSolutions(input: ReportInput): MarkedSolution[] {
  const shown = new Set(input.selected.map((s) => s.id));
  const roles =
    input.front.length > 0
      ? highlights(
          input.highlights,
          input.objectives.map((o) => o.label),
        )
      : [];
  const marks: MarkedSolution[] = roles.map((role) => ({
    id: role.id,
    letter: role.letter,
    label: role.label,
    reason: role.reason,
    kind: role.kind,
    extremeOf: role.extremeOf,
    isCompromise: role.isCompromise,
    shownInFull: shown.has(role.id),
    color: role.color,
  }));
  const seen = new Set(marks.map((m) => m.id));
  let others = 0;
  for (const selected of input.selected) {
    if (seen.has(selected.id)) continue;
    seen.add(selected.id);
    marks.push({
      id: selected.id,
      letter: otherLetter(input.objectives.length, others),
      label: selected.label,
      reason: selected.reason,
      kind: 'selected',
      extremeOf: [],
      isCompromise: false,
      shownInFull: true,
      color: otherColor(others),
    });
    others++;
  }
  return marks;
}

/** The front solution with the given id (validated input guarantees it exists). */
export function solutionById(input: ReportInput, id: number): ReportSolution {
  const solution = input.front.find((s) => s.id === id);
  if (!solution) throw new ReportInputError(`Report input: solution ${id} is not in the front.`);
  return solution;
}

/** Min and max of each objective over the front. */
export function objectiveRanges(input: ReportInput): { min: number; max: number }[] {
  return input.objectives.map((_, o) => {
    const values = input.front.map((s) => s.objectives[o]!).filter(Number.isFinite);
    return values.length ? { min: Math.min(...values), max: Math.max(...values) } : { min: NaN, max: NaN };
  });
}

/** The full layout of front solution `id` from `frontLayouts` (or a selected layout), null when not in the input. */
export function layoutOf(input: ReportInput, id: number): Uint8Array | null {
  const selected = input.selected.find((s) => s.id === id);
  if (selected) return selected.layout;
  const index = input.front.findIndex((s) => s.id === id);
  if (!input.frontLayouts || index < 0) return null;
  const { cells } = input.frontLayouts;
  const classes = input.frontLayouts.classesOf(index);
  const layout = input.current.slice();
  cells.forEach((cell, g) => (layout[cell] = classes[g]!));
  return layout;
}
