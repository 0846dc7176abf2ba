/** Built-up land in the flood zone, penalised. */
import { z } from 'zod';
import { identifier } from '../../scenario/fields.js';
import { classVector, linearTerm } from '../terms.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'floodExposure',
  family: 'ecological',
  unit: 'ha (negative)',
  label: 'Built-up land in the flood zone (penalty)',
  formula: '− a · #{built cells in the flood layer}',
  docs: { formula: '`− a · #{i : built(c_i), flood_i > 0}`', parameters: '`layer` (flood zone)' },
  schema: z
    .strictObject({ ...indicatorBase, layer: identifier })
    .optional()
    .describe('Built area inside the flood-prone layer (penalised).'),
  resolve(s, context) {
    context.layerRef([...context.at, 'layer'], s.layer);
    return { type: 'floodExposure', weight: s.weight ?? 1, layer: s.layer } as const;
  },
  compile(spec, { area }) {
    const a = area.cellAreaHa;
    const layer = area.layers[spec.layer]!;
    const x = new Float32Array(layer.length);
    for (let i = 0; i < x.length; i++) x[i] = layer[i]! > 0 ? 1 : 0;
    const term = linearTerm({
      alpha: new Float64Array(area.classes.length),
      beta: classVector(area, (c) => -a * (area.classes[c]!.built ? 1 : 0)),
      x,
      fromTo: null,
    });
    return { kind: 'linear', name: spec.type, weight: spec.weight, term };
  },
});
