/**
 * An error caused by what the user supplied (a bad size, a NaN objective, an unknown problem
 * name). Front ends print its message alone, without a stack, and exit with code 2.
 * Every layer has its own input-error class with `kind = 'input'`; the core cannot import theirs.
 */
export class OptimizerInputError extends Error {
  readonly kind = 'input' as const;
  constructor(message: string) {
    super(message);
    this.name = 'OptimizerInputError';
  }
}
