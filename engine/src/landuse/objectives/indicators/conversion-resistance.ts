/**
 * Change of land that resists it: the conversion elasticity of CLUE-S (Verburg, Soepboer et al.
 * 2002, Environmental Management 30).
 */
import { z } from 'zod';
import { changeTerm } from './change-term.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'conversionResistance',
  family: 'change',
  unit: 'ha-eq (negative)',
  label: 'Change of land that resists it (penalty)',
  formula: '− Σ changed cells a · r[today’s class], r = resistance 0..1',
  docs: { formula: '`− Σ_{i : c_i ≠ cur_i} a · r[cur_i]` (ha-equivalent)', parameters: 'class `resistance` r (0..1)' },
  schema: z
    .strictObject({ ...indicatorBase })
    .optional()
    .describe(
      'Changed land weighted by the resistance of its class today (ha-equivalent, negative): the cost of converting land that resists change.',
    ),
  resolve(s) {
    return { type: 'conversionResistance', weight: s.weight ?? 1 } as const;
  },
  compile(spec, { area }) {
    // -a * resistance[cur_i] per changed cell.
    const term = changeTerm(area, (from) => area.cellAreaHa * area.classes[from]!.resistance);
    return { kind: 'linear', name: spec.type, weight: spec.weight, term };
  },
});
