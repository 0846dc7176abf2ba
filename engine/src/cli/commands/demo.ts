import path from 'node:path';
import type { Command } from 'commander';
import { runWithProgress } from './run.js';
import { optimizerSetting, workersOption } from '../options.js';

export const DEMO_SCENARIO = 'riverbend-balanced.yaml';

interface DemoFlags {
  out?: string;
  workers?: number | 'auto';
  population?: number;
  generations?: number;
  quiet?: boolean;
  json?: boolean;
}

/**
 * `paretoplan demo`: the quick start's main job. Runs the bundled default scenario (Riverbend,
 * balanced growth) with its own settings, then writes the HTML and PDF report into the run folder.
 */
export function register(program: Command): void {
  program
    .command('demo')
    .description('run the bundled default scenario (Riverbend, balanced growth) and write its run folder and report')
    .option('--out <dir>', 'run folder to create (default runs/riverbend-balanced-<date>-<time>)')
    .option('--workers <n|auto>', 'worker threads (default auto: all cores)', workersOption)
    .option(
      '--population <n>',
      "population size, for a quicker try (default: the scenario's)",
      optimizerSetting('population'),
    )
    .option(
      '--generations <n>',
      "generations to run, for a quicker try (default: the scenario's)",
      optimizerSetting('generations'),
    )
    .option('--quiet', 'no progress output')
    .option('--json', 'print the run summary and the report files as JSON on stdout')
    .action(async (flags: DemoFlags) => {
      const { bundledScenariosDir, createReport, defaultRunFolder, runScenario } = await import('../../api/index.js');
      // As the reproducing command shows it: relative to the current folder.
      const scenario = path.relative(process.cwd(), path.join(bundledScenariosDir, DEMO_SCENARIO));
      const outDir = flags.out ?? defaultRunFolder(scenario);
      if (!flags.quiet) process.stderr.write(`Running the bundled scenario ${scenario}…\n`);
      const summary = await runWithProgress(
        { quiet: flags.quiet ?? false, json: false, summary: !flags.json },
        (hooks) =>
          runScenario({
            ...hooks,
            scenario,
            outDir,
            ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
            ...(flags.population !== undefined ? { population: flags.population } : {}),
            ...(flags.generations !== undefined ? { generations: flags.generations } : {}),
          }),
      );
      if (summary.status !== 'complete') {
        if (flags.json) process.stdout.write(`${JSON.stringify({ run: summary, report: null }, null, 2)}\n`);
        return;
      }
      let report: { html: string | null; pdf: string | null };
      let noPdf: string | null = null;
      try {
        report = await createReport(summary.dir, { format: 'both' });
      } catch (error) {
        if (!(error instanceof Error) || error.name !== 'ChromiumNotFoundError') throw error;
        // No Chromium for the PDF: the HTML report still serves reviewers.
        report = await createReport(summary.dir, { format: 'html' });
        noPdf = error.message;
      }
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ run: summary, report, noPdf }, null, 2)}\n`);
        return;
      }
      process.stderr.write(`Report: ${report.html}${report.pdf ? `\n        ${report.pdf}` : ''}\n`);
      if (noPdf) process.stderr.write(`No PDF: ${noPdf}\n`);
      process.stderr.write(`Run folder: ${summary.dir}\n`);
    });
}
