import path from 'node:path';
import type { Command } from 'commander';
import { installStopHandlers } from '../interrupt.js';
import { optimizerSetting, seedList, workersOption } from '../options.js';
import { createProgressReporter } from '../progress.js';

export function register(program: Command): void {
  program
    .command('batch')
    .description(
      'run several scenarios (and seeds), continue past failures, and write summary.csv comparing the fronts',
    )
    .argument('<scenarios...>', 'scenario files, or folders of them')
    .option('--out <dir>', 'folder for the run folders and summary.csv', 'runs/batch')
    .option('--seeds <list>', "comma-separated seeds, e.g. 1,2,3 (default: each scenario's seed)", seedList)
    .option('--population <n>', 'population size for every run', optimizerSetting('population'))
    .option('--generations <n>', 'generations for every run', optimizerSetting('generations'))
    .option('--workers <n|auto>', 'worker threads per run', workersOption)
    .option('--quiet', 'no progress output')
    .option('--json', 'print the batch result as JSON on stdout')
    .action(
      async (
        scenarios: string[],
        flags: {
          out: string;
          seeds?: number[];
          population?: number;
          generations?: number;
          workers?: number | 'auto';
          quiet?: boolean;
          json?: boolean;
        },
      ) => {
        const { runBatch } = await import('../../api/index.js');
        let progress = createProgressReporter({ quiet: flags.quiet ?? false });
        const stop = installStopHandlers(() =>
          progress.log('\nStopping after this generation; the remaining runs are skipped…'),
        );
        try {
          const result = await runBatch({
            scenarios,
            outDir: flags.out,
            ...(flags.seeds ? { seeds: flags.seeds } : {}),
            ...(flags.population !== undefined ? { population: flags.population } : {}),
            ...(flags.generations !== undefined ? { generations: flags.generations } : {}),
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
          });
          progress.stop();
          if (flags.json) {
            process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          } else {
            const rows = result.entries.map((e) => [
              path.basename(e.scenario),
              String(e.seed ?? ''),
              e.status,
              e.hypervolume?.toFixed(4) ?? '',
              String(e.summary?.frontSize ?? ''),
              Object.entries(e.compromise)
                .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
                .join(', '),
              e.error ? e.error.slice(0, 80) : '',
            ]);
            printTable(['scenario', 'seed', 'status', 'HV', 'front', 'compromise', 'error'], rows);
            process.stderr.write(`Summary written to ${result.summaryCsv}\n`);
          }
          const failed = result.entries.filter((e) => e.status === 'failed').length;
          if (failed > 0) {
            process.stderr.write(`${failed} of ${result.entries.length} runs failed (see the error column).\n`);
            process.exitCode = 1;
          }
        } finally {
          progress.stop();
          stop.dispose();
        }
      },
    );
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}
