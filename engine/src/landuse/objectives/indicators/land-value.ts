/** Land value adjusted by accessibility: bid-rent (Alonso 1964, *Location and Land Use*). */
import { z } from 'zod';
import { distance, identifier } from '../../scenario/fields.js';
import { classVector, distanceLayer, linearTerm } from '../terms.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'landValue',
  family: 'economic',
  unit: 'M€',
  label: 'Land value, adjusted by accessibility',
  formula: 'Σ cells a · V[class] · ((1 − s) + s · exp(−d / λ)) / 1000, d = distance to the access layer',
  docs: {
    formula: '`Σ_i a · V[c_i] · ((1 − s[c_i]) + s[c_i] · e^(−d_i / λ)) / 1000`',
    parameters:
      'class `landValue` V (k€/ha); `accessFrom` layer (distance d_i); `decay` λ (1000 m); `sensitivity` s per class (0.5 built, 0.1 other)',
  },
  schema: z
    .strictObject({
      ...indicatorBase,
      accessFrom: identifier
        .optional()
        .describe('Layer whose distance drives the bid-rent premium (e.g. the town centre or roads).'),
      decay: distance
        .optional()
        .describe('Distance over which the accessibility premium falls to 1/e. Default "1000 m".'),
      sensitivity: z
        .record(identifier, z.number().min(0).max(1))
        .optional()
        .describe(
          'Per class, the share of value that depends on accessibility (0..1). Default 0.5 for built classes, 0.1 otherwise.',
        ),
    })
    .optional(),
  resolve(s, context) {
    const at = context.at;
    if (s.accessFrom) context.layerRef([...at, 'accessFrom'], s.accessFrom);
    const sensitivity = context.classes.map((c): number => (c.built ? 0.5 : 0.1));
    for (const [cid, value] of Object.entries(s.sensitivity ?? {})) {
      const index = context.classRef([...at, 'sensitivity', cid], cid);
      if (index >= 0) sensitivity[index] = value;
    }
    return {
      type: 'landValue',
      weight: s.weight ?? 1,
      accessFrom: s.accessFrom ?? null,
      decay: context.distanceOr([...at, 'decay'], s.decay, 1000),
      sensitivity,
    } as const;
  },
  compile(spec, { area, cache }) {
    // Bid-rent: value_c * ((1 - s_c) + s_c * exp(-d_i / decay)), in M€.
    const a = area.cellAreaHa;
    const classes = area.classes;
    let x: Float32Array | null = null;
    if (spec.accessFrom) {
      const d = distanceLayer(area, spec.accessFrom, cache);
      x = new Float32Array(d.length);
      for (let i = 0; i < d.length; i++) x[i] = Math.exp(-d[i]! / spec.decay);
    }
    const s = spec.sensitivity;
    const term = linearTerm({
      alpha: classVector(area, (c) => (a * classes[c]!.landValue * (x ? 1 - s[c]! : 1)) / 1000),
      beta: classVector(area, (c) => (x ? (a * classes[c]!.landValue * s[c]!) / 1000 : 0)),
      x,
      fromTo: null,
    });
    return { kind: 'linear', name: spec.type, weight: spec.weight, term };
  },
});
