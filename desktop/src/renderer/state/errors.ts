/** A message for any failure: the engine's own text for input errors, with context otherwise. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
