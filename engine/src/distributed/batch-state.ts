/**
 * A queued batch as the queue sees it: its record, and the state of each of its jobs (waiting,
 * running with its progress and worker, finished with its result). Read by the waiting submitter,
 * `--status` and `--cancel`.
 */
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { checkQueueReachable, parseQueueAddress, type QueueAddress } from './connection.js';
import {
  KEYS,
  KEY_PREFIX,
  QUEUE_NAME,
  type BatchRecord,
  type RunJobData,
  type RunJobProgress,
  type RunJobResult,
} from './protocol.js';

/** Where a job is: BullMQ's states, and `missing` for a job no longer in the queue (removed by a cancel). */
export type QueuedRunState =
  'waiting' | 'delayed' | 'prioritized' | 'waiting-children' | 'active' | 'completed' | 'failed' | 'missing';

export interface QueuedRun {
  id: string;
  /** The run folder. */
  dir: string;
  state: QueuedRunState;
  progress: RunJobProgress | null;
  /** The worker (`host:pid`) that last took the job. */
  worker: string | null;
  /** How many times a worker started the job. */
  attempts: number;
  /** The job's result once completed. */
  result: RunJobResult | null;
  /** Why the job failed (every attempt used up). */
  failedReason: string | null;
}

/** A connection to the queue: BullMQ's view of it and a plain client for our own keys. */
export interface QueueConnection {
  address: QueueAddress;
  queue: Queue<RunJobData, RunJobResult>;
  redis: Redis;
  close(): Promise<void>;
}

/** Connect to the queue at `url`, failing at once with a clear message when Redis does not answer. */
export async function connectQueue(url: string): Promise<QueueConnection> {
  const address = parseQueueAddress(url);
  await checkQueueReachable(address);
  const queue = new Queue<RunJobData, RunJobResult>(QUEUE_NAME, { connection: address.options, prefix: KEY_PREFIX });
  const redis = new Redis(address.options);
  queue.on('error', () => undefined); // connection trouble: commands report it
  redis.on('error', () => undefined);
  return {
    address,
    queue,
    redis,
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

export async function readBatchRecord(redis: Redis, batch: string): Promise<BatchRecord | null> {
  const text = await redis.get(KEYS.batch(batch));
  return text === null ? null : (JSON.parse(text) as BatchRecord);
}

/** The batches submitted to this queue, by id. */
export async function listBatches(redis: Redis): Promise<{ id: string; record: BatchRecord }[]> {
  const ids = (await redis.smembers(KEYS.batches)).sort();
  const found: { id: string; record: BatchRecord }[] = [];
  for (const id of ids) {
    const record = await readBatchRecord(redis, id);
    if (record) found.push({ id, record });
  }
  return found;
}

/** The state of one job. */
export async function readQueuedRun(
  queue: Queue<RunJobData, RunJobResult>,
  id: string,
  dir: string,
): Promise<QueuedRun> {
  const state = await queue.getJobState(id);
  const job = state === 'unknown' ? undefined : await queue.getJob(id);
  const progress = job && typeof job.progress === 'object' ? (job.progress as RunJobProgress) : null;
  return {
    id,
    dir,
    state: state === 'unknown' || !job ? 'missing' : state,
    progress,
    worker: job?.processedBy ?? null,
    attempts: job?.attemptsStarted ?? 0,
    result: state === 'completed' && job ? job.returnvalue : null,
    failedReason: state === 'failed' && job ? job.failedReason : null,
  };
}

/** Whether a job's run ended with its front complete (nothing left to do for it). */
export function ranToCompletion(result: RunJobResult | null): boolean {
  return result !== null && 'summary' in result.outcome && result.outcome.summary.status === 'complete';
}

/** Jobs not finished in BullMQ's sense: still to run or running. */
export const UNFINISHED_STATES: readonly QueuedRunState[] = [
  'waiting',
  'delayed',
  'prioritized',
  'waiting-children',
  'active',
];
