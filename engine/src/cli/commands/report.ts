import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../../api/report-formats.js';
import { printResult } from '../json-output.js';

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'write the scenario report of a run for reviewers: one self-contained HTML file and/or an A4 PDF, or an interactive HTML explorer',
    )
    .argument('<run-dir>', 'a run folder written by `paretoplan run`')
    .option(
      '--solutions <list>',
      'layouts to show in full: layout ids of the front table, compromise (or knee), best-<objective> (default: the compromise and the extremes)',
    )
    .option(
      '--format <format>',
      'html, pdf, both (html and pdf; the PDF needs Chromium or Chrome) or interactive (one HTML explorer of the front that opens offline)',
      (value: string) => {
        if (!(REPORT_FORMATS as readonly string[]).includes(value))
          throw new InvalidArgumentError(`expected ${REPORT_FORMATS.join(', ')}, got "${value}".`);
        return value as ReportFormat;
      },
      'both' as ReportFormat,
    )
    .option(
      '--parties <file>',
      "a parties file for the parties chapter (default: the scenario's parties: section, if any; see docs/parties.md)",
    )
    .option(
      '--with-runs <run-dir...>',
      'other run folders of the same study area (seeds, scenarios, steered runs), after <run-dir>: adds the chapter "Agreement across runs" (maps, areas by class, a reading), as `paretoplan agreement` computes it',
    )
    .option(
      '--agreement-solutions <names>',
      'with --with-runs: the layouts compared from every run, comma-separated: all (the whole front), compromise (or knee), best-<objective id>, or front-table ids',
      'all',
    )
    .option(
      '--out <path>',
      'output path without extension (default <run-dir>/report, or <run-dir>/report-interactive for --format interactive)',
    )
    .option('--json', 'print the files written as JSON')
    .action(
      async (
        runDir: string,
        flags: {
          solutions?: string;
          format: ReportFormat;
          parties?: string;
          withRuns?: string[];
          agreementSolutions: string;
          out?: string;
          json?: boolean;
        },
      ) => {
        const { createReport } = await import('../../api/index.js');
        const result = await createReport(runDir, {
          format: flags.format,
          ...(flags.solutions
            ? {
                solutions: flags.solutions
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              }
            : {}),
          ...(flags.parties ? { parties: flags.parties } : {}),
          ...(flags.withRuns
            ? { withRuns: flags.withRuns, agreementSolutions: flags.agreementSolutions.split(',') }
            : {}),
          ...(flags.out ? { out: flags.out } : {}),
        });
        printResult(flags, result, () =>
          [
            ...(result.html ? [`HTML report: ${result.html}`] : []),
            ...(result.pdf ? [`PDF report:  ${result.pdf}`] : []),
            ...(result.interactive ? [`Interactive report: ${result.interactive}`] : []),
          ].join('\n'),
        );
      },
    );
}
