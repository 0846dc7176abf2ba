/**
 * The sub-indicators of a scenario, compiled into arrays the evaluator loops over. Each indicator
 * compiles itself (indicators/*.ts) to one of the kinds the evaluator knows (terms.ts); every
 * formula is also written out, with its sources, in docs/objectives.md (generated from the registry).
 */
import type { StudyArea } from '../model/study-area.js';
import type { ResolvedIndicator } from '../scenario/types.js';
import { describeIndicator } from './descriptions.js';
import { compileResolved } from './indicators/resolve.js';
import { orderByGene, type CompiledIndicator } from './terms.js';

export type { CompiledIndicator, LinearTerm } from './terms.js';
export { distanceLayer } from './terms.js';

export interface CompiledObjectives {
  /** Flat list of every enabled sub-indicator of every objective. */
  readonly indicators: readonly CompiledIndicator[];
  /** Objective index of each indicator. */
  readonly objectiveOf: Int32Array;
  readonly objectiveIds: readonly string[];
  readonly objectiveLabels: readonly string[];
  /** Units each indicator value is reported in. */
  readonly units: readonly string[];
  /** Plain-language name of each indicator. */
  readonly labels: readonly string[];
}

/**
 * Compile one resolved indicator; `cache` holds the distance layers indicators share. Its linear
 * terms lack the evaluator's gene order ({@link orderByGene}; {@link compileObjectives} adds it).
 */
export function compileIndicator(
  area: StudyArea,
  spec: ResolvedIndicator,
  cache: Map<string, Float32Array>,
): CompiledIndicator {
  return compileResolved(spec, { area, cache });
}

/** Compile every enabled indicator of every objective of the study area, for the evaluator. */
export function compileObjectives(area: StudyArea): CompiledObjectives {
  const cache = new Map<string, Float32Array>();
  const indicators: CompiledIndicator[] = [];
  const objectiveOf: number[] = [];
  const units: string[] = [];
  const labels: string[] = [];
  area.objectives.forEach((objective, m) => {
    for (const spec of objective.indicators) {
      const indicator = compileIndicator(area, spec, cache);
      if (indicator.kind === 'linear' || indicator.kind === 'amenity') orderByGene(area, indicator.term);
      indicators.push(indicator);
      objectiveOf.push(m);
      const description = describeIndicator(spec);
      units.push(description.unit);
      labels.push(description.label);
    }
  });
  return {
    indicators,
    objectiveOf: Int32Array.from(objectiveOf),
    objectiveIds: area.objectives.map((o) => o.id),
    objectiveLabels: area.objectives.map((o) => o.label),
    units,
    labels,
  };
}

/** objectives[m] = sum of weight_k * value_k over the indicators of objective m. */
export function combine(compiled: CompiledObjectives, values: Float64Array, objectives: Float64Array): void {
  objectives.fill(0);
  const list = compiled.indicators;
  for (let k = 0; k < list.length; k++) objectives[compiled.objectiveOf[k]!]! += list[k]!.weight * values[k]!;
}
