/**
 * Scoring any layout through the engine API (`paretoplan score`): a layout GeoTIFF evaluated on a
 * scenario's objectives and sub-indicators, its demands and hard rules checked, and, given a run
 * folder, its place against that run's front. Definitions: docs/scoring.md.
 */
import { decimalsFor, formatFixed, formatHa } from '../report/format.js';
import {
  scoreLayout,
  type DemandCheck,
  type LayoutEvaluation,
  type ObjectiveScore,
  type RuleViolation,
  type ScoredLayout,
  type ScoreOptions,
} from '../runs/index.js';

export { scoreLayout, type ScoredLayout, type ScoreOptions };
export type {
  ClassArea,
  DemandCheck,
  FrontComparison,
  FrontPlacement,
  IndicatorScore,
  LayoutEvaluation,
  ObjectiveScore,
  RuleViolation,
} from '../runs/index.js';

/** How many dominating or dominated front layouts the text lists one by one. */
const LISTED_LAYOUTS = 5;

/** `paretoplan score` without --json. */
export function formatScore(result: ScoredLayout): string {
  const lines = [
    `Layout ${result.layout.file}`,
    `Scenario "${result.scenario.name}" (${result.scenario.file})`,
    `Changed from today: ${formatHa(result.changedHa)} ha`,
    '',
    ...formatEvaluation(result),
  ];
  if (result.front) {
    const f = result.front;
    const ids = result.objectives.map((o) => o.id);
    lines.push('', `Against the front of ${f.run} (${f.layouts} layouts)`);
    if (f.equals.length > 0) lines.push(`  Same objective values as front layout ${f.equals.join(', ')}.`);
    if (f.nonDominated) lines.push('  No front layout dominates it: it would belong to the front.');
    else {
      lines.push(`  Dominated by ${f.dominatedBy.length} front layout${f.dominatedBy.length === 1 ? '' : 's'}:`);
      for (const d of f.dominatedBy.slice(0, LISTED_LAYOUTS))
        lines.push(`    ${d.id}: ${d.advantage.map((a, j) => `${ids[j]} ${signed(a)}`).join(', ')}`);
      if (f.dominatedBy.length > LISTED_LAYOUTS) lines.push(`    ... (--json lists all)`);
    }
    if (f.dominates.length > 0) {
      lines.push(
        `  It dominates ${f.dominates.length} front layout${f.dominates.length === 1 ? '' : 's'}: ${f.dominates
          .slice(0, LISTED_LAYOUTS * 4)
          .map((d) => d.id)
          .join(', ')}${f.dominates.length > LISTED_LAYOUTS * 4 ? ', ...' : ''}`,
      );
    }
    if (!result.feasible) lines.push('  Note: the front holds only layouts that keep every rule and demand.');
  }
  return lines.join('\n');
}

/** Objectives, sub-indicators, demands and rules of one scored state (shared with `monitor`). */
export function formatEvaluation(evaluation: LayoutEvaluation): string[] {
  const lines = ['Objectives (higher is better)'];
  const width = Math.max(...evaluation.objectives.map((o) => o.label.length));
  for (const o of evaluation.objectives) lines.push(`  ${o.label.padEnd(width)}  ${formatObjective(o)}`);
  lines.push('', 'Sub-indicators (value x weight = contribution)');
  const labelWidth = Math.max(...evaluation.indicators.map((i) => i.label.length));
  for (const i of evaluation.indicators) {
    const decimals = decimalsFor([i.value]);
    lines.push(
      `  ${i.objective.padEnd(11)} ${i.label.padEnd(labelWidth)}  ${formatFixed(i.value, decimals)} ${i.unit} x ${i.weight} = ${formatFixed(i.contribution, decimals)}`,
    );
  }
  lines.push('', 'Demands');
  if (evaluation.demands.length === 0) lines.push('  (the scenario sets none)');
  for (const d of evaluation.demands) lines.push(`  ${formatDemand(d)}`);
  lines.push('', 'Rules');
  if (evaluation.violations.length === 0) lines.push('  every rule kept');
  for (const v of evaluation.violations) lines.push(`  ${formatViolation(v)}`);
  const missed = evaluation.demands.filter((d) => d.status !== 'met').length;
  const broken = evaluation.violations.length;
  lines.push(
    '',
    evaluation.feasible
      ? 'Feasible: every rule kept and every demand met.'
      : `Not feasible: ${missed} demand${missed === 1 ? '' : 's'} missed, ${broken} rule violation${broken === 1 ? '' : 's'}.`,
  );
  return lines;
}

export function formatObjective(o: ObjectiveScore): string {
  return formatFixed(o.value, Math.max(2, decimalsFor([o.value])));
}

export function formatDemand(d: DemandCheck): string {
  const range =
    d.minHa !== null && d.maxHa !== null
      ? `${formatHa(d.minHa)}-${formatHa(d.maxHa)} ha`
      : d.minHa !== null
        ? `at least ${formatHa(d.minHa)} ha`
        : `at most ${formatHa(d.maxHa!)} ha`;
  const status =
    d.status === 'met'
      ? 'met'
      : d.status === 'below'
        ? `MISSED: short by ${formatHa(d.shortfallHa)} ha`
        : `MISSED: ${formatHa(d.excessHa)} ha too much`;
  return `${d.className}: ${formatHa(d.ha)} ha (demand ${range}) ${status}`;
}

function formatViolation(v: RuleViolation): string {
  const layers = v.layers.length > 0 ? ` (${v.layers.join(', ')})` : '';
  return `${v.rule}${layers}: ${v.fromClass} -> ${v.toClass} on ${v.cells} cell${v.cells === 1 ? '' : 's'}, ${formatHa(v.ha)} ha: ${v.description}`;
}

function signed(value: number): string {
  const text = formatFixed(value, Math.max(2, decimalsFor([value])));
  return value > 0 ? `+${text}` : text;
}
