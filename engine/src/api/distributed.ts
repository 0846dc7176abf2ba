/**
 * Batches on a queue (BullMQ on Redis): submit and wait, status, cancel, and the worker that runs
 * the jobs. See docs/distributed.md.
 */
export {
  cancelQueuedBatch,
  DEFAULT_STALL_TIMEOUT_MS,
  PASSWORD_VARIABLE,
  queuedBatchStatus,
  runQueueWorker,
  submitQueuedBatch,
} from '../distributed/index.js';
export type {
  CancelResult,
  QueuedBatchOptions,
  QueuedBatchProgress,
  QueuedBatchResult,
  QueuedBatchStatus,
  QueuedBatchSubmission,
  QueuedRun,
  QueuedRunState,
  QueueWorkerOptions,
  WorkerEvent,
} from '../distributed/index.js';
