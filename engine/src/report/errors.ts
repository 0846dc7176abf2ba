/**
 * Errors of the report layer. Both carry `kind = 'input'`, so front ends print the message alone
 * (no stack) and exit with code 2: they describe something the user can fix.
 */

/** The ReportInput is inconsistent (a layout of the wrong size, an unknown solution id…). */
export class ReportInputError extends Error {
  readonly kind = 'input' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

/**
 * No Chromium/Chrome/Edge was found to print the PDF. The message says what to install or set;
 * `--format html` works without it. Callers (the desktop app) may catch this class and fall back
 * to another printer, e.g. Electron's `webContents.printToPDF`.
 */
export class ChromiumNotFoundError extends ReportInputError {
  constructor(message: string) {
    super(message);
    this.name = 'ChromiumNotFoundError';
  }
}
