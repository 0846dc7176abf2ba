/**
 * Errors of the land-use layer. Anything the user can fix (a scenario field, a layer that does not
 * fit, demands that cannot be met) is a {@link LandUseInputError} with `kind = 'input'`: front ends
 * print the message alone and exit with code 2.
 */

/** One problem found in a scenario (or a parties file), located in its file. */
export interface ScenarioIssue {
  /** The scenario or parties file (as given by the user). */
  readonly file: string;
  /** 1-based line of the offending value, or null when it cannot be located (e.g. a missing field). */
  readonly line: number | null;
  /** Dotted path of the field, e.g. `demands.residential.min`. */
  readonly path: string;
  readonly message: string;
}

/** Format an issue as `file:line: path: message` (the form editors and CI logs link to). */
export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** How many issues a message lists. */
export const MAX_LISTED_ISSUES = 50;

export class LandUseInputError extends Error {
  readonly kind = 'input' as const;
  /** Every located problem (empty when the error is not about one scenario field). */
  readonly issues: readonly ScenarioIssue[];
  constructor(message: string, issues: readonly ScenarioIssue[] = []) {
    super(message);
    this.name = 'LandUseInputError';
    this.issues = issues;
  }

  /**
   * One error listing the issues, one per line, under a heading naming how many there are (the
   * first {@link MAX_LISTED_ISSUES}: a broken file can have thousands; all stay in `issues`).
   */
  static fromIssues(file: string, issues: readonly ScenarioIssue[], what = 'scenario'): LandUseInputError {
    const [only] = issues;
    if (issues.length === 1 && only!.line === null && !only!.path && only!.file === file) {
      // A problem with the file as a whole (missing, unreadable): one line, the path once.
      return new LandUseInputError(formatIssue(only!), issues);
    }
    const heading = `${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the ${what}:`;
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `  ${formatIssue(i)}`);
    if (issues.length > MAX_LISTED_ISSUES) listed.push(`  … and ${issues.length - MAX_LISTED_ISSUES} more`);
    return new LandUseInputError([heading, ...listed].join('\n'), issues);
  }
}
