import type { Command } from 'commander';
import type { WorkerEvent } from '../../api/index.js';
import { installStopHandlers } from '../interrupt.js';
import { wholeNumber, workersOption } from '../options.js';

export function register(program: Command): void {
  program
    .command('worker')
    .description('run the jobs of batches submitted with `paretoplan batch --queue` (on this or any machine)')
    .requiredOption('--queue <url>', 'the queue: redis://HOST:PORT[/DB] or rediss://… (TLS)')
    .option('--concurrency <n>', 'jobs this worker runs at once (default 1)', wholeNumber(1, 64))
    .option('--workers <n|auto>', "worker threads per run (default: the scenario's)", workersOption)
    .option(
      '--stall-timeout <seconds>',
      'after this long without news from a worker, its jobs go to other workers (default 30; set the same on every worker)',
      wholeNumber(1, 3600),
    )
    .option(
      '--root <dir>',
      'run only jobs whose scenario and run folder are inside this folder (repeatable; recommended)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--quiet', 'print only errors')
    .addHelpText(
      'after',
      '\nCtrl-C (or SIGTERM) stops the running jobs at the end of their generation, with a checkpoint, and puts them back\n' +
        'in the queue for other workers; a second Ctrl-C quits at once. See docs/distributed.md.',
    )
    .action(
      async (flags: {
        queue: string;
        concurrency?: number;
        workers?: number | 'auto';
        stallTimeout?: number;
        root?: string[];
        quiet?: boolean;
      }) => {
        const { runQueueWorker } = await import('../../api/index.js');
        const say = (line: string) => process.stderr.write(`${line}\n`);
        const stop = installStopHandlers(() =>
          say('Stopping: running jobs stop at the end of their generation and go back to the queue…'),
        );
        try {
          await runQueueWorker({
            queue: flags.queue,
            ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
            ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
            ...(flags.stallTimeout !== undefined ? { stallTimeoutMs: flags.stallTimeout * 1000 } : {}),
            ...(flags.root ? { roots: flags.root } : {}),
            stopSignal: stop.signal,
            onEvent: (event) => {
              const line = describeEvent(event);
              if (line && (!flags.quiet || event.type === 'error')) say(line);
            },
          });
          say('Worker stopped.');
        } finally {
          stop.dispose();
        }
      },
    );
}

function describeEvent(event: WorkerEvent): string | null {
  switch (event.type) {
    case 'ready':
      return `Worker ${event.worker} waiting for jobs from ${event.queue} (${event.concurrency} at a time).`;
    case 'started':
      return `[${event.job}] started (attempt ${event.attempt}): ${event.dir}`;
    case 'message':
      return `[${event.job}] ${event.message}`;
    case 'finished': {
      const { outcome, continued, cancelled } = event.result;
      if (cancelled) return `[${event.job}] skipped: its batch was cancelled`;
      if ('error' in outcome) return `[${event.job}] failed: ${outcome.error.split('\n')[0]}`;
      const hv = outcome.summary.hypervolume;
      return `[${event.job}] ${outcome.summary.status}${continued ? ' (continued)' : ''}: generation ${outcome.summary.generation}/${outcome.summary.generations}${hv !== null ? `, hypervolume ${hv.toFixed(4)}` : ''}`;
    }
    case 'requeued':
      return `[${event.job}] stopped with a checkpoint and put back in the queue`;
    case 'retry':
      return `[${event.job}] will be retried: ${event.message}`;
    case 'stopping':
      return event.running > 0 ? `Stopping ${event.running} running job(s)…` : null;
    case 'error':
      return `Queue error: ${event.message}`;
  }
}
