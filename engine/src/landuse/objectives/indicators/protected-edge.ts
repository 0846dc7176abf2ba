/** Built-up land within a buffer of protected areas, penalised. */
import { z } from 'zod';
import { distance, identifier } from '../../scenario/fields.js';
import { classVector, distanceLayer, linearTerm } from '../terms.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'protectedEdge',
  family: 'ecological',
  unit: 'ha (negative)',
  label: 'Built-up land next to protected areas (penalty)',
  formula: '− a · #{built cells within D of a protected area}',
  docs: {
    formula: '`− a · #{i : built(c_i), dist(i, protected) ≤ D}`',
    parameters: '`layer` (default `rules.protectedAreas`), `distance` D (100 m)',
  },
  schema: z
    .strictObject({ ...indicatorBase, layer: identifier.optional(), distance: distance.optional() })
    .optional()
    .describe('Built area within a buffer (default "100 m") of protected areas (penalised).'),
  resolve(s, context) {
    const names = s.layer ? [s.layer] : context.rules.protectedAreas;
    if (s.layer) context.layerRef([...context.at, 'layer'], s.layer);
    else if (names.length === 0) context.issue(context.at, 'name a "layer", or declare rules.protectedAreas');
    return {
      type: 'protectedEdge',
      weight: s.weight ?? 1,
      layers: names as readonly string[],
      distance: context.distanceOr([...context.at, 'distance'], s.distance, 100),
    } as const;
  },
  compile(spec, { area, cache }) {
    const a = area.cellAreaHa;
    const x = new Float32Array(area.current.length);
    for (const name of spec.layers) {
      const d = distanceLayer(area, name, cache);
      for (let i = 0; i < x.length; i++) if (d[i]! <= spec.distance) x[i] = 1;
    }
    const term = linearTerm({
      alpha: new Float64Array(area.classes.length),
      beta: classVector(area, (c) => -a * (area.classes[c]!.built ? 1 : 0)),
      x,
      fromTo: null,
    });
    return { kind: 'linear', name: spec.type, weight: spec.weight, term };
  },
});
