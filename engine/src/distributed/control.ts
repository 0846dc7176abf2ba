/**
 * `paretoplan batch --queue … --status` and `--cancel`: a batch in the queue, named by its folder.
 *
 * Cancelling marks the batch cancelled (workers check it every second and before each job), removes
 * its jobs that have not started, and waits until its running jobs have stopped at the end of their
 * generation with a checkpoint. Their folders are left `interrupted`: submitting the batch again (or
 * `paretoplan resume` on a folder) continues them from that checkpoint.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueueInputError } from './connection.js';
import { connectQueue, listBatches, readBatchRecord, readQueuedRun, type QueuedRun } from './batch-state.js';
import { KEYS, batchIdOf } from './protocol.js';

export interface QueuedBatchStatus {
  batch: string;
  queue: string;
  outDir: string;
  submittedAt: string;
  cancelled: boolean;
  runs: QueuedRun[];
}

/** The state of the batch whose folder is `outDir`. */
export async function queuedBatchStatus(options: { queue: string; outDir: string }): Promise<QueuedBatchStatus> {
  const connection = await connectQueue(options.queue);
  try {
    const { batch, record } = await findBatch(connection, options.outDir);
    const runs: QueuedRun[] = [];
    for (const { id, job } of record.jobs) runs.push(await readQueuedRun(connection.queue, id, job.dir));
    return {
      batch,
      queue: connection.address.display,
      outDir: record.outDir,
      submittedAt: record.submittedAt,
      cancelled: (await connection.redis.sismember(KEYS.cancelled, batch)) === 1,
      runs,
    };
  } finally {
    await connection.close();
  }
}

export interface CancelResult {
  batch: string;
  outDir: string;
  /** Jobs removed before they started. */
  removed: number;
  /** Jobs that were running and stopped with a checkpoint (their folders can be continued). */
  stopped: string[];
  /** Jobs still running when the wait ran out (their workers stop them at their next generation). */
  stillRunning: string[];
}

/**
 * Cancel the batch whose folder is `outDir`.
 * @param waitMs how long to wait for running jobs to stop
 */
export async function cancelQueuedBatch(options: {
  queue: string;
  outDir: string;
  waitMs?: number;
  onMessage?: (message: string) => void;
}): Promise<CancelResult> {
  const connection = await connectQueue(options.queue);
  try {
    const { batch, record } = await findBatch(connection, options.outDir);
    const { queue, redis } = connection;
    await redis.sadd(KEYS.cancelled, batch);
    let removed = 0;
    const running = new Set<string>();
    for (const { id } of record.jobs) {
      const state = await queue.getJobState(id);
      if (state === 'active') running.add(id);
      else if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
        // A job a worker takes meanwhile is not removed (it is locked); the worker sees the cancel.
        const job = await queue.getJob(id);
        const gone = await job?.remove().then(
          () => true,
          () => false,
        );
        if (gone) removed++;
        else running.add(id);
      }
    }
    if (running.size > 0)
      options.onMessage?.(`Stopping ${running.size} running job(s) at the end of their generation…`);
    const deadline = Date.now() + (options.waitMs ?? 120_000);
    const stopped: string[] = [];
    while (running.size > 0 && Date.now() < deadline) {
      for (const id of [...running]) {
        if ((await queue.getJobState(id)) !== 'active') {
          running.delete(id);
          stopped.push(id);
        }
      }
      if (running.size > 0) await sleep(250);
    }
    return { batch, outDir: record.outDir, removed, stopped, stillRunning: [...running] };
  } finally {
    await connection.close();
  }
}

async function findBatch(connection: Awaited<ReturnType<typeof connectQueue>>, outDir: string) {
  const folder = path.resolve(outDir);
  const batch = batchIdOf(folder);
  const record = await readBatchRecord(connection.redis, batch);
  if (record) return { batch, record };
  const others = await listBatches(connection.redis);
  throw new QueueInputError(
    `No batch with the folder ${folder} was submitted to the queue at ${connection.address.display}. ` +
      (others.length > 0
        ? `Its batches: ${others.map((b) => b.record.outDir).join(', ')} (choose one with --out).`
        : 'It holds no batch.'),
  );
}
