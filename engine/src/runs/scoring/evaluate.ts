/**
 * A whole layout (class index per cell) scored by the land-use problem's own evaluator and checked
 * against every hard rule of its scenario.
 *
 * The optimiser's genome covers only the cells that may change; a planner's layout or an observed
 * map may change any cell. So the evaluator is built on the same study area with every study-area
 * cell made changeable ({@link everyCellChangeable}): today's map, layers, objectives and demands
 * are the scenario's, and a layout that keeps the locked cells gets the values the optimiser gives
 * it (up to floating-point rounding). Rules are checked by checkLayout (landuse/constraints), and
 * demands against the study area's exact bounds in cells (minCells, maxCells).
 */
import {
  checkLayout,
  LandUseEvaluator,
  NO_CLASS,
  type ConstraintViolation,
  type IndicatorReport,
  type PreparedScenario,
  type StudyArea,
} from '../../landuse/index.js';

export interface ObjectiveScore {
  readonly id: string;
  readonly label: string;
  readonly direction: 'maximize';
  readonly value: number;
}

export interface ClassArea {
  readonly id: string;
  readonly name: string;
  readonly ha: number;
  /** Hectares today (the scenario's land-use raster). */
  readonly todayHa: number;
}

export interface DemandCheck {
  readonly classId: string;
  readonly className: string;
  /** The demand's bounds as the engine applies them: whole cells, in hectares. */
  readonly minHa: number | null;
  readonly maxHa: number | null;
  readonly ha: number;
  readonly status: 'met' | 'below' | 'above';
  /** Hectares missing below the minimum (0 when met). */
  readonly shortfallHa: number;
  /** Hectares above the maximum (0 when met). */
  readonly excessHa: number;
}

/** The cell rules (the demands and the change limit, `max-change`, are area rules, left out here). */
export type RuleName = Exclude<ConstraintViolation['rule'], 'demand-min' | 'demand-max' | 'max-change'>;

/** What each cell rule forbids, in words (docs/scoring.md). */
export const RULE_DESCRIPTIONS: Readonly<Record<RuleName, string>> = {
  'study-area': 'a cell outside the study area given a class, or one inside left without',
  'fixed-class': 'a fixed class changed, or a cell changed to a fixed class',
  protected: 'a change inside a protected area',
  'forbidden-conversion': 'a conversion the rules forbid',
  slope: 'a class on a slope steeper than its limit',
  'no-build': 'a built class inside a no-build zone',
};

/** A sub-indicator's value with its plain-language name. */
export interface IndicatorScore extends IndicatorReport {
  readonly label: string;
}

/** Cells breaking one rule by one conversion. */
export interface RuleViolation {
  readonly rule: RuleName;
  /** What the rule forbids, in words. */
  readonly description: string;
  readonly fromClass: string;
  readonly toClass: string;
  /** The layers the rule reads (protected areas, no-build zones, the slope layer). */
  readonly layers: readonly string[];
  readonly cells: number;
  readonly ha: number;
}

export interface LayoutEvaluation {
  readonly objectives: readonly ObjectiveScore[];
  readonly indicators: readonly IndicatorScore[];
  readonly areas: readonly ClassArea[];
  /** Study-area hectares whose class differs from today. */
  readonly changedHa: number;
  readonly demands: readonly DemandCheck[];
  readonly violations: readonly RuleViolation[];
  /** No rule broken and every demand met. */
  readonly feasible: boolean;
}

/** The study area with every study-area cell a gene that may take any class (rules are checked apart). */
export function everyCellChangeable(area: StudyArea): StudyArea {
  const n = area.current.length;
  const geneOfCell = new Int32Array(n).fill(-1);
  const cells: number[] = [];
  for (let i = 0; i < n; i++) {
    if (area.current[i] === NO_CLASS) continue;
    geneOfCell[i] = cells.length;
    cells.push(i);
  }
  const anyClass = (1 << area.classes.length) - 1;
  return {
    ...area,
    geneCells: Int32Array.from(cells),
    geneOfCell,
    allowed: new Uint16Array(cells.length).fill(anyClass),
    fixedCounts: new Int32Array(area.classes.length),
  };
}

/** What scoring reads of a prepared scenario: its rules and demands, the study area, the layers. */
export type ScoringScenario = Pick<PreparedScenario, 'scenario' | 'studyArea' | 'input'>;

/** Scores whole layouts of one prepared scenario (one evaluator, reused). */
export class LayoutScorer {
  readonly area: StudyArea;
  private readonly evaluator: LandUseEvaluator;
  private readonly genome: Uint8Array;

  constructor(readonly prepared: ScoringScenario) {
    this.area = everyCellChangeable(prepared.studyArea);
    this.evaluator = new LandUseEvaluator(this.area);
    this.genome = new Uint8Array(this.area.geneCells.length);
  }

  /** Objectives, sub-indicators, areas, demands and rule violations of a layout (class index per cell). */
  evaluate(layout: Uint8Array): LayoutEvaluation {
    const area = this.area;
    const cellHa = area.cellAreaHa;
    const K = area.classes.length;
    const counts = new Int32Array(K);
    const today = new Int32Array(K);
    let changed = 0;
    for (let g = 0; g < area.geneCells.length; g++) {
      const cell = area.geneCells[g]!;
      const cls = layout[cell]!;
      this.genome[g] = cls;
      counts[cls]!++;
      today[area.current[cell]!]!++;
      if (cls !== area.current[cell]) changed++;
    }
    const report = this.evaluator.report(this.genome);
    const objectives = area.objectives.map((o, m) => ({
      id: o.id,
      label: o.label,
      direction: 'maximize' as const,
      value: report.objectives[m]!,
    }));
    const areas = area.classes.map((c, k) => ({
      id: c.id,
      name: c.name,
      ha: counts[k]! * cellHa,
      todayHa: today[k]! * cellHa,
    }));
    const demands = checkDemands(this.prepared, counts);
    const violations = ruleViolations(this.prepared, layout);
    return {
      objectives,
      indicators: report.indicators.map((i) => ({ ...i })),
      areas,
      changedHa: changed * cellHa,
      demands,
      violations,
      feasible: violations.length === 0 && demands.every((d) => d.status === 'met'),
    };
  }
}

/**
 * Each demand against the cells per class. Bounds are the study area's (buildStudyArea): a minimum
 * of A ha is ceil(A / a) cells, a maximum floor(A / a) cells, a = cell area; shortfall = (min − n) · a.
 */
export function checkDemands(
  prepared: Pick<PreparedScenario, 'scenario' | 'studyArea'>,
  counts: ArrayLike<number>,
): DemandCheck[] {
  const area = prepared.studyArea;
  const cellHa = area.cellAreaHa;
  return prepared.scenario.demands.map((demand) => {
    const c = demand.classIndex;
    const count = counts[c]!;
    const min = demand.min ? area.minCells[c]! : null;
    const max = demand.max ? area.maxCells[c]! : null;
    const shortfall = min === null ? 0 : Math.max(0, min - count);
    const excess = max === null ? 0 : Math.max(0, count - max);
    return {
      classId: area.classes[c]!.id,
      className: area.classes[c]!.name,
      minHa: min === null ? null : min * cellHa,
      maxHa: max === null ? null : max * cellHa,
      ha: count * cellHa,
      status: shortfall > 0 ? 'below' : excess > 0 ? 'above' : 'met',
      shortfallHa: shortfall * cellHa,
      excessHa: excess * cellHa,
    };
  });
}

/** checkLayout's per-cell violations of the cell rules, grouped by rule and conversion, with their areas. */
export function ruleViolations(prepared: ScoringScenario, layout: Uint8Array): RuleViolation[] {
  const area = prepared.studyArea;
  const rules = prepared.scenario.rules;
  const layersOf: Record<RuleName, readonly string[]> = {
    'study-area': [],
    'fixed-class': [],
    protected: rules.protectedAreas,
    'forbidden-conversion': [],
    slope: rules.slopeLayer ? [rules.slopeLayer] : [],
    'no-build': rules.noBuild,
  };
  const groups = new Map<string, { rule: RuleName; from: number; to: number; cells: Set<number> }>();
  for (const v of checkLayout(prepared.input, layout, Number.POSITIVE_INFINITY)) {
    if (v.rule === 'demand-min' || v.rule === 'demand-max' || v.rule === 'max-change') continue;
    const from = area.current[v.cell]!;
    const to = layout[v.cell]!;
    const key = `${v.rule}:${from}:${to}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { rule: v.rule, from, to, cells: new Set() }));
    group.cells.add(v.cell);
  }
  const name = (c: number) => area.classes[c]?.id ?? (c === NO_CLASS ? 'outside' : `class ${c}`);
  return [...groups.values()]
    .map((g) => ({
      rule: g.rule,
      description: RULE_DESCRIPTIONS[g.rule],
      fromClass: name(g.from),
      toClass: name(g.to),
      layers: layersOf[g.rule],
      cells: g.cells.size,
      ha: g.cells.size * area.cellAreaHa,
    }))
    .sort((a, b) => b.cells - a.cells || a.rule.localeCompare(b.rule));
}
