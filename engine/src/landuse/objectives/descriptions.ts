/**
 * Plain-text descriptions of every sub-indicator, for reports and the desktop app: a label, the
 * formula (the same as docs/objectives.md, in one line) and its unit. Built-ins take them from
 * their modules (indicators/*.ts); user-defined indicators from the scenario file.
 */
import type { ResolvedIndicator } from '../scenario/types.js';
import { BUILT_IN_INDICATORS, builtInIndicator, type BuiltInType } from './indicators/index.js';

export interface IndicatorDescription {
  readonly label: string;
  readonly formula: string;
}

/** The built-ins' descriptions by type. */
export const INDICATOR_DESCRIPTIONS: Readonly<Record<BuiltInType, IndicatorDescription>> = Object.fromEntries(
  BUILT_IN_INDICATORS.map((d) => [d.type, { label: d.label, formula: d.formula }]),
) as Record<BuiltInType, IndicatorDescription>;

/** The built-ins' units by type. */
export const INDICATOR_UNITS: Readonly<Record<BuiltInType, string>> = Object.fromEntries(
  BUILT_IN_INDICATORS.map((d) => [d.type, d.unit]),
) as Record<BuiltInType, string>;

/** Name (the key in the scenario and in reports), label, formula and unit of any resolved indicator. */
export function describeIndicator(spec: ResolvedIndicator): IndicatorDescription & { name: string; unit: string } {
  if (spec.type === 'expression') return { name: spec.name, label: spec.label, formula: spec.formula, unit: spec.unit };
  const definition = builtInIndicator(spec.type)!;
  return { name: spec.type, label: definition.label, formula: definition.formula, unit: definition.unit };
}

/** The name of an indicator in the scenario and in reports: the built-in type, or a user-defined indicator's key. */
export function indicatorName(spec: ResolvedIndicator): string {
  return spec.type === 'expression' ? spec.name : spec.type;
}

/** The plain-language name of a built-in sub-indicator type (the type itself when it is not a built-in). */
export function indicatorLabel(type: string): string {
  return (INDICATOR_DESCRIPTIONS as Readonly<Record<string, IndicatorDescription | undefined>>)[type]?.label ?? type;
}
