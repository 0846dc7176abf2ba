/** Core habitat: the FRAGSTATS core-area metric with a one-cell edge depth (McGarigal & Marks 1995). */
import { z } from 'zod';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'habitatCore',
  family: 'ecological',
  unit: 'ha',
  label: 'Core habitat (compact, unfragmented nature)',
  formula: 'a · #{natural cells whose 8 neighbours are all natural}',
  docs: {
    formula: '`a · #{i natural : every study-area 8-neighbour of i is natural}`',
    parameters: 'classes with `natural: true`',
  },
  schema: z
    .strictObject({ ...indicatorBase })
    .optional()
    .describe('Core area of natural classes (cells whose 8 neighbours are natural).'),
  resolve(s, context) {
    if (!context.classes.some((c) => c.natural)) context.issue(context.at, 'no class is marked `natural: true`');
    return { type: 'habitatCore', weight: s.weight ?? 1 } as const;
  },
  compile(spec) {
    return { kind: 'core', name: spec.type, weight: spec.weight };
  },
});
