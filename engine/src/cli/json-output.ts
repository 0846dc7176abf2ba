/** Output of commands that write files: a line for people, or with --json the result for scripts. */

/** Print `result` as JSON on stdout with `--json`, otherwise the text `describe` makes. */
export function printResult(flags: { json?: boolean }, result: unknown, describe: () => string): void {
  process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : `${describe()}\n`);
}
