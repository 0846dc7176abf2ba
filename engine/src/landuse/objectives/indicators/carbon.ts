/** Carbon stock: IPCC (2006) Guidelines, Vol. 4, Tier 1 style per-class stocks. */
import { z } from 'zod';
import { classVector, linearTerm } from '../terms.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'carbon',
  family: 'ecological',
  unit: 't C',
  label: 'Carbon stock',
  formula: 'Σ cells a · κ[class] (t C)',
  docs: { formula: '`Σ_i a · κ[c_i]` (t C)', parameters: 'class `carbon` κ (t C/ha)' },
  schema: z
    .strictObject({ ...indicatorBase })
    .optional()
    .describe('Carbon stock summed over classes (t C).'),
  resolve(s) {
    return { type: 'carbon', weight: s.weight ?? 1 } as const;
  },
  compile(spec, { area }) {
    const K = area.classes.length;
    const term = linearTerm({
      alpha: classVector(area, (c) => area.cellAreaHa * area.classes[c]!.carbon),
      beta: new Float64Array(K),
      x: null,
      fromTo: null,
    });
    return { kind: 'linear', name: spec.type, weight: spec.weight, term };
  },
});
