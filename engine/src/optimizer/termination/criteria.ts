import type { StopReason } from '../core/run-state.js';
import { OptimizerInputError } from '../errors.js';
import { hypervolumeOfRows } from '../indicators/hypervolume.js';
import type { Termination, TerminationContext, TerminationState } from './termination.js';

abstract class BaseTermination implements Termination {
  abstract readonly name: string;
  abstract readonly reason: StopReason;
  progress = 0;
  abstract update(context: TerminationContext): number;
  getState(): TerminationState {
    return { progress: this.progress };
  }
  setState(state: TerminationState): void {
    this.progress = Number(state['progress'] ?? 0);
  }
}

function positiveInteger(what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new OptimizerInputError(`${what} must be an integer >= 1, got ${value}`);
  return value;
}

/** Stop after `limit` objective evaluations (checked after each generation, so a run may overshoot by less than one batch). */
export class MaxEvaluations extends BaseTermination {
  readonly name = 'max-evaluations';
  readonly reason = 'max-evaluations' as const;
  constructor(readonly limit: number) {
    super();
    positiveInteger('max evaluations', limit);
  }
  update(context: TerminationContext): number {
    return (this.progress = Math.min(1, context.evaluations / this.limit));
  }
}

/** Stop after `limit` generations (the evaluated initial population is generation 1). */
export class MaxGenerations extends BaseTermination {
  readonly name = 'max-generations';
  readonly reason = 'max-generations' as const;
  constructor(readonly limit: number) {
    super();
    positiveInteger('max generations', limit);
  }
  update(context: TerminationContext): number {
    return (this.progress = Math.min(1, context.generation / this.limit));
  }
}

/** Stop once the run has used `limitMs` of wall time. Not reproducible by nature: prefer budgets in tests. */
export class WallTime extends BaseTermination {
  readonly name = 'wall-time';
  readonly reason = 'wall-time' as const;
  constructor(readonly limitMs: number) {
    super();
    if (!(limitMs > 0)) throw new OptimizerInputError(`the wall-time limit must be > 0 ms, got ${limitMs}`);
  }
  update(context: TerminationContext): number {
    return (this.progress = Math.min(1, context.elapsedMs / this.limitMs));
  }
}

export interface HypervolumeStagnationOptions {
  /** Generations without a significant improvement before stopping. Default 30. */
  readonly window?: number;
  /** Relative improvement of the best hypervolume that counts as significant. Default 1e-4. */
  readonly tolerance?: number;
  /**
   * Reference point in MINIMISATION form. Default: fixed at the first update from the front,
   * nadir + 10% of the (ideal, nadir) range in each objective (and stored in checkpoints).
   */
  readonly reference?: readonly number[];
}

/**
 * Stop when the hypervolume of the first front has not improved by more than `tolerance`
 * (relative) for `window` generations. Progress is the share of the window spent stagnating.
 */
export class HypervolumeStagnation extends BaseTermination {
  readonly name = 'hypervolume-stagnation';
  readonly reason = 'hypervolume-stagnation' as const;
  readonly window: number;
  readonly tolerance: number;
  private reference: Float64Array | null;
  private best = -Infinity;
  private stagnant = 0;
  lastHypervolume: number | undefined = undefined;
  private indices = new Int32Array(0);

  constructor(options: HypervolumeStagnationOptions = {}) {
    super();
    this.window = positiveInteger('the hypervolume stagnation window', options.window ?? 30);
    this.tolerance = options.tolerance ?? 1e-4;
    if (!(this.tolerance >= 0))
      throw new OptimizerInputError(`the stagnation tolerance must be >= 0, got ${this.tolerance}`);
    this.reference = options.reference ? Float64Array.from(options.reference) : null;
  }

  update(context: TerminationContext): number {
    const { front, frontSize, numberOfObjectives: m } = context;
    if (frontSize === 0) return (this.progress = 0); // no feasible solution yet: keep searching
    if (this.reference === null) this.reference = defaultReference(front, frontSize, m);
    if (this.reference.length !== m) {
      throw new OptimizerInputError(
        `the stagnation reference point has ${this.reference.length} values for ${m} objectives`,
      );
    }
    if (this.indices.length < frontSize) this.indices = new Int32Array(frontSize);
    let count = 0;
    for (let i = 0; i < frontSize; i++) {
      let inside = true;
      for (let j = 0; j < m; j++) if (!(front[i * m + j]! < this.reference[j]!)) inside = false;
      if (inside) this.indices[count++] = i;
    }
    const value = hypervolumeOfRows(front, m, this.indices, count, this.reference, m);
    this.lastHypervolume = value;
    if (value > this.best + this.tolerance * Math.max(Math.abs(this.best), 1e-300) || this.best === -Infinity) {
      this.best = value;
      this.stagnant = 0;
    } else {
      this.stagnant++;
    }
    return (this.progress = Math.min(1, this.stagnant / this.window));
  }

  override getState(): TerminationState {
    return {
      progress: this.progress,
      best: Number.isFinite(this.best) ? this.best : null,
      stagnant: this.stagnant,
      reference: this.reference ? [...this.reference] : null,
      lastHypervolume: this.lastHypervolume ?? null,
    };
  }

  override setState(state: TerminationState): void {
    super.setState(state);
    this.best = typeof state['best'] === 'number' ? state['best'] : -Infinity;
    this.stagnant = Number(state['stagnant'] ?? 0);
    const reference = state['reference'];
    this.reference = Array.isArray(reference) ? Float64Array.from(reference as number[]) : null;
    this.lastHypervolume = typeof state['lastHypervolume'] === 'number' ? state['lastHypervolume'] : undefined;
  }
}

function defaultReference(front: Float64Array, size: number, m: number): Float64Array {
  const reference = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < size; i++) {
      const v = front[i * m + j]!;
      if (v < low) low = v;
      if (v > high) high = v;
    }
    const range = high - low;
    reference[j] = high + (range > 0 ? 0.1 * range : Math.max(0.1 * Math.abs(high), 1e-9));
  }
  return reference;
}

/** Combines criteria: `any` stops when one is done (progress = max), `all` when all are (progress = min). */
export class CombinedTermination implements Termination {
  readonly name: string;
  progress = 0;
  private lastReason: StopReason = 'all';

  constructor(
    readonly mode: 'any' | 'all',
    readonly criteria: readonly Termination[],
  ) {
    if (criteria.length === 0) throw new OptimizerInputError(`${mode}Of() needs at least one termination criterion`);
    this.name = `${mode}(${criteria.map((c) => c.name).join(', ')})`;
  }

  get reason(): StopReason {
    return this.lastReason;
  }

  get lastHypervolume(): number | undefined {
    for (const criterion of this.criteria)
      if (criterion.lastHypervolume !== undefined) return criterion.lastHypervolume;
    return undefined;
  }

  update(context: TerminationContext): number {
    let progress = this.mode === 'any' ? 0 : 1;
    for (const criterion of this.criteria) {
      const p = criterion.update(context);
      if (this.mode === 'any') {
        if (p > progress) progress = p;
        if (p >= 1 && this.lastReason === 'all') this.lastReason = criterion.reason;
      } else if (p < progress) progress = p;
    }
    if (this.mode === 'all') this.lastReason = 'all';
    return (this.progress = progress);
  }

  getState(): TerminationState {
    return { progress: this.progress, criteria: this.criteria.map((c) => c.getState()) };
  }

  setState(state: TerminationState): void {
    this.progress = Number(state['progress'] ?? 0);
    const states = state['criteria'] as readonly TerminationState[] | undefined;
    if (!states || states.length !== this.criteria.length) {
      throw new OptimizerInputError('the checkpoint termination state does not match the configured criteria');
    }
    this.criteria.forEach((criterion, i) => criterion.setState(states[i]!));
  }
}

/** Stop as soon as any criterion is met. @example anyOf(new MaxEvaluations(25_000), new WallTime(60_000)) */
export function anyOf(...criteria: Termination[]): Termination {
  return new CombinedTermination('any', criteria);
}

/** Stop only when every criterion is met. */
export function allOf(...criteria: Termination[]): Termination {
  return new CombinedTermination('all', criteria);
}
