import type { Command } from 'commander';
import { printBatchResult } from '../batch-output.js';
import { installStopHandlers } from '../interrupt.js';
import { optimizerSetting, seedList, workersOption } from '../options.js';
import { createProgressReporter } from '../progress.js';
import { batchJobs, runQueuedBatchCommand, QUEUE_OPTIONS_HELP, type BatchFlags } from './batch-queue.js';

export function register(program: Command): void {
  program
    .command('batch')
    .description(
      'run several scenarios (x variants x seeds), here or on workers through a queue, continue past failures, and write summary.csv comparing the fronts',
    )
    .argument('[scenarios...]', 'scenario files, or folders of them')
    .option('--out <dir>', 'folder for the run folders and summary.csv', 'runs/batch')
    .option('--seeds <list>', "comma-separated seeds, e.g. 1,2,3 (default: each scenario's seed)", seedList)
    .option('--variants <file>', 'a YAML file of parameter variants: every scenario runs once per variant')
    .option('--population <n>', 'population size for every run', optimizerSetting('population'))
    .option('--generations <n>', 'generations for every run', optimizerSetting('generations'))
    .option('--workers <n|auto>', 'worker threads per run', workersOption)
    .option('--queue <url>', 'run the jobs on workers through a queue: redis://HOST:PORT[/DB] or rediss://…')
    .option('--status', 'with --queue: show the state of the batch whose folder is --out')
    .option('--cancel', 'with --queue: cancel the batch whose folder is --out (running jobs stop with a checkpoint)')
    .option('--quiet', 'no progress output')
    .option('--json', 'print the batch result as JSON on stdout')
    .addHelpText('after', QUEUE_OPTIONS_HELP)
    .action(async (scenarios: string[], flags: BatchFlags, command: Command) => {
      if (flags.queue !== undefined || flags.status || flags.cancel) {
        await runQueuedBatchCommand(scenarios, flags, command);
        return;
      }
      if (scenarios.length === 0) command.error("error: missing required argument 'scenarios'", { exitCode: 2 });
      const { runBatch } = await import('../../api/index.js');
      let progress = createProgressReporter({ quiet: flags.quiet ?? false });
      const stop = installStopHandlers(() =>
        progress.log('\nStopping after this generation; the remaining runs are skipped…'),
      );
      try {
        const result = await runBatch({
          ...batchJobs(scenarios, flags),
          ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
          stopSignal: stop.signal,
          onRunStart: (info) => {
            progress.stop();
            if (!flags.quiet)
              process.stderr.write(
                `[${info.index + 1}/${info.total}] ${info.scenario}${info.seed !== null ? ` (seed ${info.seed})` : ''} -> ${info.dir}\n`,
              );
            progress = createProgressReporter({ quiet: flags.quiet ?? false });
          },
          onProgress: (p) => progress.update(p),
          // What a long step of the current run is doing (runs/heartbeat.ts), under its [i/n] line.
          onActivity: (m) => progress.log(m),
        });
        progress.stop();
        printBatchResult(flags, result);
      } finally {
        progress.stop();
        stop.dispose();
      }
    });
}
