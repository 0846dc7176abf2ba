/** The report formats, without loading the engine (the CLI checks `--format` with them). */
export { REPORT_FORMATS, type ReportFormat } from '../runs/report-formats.js';
