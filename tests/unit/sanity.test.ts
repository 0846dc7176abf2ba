import { describe, expect, it } from 'vitest';
import { OptimizerInputError } from '../../engine/src/optimizer/errors.js';

describe('input errors', () => {
  it('are marked as input errors so front ends print them without a stack', () => {
    const error = new OptimizerInputError('population must be at least 4, got 2');
    expect(error.kind).toBe('input');
    expect(error.message).toContain('population');
  });
});
