/**
 * Errors of the parallel-evaluation layer.
 *
 * - {@link ParallelInputError} (`kind = 'input'`): a bad setting the user can fix (a worker count,
 *   an unknown problem kind). Front ends print the message alone and exit with code 2.
 * - {@link WorkerFailureError} (`kind = 'worker'`): a worker threw, died, ran out of memory or
 *   timed out while evaluating. The run fails with this error (exit code 1); its message names the
 *   worker, the rows it was evaluating and the cause.
 */

export class ParallelInputError extends Error {
  readonly kind = 'input' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ParallelInputError';
  }
}

/** Why a worker could not deliver a result. */
export type WorkerFailureCause =
  /** The problem's code threw inside the worker; the worker itself is still usable. */
  | 'threw'
  /** The worker thread ended (e.g. `process.exit` in the worker, an uncaught error outside a call). */
  | 'exited'
  /** The worker reached its heap limit (`ERR_WORKER_OUT_OF_MEMORY`). */
  | 'out-of-memory'
  /** An uncaught exception outside an evaluation call (e.g. in a timer the problem started). */
  | 'crashed'
  /** The batch took longer than the evaluator's `timeoutMs`; the worker was terminated. */
  | 'timeout'
  /** The worker was closed (the pool was shut down or the run aborted) while a call was pending. */
  | 'closed';

export class WorkerFailureError extends Error {
  readonly kind = 'worker' as const;
  constructor(
    message: string,
    readonly failure: WorkerFailureCause,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WorkerFailureError';
  }

  /** True when the worker thread is gone (it must be replaced before it can be used again). */
  get workerIsDead(): boolean {
    return this.failure !== 'threw';
  }
}
