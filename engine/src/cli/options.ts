/** Option parsers shared by commands: each rejects a bad value with a message naming the flag. */
import { InvalidArgumentError } from 'commander';
import { OPTIMIZER_LIMITS, type OptimizerLimit } from '../api/limits.js';

export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER
          ? `expected a whole number of at least ${min}, got "${value}".`
          : `expected a whole number from ${min} to ${max}, got "${value}".`,
      );
    }
    return n;
  };
}

/** A whole number within the bounds of an optimiser setting (OPTIMIZER_LIMITS). */
export function optimizerSetting(name: OptimizerLimit) {
  const { min, max } = OPTIMIZER_LIMITS[name];
  return wholeNumber(min, max);
}

export function workersOption(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  return optimizerSetting('workers')(value);
}

export function seedList(value: string): number[] {
  const seeds = value.split(',').map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s))) throw new InvalidArgumentError(`expected seeds like 1,2,3, got "${value}".`);
  return seeds.map(Number);
}
