/**
 * Every layer throws its own error class for bad user input, each carrying `kind = 'input'`
 * (the optimiser core cannot import a shared class). Front ends use this to print the message
 * alone and exit with code 2; anything else is a failure of the run (exit code 1).
 */
export function isInputError(error: unknown): error is Error & { kind: 'input' } {
  return error instanceof Error && (error as { kind?: unknown }).kind === 'input';
}
