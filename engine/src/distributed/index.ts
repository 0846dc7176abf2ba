/**
 * Batches beyond one machine: jobs in a BullMQ queue on Redis, run by `paretoplan worker` processes
 * on any machine that sees the batch folder (docs/distributed.md). Sits beside run storage: it
 * imports runs and below; the engine API exposes it.
 */
export { PASSWORD_VARIABLE, QueueInputError, parseQueueAddress, type QueueAddress } from './connection.js';
export { DEFAULT_STALL_TIMEOUT_MS, batchIdOf, jobIdOf } from './protocol.js';
export type { RunJobProgress, RunJobResult } from './protocol.js';
export type { QueuedRun, QueuedRunState } from './batch-state.js';
export { submitQueuedBatch } from './submit.js';
export type { QueuedBatchOptions, QueuedBatchProgress, QueuedBatchResult, QueuedBatchSubmission } from './submit.js';
export { cancelQueuedBatch, queuedBatchStatus, type CancelResult, type QueuedBatchStatus } from './control.js';
export { runQueueWorker, type QueueWorkerOptions, type WorkerEvent } from './worker.js';
