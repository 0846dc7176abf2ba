/**
 * Termination criteria (pymoo style): each reports progress in [0, 1] and the run stops when
 * progress reaches 1. Criteria combine with {@link anyOf} / {@link allOf}. A forced stop is an
 * AbortSignal passed to the algorithm, not a criterion.
 */
import type { StopReason } from '../core/run-state.js';

/** What a criterion sees after each generation. */
export interface TerminationContext {
  readonly generation: number;
  readonly evaluations: number;
  readonly elapsedMs: number;
  /** The first front in minimisation form (frontSize x M), valid only during the call. */
  readonly front: Float64Array;
  readonly frontSize: number;
  readonly numberOfObjectives: number;
}

/** JSON-serialisable bookkeeping of a criterion (for checkpoints). */
export type TerminationState = {
  readonly [key: string]: number | boolean | null | readonly number[] | TerminationState | readonly TerminationState[];
};

export interface Termination {
  readonly name: string;
  /** Update with the latest generation; returns progress in [0, 1] (1 = stop). */
  update(context: TerminationContext): number;
  /** The reason reported when this criterion stops the run. */
  readonly reason: StopReason;
  /** Progress of the last update (0 before the first). */
  readonly progress: number;
  /** Hypervolume of the front computed by the last update, when this criterion tracks it. */
  readonly lastHypervolume?: number;
  getState(): TerminationState;
  setState(state: TerminationState): void;
}
