/**
 * `paretoplan batch … --queue`: put one job per scenario x variant x seed in the queue, wait for the
 * workers to run them while showing the progress of the whole batch, then write summary.csv with
 * the local batch's own code (runs/batch.ts `batchEntry`, `writeBatchSummary`), so both give the
 * same file byte for byte.
 *
 * Submitting is idempotent: job ids come from the batch folder and run folder names, so a second
 * submission of the same batch adds nothing. It takes up what is left, though: jobs that failed,
 * or whose run ended interrupted or failed, run again (continuing their folders), and a cancelled
 * batch is revived. Stopping the wait (Ctrl-C) leaves the batch to the workers; submitting it again
 * waits again and writes summary.csv.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  batchEntry,
  planBatch,
  writeBatchSummary,
  type BatchEntry,
  type BatchPlanOptions,
  type RunOutcome,
} from '../runs/index.js';
import type { Redis } from 'ioredis';
import { QueueInputError } from './connection.js';
import {
  connectQueue,
  ranToCompletion,
  readBatchRecord,
  readQueuedRun,
  UNFINISHED_STATES,
  type QueuedRun,
} from './batch-state.js';
import {
  JOB_ATTEMPTS,
  KEYS,
  RETRY_DELAY_MS,
  RUN_JOB_NAME,
  batchIdOf,
  jobIdOf,
  type BatchRecord,
  type RunJobData,
} from './protocol.js';

/** How often the waiting submitter looks at its jobs. */
const POLL_MS = 500;

export interface QueuedBatchOptions extends BatchPlanOptions {
  /** The queue's address, `redis://HOST:PORT[/DB]` or `rediss://…`. */
  queue: string;
  population?: number;
  generations?: number;
  /** Stop waiting; the batch goes on on the workers. */
  stopSignal?: AbortSignal;
  onSubmitted?: (info: QueuedBatchSubmission) => void;
  onProgress?: (progress: QueuedBatchProgress) => void;
}

export interface QueuedBatchSubmission {
  batch: string;
  queue: string;
  outDir: string;
  total: number;
  /** Jobs put in the queue by this submission (the others were there already). */
  added: number;
  /** Jobs of an earlier submission that run again (failed, interrupted, cancelled). */
  retried: number;
}

export interface QueuedBatchProgress {
  total: number;
  waiting: number;
  running: number;
  finished: number;
  /** Share of the batch done, in [0, 1]: finished jobs plus the generations of running ones. */
  fraction: number;
  runs: QueuedRun[];
}

export interface QueuedBatchResult {
  batch: string;
  outDir: string;
  /** `finished`: every job ended; `cancelled`: the batch was cancelled; `detached`: the wait was stopped. */
  ending: 'finished' | 'cancelled' | 'detached';
  /** The rows of summary.csv: every job once finished; when cancelled, the jobs whose run started. */
  entries: BatchEntry[];
  /** summary.csv, or null when the wait was stopped. */
  summaryCsv: string | null;
}

export async function submitQueuedBatch(options: QueuedBatchOptions): Promise<QueuedBatchResult> {
  const connection = await connectQueue(options.queue);
  try {
    const plan = await planBatch(options);
    const { outDir, jobs } = plan;
    await fs.mkdir(outDir, { recursive: true });
    const batch = batchIdOf(outDir);
    const { queue, redis } = connection;
    const submitted = jobs.map((job) => ({ id: jobIdOf(batch, job), job }));
    // One submission of a batch at a time from reading which jobs exist to adding its own.
    const { existing, retried } = await withSubmitLock(redis, batch, async () => {
      // Jobs an earlier submission to the same folder had and this one has not (other seeds, say)
      // stay in the record, so that --status and --cancel see them; this submission waits for its own.
      const earlier = (await readBatchRecord(redis, batch))?.jobs ?? [];
      const record: BatchRecord = {
        outDir,
        submittedAt: new Date().toISOString(),
        jobs: [...submitted, ...earlier.filter((old) => !submitted.some((job) => job.id === old.id))],
      };
      await redis
        .multi()
        .set(KEYS.batch(batch), JSON.stringify(record))
        .sadd(KEYS.batches, batch)
        .srem(KEYS.cancelled, batch)
        .exec();
      const existing = new Set<string>();
      for (const { id } of submitted) if ((await queue.getJobState(id)) !== 'unknown') existing.add(id);
      await queue.addBulk(
        submitted.map(({ id, job }, index) => {
          const data: RunJobData = {
            batch,
            outDir,
            index,
            total: jobs.length,
            // Workers elsewhere resolve nothing against this process's folder.
            job: { ...job, scenario: path.resolve(job.scenario) },
            ...(options.population !== undefined ? { population: options.population } : {}),
            ...(options.generations !== undefined ? { generations: options.generations } : {}),
          };
          return {
            name: RUN_JOB_NAME,
            data,
            opts: { jobId: id, attempts: JOB_ATTEMPTS, backoff: { type: 'exponential', delay: RETRY_DELAY_MS } },
          };
        }),
      );
      let retried = 0;
      for (const id of existing) {
        const run = await readQueuedRun(queue, id, '');
        if (run.state === 'failed' || (run.state === 'completed' && !ranToCompletion(run.result))) {
          const job = await queue.getJob(id);
          await job?.retry(run.state);
          retried++;
        }
      }
      return { existing, retried };
    });
    options.onSubmitted?.({
      batch,
      queue: connection.address.display,
      outDir,
      total: jobs.length,
      added: jobs.length - existing.size,
      retried,
    });

    const ending = await waitForBatch(connection, batch, submitted, options);
    if (ending.kind === 'detached') return { batch, outDir, ending: 'detached', entries: [], summaryCsv: null };
    const entries: BatchEntry[] = [];
    for (const [index, { job }] of submitted.entries()) {
      const run = ending.runs[index]!;
      const outcome = outcomeOf(run);
      if (outcome) entries.push(await batchEntry(job, outcome));
    }
    const { summaryCsv } = await writeBatchSummary(plan, entries);
    return { batch, outDir, ending: ending.kind, entries, summaryCsv };
  } finally {
    await connection.close();
  }
}

/** How long a submission may hold its batch's lock (it expires if the process dies holding it). */
const SUBMIT_LOCK_MS = 30_000;

/**
 * Run `work` holding the batch's submission lock (`KEYS.submitting`, Redis SET NX with an
 * expiry), waiting for another submission of the same batch to release it. Released only by its
 * holder (a compare-and-delete script), so an expired lock taken over by another is left alone.
 */
async function withSubmitLock<T>(redis: Redis, batch: string, work: () => Promise<T>): Promise<T> {
  const key = KEYS.submitting(batch);
  const token = randomUUID();
  const deadline = Date.now() + 2 * SUBMIT_LOCK_MS;
  while ((await redis.set(key, token, 'PX', SUBMIT_LOCK_MS, 'NX')) !== 'OK') {
    if (Date.now() > deadline)
      throw new QueueInputError(
        `Another submission of this batch has been adding its jobs for over ${(2 * SUBMIT_LOCK_MS) / 1000} s; try again when it is done.`,
      );
    await sleep(50);
  }
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE_IF_HELD, 1, key, token);
  }
}

/** Delete KEYS[1] only if it still holds ARGV[1]. */
const RELEASE_IF_HELD = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/** How a finished job's run ended, as a local batch records it; null for a job that ran nothing. */
function outcomeOf(run: QueuedRun): RunOutcome | null {
  if (run.state === 'failed') return { error: run.failedReason ?? 'the job failed' };
  if (run.state !== 'completed' || !run.result || run.result.cancelled) return null;
  return 'summary' in run.result.outcome ? run.result.outcome : { error: run.result.outcome.error };
}

type WaitEnding = { kind: 'finished' | 'cancelled'; runs: QueuedRun[] } | { kind: 'detached' };

async function waitForBatch(
  connection: Awaited<ReturnType<typeof connectQueue>>,
  batch: string,
  jobs: BatchRecord['jobs'],
  options: QueuedBatchOptions,
): Promise<WaitEnding> {
  const { queue, redis } = connection;
  const finished = new Map<string, QueuedRun>();
  for (;;) {
    const runs: QueuedRun[] = [];
    for (const { id, job } of jobs) {
      const known = finished.get(id);
      const run = known ?? (await readQueuedRun(queue, id, job.dir));
      if (!known && (run.state === 'completed' || run.state === 'failed')) finished.set(id, run);
      runs.push(run);
    }
    options.onProgress?.(progressOf(runs));
    if (finished.size === runs.length) return { kind: 'finished', runs };
    if ((await redis.sismember(KEYS.cancelled, batch)) && !runs.some((r) => r.state === 'active')) {
      // Cancelled: what was waiting is gone, and what ran has stopped.
      return { kind: 'cancelled', runs };
    }
    if (options.stopSignal?.aborted) return { kind: 'detached' };
    await sleep(POLL_MS, undefined, options.stopSignal ? { signal: options.stopSignal } : {}).catch(() => undefined);
  }
}

function progressOf(runs: QueuedRun[]): QueuedBatchProgress {
  let waiting = 0;
  let running = 0;
  let finished = 0;
  let done = 0;
  for (const run of runs) {
    if (run.state === 'active') {
      running++;
      if (run.progress) done += run.progress.generation / Math.max(1, run.progress.generations);
    } else if (UNFINISHED_STATES.includes(run.state)) waiting++;
    else if (run.state !== 'missing') {
      finished++;
      done++;
    }
  }
  return { total: runs.length, waiting, running, finished, fraction: runs.length ? done / runs.length : 1, runs };
}
