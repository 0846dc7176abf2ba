/** Development cost on steep or remote land (primer, "Objective families"). */
import { z } from 'zod';
import { identifier } from '../../scenario/fields.js';
import { NO_CLASS } from '../../model/study-area.js';
import { classVector, distanceLayer, linearTerm } from '../terms.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'developmentCost',
  family: 'economic',
  unit: 'M€',
  label: 'Development cost on steep or remote land',
  formula: '− Σ newly built cells a · (p_deg · slope + p_km · distance to road / 1000) / 1000',
  docs: {
    formula: '`− Σ_{i: built(c_i), ¬built(cur_i)} a · (p_deg · slope_i + p_km · droad_i / 1000) / 1000`',
    parameters: '`perDegree` (4 k€/ha/deg), `slope` layer, `perKm` (100 k€/ha/km), `roads` layer',
  },
  schema: z
    .strictObject({
      ...indicatorBase,
      slope: identifier.optional().describe('Slope layer (degrees). Default: the layer used by rules.slope.'),
      perDegree: z
        .number()
        .min(0)
        .optional()
        .describe('k€ per ha per degree of slope on newly built cells. Default 4.'),
      roads: identifier.optional().describe('Layer whose distance measures remoteness (usually roads).'),
      perKm: z
        .number()
        .min(0)
        .optional()
        .describe('k€ per ha per km from the nearest road on newly built cells. Default 100.'),
    })
    .optional(),
  resolve(s, context) {
    if (s.slope) context.layerRef([...context.at, 'slope'], s.slope);
    if (s.roads) context.layerRef([...context.at, 'roads'], s.roads);
    return {
      type: 'developmentCost',
      weight: s.weight ?? 1,
      slope: s.slope ?? context.rules.slopeLayer,
      perDegree: s.perDegree ?? 4,
      roads: s.roads ?? null,
      perKm: s.perKm ?? 100,
    } as const;
  },
  compile(spec, { area, cache }) {
    // Newly built cells only: -a * (perDegree * slope_i + perKm * road distance_i in km), in M€.
    const a = area.cellAreaHa;
    const classes = area.classes;
    const n = area.current.length;
    const slope = spec.slope ? area.layers[spec.slope] : undefined;
    const roads = spec.roads ? distanceLayer(area, spec.roads, cache) : undefined;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const cur = area.current[i]!;
      if (cur === NO_CLASS || classes[cur]!.built) continue;
      const cost = spec.perDegree * (slope ? Math.max(0, slope[i]!) : 0) + spec.perKm * (roads ? roads[i]! / 1000 : 0);
      x[i] = (a * cost) / 1000;
    }
    const term = linearTerm({
      alpha: new Float64Array(area.classes.length),
      beta: classVector(area, (c) => -(classes[c]!.built ? 1 : 0)),
      x,
      fromTo: null,
    });
    return { kind: 'linear', name: spec.type, weight: spec.weight, term };
  },
});
