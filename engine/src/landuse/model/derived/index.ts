/**
 * The registry of derived layer types (define.ts). Adding one: a module in this folder and a line
 * here; its options beyond `from` (like travelTime's `travel`) also need a schema field.
 */
import type { DerivedLayerType } from './define.js';
import { distanceLayer } from './distance.js';
import { slopeLayer } from './slope.js';
import { travelTimeLayer } from './travel-time.js';

export const DERIVED_LAYERS = [slopeLayer, distanceLayer, travelTimeLayer] as const;

export type DerivedLayerName = (typeof DERIVED_LAYERS)[number]['type'];

/** The `derive:` values, in registry order (a non-empty tuple, as zod's enum wants). */
export const DERIVED_LAYER_NAMES = DERIVED_LAYERS.map((d) => d.type) as unknown as readonly [
  DerivedLayerName,
  ...DerivedLayerName[],
];

export function derivedLayerType(type: string): DerivedLayerType | undefined {
  return DERIVED_LAYERS.find((d) => d.type === type);
}

export type { DerivedLayerType } from './define.js';
