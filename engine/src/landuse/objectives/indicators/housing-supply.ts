/** New housing land against the need: dwellings projected over a density. */
import { z } from 'zod';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'housingSupply',
  family: 'social',
  unit: '% of need',
  label: 'New housing against the need',
  formula: '100 · min(1, new housing cells · a · density / dwellings needed)',
  docs: {
    formula: '`100 · min(1, max(0, H − H_today) · a · density / dwellings)`',
    parameters: '`dwellings` needed, `density` (40 dw/ha)',
  },
  schema: z
    .strictObject({
      ...indicatorBase,
      dwellings: z.number().positive().describe('New dwellings needed over the plan horizon.'),
      density: z.number().positive().optional().describe('Dwellings per ha of new housing land. Default 40.'),
    })
    .optional(),
  resolve(s, context) {
    context.needHousing();
    return { type: 'housingSupply', weight: s.weight ?? 1, dwellings: s.dwellings, density: s.density ?? 40 } as const;
  },
  compile(spec) {
    return { kind: 'supply', name: spec.type, weight: spec.weight, dwellings: spec.dwellings, density: spec.density };
  },
});
