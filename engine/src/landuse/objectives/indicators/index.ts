/**
 * The registry of built-in sub-indicators, in the order they are resolved, compiled and reported.
 * Adding one: a new module beside this file and one line here (docs/extending.md). The scenario
 * schema, the resolver, the compiler, the descriptions, docs/objectives.md and the JSON Schema all
 * derive from this list.
 */
import amenityAccess from './amenity-access.js';
import carbon from './carbon.js';
import changedArea from './changed-area.js';
import compatibility from './compatibility.js';
import conversionCost from './conversion-cost.js';
import conversionResistance from './conversion-resistance.js';
import type { IndicatorDefinition, ResolvedOf } from './define.js';
import developmentCost from './development-cost.js';
import floodExposure from './flood-exposure.js';
import greenAccess from './green-access.js';
import habitatCore from './habitat-core.js';
import habitatValue from './habitat-value.js';
import housingSupply from './housing-supply.js';
import landValue from './land-value.js';
import protectedEdge from './protected-edge.js';
import serviceAccess from './service-access.js';

export const BUILT_IN_INDICATORS = [
  landValue,
  conversionCost,
  developmentCost,
  greenAccess,
  serviceAccess,
  amenityAccess,
  housingSupply,
  compatibility,
  habitatValue,
  habitatCore,
  floodExposure,
  protectedEdge,
  carbon,
  changedArea,
  conversionResistance,
] as const;

export type BuiltInIndicator = (typeof BUILT_IN_INDICATORS)[number];
/** One built-in sub-indicator with every parameter resolved. */
export type ResolvedBuiltIn = ResolvedOf<BuiltInIndicator>;
export type BuiltInType = BuiltInIndicator['type'];

/** A definition with its input and resolved types erased, to loop over the registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyIndicatorDefinition = IndicatorDefinition<string, any, any>;

const byType = new Map<string, AnyIndicatorDefinition>(BUILT_IN_INDICATORS.map((d) => [d.type, d]));

/** The built-in definition of `type`, or undefined. */
export function builtInIndicator(type: string): AnyIndicatorDefinition | undefined {
  return byType.get(type);
}

export type { CompileContext, IndicatorDefinition, IndicatorFamily, ResolveContext } from './define.js';
