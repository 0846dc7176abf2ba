/**
 * The Comlink implementation of {@link EvaluationChannel} over a `worker_threads` Worker.
 *
 * Comlink only knows messages, so a worker that dies would leave its pending call unanswered
 * forever. This channel watches the Worker's `error`, `exit` and `messageerror` events and rejects
 * every pending call with a {@link WorkerFailureError} naming the cause; an optional timeout
 * terminates a worker that stops answering. The Worker is `unref`'d while idle, so a pool that
 * was not closed never keeps Node alive, and `ref`'d while a call is pending.
 */
import { transfer, wrap, type Remote } from 'comlink';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { BatchRequest, BatchResponse, EvaluationChannel, ProblemShape } from './channel.js';
import { ParallelInputError, WorkerFailureError } from './errors.js';
import { outsideAsar } from './asar.js';
import { nodeEndpoint } from './node-endpoint.js';
import type { ProblemSpec } from './problem-spec.js';
import type { WorkerApi } from './worker-entry.js';

export interface WorkerChannelOptions extends ComlinkWorkerOptions {
  /**
   * An evaluation pending longer than this (ms) terminates the worker and fails. Default: no
   * limit. Starting the worker and building the problem are not limited (they may load files).
   */
  readonly timeoutMs?: number;
}

/** Options of a {@link ComlinkWorker}. */
export interface ComlinkWorkerOptions {
  /** A name for messages. Default "worker". */
  readonly label?: string;
  /** Heap limits of the worker (e.g. `{ maxOldGenerationSizeMb: 512 }`); exceeding them fails the pending calls, not the process. */
  readonly resourceLimits?: ResourceLimits;
}

/** What every worker thread of ours receives as `workerData`. */
export interface PlanWorkerData {
  /** Which of our worker modules runs in the thread (for diagnostics). */
  readonly role: string;
  /** From sources only: the TypeScript entry the tsx bootstrap imports. */
  readonly tsEntry?: string;
}

/** How to start a worker thread: its entry module, its workerData and execArgv. */
export interface WorkerModuleEntry {
  readonly url: URL;
  readonly workerData: PlanWorkerData;
  readonly execArgv: string[] | undefined;
}

/**
 * How to start the worker module `name` (without extension) that sits next to the module at
 * `base` (its `import.meta.url`). From built JS (`dist/`, the CLI, the packaged app) that is
 * `<name>.js` itself, outside the app's asar archive ({@link outsideAsar}). From TypeScript sources
 * (tests, dev, `tsx`, vitest: detected because `base` ends in `.ts`), Node 20 workers ignore
 * `--import tsx` for their entry module, so a small JS bootstrap registers tsx's loader in the
 * worker and then imports `<name>.ts` (passed in `workerData.tsEntry`).
 */
export function workerModuleEntry(base: string, name: string): WorkerModuleEntry {
  // workerData is always an object, never undefined: libraries may read it in any worker thread
  // (geotiff's `web-worker` dependency destructures it as soon as it is imported in a worker).
  // Evaluation workers do not load geotiff (gis/geotiff-read.ts imports it on first use); the
  // background worker reads GeoTIFFs and does.
  if (!base.endsWith('.ts'))
    return { url: outsideAsar(new URL(`./${name}.js`, base)), workerData: { role: name }, execArgv: undefined };
  return {
    url: new URL('./tsx-worker-bootstrap.mjs', import.meta.url),
    workerData: { role: name, tsEntry: new URL(`./${name}.ts`, base).href },
    execArgv: [],
  };
}

/** The evaluation worker next to this module (see {@link workerModuleEntry}). */
export function workerEntry(): WorkerModuleEntry {
  return workerModuleEntry(import.meta.url, 'worker-entry');
}

function describeCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `${code}: ` : '';
}

/**
 * One worker thread behind Comlink, with the failure handling every caller needs: a worker that
 * throws, dies, runs out of memory or overruns a timeout rejects its pending calls with a
 * {@link WorkerFailureError} naming the task. Unref'd while idle. Used by {@link WorkerChannel}
 * (evaluation) and by the engine API's background tasks.
 */
export class ComlinkWorker<Api> {
  readonly label: string;
  protected readonly worker: Worker;
  protected readonly remote: Remote<Api>;
  private failure: WorkerFailureError | null = null;
  /**
   * How to fail each pending call. Not one shared promise raced by every call: a promise that
   * never settles keeps every reaction `Promise.race` attaches to it, and each reaction keeps its
   * settled race, and so the call's result, alive (the responses' buffers of every batch of a run).
   */
  private readonly pendingFailures = new Set<(error: WorkerFailureError) => void>();
  private pending = 0;
  /** Set by close(): from then on the worker stays ref'd until its thread has stopped. */
  private closing = false;
  /** What the worker is doing, for messages ("evaluating rows 0..49"). */
  private task = 'starting';

  constructor(entry: WorkerModuleEntry, options: ComlinkWorkerOptions = {}) {
    this.label = options.label ?? 'worker';
    this.worker = new Worker(entry.url, {
      execArgv: entry.execArgv,
      workerData: entry.workerData,
      resourceLimits: options.resourceLimits,
      name: this.label,
    });
    this.worker.unref();
    this.worker.on('error', (error: Error) => {
      const outOfMemory = (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(
        outOfMemory
          ? new WorkerFailureError(
              `${this.label} ran out of memory while ${this.task} (${describeCode(error)}${error.message}); give the workers more memory (resourceLimits) or use fewer, larger ones`,
              'out-of-memory',
              { cause: error },
            )
          : new WorkerFailureError(
              `${this.label} crashed while ${this.task}: ${describeCode(error)}${error.message}`,
              'crashed',
              {
                cause: error,
              },
            ),
      );
    });
    this.worker.on('exit', (code: number) => {
      this.fail(new WorkerFailureError(`${this.label} exited with code ${code} while ${this.task}`, 'exited'));
    });
    this.worker.on('messageerror', (error: Error) => {
      this.fail(
        new WorkerFailureError(
          `${this.label} sent a message that could not be read while ${this.task}: ${error.message}`,
          'crashed',
          { cause: error },
        ),
      );
      void this.worker.terminate();
    });
    this.remote = wrap<Api>(nodeEndpoint(this.worker));
  }

  get alive(): boolean {
    return this.failure === null;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.fail(new WorkerFailureError(`${this.label} was closed while ${this.task}`, 'closed'));
    // Hold the event loop until the thread is gone: an unref'd worker may never report its exit,
    // and the caller's await would then be left pending when the loop empties (Node exits with
    // code 13 from a top-level await). Calls still settling must not unref it again (see call()).
    this.worker.ref();
    await this.worker.terminate();
  }

  /** Record the first failure, reject pending calls with it; later events (the exit after an error) are ignored. */
  private fail(error: WorkerFailureError): void {
    if (this.failure) return;
    this.failure = error;
    for (const failPending of this.pendingFailures) failPending(error);
    this.pendingFailures.clear();
  }

  protected async call<T>(task: string, invoke: () => Promise<T>, timeoutMs: number | undefined): Promise<T> {
    if (this.failure) throw this.failure;
    if (this.pending++ === 0) this.worker.ref();
    this.task = task;
    let timer: NodeJS.Timeout | undefined;
    let failPending!: (error: WorkerFailureError) => void;
    const failed = new Promise<never>((_, reject) => {
      failPending = reject;
    });
    this.pendingFailures.add(failPending);
    const racers: Promise<T>[] = [invoke(), failed];
    if (timeoutMs !== undefined) {
      racers.push(
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const error = new WorkerFailureError(
              `${this.label} took longer than ${timeoutMs} ms ${task} and was terminated`,
              'timeout',
            );
            this.fail(error);
            void this.worker.terminate();
            reject(error);
          }, timeoutMs);
        }),
      );
    }
    try {
      return await Promise.race(racers);
    } catch (error) {
      if (error instanceof WorkerFailureError) throw error;
      // An exception thrown inside the call, relayed by Comlink (message, name and stack only).
      const relayed = error as Error;
      if (typeof relayed?.name === 'string' && relayed.name.endsWith('InputError')) {
        throw new ParallelInputError(`${this.label}: ${relayed.message}`);
      }
      throw new WorkerFailureError(`${this.label}: ${relayed?.message ?? String(error)}`, 'threw', { cause: error });
    } finally {
      clearTimeout(timer);
      this.pendingFailures.delete(failPending);
      if (--this.pending === 0) {
        this.task = 'idle';
        // A pool closing after a failure terminates workers whose calls are still settling: an
        // unref here would let the process exit before the thread stops, with the failure unreported.
        if (!this.closing) this.worker.unref();
      }
    }
  }
}

/** The evaluation worker: a {@link ComlinkWorker} running `worker-entry`. */
export class WorkerChannel extends ComlinkWorker<WorkerApi> implements EvaluationChannel {
  private readonly timeoutMs: number | undefined;

  constructor(options: WorkerChannelOptions = {}) {
    super(workerEntry(), options);
    this.timeoutMs = options.timeoutMs;
  }

  init(spec: ProblemSpec): Promise<ProblemShape> {
    return this.call(`building problem "${spec.kind}"`, () => this.remote.init(spec), undefined);
  }

  evaluateBatch(request: BatchRequest): Promise<BatchResponse> {
    const task = `evaluating rows ${request.firstRow}..${request.firstRow + request.rows - 1}`;
    return this.call(task, () => this.remote.evaluateBatch(transfer(request, [request.variables])), this.timeoutMs);
  }
}
