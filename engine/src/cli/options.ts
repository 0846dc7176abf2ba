/**
 * Option parsers shared by commands. Optimiser settings are checked by the rules every front end
 * shares (engine/src/rules/limits.ts, through the API): commander names the flag in its message.
 */
import { InvalidArgumentError } from 'commander';
import { describeLimit, limitProblem, workersProblem, type OptimizerLimit } from '../api/limits.js';

/** The text of a whole number as a number; anything else stays text (and is quoted by the message). */
function asNumber(value: string): number | string {
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

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

/** An optimiser setting (population, generations, seed, …) within its rule (rules/limits.ts). */
export function optimizerSetting(name: OptimizerLimit) {
  return (value: string): number => {
    const n = asNumber(value);
    const problem = limitProblem(name, n);
    if (problem !== null) throw new InvalidArgumentError(`${name} ${problem}.`);
    return n as number;
  };
}

export function workersOption(value: string): number | 'auto' {
  const workers = value === 'auto' ? value : asNumber(value);
  const problem = workersProblem(workers);
  if (problem !== null) throw new InvalidArgumentError(`workers ${problem}.`);
  return workers as number | 'auto';
}

export function seedList(value: string): number[] {
  const seeds = value.split(',').map(asNumber);
  if (seeds.some((s) => limitProblem('seed', s) !== null))
    throw new InvalidArgumentError(`expected seeds like 1,2,3, each ${describeLimit('seed')}, got "${value}".`);
  return seeds as number[];
}

/**
 * A repeatable `--min <objective>=<value>` / `--max <objective>=<value>` (a steered run's objective
 * range): collects { objective, side, value }. The objective id is checked against the scenario
 * when the run starts (the message then lists the valid ids).
 */
export function objectiveBoundOption(side: 'min' | 'max') {
  return (
    value: string,
    previous: { objective: string; min?: number; max?: number }[] = [],
  ): { objective: string; min?: number; max?: number }[] => {
    const match = /^\s*([\w-]+)\s*=\s*(\S+)\s*$/.exec(value);
    const number = match ? Number(match[2]!.replace(/_/g, '')) : NaN;
    if (
      !match ||
      !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(match[2]!.replace(/_/g, '')) ||
      !Number.isFinite(number)
    )
      throw new InvalidArgumentError(
        `expected <objective>=<number>, e.g. --${side} economic=110 (the objective ids are in the scenario's objectives), got "${value}".`,
      );
    return [...previous, { objective: match[1]!, [side]: number }];
  };
}
