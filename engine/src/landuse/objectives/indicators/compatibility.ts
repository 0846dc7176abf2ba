/** Neighbourhood compatibility: mean score of 8-adjacent pairs of classes (primer). */
import { z } from 'zod';
import { identifier } from '../../scenario/fields.js';
import { defineIndicator, indicatorBase } from './define.js';

export default defineIndicator({
  type: 'compatibility',
  family: 'social',
  unit: 'mean score x100',
  label: 'Neighbourhood compatibility',
  formula: '100 · Σ 8-adjacent cell pairs S[class i][class j] / #pairs, S in [−1, 1]',
  docs: {
    formula: '`100 · Σ_{8-adjacent pairs (i,j)} S[c_i][c_j] / #pairs`',
    parameters: '`pairs` of scores in [−1, 1]; unlisted pairs 0',
  },
  schema: z
    .strictObject({
      ...indicatorBase,
      pairs: z
        .array(z.strictObject({ a: identifier, b: identifier, score: z.number().min(-1).max(1) }))
        .describe('Scores from -1 (industry beside housing) to +1 (housing beside a park); unlisted pairs score 0.'),
    })
    .optional(),
  resolve(s, context) {
    const K = context.classes.length;
    const matrix = new Array<number>(K * K).fill(0);
    s.pairs.forEach((pair, i) => {
      const q = [...context.at, 'pairs', i];
      const a = context.classRef([...q, 'a'], pair.a);
      const b = context.classRef([...q, 'b'], pair.b);
      if (a >= 0 && b >= 0) matrix[a * K + b] = matrix[b * K + a] = pair.score;
    });
    return {
      type: 'compatibility',
      weight: s.weight ?? 1,
      matrix: matrix as readonly number[] /* K x K, symmetric */,
    } as const;
  },
  compile(spec) {
    return { kind: 'compatibility', name: spec.type, weight: spec.weight, matrix: Float64Array.from(spec.matrix) };
  },
});
