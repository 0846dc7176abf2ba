/**
 * The time a run still needs, from its recent pace. Since the start, the average misleads: the
 * first generations run at another speed than later ones (the archive grows, local search starts
 * every few generations), and a run predicted 31 s took 46 s. The pace over the last
 * {@link ETA_WINDOW} generations follows those changes:
 *   eta = (generations − g_last) × (t_last − t_first) / (g_last − g_first)
 * over the window's first and last generation g with elapsed time t.
 */

/** Generations the pace is measured over. */
export const ETA_WINDOW = 10;

export interface GenerationTime {
  generation: number;
  elapsedMs: number;
}

/**
 * Milliseconds until generation `generations`, from the times of the generations so far (in
 * order); Infinity before the first generation.
 * @example remainingMs([{ generation: 1, elapsedMs: 5000 }, { generation: 2, elapsedMs: 6000 }], 10) // 8000
 */
export function remainingMs(times: readonly GenerationTime[], generations: number): number {
  const last = times.at(-1);
  if (!last || last.generation <= 0) return Infinity;
  const left = Math.max(0, generations - last.generation);
  const first = times.length >= 2 ? times[Math.max(0, times.length - 1 - ETA_WINDOW)]! : null;
  // One generation only: the average since the start is all there is.
  if (!first || first.generation >= last.generation) return (left * last.elapsedMs) / last.generation;
  return (left * (last.elapsedMs - first.elapsedMs)) / (last.generation - first.generation);
}
