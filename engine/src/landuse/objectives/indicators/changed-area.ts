/** Land changed from today's use, penalised. */
import { z } from 'zod';
import { changeTerm } from './change-term.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'changedArea',
  family: 'change',
  unit: 'ha (negative)',
  label: 'Land changed from today’s use (penalty)',
  formula: '− a · #{cells whose class differs from today’s}',
  docs: { formula: '`− a · #{i : c_i ≠ cur_i}`', parameters: '—' },
  schema: z
    .strictObject({ ...indicatorBase })
    .optional()
    .describe("Land whose use differs from today's (ha, counted negative: less change scores higher)."),
  resolve(s) {
    return { type: 'changedArea', weight: s.weight ?? 1 } as const;
  },
  compile(spec, { area }) {
    // -a per changed cell.
    return { kind: 'linear', name: spec.type, weight: spec.weight, term: changeTerm(area, () => area.cellAreaHa) };
  },
});
