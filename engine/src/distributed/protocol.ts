/**
 * What submitters and workers agree on: the queue and key names in Redis, job ids, and the data a
 * job carries, reports and returns. One definition, so that every side derives from it.
 *
 * A batch is identified by its folder (the shared location its run folders go to): the same folder
 * is the same batch, whoever submits it. A job is identified by its batch and its run folder's name,
 * so a duplicated submission adds no job, and a retried job writes the folder it wrote before.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BatchJob, RunSummary } from '../runs/index.js';

/** The BullMQ queue every batch's jobs go to. */
export const QUEUE_NAME = 'runs';
/** Prefix of every Redis key Pareto Plan writes (BullMQ's own keys included): `paretoplan:runs:…`. */
export const KEY_PREFIX = 'paretoplan';

/** Redis keys of our own, beside BullMQ's. */
export const KEYS = {
  /** A set of the ids of cancelled batches; a new submission of a batch takes it out again. */
  cancelled: `${KEY_PREFIX}:${QUEUE_NAME}:cancelled`,
  /** Per batch: its record ({@link BatchRecord} as JSON). */
  batch: (batch: string) => `${KEY_PREFIX}:${QUEUE_NAME}:batch:${batch}`,
  /** A set of the ids of the batches submitted to this queue. */
  batches: `${KEY_PREFIX}:${QUEUE_NAME}:batches`,
  /**
   * Per batch: held (with an expiry) while a submission reads which jobs exist and adds its own,
   * so that two submissions at once do not both count the same jobs as new.
   */
  submitting: (batch: string) => `${KEY_PREFIX}:${QUEUE_NAME}:submitting:${batch}`,
} as const;

/** The name of run jobs in the queue. */
export const RUN_JOB_NAME = 'run';

/**
 * How many times a job may be handed to another worker because its worker stopped answering
 * (BullMQ `maxStalledCount`); one more and the job fails instead of taking down worker after worker.
 */
export const MAX_STALLS = 3;
/** Attempts of a job whose processing threw (a run folder still held by another worker, Redis lost). */
export const JOB_ATTEMPTS = 5;
/** First wait before such a retry; it doubles each time. */
export const RETRY_DELAY_MS = 2_000;
/** Default time after which a silent worker's job goes to another worker (BullMQ's lock duration). */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;

/** The id of the batch whose run folders go to `outDir` (absolute). */
export function batchIdOf(outDir: string): string {
  return createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 12);
}

/** The id of a job: its batch and its run folder's name (BullMQ ids may not contain ':'). */
export function jobIdOf(batch: string, job: Pick<BatchJob, 'dir'>): string {
  return `${batch}.${encodeURIComponent(path.basename(job.dir))}`;
}

/** What a run job carries: everything a worker needs to run (or continue) one job of a batch. */
export interface RunJobData {
  batch: string;
  /** The batch folder (absolute: workers see it at the same path). */
  outDir: string;
  /** Position in the batch, from 0, and the batch's size. */
  index: number;
  total: number;
  job: BatchJob;
  population?: number;
  generations?: number;
}

/** Progress a worker reports for its job (BullMQ job progress). */
export interface RunJobProgress {
  generation: number;
  generations: number;
  evaluations: number;
  hypervolume: number;
  frontSize: number;
}

/** What a job returns: how its run ended, the same outcome a local batch records. */
export interface RunJobResult {
  /** The run's summary, or why the run failed (the message a local batch puts in summary.csv). */
  outcome: { summary: RunSummary } | { error: string };
  /** Whether the run continued a folder left by an earlier attempt (or was complete already). */
  continued: boolean;
  /** The batch was cancelled before this job's run started: it ran nothing. */
  cancelled: boolean;
  /** `host:pid` of the worker. */
  worker: string;
}

/** What a submission records about a batch, for `--status`, `--cancel` and later submissions. */
export interface BatchRecord {
  outDir: string;
  submittedAt: string;
  /** The batch's jobs in summary order, with their ids. */
  jobs: { id: string; job: BatchJob }[];
}
