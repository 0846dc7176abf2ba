/**
 * `paretoplan worker`: take run jobs from the queue and run them, on any machine that sees the
 * batch folders at the same path as the submitter.
 *
 * Nothing is lost when a worker dies. BullMQ holds a lock on each job it hands out, renewed by the
 * worker every half stall timeout; a job whose lock expires is "stalled" and goes back to the queue
 * for another worker (at most {@link MAX_STALLS} times). The run folder's own lock (runs/lock.ts)
 * then decides when the new worker may take the folder over: at once when the dead worker ran on
 * the same host, otherwise after ten missed heartbeats - and queue workers beat ten times per stall
 * timeout, so the folder becomes free as the job is handed on. The run resumes from its last
 * checkpoint and ends with the front an uninterrupted run gives.
 *
 * Stopping a worker (Ctrl-C, SIGTERM) stops its runs at the end of their current generation,
 * with a checkpoint, and puts their jobs back in the queue for other workers to continue.
 * A cancelled batch (`paretoplan batch --cancel`) stops its running jobs the same way, but they end:
 * their folders are left interrupted, to be continued by a new submission of the batch or `resume`.
 */
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { WaitingError, Worker, type Job } from 'bullmq';
import { LOCK_MISSED_HEARTBEATS, type RunOptions } from '../runs/index.js';
import { checkQueueReachable, parseQueueAddress } from './connection.js';
import {
  DEFAULT_STALL_TIMEOUT_MS,
  KEYS,
  KEY_PREFIX,
  MAX_STALLS,
  QUEUE_NAME,
  type RunJobData,
  type RunJobProgress,
  type RunJobResult,
} from './protocol.js';
import { runQueuedJob } from './run-job.js';

/** How often a worker with running jobs checks whether their batch was cancelled. */
const CANCEL_POLL_MS = 1_000;
/** How often a job reports its progress to the queue (and always at its last generation). */
const PROGRESS_EVERY_MS = 1_000;

export interface QueueWorkerOptions {
  /** The queue's address, `redis://HOST:PORT[/DB]` or `rediss://…`. */
  queue: string;
  /** Jobs this worker runs at once (default 1). */
  concurrency?: number;
  /** Worker threads per run (default: each scenario's setting). Results do not depend on it. */
  workers?: RunOptions['workers'];
  /** After this long without news from a worker, its jobs go to other workers (default 30 s). */
  stallTimeoutMs?: number;
  /**
   * Folders the jobs' scenarios and run folders must be inside (default: anywhere this process may
   * read and write). Whoever can write to the queue chooses those paths: confine them.
   */
  roots?: string[];
  /** Stop the worker: running jobs stop at the end of their generation and go back to the queue. */
  stopSignal?: AbortSignal;
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'ready'; queue: string; worker: string; concurrency: number }
  | { type: 'started'; job: string; dir: string; attempt: number }
  | { type: 'message'; job: string; message: string }
  | { type: 'finished'; job: string; dir: string; result: RunJobResult }
  | { type: 'requeued'; job: string; dir: string }
  | { type: 'retry'; job: string; message: string }
  | { type: 'stopping'; running: number }
  | { type: 'error'; message: string };

/** Run a worker until `stopSignal` aborts. */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const address = parseQueueAddress(options.queue);
  await checkQueueReachable(address);
  const stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const lockHeartbeatMs = Math.max(1, Math.floor(stallTimeoutMs / LOCK_MISSED_HEARTBEATS));
  const concurrency = options.concurrency ?? 1;
  const name = `${os.hostname()}:${process.pid}`;
  const emit = (event: WorkerEvent) => options.onEvent?.(event);
  const running = new Map<string, { controller: AbortController; batch: string }>();
  const redis = new Redis(address.options);
  redis.on('error', (error: Error) => emit({ type: 'error', message: `Redis: ${error.message}` }));

  const processJob = async (job: Job<RunJobData, RunJobResult>, token?: string): Promise<RunJobResult> => {
    const id = job.id!;
    const { data } = job;
    if (await redis.sismember(KEYS.cancelled, data.batch)) {
      return { outcome: { error: 'The batch was cancelled.' }, continued: false, cancelled: true, worker: name };
    }
    const outside = outsideRoots(data, options.roots);
    if (outside) {
      const error = `This worker runs only jobs inside ${options.roots!.join(', ')} (its --root); ${outside} is not.`;
      const result: RunJobResult = { outcome: { error }, continued: false, cancelled: false, worker: name };
      emit({ type: 'finished', job: id, dir: data.job.dir, result });
      return result;
    }
    const controller = new AbortController();
    running.set(id, { controller, batch: data.batch });
    emit({ type: 'started', job: id, dir: data.job.dir, attempt: job.attemptsStarted });
    let reported = 0;
    try {
      const result = await runQueuedJob({
        data,
        worker: name,
        stopSignal: controller.signal,
        lockHeartbeatMs,
        lockWaitMs: LOCK_MISSED_HEARTBEATS * stallTimeoutMs,
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        onMessage: (message) => {
          emit({ type: 'message', job: id, message });
          void job.log(message).catch(() => undefined);
        },
        onProgress: (p) => {
          const now = Date.now();
          if (now - reported < PROGRESS_EVERY_MS && p.generation < p.generations) return;
          reported = now;
          const progress: RunJobProgress = {
            generation: p.generation,
            generations: p.generations,
            evaluations: p.evaluations,
            hypervolume: p.hypervolume,
            frontSize: p.frontSize,
          };
          void job.updateProgress(progress).catch(() => undefined);
        },
      });
      if (controller.signal.reason === 'shutdown' && !isComplete(result)) return await requeue(job, token);
      emit({ type: 'finished', job: id, dir: data.job.dir, result });
      return result;
    } catch (error) {
      if (controller.signal.reason === 'shutdown') return await requeue(job, token);
      emit({ type: 'retry', job: id, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      running.delete(id);
    }
  };

  /** Put a job stopped by this worker's shutdown back in the queue, for another worker to continue. */
  const requeue = async (job: Job<RunJobData, RunJobResult>, token?: string): Promise<never> => {
    await job.moveToWait(token);
    emit({ type: 'requeued', job: job.id!, dir: job.data.job.dir });
    throw new WaitingError();
  };

  const worker = new Worker<RunJobData, RunJobResult>(QUEUE_NAME, processJob, {
    connection: address.options,
    prefix: KEY_PREFIX,
    name,
    concurrency,
    lockDuration: stallTimeoutMs,
    stalledInterval: stallTimeoutMs,
    maxStalledCount: MAX_STALLS,
    autorun: false,
  });
  worker.on('error', (error) => emit({ type: 'error', message: error.message }));

  const cancelPoll = setInterval(() => {
    if (running.size === 0) return;
    void redis
      .smembers(KEYS.cancelled)
      .then((cancelled) => {
        for (const job of running.values()) if (cancelled.includes(job.batch)) job.controller.abort('cancel');
      })
      .catch(() => undefined);
  }, CANCEL_POLL_MS);

  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      emit({ type: 'stopping', running: running.size });
      for (const job of running.values()) job.controller.abort('shutdown');
      resolve();
    };
    if (options.stopSignal?.aborted) stop();
    else options.stopSignal?.addEventListener('abort', stop, { once: true });
  });

  await worker.waitUntilReady();
  const runLoop = worker.run();
  emit({ type: 'ready', queue: address.display, worker: name, concurrency });
  try {
    await stopped;
    await worker.close(); // waits for the running jobs to stop and be requeued
    await runLoop;
  } finally {
    clearInterval(cancelPoll);
    redis.disconnect();
  }
}

/** The first path of the job outside every root, or null (also when no roots are set). */
function outsideRoots(data: RunJobData, roots: readonly string[] | undefined): string | null {
  if (!roots || roots.length === 0) return null;
  const inside = (file: string) =>
    roots.some((root) => {
      const relative = path.relative(path.resolve(root), path.resolve(file));
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    });
  for (const file of [data.job.scenario, data.job.dir]) if (!inside(file)) return file;
  return null;
}

function isComplete(result: RunJobResult): boolean {
  return 'summary' in result.outcome && result.outcome.summary.status === 'complete';
}
