/** Homes within reach of amenity layers (schools, transit stops), averaged over the layers. */
import { z } from 'zod';
import { distance, identifier } from '../../scenario/fields.js';
import { classVector, distanceLayer, linearTerm } from '../terms.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'amenityAccess',
  family: 'social',
  unit: '% of housing',
  label: 'Homes within reach of schools and transit',
  formula: '100 · Σ housing cells (share of amenity layers within D) / #housing cells',
  docs: {
    formula: '`100 · Σ_{housing i} (1/L) Σ_l [dist(i, layer_l) ≤ D] / H`',
    parameters: '`layers` (schools, transit stops), `distance` (800 m)',
  },
  schema: z
    .strictObject({ ...indicatorBase, distance: distance.optional(), layers: z.array(identifier).min(1) })
    .optional()
    .describe(
      'Share of housing within walking distance (default "800 m") of each amenity layer (schools, transit stops), averaged.',
    ),
  resolve(s, context) {
    context.needHousing();
    s.layers.forEach((name, i) => context.layerRef([...context.at, 'layers', i], name));
    return {
      type: 'amenityAccess',
      weight: s.weight ?? 1,
      distance: context.distanceOr([...context.at, 'distance'], s.distance, 800),
      layers: s.layers as readonly string[],
    } as const;
  },
  compile(spec, { area, cache }) {
    // x_i = share of amenity layers within walking distance of cell i.
    const x = new Float32Array(area.current.length);
    for (const name of spec.layers) {
      const d = distanceLayer(area, name, cache);
      for (let i = 0; i < x.length; i++) if (d[i]! <= spec.distance) x[i]! += 1 / spec.layers.length;
    }
    const term = linearTerm({
      alpha: new Float64Array(area.classes.length),
      beta: classVector(area, (c) => (area.classes[c]!.housing ? 1 : 0)),
      x,
      fromTo: null,
    });
    return { kind: 'amenity', name: spec.type, weight: spec.weight, term };
  },
});
