/** Bad input to run storage (not a run folder, a corrupt file, an unwritable place): exit code 2. */
export class RunInputError extends Error {
  readonly kind = 'input' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RunInputError';
  }
}
