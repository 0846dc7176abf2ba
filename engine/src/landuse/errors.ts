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

export class LandUseInputError extends Error {
  readonly kind = 'input' as const;
  /** Every located problem (empty when the error is not about one scenario field). */
  readonly issues: readonly ScenarioIssue[];
  constructor(message: string, issues: readonly ScenarioIssue[] = []) {
    super(message);
    this.name = 'LandUseInputError';
    this.issues = issues;
  }

  /** One error listing all issues, one per line, under a heading naming how many there are. */
  static fromIssues(file: string, issues: readonly ScenarioIssue[], what = 'scenario'): LandUseInputError {
    const heading = `${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in the ${what}:`;
    return new LandUseInputError([heading, ...issues.map((i) => `  ${formatIssue(i)}`)].join('\n'), issues);
  }
}
