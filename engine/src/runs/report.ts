/**
 * `paretoplan report`: the HTML and/or PDF report of a run folder, or its interactive report,
 * written atomically.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { RunInputError } from './errors.js';
import { writeAtomic } from './files.js';
import { buildReportInput } from './report-input.js';
import { REPORT_FORMATS, type ReportFormat } from './report-formats.js';

export { REPORT_FORMATS, type ReportFormat } from './report-formats.js';

export interface ReportOptions {
  solutions?: string[];
  /** A parties file for the parties chapter (default: the scenario's `parties:` section, if any). */
  parties?: string;
  /** Other runs of the study area: adds the chapter "Agreement across runs" (not to the interactive report). */
  withRuns?: string[];
  /** The layouts compared from every run there: `all` (default), `compromise`, `best-<objective>`, ids. */
  agreementSolutions?: string[];
  format?: ReportFormat;
  /** Output path; its extension is replaced per format. Default: <run-dir>/report (<run-dir>/report-interactive for the interactive report). */
  out?: string;
  /** Chromium executable for the PDF (default: found automatically). */
  chromium?: string;
}

export interface ReportResult {
  html: string | null;
  pdf: string | null;
  interactive: string | null;
}

export async function createReport(runDir: string, options: ReportOptions = {}): Promise<ReportResult> {
  const format = options.format ?? 'both';
  if (!REPORT_FORMATS.includes(format))
    throw new RunInputError(`Unknown report format "${format}": use ${REPORT_FORMATS.join(', ')}.`);
  if (format === 'interactive' && options.withRuns && options.withRuns.length > 0)
    throw new RunInputError(
      '--with-runs adds the chapter "Agreement across runs" to the HTML and PDF report; the interactive report has no such chapter. Use --format html, pdf or both.',
    );
  const input = await buildReportInput(runDir, {
    ...(options.solutions ? { solutions: options.solutions } : {}),
    ...(options.parties ? { parties: options.parties } : {}),
    ...(options.withRuns ? { withRuns: options.withRuns } : {}),
    ...(options.agreementSolutions ? { agreementSolutions: options.agreementSolutions } : {}),
  });
  // Loaded here, not at start-up: the renderers (ECharts, Playwright) take seconds to load, and
  // every other command (run, resume, export) would pay for them.
  const { renderReportHtml, renderReportPdf, renderInteractiveHtml } = await import('../report/index.js');
  const defaultName = format === 'interactive' ? 'report-interactive' : 'report';
  const base = path.resolve(options.out ?? path.join(runDir, defaultName)).replace(/\.(html?|pdf)$/i, '');
  await fs.mkdir(path.dirname(base), { recursive: true }).catch((error: unknown) => {
    throw new RunInputError(`Cannot create the folder for ${base}: ${(error as Error).message}`);
  });
  const result: ReportResult = { html: null, pdf: null, interactive: null };
  if (format === 'interactive') {
    result.interactive = `${base}.html`;
    await writeAtomic(result.interactive, await renderInteractiveHtml(input));
    return result;
  }
  const html = await renderReportHtml(input);
  if (format === 'html' || format === 'both') {
    result.html = `${base}.html`;
    await writeAtomic(result.html, html);
  }
  if (format === 'pdf' || format === 'both') {
    result.pdf = `${base}.pdf`;
    await renderReportPdf(html, result.pdf, {
      headerText: input.scenario.name,
      ...(options.chromium ? { executablePath: options.chromium } : {}),
    });
  }
  return result;
}
