/**
 * The sub-indicators, compiled from a scenario into arrays the evaluator loops over.
 * Every formula here is also written out, with its sources, in docs/objectives.md.
 *
 * Notation: a = hectares per cell, c_i = class of cell i in the layout, cur_i = today's class,
 * H = number of housing cells. All values are "good when high": costs and exposures are negative.
 */
import { distanceToMask } from '../model/distance.js';
import { NO_CLASS, type StudyArea } from '../model/study-area.js';
import type { IndicatorType, ResolvedIndicator } from '../scenario/types.js';

/**
 * A per-cell additive term: f(i, c) = alpha[c] + beta[c] * x[i] + fromTo[cur_i * K + c].
 * The indicator is the sum of f over all cells of the study area.
 */
export interface LinearTerm {
  readonly alpha: Float64Array;
  readonly beta: Float64Array;
  /** Per-cell covariate (grid order), or null when beta is unused. */
  readonly x: Float32Array | null;
  /** K x K from-to values, or null. */
  readonly fromTo: Float64Array | null;
  /** `x` gathered in gene order (the hot loop reads it sequentially). */
  xGene: Float32Array | null;
  /** Per gene, today's class x K: the row of `fromTo` to read. Shared by all terms. */
  fromToOffset: Int32Array;
  /** Sum of f over the cells that are not genes (they never change). */
  constant: number;
}

export type CompiledIndicator =
  | { readonly kind: 'linear'; readonly type: IndicatorType; readonly weight: number; readonly term: LinearTerm }
  | {
      readonly kind: 'access';
      readonly type: IndicatorType;
      readonly weight: number;
      readonly targets: Uint8Array;
      readonly distance: number;
    }
  | { readonly kind: 'amenity'; readonly type: IndicatorType; readonly weight: number; readonly term: LinearTerm }
  | {
      readonly kind: 'supply';
      readonly type: IndicatorType;
      readonly weight: number;
      readonly dwellings: number;
      readonly density: number;
    }
  | {
      readonly kind: 'compatibility';
      readonly type: IndicatorType;
      readonly weight: number;
      readonly matrix: Float64Array;
    }
  | { readonly kind: 'core'; readonly type: IndicatorType; readonly weight: number };

export interface CompiledObjectives {
  /** Flat list of every enabled sub-indicator of every objective. */
  readonly indicators: readonly CompiledIndicator[];
  /** Objective index of each indicator. */
  readonly objectiveOf: Int32Array;
  readonly objectiveIds: readonly string[];
  readonly objectiveLabels: readonly string[];
  /** Units each indicator value is reported in. */
  readonly units: readonly string[];
}

export const INDICATOR_UNITS: Readonly<Record<IndicatorType, string>> = {
  landValue: 'M€',
  conversionCost: 'M€',
  developmentCost: 'M€',
  greenAccess: '% of housing',
  serviceAccess: '% of housing',
  amenityAccess: '% of housing',
  housingSupply: '% of need',
  compatibility: 'mean score x100',
  habitatValue: 'ha-eq',
  habitatCore: 'ha',
  floodExposure: 'ha (negative)',
  protectedEdge: 'ha (negative)',
  carbon: 't C',
  changedArea: 'ha (negative)',
  conversionResistance: 'ha-eq (negative)',
};

/** Distance (m) from every cell to a layer: the layer itself if it is a distance layer, else to its cells > 0. */
export function distanceLayer(area: StudyArea, name: string, cache: Map<string, Float32Array>): Float32Array {
  let out = cache.get(name);
  if (out) return out;
  const layer = area.layers[name];
  if (!layer) throw new RangeError(`layer "${name}" was not loaded`);
  out = area.distanceLayers.includes(name)
    ? layer
    : distanceToMask(layer, area.width, area.height, area.cellSizeX, area.cellSizeY);
  cache.set(name, out);
  return out;
}

const EMPTY = new Int32Array(0);
const offsetCache = new WeakMap<StudyArea, Int32Array>();

/** Finish a term: its constant (the sum over cells that are not genes) and its gene-ordered copies. */
function fixConstant(area: StudyArea, term: LinearTerm): LinearTerm {
  const K = area.classes.length;
  let offsets = offsetCache.get(area);
  if (!offsets) {
    offsets = Int32Array.from(area.geneCells, (cell) => area.current[cell]! * K);
    offsetCache.set(area, offsets);
  }
  term.fromToOffset = offsets;
  term.xGene = term.x ? Float32Array.from(area.geneCells, (cell) => term.x![cell]!) : null;
  let constant = 0;
  for (let i = 0; i < area.current.length; i++) {
    const c = area.current[i]!;
    if (c === NO_CLASS || area.geneOfCell[i]! >= 0) continue;
    constant +=
      term.alpha[c]! + (term.x ? term.beta[c]! * term.x[i]! : 0) + (term.fromTo ? term.fromTo[c * K + c]! : 0);
  }
  term.constant = constant;
  return term;
}

function classVector(area: StudyArea, value: (index: number) => number): Float64Array {
  return Float64Array.from(area.classes.map((_, i) => value(i)));
}

/** Compile one resolved indicator (formulas documented in docs/objectives.md). */
export function compileIndicator(
  area: StudyArea,
  spec: ResolvedIndicator,
  cache: Map<string, Float32Array>,
): CompiledIndicator {
  const a = area.cellAreaHa;
  const K = area.classes.length;
  const n = area.current.length;
  const classes = area.classes;
  const built = (c: number) => (classes[c]!.built ? 1 : 0);
  const linear = (term: Omit<LinearTerm, 'constant' | 'xGene' | 'fromToOffset'>): CompiledIndicator => ({
    kind: 'linear',
    type: spec.type,
    weight: spec.weight,
    term: fixConstant(area, { ...term, constant: 0, xGene: null, fromToOffset: EMPTY }),
  });
  switch (spec.type) {
    case 'landValue': {
      // Bid-rent (Alonso 1964): value_c * ((1 - s_c) + s_c * exp(-d_i / decay)), in M€.
      let x: Float32Array | null = null;
      if (spec.accessFrom) {
        const d = distanceLayer(area, spec.accessFrom, cache);
        x = new Float32Array(n);
        for (let i = 0; i < n; i++) x[i] = Math.exp(-d[i]! / spec.decay);
      }
      const s = spec.sensitivity;
      return linear({
        alpha: classVector(area, (c) => (a * classes[c]!.landValue * (x ? 1 - s[c]! : 1)) / 1000),
        beta: classVector(area, (c) => (x ? (a * classes[c]!.landValue * s[c]!) / 1000 : 0)),
        x,
        fromTo: null,
      });
    }
    case 'conversionCost': {
      // -sum_i a * cost[cur_i][c_i], in M€.
      const fromTo = Float64Array.from(spec.matrix, (cost) => (-a * cost) / 1000);
      return linear({ alpha: new Float64Array(K), beta: new Float64Array(K), x: null, fromTo });
    }
    case 'developmentCost': {
      // Newly built cells only: -a * (perDegree * slope_i + perKm * road distance_i in km), in M€.
      const slope = spec.slope ? area.layers[spec.slope] : undefined;
      const roads = spec.roads ? distanceLayer(area, spec.roads, cache) : undefined;
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const cur = area.current[i]!;
        if (cur === NO_CLASS || classes[cur]!.built) continue;
        const cost =
          spec.perDegree * (slope ? Math.max(0, slope[i]!) : 0) + spec.perKm * (roads ? roads[i]! / 1000 : 0);
        x[i] = (a * cost) / 1000;
      }
      return linear({ alpha: new Float64Array(K), beta: classVector(area, (c) => -built(c)), x, fromTo: null });
    }
    case 'greenAccess':
    case 'serviceAccess': {
      const targets = new Uint8Array(K);
      for (const c of spec.classes) targets[c] = 1;
      return { kind: 'access', type: spec.type, weight: spec.weight, targets, distance: spec.distance };
    }
    case 'amenityAccess': {
      // x_i = share of amenity layers within walking distance of cell i.
      const x = new Float32Array(n);
      for (const name of spec.layers) {
        const d = distanceLayer(area, name, cache);
        for (let i = 0; i < n; i++) if (d[i]! <= spec.distance) x[i]! += 1 / spec.layers.length;
      }
      const term = fixConstant(area, {
        alpha: new Float64Array(K),
        beta: classVector(area, (c) => (classes[c]!.housing ? 1 : 0)),
        x,
        fromTo: null,
        constant: 0,
        xGene: null,
        fromToOffset: EMPTY,
      });
      return { kind: 'amenity', type: spec.type, weight: spec.weight, term };
    }
    case 'housingSupply':
      return { kind: 'supply', type: spec.type, weight: spec.weight, dwellings: spec.dwellings, density: spec.density };
    case 'compatibility':
      return { kind: 'compatibility', type: spec.type, weight: spec.weight, matrix: Float64Array.from(spec.matrix) };
    case 'habitatValue': {
      const layer = spec.layer ? area.layers[spec.layer] : undefined;
      return linear({
        alpha: classVector(area, (c) => (layer ? 0 : a * classes[c]!.habitat)),
        beta: classVector(area, (c) => (layer ? a * classes[c]!.habitat : 0)),
        x: layer ?? null,
        fromTo: null,
      });
    }
    case 'habitatCore':
      return { kind: 'core', type: spec.type, weight: spec.weight };
    case 'floodExposure': {
      const layer = area.layers[spec.layer]!;
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = layer[i]! > 0 ? 1 : 0;
      return linear({ alpha: new Float64Array(K), beta: classVector(area, (c) => -a * built(c)), x, fromTo: null });
    }
    case 'protectedEdge': {
      const x = new Float32Array(n);
      for (const name of spec.layers) {
        const d = distanceLayer(area, name, cache);
        for (let i = 0; i < n; i++) if (d[i]! <= spec.distance) x[i] = 1;
      }
      return linear({ alpha: new Float64Array(K), beta: classVector(area, (c) => -a * built(c)), x, fromTo: null });
    }
    case 'carbon':
      return linear({
        alpha: classVector(area, (c) => a * classes[c]!.carbon),
        beta: new Float64Array(K),
        x: null,
        fromTo: null,
      });
    case 'changedArea':
    case 'conversionResistance': {
      // -a per changed cell (changedArea), or -a * resistance[cur_i] (conversionResistance).
      const fromTo = new Float64Array(K * K);
      for (let from = 0; from < K; from++) {
        const cost = spec.type === 'changedArea' ? a : a * classes[from]!.resistance;
        for (let to = 0; to < K; to++) if (to !== from) fromTo[from * K + to] = -cost;
      }
      return linear({ alpha: new Float64Array(K), beta: new Float64Array(K), x: null, fromTo });
    }
  }
}

/** Compile every enabled indicator of every objective of the study area. */
export function compileObjectives(area: StudyArea): CompiledObjectives {
  const cache = new Map<string, Float32Array>();
  const indicators: CompiledIndicator[] = [];
  const objectiveOf: number[] = [];
  area.objectives.forEach((objective, m) => {
    for (const spec of objective.indicators) {
      indicators.push(compileIndicator(area, spec, cache));
      objectiveOf.push(m);
    }
  });
  return {
    indicators,
    objectiveOf: Int32Array.from(objectiveOf),
    objectiveIds: area.objectives.map((o) => o.id),
    objectiveLabels: area.objectives.map((o) => o.label),
    units: indicators.map((i) => INDICATOR_UNITS[i.type]),
  };
}
