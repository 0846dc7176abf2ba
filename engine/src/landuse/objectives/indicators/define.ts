/**
 * What one sub-indicator module defines (see docs/extending.md): its scenario schema fragment,
 * how it resolves its parameters, how it compiles to the evaluator's kinds (terms.ts), its unit,
 * and its plain-language description with formula. The registry (index.ts) lists the modules.
 */
import { z } from 'zod';
import type { StudyArea } from '../../model/study-area.js';
import type { FieldPath } from '../../scenario/source-map.js';
import type { ResolvedClass, ResolvedRules } from '../../scenario/types.js';
import type { CompiledIndicator } from '../terms.js';

/** The objective families docs/objectives.md groups indicators by. */
export type IndicatorFamily = 'economic' | 'social' | 'ecological' | 'change';

/** What every resolved sub-indicator has: its type and its weight in the objective's sum. */
export interface ResolvedBase {
  readonly type: string;
  readonly weight: number;
}

/** What resolving an indicator may read and report (implemented by the scenario resolver, parse.ts). */
export interface ResolveContext {
  readonly classes: readonly ResolvedClass[];
  readonly rules: ResolvedRules;
  /** Declared layer names. */
  readonly layerNames: readonly string[];
  /** Field path of this indicator: objectives.<id>.indicators.<name>. */
  readonly at: FieldPath;
  /** Report a problem at a field (becomes `file:line: path: message`). */
  issue(p: FieldPath, message: string): void;
  /** Index of a class id, or -1 after reporting it unknown. */
  classRef(p: FieldPath, id: string): number;
  /** Indices of class ids ('*': every class), unknown ones reported and left out. */
  classRefs(p: FieldPath, ids: string | readonly string[]): number[];
  /** Report an undeclared layer. */
  layerRef(p: FieldPath, name: string): void;
  /** A distance field in metres, or `fallback` when absent (bad values reported). */
  distanceOr(p: FieldPath, text: string | undefined, fallback: number): number;
  /** Report when no class is marked `housing: true`. */
  needHousing(): void;
}

/** What compiling may read: the loaded study area and a cache of distance layers shared by all indicators. */
export interface CompileContext {
  readonly area: StudyArea;
  readonly cache: Map<string, Float32Array>;
}

/** The scenario fields every sub-indicator accepts. */
export const indicatorBase = {
  enabled: z.boolean().optional().describe('Set false to switch this sub-indicator off. Default true.'),
  weight: z.number().min(0).optional().describe("Weight in the objective's weighted sum. Default 1."),
};

/** One built-in sub-indicator. */
export interface IndicatorDefinition<
  Type extends string = string,
  Input extends { readonly weight?: number | undefined } = { readonly weight?: number | undefined },
  Resolved extends ResolvedBase = ResolvedBase,
> {
  /** The key in a scenario's `indicators:` and in reports. */
  readonly type: Type;
  readonly family: IndicatorFamily;
  /** Unit its value is reported in. */
  readonly unit: string;
  /** Plain-language name, for reports and the app. */
  readonly label: string;
  /** The formula in one line of plain text (reports). */
  readonly formula: string;
  /** For docs/objectives.md: the formula with the notation of that page, and the parameters with defaults. */
  readonly docs: { readonly formula: string; readonly parameters: string };
  /** The scenario schema fragment: `z.strictObject({ ...indicatorBase, ... }).optional()`. */
  readonly schema: z.ZodOptional<z.ZodType<Input>>;
  /** Parameters with defaults filled in and references checked (problems go to `context.issue`). */
  resolve(input: Input, context: ResolveContext): Resolved;
  /** The evaluator's form of the resolved indicator. */
  compile(spec: Resolved, context: CompileContext): CompiledIndicator;
}

/** Identity with inference: `export default defineIndicator({ type: 'carbon', ... })`. */
export function defineIndicator<
  Type extends string,
  Input extends { readonly weight?: number | undefined },
  Resolved extends ResolvedBase & { readonly type: Type },
>(definition: IndicatorDefinition<Type, Input, Resolved>): IndicatorDefinition<Type, Input, Resolved> {
  return definition;
}

/** The resolved form of a definition. */
export type ResolvedOf<D> = D extends { resolve(...args: never[]): infer R } ? R : never;
