/**
 * The `indicators:` section of an objective, from the registry: its schema (the built-ins by name,
 * any other key a user-defined expression indicator), its resolution and its compilation.
 */
import { z } from 'zod';
import { LandUseInputError } from '../../errors.js';
import type { StudyArea } from '../../model/study-area.js';
import type { CompiledIndicator } from '../terms.js';
import type { CompileContext, ResolveContext } from './define.js';
import {
  compileExpression,
  ExpressionError,
  expressionSchema,
  resolveExpression,
  type ExpressionInput,
  type ResolvedExpression,
} from './expression.js';
import { BUILT_IN_INDICATORS, builtInIndicator, type ResolvedBuiltIn } from './index.js';

/** One sub-indicator with every parameter resolved. Values are "good when high"; costs are negative. */
export type ResolvedIndicator = ResolvedBuiltIn | ResolvedExpression;

/** The schema of an objective's `indicators:`. */
export const indicatorsSchema = z
  .strictObject(Object.fromEntries(BUILT_IN_INDICATORS.map((d) => [d.type, d.schema])))
  .catchall(expressionSchema)
  .describe(
    'The sub-indicators of this objective; the objective is their weighted sum. Any key that is not a built-in sub-indicator is a user-defined one with an "expression".',
  );

export type IndicatorsInput = Readonly<Record<string, { readonly enabled?: boolean | undefined } | undefined>>;

const on = (x: { enabled?: boolean | undefined } | undefined): boolean => x !== undefined && x.enabled !== false;

/**
 * Resolve the enabled sub-indicators of one objective: the built-ins in registry order, then the
 * user-defined ones in file order. `context(name)` gives the context of the indicator `name`.
 */
export function resolveIndicators(
  input: IndicatorsInput,
  context: (name: string) => ResolveContext,
): ResolvedIndicator[] {
  const out: ResolvedIndicator[] = [];
  for (const definition of BUILT_IN_INDICATORS) {
    const spec = Object.hasOwn(input, definition.type) ? input[definition.type] : undefined;
    // Each definition checks its own input type (the schema fragment it gave).
    if (on(spec))
      out.push(builtInIndicator(definition.type)!.resolve(spec, context(definition.type)) as ResolvedIndicator);
  }
  for (const [name, spec] of Object.entries(input)) {
    if (builtInIndicator(name) || !on(spec)) continue;
    out.push(resolveExpression(name, spec as ExpressionInput, context(name)));
  }
  return out;
}

/**
 * Why a user-defined indicator of the study area cannot compile (see compileExpression), by
 * objective and name: checked with the loaded layers (`validate`, and before a run starts).
 */
export function expressionProblems(
  area: StudyArea,
): { readonly objective: string; readonly name: string; readonly message: string }[] {
  const cache = new Map<string, Float32Array>();
  return area.objectives.flatMap((objective) =>
    objective.indicators.flatMap((spec) => {
      if (spec.type !== 'expression') return [];
      try {
        compileExpression(spec, { area, cache });
        return [];
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        return [{ objective: objective.id, name: spec.name, message: error.message }];
      }
    }),
  );
}

/** Compile a resolved indicator to the evaluator's kinds. */
export function compileResolved(spec: ResolvedIndicator, context: CompileContext): CompiledIndicator {
  if (spec.type !== 'expression') return builtInIndicator(spec.type)!.compile(spec, context);
  try {
    return compileExpression(spec, context);
  } catch (error) {
    if (error instanceof ExpressionError) throw new LandUseInputError(error.message);
    throw error;
  }
}
