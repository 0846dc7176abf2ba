/**
 * The land-use problem's improvement step (the optimiser's `Improvement`). `improve`, run in the
 * workers after the repair: for elite copies a local search toward their focus (local-search.ts:
 * the memetic step); other rows are left as they are. `finish`, run by NSGA-II on the main thread
 * on every feasible layout the archive would admit, before it enters: the parsimony reversion
 * (reversion.ts). So every layout that can reach the archive, the front, the exports and the
 * reports is parsimonious, and the offspring that cannot enter (most of them, once the front
 * has settled) are spared the reversion's cost.
 */
import type { Improvement } from '../../optimizer/core/operators.js';
import type { Random } from '../../optimizer/core/random.js';
import type { LocalSearch, LocalSearchResult } from './local-search.js';
import type { PatchReversion, ReversionStats } from './reversion.js';

/**
 * The most one memetic search may cost, in full evaluations of a layout (besides its move cap,
 * `optimizer.localSearch.evaluations`). A move costs about 1/100 to 1/1000 of a full evaluation on
 * a small grid, so 2,000 moves stay well within it (riverbend-balanced at 240 x 240: at most 1.2
 * full evaluations' work; their time goes to drawing and scoring moves); at fine cell sizes a
 * move that turns a region into a park or shops in town updates every home within walking
 * distance of each of its cells, and 2,000 of them can cost 250 full evaluations (1,000 x 1,000
 * cells of 6 m). The bound was set for the step to cost about one generation's evaluations at
 * population 100 (four elite layouts of a three-objective run), when a full evaluation took about
 * 65 ns a cell. Evaluations have since become about six times cheaper (FULL_EVALUATION_WORK_PER_CELL
 * in objectives/incremental.ts), and the step costs more than that where the bound binds: on one
 * worker about five generations' evaluations at 1,000 x 1,000 and two at 2,000 x 2,000 (`npm run
 * bench -- "large grid"` records it). A bound recalibrated to today's evaluations was measured and
 * not adopted (bench/results/large-grid.md, "The memetic step's bound").
 */
export const MEMETIC_SEARCH_FULL_EVALUATIONS = 25;

export class LandUseImprovement implements Improvement<Uint8Array> {
  readonly name: string;
  /**
   * Since construction (for benchmarks): local searches, their move evaluations, kept moves and
   * work (IncrementalState.work), the rows the reversion examined, and the time each step took
   * (ms, this thread's clock).
   */
  readonly totals = { searches: 0, evaluations: 0, improvements: 0, work: 0, rows: 0, searchMs: 0, reversionMs: 0 };

  /** The parsimony reversion, built on first use (see the constructor). */
  private builtReversion: PatchReversion | null = null;

  /**
   * @param createReversion builds the parsimony reversion, on first use: its state is large (about
   *   90 bytes a changeable cell, 370 MB at 2000 x 2000) and with workers the main thread's copy
   *   is seldom or never used (the workers finish the rows). Null switches the parsimony step off
   *   (benchmarks compare runs with and without it).
   */
  constructor(
    private readonly search: LocalSearch,
    private readonly createReversion: (() => PatchReversion) | null,
  ) {
    this.name = createReversion ? 'land-use-improvement' : 'land-use-improvement (no reversion)';
    if (createReversion)
      this.finish = (row) => {
        const start = performance.now();
        const changed = this.reversion!.revert(row);
        this.totals.rows++;
        this.totals.reversionMs += performance.now() - start;
        return changed;
      };
  }

  improve(row: Uint8Array, random: Random, focus: number, budget: number): void {
    if (focus < 0 || budget <= 0) return;
    const totals = this.totals;
    const start = performance.now();
    // Patch edges only: the improved layouts breed, and scattered one-cell changes would spread.
    const maxWork = MEMETIC_SEARCH_FULL_EVALUATIONS * this.search.fullEvaluationWork;
    const result: LocalSearchResult = this.search.run(row, random, focus, {
      evaluations: budget,
      moves: 'patches',
      maxWork,
    });
    totals.searches++;
    totals.evaluations += result.evaluations;
    totals.improvements += result.improvements;
    totals.work += result.work;
    totals.searchMs += performance.now() - start;
  }

  /** The reversion's own counts of work since construction (null when it is switched off; for benchmarks). */
  get reversionStats(): Readonly<ReversionStats> | null {
    return this.reversion?.stats ?? null;
  }

  /** The parsimony reversion (built now if it was not yet), or null when it is switched off. */
  private get reversion(): PatchReversion | null {
    if (!this.builtReversion && this.createReversion) this.builtReversion = this.createReversion();
    return this.builtReversion;
  }

  /** The parsimony reversion (absent when switched off). Returns whether the layout changed. */
  readonly finish?: (row: Uint8Array) => boolean;

  /**
   * Polish a layout on one objective: a local search with the `compact` moves (operators/local-search.ts:
   * changed patches grow, shrink and trade cells along their edges, so the change stays in
   * patches a planner could draw), then the parsimony reversion. For the best layouts of a
   * finished run.
   */
  polish(row: Uint8Array, random: Random, objective: number, budget: number, patience: number): LocalSearchResult {
    const result = this.search.run(row, random, objective, { evaluations: budget, patience, moves: 'compact' });
    this.reversion?.revert(row);
    return result;
  }
}
