/**
 * The live front of a running optimisation, as an event rather than a file: the archive's layouts
 * (objective values in natural units, with the ids the front files would give them) sent to a run
 * hook every few generations or seconds, whichever comes first, and after the last generation.
 * Checkpoints are a durability setting only; the app's live chart follows these events.
 */
import type { NSGA2, ObjectiveDirection } from '../optimizer/index.js';
import { frontOrder } from './outputs.js';

/** One view of the live front. */
export interface LiveFront {
  generation: number;
  objectives: readonly { id: string; label: string; direction: ObjectiveDirection }[];
  /** `ids[i]` is the id of layout i: the id front.csv would give it if the run stopped now. Ascending. */
  ids: number[];
  /** Objective values of each layout, natural units, in `objectives` order. */
  points: number[][];
}

export interface LiveFrontHook {
  onFront: (front: LiveFront) => void;
  /** Send the front at least every this many generations. Default 10. */
  everyGenerations?: number;
  /** …and whenever this many milliseconds passed since the last one. Default 1000. */
  everyMs?: number;
}

export const LIVE_FRONT_DEFAULTS = { everyGenerations: 10, everyMs: 1000 } as const;

/** Decides when the live front is due and builds it from the optimiser's archive. */
export class LiveFrontEmitter {
  private lastGeneration = -Infinity;
  private lastTime = -Infinity;

  constructor(
    private readonly hook: LiveFrontHook,
    private readonly objectives: LiveFront['objectives'],
  ) {}

  /** After a generation: sends the front when it is due, or `final` (the run stops after this generation). */
  offer(run: NSGA2<Uint8Array>, final: boolean): void {
    const now = performance.now();
    const due =
      final ||
      run.generation - this.lastGeneration >= (this.hook.everyGenerations ?? LIVE_FRONT_DEFAULTS.everyGenerations) ||
      now - this.lastTime >= (this.hook.everyMs ?? LIVE_FRONT_DEFAULTS.everyMs);
    if (!due || run.generation === this.lastGeneration) return;
    this.lastGeneration = run.generation;
    this.lastTime = now;
    const set = run.currentSolutions();
    const m = this.objectives.length;
    const order = frontOrder(
      set.objectives,
      set.size,
      this.objectives.map((o) => o.direction),
    );
    this.hook.onFront({
      generation: run.generation,
      objectives: this.objectives,
      ids: order.map((_, id) => id),
      points: order.map((row) => Array.from(set.objectives.subarray(row * m, (row + 1) * m))),
    });
  }
}
