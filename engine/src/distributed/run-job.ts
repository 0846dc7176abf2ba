/**
 * One queued job on a worker: run its scenario into its run folder, or continue the folder an
 * earlier attempt left. Whatever happened before - a worker killed mid-run, a job handed out twice,
 * a run complete but its result lost with its worker - the job ends with the one folder of its
 * scenario x variant x seed and the same front as an uninterrupted run:
 *
 * - no folder yet: start the run (`runScenario`);
 * - a folder whose run is complete: read its summary (repair it first if a file is damaged);
 * - any other folder: `resumeRun`, from the last checkpoint. If another process holds the folder's
 *   lock, wait: the lock is released when that run ends, or becomes stale when its holder is dead
 *   (at once on this host; after ten missed heartbeats from another host, and queue workers beat
 *   fast: see worker.ts), and is then taken over.
 *
 * The outcome is what a local batch records for the job (runs/batch.ts `batchEntry`): the run's
 * summary, or the message of the error that stopped it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  RunLockedError,
  readManifest,
  readRunSummary,
  resumeRun,
  runScenario,
  type RunHooks,
  type RunOptions,
  type RunSummary,
} from '../runs/index.js';
import type { RunJobData, RunJobResult } from './protocol.js';

export interface RunJobOptions {
  data: RunJobData;
  /** Stops the run at the end of the current generation (cancel, worker shutdown). */
  stopSignal: AbortSignal;
  onProgress?: RunHooks['onProgress'];
  onMessage?: (message: string) => void;
  /** The pace of this worker's run-folder lock heartbeat. */
  lockHeartbeatMs: number;
  /** Give up waiting for a folder another live process holds after this long (the job is retried later). */
  lockWaitMs: number;
  /** Worker threads per run (default: the scenario's setting). */
  workers?: RunOptions['workers'];
  worker: string;
}

/** Run or continue the job's run. Throws only what a retry may cure (a folder still held elsewhere). */
export async function runQueuedJob(options: RunJobOptions): Promise<RunJobResult> {
  const { data, worker } = options;
  const hooks: RunHooks = {
    stopSignal: options.stopSignal,
    lockHeartbeatMs: options.lockHeartbeatMs,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onMessage ? { onMessage: options.onMessage } : {}),
  };
  const result = (outcome: RunJobResult['outcome'], continued: boolean): RunJobResult => ({
    outcome,
    continued,
    cancelled: false,
    worker,
  });
  if (!(await holdsRun(data.job.dir))) {
    try {
      const summary = await runScenario({
        scenario: data.job.scenario,
        outDir: data.job.dir,
        ...hooks,
        ...(data.job.seed !== null ? { seed: data.job.seed } : {}),
        ...(data.population !== undefined ? { population: data.population } : {}),
        ...(data.generations !== undefined ? { generations: data.generations } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
      });
      return result({ summary }, false);
    } catch (error) {
      // Another attempt of this job created the folder meanwhile: continue that one instead.
      if (!(await holdsRun(data.job.dir)) && !(error instanceof RunLockedError)) return result(failure(error), false);
    }
  }
  try {
    return result({ summary: await continueRun(data.job.dir, hooks, options) }, true);
  } catch (error) {
    if (error instanceof RunLockedError) throw error;
    return result(failure(error), true);
  }
}

/** Whether `dir` holds a run (a manifest): a folder being set up does not count yet. */
async function holdsRun(dir: string): Promise<boolean> {
  return readManifest(dir).then(
    () => true,
    () => false,
  );
}

/** The summary of the run in `dir` once it is complete: read, repaired, or resumed to the end. */
async function continueRun(dir: string, hooks: RunHooks, options: RunJobOptions): Promise<RunSummary> {
  const started = Date.now();
  for (;;) {
    const manifest = await readManifest(dir);
    if (manifest.status === 'complete') {
      const summary = await readRunSummary(dir).catch(() => null);
      if (summary) return summary;
    }
    try {
      return await resumeRun(dir, hooks); // repairs a damaged complete run too
    } catch (error) {
      if (!(error instanceof RunLockedError) || Date.now() - started > options.lockWaitMs) throw error;
      if (options.stopSignal.aborted) throw error;
      options.onMessage?.(`${error.message.split('. ')[0]}; waiting for it.`);
      await sleep(options.lockHeartbeatMs, undefined, { signal: options.stopSignal }).catch(() => undefined);
    }
  }
}

/** The message a local batch records for a failed run. */
function failure(error: unknown): { error: string } {
  return { error: error instanceof Error ? error.message : String(error) };
}
