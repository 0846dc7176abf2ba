/**
 * The typed state an algorithm reports to observers after every generation (no string-keyed maps).
 */

/** Why a run ended. */
export type StopReason =
  'max-evaluations' | 'max-generations' | 'wall-time' | 'hypervolume-stagnation' | 'aborted' | 'all';

export interface RunState {
  /** Completed generations; the evaluated initial population is generation 1 (pymoo's convention). */
  readonly generation: number;
  /** Objective evaluations so far (rows evaluated, counting every batch). */
  readonly evaluations: number;
  /** Wall time spent in the run so far (excluding time between a checkpoint and its restore). */
  readonly elapsedMs: number;
  /** Termination progress in [0, 1]. */
  readonly progress: number;
  /** The current population's first front (feasible, non-dominated rows). */
  readonly front: {
    readonly size: number;
    /** size x M, in the problem's NATURAL units and directions. */
    readonly objectives: Float64Array;
    /** Row indices of the front in the current population. */
    readonly indices: Int32Array;
  };
  /** Rows of the current population that satisfy every constraint. */
  readonly feasibleCount: number;
  /**
   * Hypervolume of the front (minimisation form) when it is cheap to know: computed when a
   * hypervolume reference point is configured or hypervolume stagnation is a termination criterion.
   */
  readonly hypervolume?: number;
}

/** Notified once per generation (after survival). Keep it light: it runs on the optimiser's thread. */
export type Observer = (state: RunState) => void;
