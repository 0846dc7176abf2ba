/** Cost of converting land from today's use (primer, "Objective families"). */
import { z } from 'zod';
import { classList, identifier } from '../../scenario/fields.js';
import { linearTerm } from '../terms.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'conversionCost',
  family: 'economic',
  unit: 'M€',
  label: 'Cost of converting land from today’s use',
  formula: '− Σ cells a · C[today][new] / 1000',
  docs: {
    formula: '`− Σ_i a · C[cur_i][c_i] / 1000`',
    parameters: '`toBuilt` (50 k€/ha unbuilt → built), `other` (5 k€/ha), `costs` from-to overrides; C[x][x] = 0',
  },
  schema: z
    .strictObject({
      ...indicatorBase,
      toBuilt: z.number().min(0).optional().describe('k€ per ha to convert unbuilt land to a built class. Default 50.'),
      other: z.number().min(0).optional().describe('k€ per ha for any other change of class. Default 5.'),
      costs: z
        .array(
          z.strictObject({
            from: z.union([identifier, classList]),
            to: z.union([identifier, classList]),
            cost: z.number().min(0),
          }),
        )
        .optional()
        .describe('Specific from-to costs in k€ per ha (override the defaults).'),
    })
    .optional(),
  resolve(s, context) {
    const classes = context.classes;
    const K = classes.length;
    const toBuilt = s.toBuilt ?? 50;
    const other = s.other ?? 5;
    const matrix = new Array<number>(K * K).fill(0);
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++)
        if (a !== b) matrix[a * K + b] = !classes[a]!.built && classes[b]!.built ? toBuilt : other;
    }
    (s.costs ?? []).forEach((entry, i) => {
      const q = [...context.at, 'costs', i];
      for (const a of context.classRefs([...q, 'from'], entry.from))
        for (const b of context.classRefs([...q, 'to'], entry.to)) if (a !== b) matrix[a * K + b] = entry.cost;
    });
    return {
      type: 'conversionCost',
      weight: s.weight ?? 1,
      matrix: matrix as readonly number[] /* K x K, k€/ha */,
    } as const;
  },
  compile(spec, { area }) {
    // -sum_i a * cost[cur_i][c_i], in M€.
    const a = area.cellAreaHa;
    const K = area.classes.length;
    const fromTo = Float64Array.from(spec.matrix, (cost) => (-a * cost) / 1000);
    const term = linearTerm({ alpha: new Float64Array(K), beta: new Float64Array(K), x: null, fromTo });
    return { kind: 'linear', name: spec.type, weight: spec.weight, term };
  },
});
