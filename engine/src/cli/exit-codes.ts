export const ExitCode = {
  Ok: 0,
  /** The run itself failed (an engine error, a worker crash). */
  Failed: 1,
  /** Bad input or usage: the message says what to fix. */
  BadInput: 2,
} as const;
