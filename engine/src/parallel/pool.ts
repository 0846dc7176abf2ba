/**
 * A fixed-size pool of evaluation channels (worker threads by default), each holding the same
 * problem built from one {@link ProblemSpec}. The pool does not schedule: the evaluator sends one
 * chunk per slot and the pool restarts a slot whose worker died.
 */
import os from 'node:os';
import type { ChannelFactory, EvaluationChannel, ProblemShape } from './channel.js';
import { ParallelInputError } from './errors.js';
import type { ProblemSpec } from './problem-spec.js';
import { WorkerChannel, type WorkerChannelOptions } from './worker-channel.js';

export type WorkerCount = number | 'auto';

export interface WorkerPoolOptions {
  /** Number of workers, or `'auto'` for `os.availableParallelism()`. Default `'auto'`. */
  readonly workers?: WorkerCount;
  /** Heap limits of each worker thread (ignored by a custom `channelFactory`). */
  readonly resourceLimits?: WorkerChannelOptions['resourceLimits'];
  /** An evaluation pending longer than this (ms) terminates its worker. Default: no limit. */
  readonly timeoutMs?: number;
  /** Replace the transport (default: a Comlink worker thread per slot). */
  readonly channelFactory?: ChannelFactory;
}

/**
 * The number of workers a setting means.
 * @param workers a positive integer, or `'auto'` (default) for `os.availableParallelism()`.
 * @example resolveWorkerCount('auto') // 8 on an 8-core machine
 */
export function resolveWorkerCount(workers: WorkerCount = 'auto'): number {
  if (workers === 'auto') return os.availableParallelism();
  if (!Number.isInteger(workers) || workers < 1 || workers > 1024) {
    throw new ParallelInputError(`workers must be "auto" or an integer from 1 to 1024, got ${JSON.stringify(workers)}`);
  }
  return workers;
}

function shapesEqual(a: ProblemShape, b: ProblemShape): boolean {
  return (
    a.name === b.name &&
    a.numberOfVariables === b.numberOfVariables &&
    a.numberOfObjectives === b.numberOfObjectives &&
    a.numberOfConstraints === b.numberOfConstraints &&
    a.variableType === b.variableType &&
    a.repair === b.repair &&
    a.sampling === b.sampling
  );
}

export class WorkerPool {
  readonly size: number;
  private readonly factory: ChannelFactory;
  private channels: EvaluationChannel[] = [];
  private spec: ProblemSpec | null = null;
  private shape: ProblemShape | null = null;
  private closing = false;
  /** Restarts in progress per slot, so concurrent failures of one slot restart it once. */
  private readonly restarting = new Map<number, Promise<EvaluationChannel>>();

  constructor(options: WorkerPoolOptions = {}) {
    this.size = resolveWorkerCount(options.workers);
    this.factory =
      options.channelFactory ??
      ((index, size) =>
        new WorkerChannel({
          label: `worker ${index + 1} of ${size}`,
          resourceLimits: options.resourceLimits,
          timeoutMs: options.timeoutMs,
        }));
  }

  get closed(): boolean {
    return this.closing;
  }

  /**
   * Start every worker and build the problem in each, in parallel (static data is opened here,
   * once per worker). Returns the problem's shape, checked to be the same in every worker.
   */
  async init(spec: ProblemSpec): Promise<ProblemShape> {
    if (this.closing) throw new ParallelInputError('the worker pool is closed');
    if (this.spec) throw new ParallelInputError('the worker pool is already initialised');
    this.spec = spec;
    this.channels = Array.from({ length: this.size }, (_, i) => this.factory(i, this.size));
    try {
      const shapes = await Promise.all(this.channels.map((channel) => channel.init(spec)));
      const first = shapes[0]!;
      const other = shapes.findIndex((shape) => !shapesEqual(shape, first));
      if (other >= 0) {
        throw new ParallelInputError(
          `${this.channels[other]!.label} built a different problem than ${this.channels[0]!.label} from the same spec (${JSON.stringify(shapes[other])} vs ${JSON.stringify(first)}); problem factories must be deterministic`,
        );
      }
      this.shape = first;
      return first;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** The channel of slot `index` (0-based). */
  channel(index: number): EvaluationChannel {
    const channel = this.channels[index];
    if (!channel) throw new RangeError(`no worker slot ${index} in a pool of ${this.channels.length}`);
    return channel;
  }

  /**
   * Replace slot `index` with a fresh channel and build the problem in it again. Calls made while
   * the slot is restarting share the same restart.
   */
  restart(index: number): Promise<EvaluationChannel> {
    let restart = this.restarting.get(index);
    if (!restart) {
      restart = this.restartSlot(index).finally(() => this.restarting.delete(index));
      this.restarting.set(index, restart);
    }
    return restart;
  }

  private async restartSlot(index: number): Promise<EvaluationChannel> {
    if (this.closing || !this.spec || !this.shape)
      throw new ParallelInputError('the worker pool is closed or not initialised');
    const old = this.channel(index);
    void old.close();
    const fresh = this.factory(index, this.size);
    this.channels[index] = fresh;
    const shape = await fresh.init(this.spec);
    if (!shapesEqual(shape, this.shape)) {
      throw new ParallelInputError(
        `${fresh.label} built a different problem after a restart; problem factories must be deterministic`,
      );
    }
    return fresh;
  }

  /** Terminate every worker. Pending calls fail with a `closed` WorkerFailureError. Safe to call twice. */
  async close(): Promise<void> {
    this.closing = true;
    const channels = this.channels;
    await Promise.all(channels.map((channel) => channel.close()));
  }
}
