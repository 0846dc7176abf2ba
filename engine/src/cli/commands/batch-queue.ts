/**
 * `paretoplan batch … --queue URL`: submit the batch to a queue and wait with the progress of the
 * whole batch; `--status` and `--cancel` for the batch whose folder is --out.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { QueuedBatchProgress, QueuedRun } from '../../api/index.js';
import { printBatchResult, printTable } from '../batch-output.js';
import { INTERRUPTED_EXIT_CODE, installStopHandlers } from '../interrupt.js';

/** The flags of `paretoplan batch`, local and queued. */
export interface BatchFlags {
  out: string;
  seeds?: number[];
  variants?: string;
  population?: number;
  generations?: number;
  workers?: number | 'auto';
  queue?: string;
  status?: boolean;
  cancel?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/** What a batch runs, local or queued: the scenarios, the batch folder, seeds, variants and settings given. */
export function batchJobs(scenarios: string[], flags: BatchFlags) {
  return {
    scenarios,
    outDir: flags.out,
    ...(flags.seeds ? { seeds: flags.seeds } : {}),
    ...(flags.variants !== undefined ? { variants: flags.variants } : {}),
    ...(flags.population !== undefined ? { population: flags.population } : {}),
    ...(flags.generations !== undefined ? { generations: flags.generations } : {}),
  };
}

export const QUEUE_OPTIONS_HELP = `
With --queue, one job per scenario x variant x seed goes to the queue and \`paretoplan worker --queue URL\`
processes on any machine run them; every machine must see --out (and the scenarios and their data)
at the same path. The command waits, showing the batch's progress, and writes summary.csv; Ctrl-C stops
waiting but not the batch. Submitting the same batch again adds no job: it waits again, and runs again
the jobs that failed or were interrupted. See docs/distributed.md.`;

export async function runQueuedBatchCommand(scenarios: string[], flags: BatchFlags, command: Command): Promise<void> {
  if (flags.queue === undefined) command.error('error: --status and --cancel need --queue URL', { exitCode: 2 });
  const queue = flags.queue!;
  if (flags.status && flags.cancel) command.error('error: give --status or --cancel, not both', { exitCode: 2 });
  if (flags.status || flags.cancel) {
    if (scenarios.length > 0) {
      command.error('error: --status and --cancel name the batch by its folder (--out), not by scenarios', {
        exitCode: 2,
      });
    }
    await (flags.status ? printStatus(queue, flags) : cancel(queue, flags));
    return;
  }
  if (scenarios.length === 0) command.error("error: missing required argument 'scenarios'", { exitCode: 2 });
  if (flags.workers !== undefined) {
    command.error(
      'error: with --queue, threads per run are set on each worker: `paretoplan worker --queue URL --workers N`',
      { exitCode: 2 },
    );
  }
  const { submitQueuedBatch } = await import('../../api/index.js');
  const say = (line: string) => {
    if (!flags.quiet) process.stderr.write(`${line}\n`);
  };
  const progress = createBatchProgress(flags.quiet ?? false);
  const stop = installStopHandlers(() =>
    say('\nStopped waiting; the batch goes on on the workers. Submit it again to wait for it and write summary.csv.'),
  );
  try {
    const result = await submitQueuedBatch({
      queue,
      ...batchJobs(scenarios, flags),
      stopSignal: stop.signal,
      onSubmitted: (s) =>
        say(
          `Batch ${s.batch}: ${s.total} jobs in the queue at ${s.queue} (${s.added} new${s.retried ? `, ${s.retried} to run again` : ''}); run folders in ${s.outDir}.\n` +
            `Workers: paretoplan worker --queue ${s.queue}`,
        ),
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    if (result.ending === 'detached') {
      process.exitCode = INTERRUPTED_EXIT_CODE;
      return;
    }
    if (result.ending === 'cancelled') {
      say(
        `The batch was cancelled: ${result.entries.length} run(s) ended or stopped; the others did not start. ` +
          'Submit the batch again to continue it.',
      );
    }
    printBatchResult(flags, result);
    if (result.ending === 'cancelled') process.exitCode = INTERRUPTED_EXIT_CODE;
  } finally {
    progress.stop();
    stop.dispose();
  }
}

async function printStatus(queue: string, flags: BatchFlags): Promise<void> {
  const { queuedBatchStatus } = await import('../../api/index.js');
  const status = await queuedBatchStatus({ queue, outDir: flags.out });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return;
  }
  const counts = new Map<string, number>();
  for (const run of status.runs) counts.set(run.state, (counts.get(run.state) ?? 0) + 1);
  process.stdout.write(
    `Batch ${status.batch} in ${status.queue}${status.cancelled ? ' (cancelled)' : ''}: ${status.outDir}, submitted ${status.submittedAt}\n` +
      `${[...counts].map(([state, n]) => `${n} ${state}`).join(', ')}\n\n`,
  );
  printTable(
    ['run', 'state', 'generation', 'worker', 'attempts', 'result'],
    status.runs.map((run) => [
      path.basename(run.dir),
      run.state,
      run.progress ? `${run.progress.generation}/${run.progress.generations}` : '',
      run.worker ?? '',
      String(run.attempts),
      describeResult(run),
    ]),
  );
}

function describeResult(run: QueuedRun): string {
  if (run.failedReason) return `failed: ${run.failedReason.slice(0, 60)}`;
  if (!run.result) return '';
  if (run.result.cancelled) return 'cancelled before it started';
  const { outcome } = run.result;
  if ('error' in outcome) return `failed: ${outcome.error.split('\n')[0]!.slice(0, 60)}`;
  const hv = outcome.summary.hypervolume;
  return `${outcome.summary.status}${hv !== null ? `, HV ${hv.toFixed(4)}` : ''}`;
}

async function cancel(queue: string, flags: BatchFlags): Promise<void> {
  const { cancelQueuedBatch } = await import('../../api/index.js');
  const result = await cancelQueuedBatch({
    queue,
    outDir: flags.out,
    onMessage: (m) => process.stderr.write(`${m}\n`),
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `Cancelled the batch in ${result.outDir}: ${result.removed} job(s) removed before they started, ` +
      `${result.stopped.length} stopped with a checkpoint.\n`,
  );
  if (result.stillRunning.length > 0) {
    process.stdout.write(
      `${result.stillRunning.length} job(s) had not stopped yet; their workers stop them at the end of the generation.\n`,
    );
  }
  process.stdout.write(
    'The run folders that started can be continued: submit the batch again, or `paretoplan resume <run folder>`.\n',
  );
}

/** One line for the whole batch: a bar on a terminal, a log line per change otherwise. */
function createBatchProgress(quiet: boolean): { update(p: QueuedBatchProgress): void; stop(): void } {
  if (quiet) return { update() {}, stop() {} };
  const stream = process.stderr;
  let last = '';
  let open = false;
  return {
    update(p) {
      const line =
        `batch ${(p.fraction * 100).toFixed(0).padStart(3)}% | ${p.finished}/${p.total} runs done, ` +
        `${p.running} running, ${p.waiting} waiting`;
      // A log (not a terminal) gets a line when a run starts or ends, or per tenth of the batch.
      const key = stream.isTTY ? line : `${p.finished} ${p.running} ${p.waiting} ${Math.floor(p.fraction * 10)}`;
      if (key === last) return;
      last = key;
      if (stream.isTTY) {
        stream.write(`\r${line}\u001b[K`);
        open = true;
      } else stream.write(`${line}\n`);
    },
    stop() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}
