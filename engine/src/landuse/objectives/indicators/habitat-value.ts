/** Ecological value kept: per-class habitat value, optionally times a habitat-quality layer. */
import { z } from 'zod';
import { identifier } from '../../scenario/fields.js';
import { classVector, linearTerm } from '../terms.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'habitatValue',
  family: 'ecological',
  unit: 'ha-eq',
  label: 'Ecological value kept',
  formula: 'Σ cells a · h[class] · q, q = optional habitat-quality layer',
  docs: {
    formula: '`Σ_i a · h[c_i] · q_i`',
    parameters: 'class `habitat` h (0..1); optional `layer` q (0..1, default 1)',
  },
  schema: z
    .strictObject({
      ...indicatorBase,
      layer: identifier
        .optional()
        .describe('Optional continuous layer (0..1) multiplying the per-class habitat value.'),
    })
    .optional(),
  resolve(s, context) {
    if (s.layer) context.layerRef([...context.at, 'layer'], s.layer);
    return { type: 'habitatValue', weight: s.weight ?? 1, layer: s.layer ?? null } as const;
  },
  compile(spec, { area }) {
    const a = area.cellAreaHa;
    const classes = area.classes;
    const layer = spec.layer ? area.layers[spec.layer] : undefined;
    const term = linearTerm({
      alpha: classVector(area, (c) => (layer ? 0 : a * classes[c]!.habitat)),
      beta: classVector(area, (c) => (layer ? a * classes[c]!.habitat : 0)),
      x: layer ?? null,
      fromTo: null,
    });
    return { kind: 'linear', name: spec.type, weight: spec.weight, term };
  },
});
