/**
 * Word from a run while one step of it takes long. Progress is reported once per generation; at
 * city-region scale a step can take minutes (starting the workers, each of which builds the study
 * area; the first generation at 2000 x 2000 cells, which samples and repairs every layout; a
 * generation with a memetic step and a checkpoint; the final polish; writing the final front), and
 * the progress line would then sit still. Every {@link RUN_HEARTBEAT_MS} within such a step the run says what it is doing,
 * for how long, and how far the workers have got, through the run's messages (the command line's
 * log lines, the app's run log).
 */
import type { BatchProgress } from '../parallel/index.js';
import { formatDuration } from '../report/format.js';

/** How long a step goes on before the run says what it is doing, and how often it says it again. */
export const RUN_HEARTBEAT_MS = 15_000;

/** What a run is doing now. */
export type RunActivity =
  | { readonly kind: 'start'; readonly workers: number }
  | { readonly kind: 'generation'; readonly generation: number; readonly generations: number }
  | { readonly kind: 'polish' }
  | { readonly kind: 'checkpoint'; readonly generation: number }
  | { readonly kind: 'final' };

/** What the workers' batch is doing, in a planner's words. */
function describeBatch(batch: BatchProgress, generation: number): string {
  const of = `${batch.done} of ${batch.total}`;
  switch (batch.task) {
    case 'evaluate':
      if (generation === 1) return `${of} starting layouts made and evaluated`;
      return batch.searches > 0
        ? `${of} new layouts made, repaired and evaluated, ${batch.searches} of them the best so far improved by a local search (the memetic step)`
        : `${of} new layouts made, repaired and evaluated`;
    case 'finish':
      return `needless changes taken out of the layouts entering the front (${of})`;
    case 'details':
      return `the front table's indicators of new layouts (${of})`;
  }
}

/**
 * The message for `activity`, under way for `elapsedMs`, with the workers' batch when there is
 * one (null: between batches, or no workers).
 */
export function describeActivity(activity: RunActivity, elapsedMs: number, batch: BatchProgress | null): string {
  const since = formatDuration(elapsedMs / 1000);
  switch (activity.kind) {
    case 'start':
      return `Starting ${activity.workers} workers, each building the study area and the objectives, ${since} so far.`;
    case 'generation': {
      const head = `Generation ${activity.generation} of ${activity.generations}, ${since} so far`;
      return batch ? `${head}: ${describeBatch(batch, activity.generation)}.` : `${head}.`;
    }
    case 'polish':
      return `Polishing the best layout of each objective (once, at the end of the run), ${since} so far.`;
    case 'checkpoint': {
      const head = `Writing the checkpoint of generation ${activity.generation}, ${since} so far`;
      return batch ? `${head}: ${describeBatch(batch, activity.generation)}.` : `${head}.`;
    }
    case 'final':
      return batch
        ? `Writing the run's front and checkpoint, ${since} so far: ${describeBatch(batch, 0)}.`
        : `Writing the run's front and checkpoint, ${since} so far.`;
  }
}

/**
 * Says what the run is doing when a step has gone on for `intervalMs`, and again every
 * `intervalMs` while it lasts. The timer fires while the main thread waits for the workers (with a
 * single worker evaluating on the main thread, only between its steps). It never keeps the process
 * alive; {@link stop} ends it.
 */
export class RunHeartbeat {
  private activity: RunActivity | null = null;
  private since = 0;
  private lastSaid = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly say: (message: string) => void,
    private readonly batch: () => BatchProgress | null,
    private readonly intervalMs: number = RUN_HEARTBEAT_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.timer = setInterval(() => this.tick(), Math.max(1, Math.min(1000, intervalMs / 5)));
    this.timer.unref();
  }

  /** The run starts `activity` now. */
  enter(activity: RunActivity): void {
    this.activity = activity;
    this.since = this.now();
    this.lastSaid = this.since;
  }

  /** Check now whether to speak (the timer calls it). */
  tick(): void {
    if (!this.activity) return;
    const now = this.now();
    if (now - this.lastSaid < this.intervalMs) return;
    this.lastSaid = now;
    this.say(describeActivity(this.activity, now - this.since, this.batch()));
  }

  stop(): void {
    clearInterval(this.timer);
    this.activity = null;
  }
}
