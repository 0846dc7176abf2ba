/** Option parsers shared by commands: each rejects a bad value with a message naming the flag. */
import { InvalidArgumentError } from 'commander';

export function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${value}".`);
    }
    return n;
  };
}

export function workersOption(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  return wholeNumber(1)(value);
}

export function seedList(value: string): number[] {
  const seeds = value.split(',').map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s))) throw new InvalidArgumentError(`expected seeds like 1,2,3, got "${value}".`);
  return seeds.map(Number);
}
