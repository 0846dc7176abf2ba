/**
 * The bounds of the optimiser settings and of demands, with the checks and messages every front
 * end derives from them: the scenario schema (zod), the runner, the CLI's flags, the engine API
 * and the app's forms. A message names where the value came from ({@link ValueSource}): a line of
 * the scenario file, a command-line flag or a field of the app's form.
 *
 * The upper bounds keep a typo (`population: 1000000`) from becoming an allocation the machine
 * cannot make: the layouts alone take (2 x population + archive) x changeable cells bytes.
 *
 * Pure TypeScript without imports: the renderer loads this file in the browser.
 */

export interface SettingLimit {
  readonly min: number;
  readonly max: number;
  /** The value must be a multiple of this (population: 2). */
  readonly multipleOf?: number;
  /** Why the rule exists, shown in its message. */
  readonly why?: string;
}

export const OPTIMIZER_LIMITS = {
  population: { min: 4, max: 10_000, multipleOf: 2, why: 'offspring come in pairs' },
  generations: { min: 1, max: 1_000_000 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER },
  workers: { min: 1, max: 256 },
  checkpointEvery: { min: 1, max: 1_000_000 },
  archiveCapacity: { min: 1, max: 100_000 },
} as const satisfies Record<string, SettingLimit>;

export type OptimizerLimit = keyof typeof OPTIMIZER_LIMITS;

/**
 * Bounds of the land-use memetic step (`optimizer.localSearch` in a scenario): its interval in
 * generations (0: never), the move evaluations per improved layout, and the final polish's move
 * evaluations per objective (0: none). Scenario-only settings (no flag or form field).
 */
export const LOCAL_SEARCH_LIMITS = {
  every: { min: 0, max: 1_000_000 },
  evaluations: { min: 0, max: 10_000_000 },
  polish: { min: 0, max: 100_000_000 },
} as const satisfies Record<string, SettingLimit>;

/** The settings a planner sets in a scenario's `optimizer:` block, on the command line or in the app. */
export type OptimizerSetting = 'population' | 'generations' | 'seed' | 'workers' | 'checkpointEvery';

/** The command-line flag of each setting. */
export const SETTING_FLAGS: Readonly<Record<OptimizerLimit, string>> = {
  population: '--population',
  generations: '--generations',
  seed: '--seed',
  workers: '--workers',
  checkpointEvery: '--checkpoint-every',
  archiveCapacity: 'the archiveCapacity option',
};

/** The label of each setting's field in the app's forms. */
export const SETTING_LABELS: Readonly<Record<OptimizerLimit, string>> = {
  population: 'Population',
  generations: 'Generations',
  seed: 'Seed',
  workers: 'Workers',
  checkpointEvery: 'Checkpoint every',
  archiveCapacity: 'Archive capacity',
};

/**
 * Where a value came from, for messages: a scenario line (`scenario.yaml:41: optimizer.population`),
 * a flag (`--population`), a form field (`the Population field`), or a default.
 */
export type ValueSource =
  | { kind: 'scenario'; file: string; line: number | undefined }
  | { kind: 'flag' }
  | { kind: 'form' }
  | { kind: 'default' };

/** `scenario.yaml:41: optimizer.population`, `--population`, `the Population field`, `optimizer.seed (default)`. */
export function describeSource(name: OptimizerLimit, source: ValueSource): string {
  switch (source.kind) {
    case 'flag':
      return SETTING_FLAGS[name];
    case 'form':
      return `the ${SETTING_LABELS[name]} field`;
    case 'scenario':
      return source.line !== undefined
        ? `${source.file}:${source.line}: optimizer.${name}`
        : `${source.file}: optimizer.${name}`;
    case 'default':
      return `optimizer.${name} (default)`;
  }
}

const count = (n: number) => (n === Number.MAX_SAFE_INTEGER ? 'any size' : n.toLocaleString('en-GB'));

/** What a setting must be: `an even whole number from 4 to 10,000 (offspring come in pairs)`. */
export function describeLimit(name: OptimizerLimit): string {
  const limit: SettingLimit = OPTIMIZER_LIMITS[name];
  const kind = limit.multipleOf === 2 ? 'an even whole number' : 'a whole number';
  const range =
    limit.max === Number.MAX_SAFE_INTEGER
      ? `of at least ${count(limit.min)}`
      : `from ${count(limit.min)} to ${count(limit.max)}`;
  return `${kind} ${range}${limit.why ? ` (${limit.why})` : ''}`;
}

/** True when `value` obeys the setting's rule. */
export function withinLimit(name: OptimizerLimit, value: unknown): value is number {
  const limit: SettingLimit = OPTIMIZER_LIMITS[name];
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= limit.min &&
    value <= limit.max &&
    (limit.multipleOf === undefined || value % limit.multipleOf === 0)
  );
}

/** A value as messages quote it: numbers as they are, texts quoted and shortened. */
function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 24)}…` : value);
  if (typeof value === 'number') return String(value);
  return value === null ? 'nothing' : typeof value;
}

/** `must be an even whole number from 4 to 10,000 (offspring come in pairs), got 61`, or null when the value obeys. */
export function limitProblem(name: OptimizerLimit, value: unknown): string | null {
  return withinLimit(name, value) ? null : `must be ${describeLimit(name)}, got ${quote(value)}`;
}

/** `"auto"` or a number of workers within bounds: null, else what is wrong. */
export function workersProblem(value: unknown): string | null {
  if (value === 'auto') return null;
  return withinLimit('workers', value) ? null : `must be "auto" or ${describeLimit('workers')}, got ${quote(value)}`;
}

/** The full message of a value that breaks its rule: `--seed: seed must be a whole number of at least 0, got -5.` */
export function settingMessage(name: OptimizerLimit, problem: string, source: ValueSource): string {
  return `${describeSource(name, source)}: ${name} ${problem}.`;
}

/** A demand's bounds in one unit (hectares in the app): each 0 or more, the minimum at most the maximum. */
export function demandProblem(
  min: number | null,
  max: number | null,
): { field: 'min' | 'max'; message: string } | null {
  const bad = (v: number | null) => v !== null && !(Number.isFinite(v) && v >= 0);
  if (bad(min)) return { field: 'min', message: 'must be an area of 0 or more' };
  if (bad(max)) return { field: 'max', message: 'must be an area of 0 or more' };
  if (min !== null && max !== null && min > max)
    return { field: 'max', message: `is below the minimum (${min.toLocaleString('en-GB')})` };
  return null;
}
