/** The report formats, in a module of their own so that the CLI can check `--format` without loading the engine. */

/** `both` = html and pdf; `interactive` = the explorer page alone (docs/report.md). */
export type ReportFormat = 'html' | 'pdf' | 'both' | 'interactive';

export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'both', 'interactive'];
