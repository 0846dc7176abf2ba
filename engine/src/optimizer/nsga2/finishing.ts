/**
 * The improvement's last step (`Improvement.finish`, e.g. the land-use parsimony reversion) on the
 * rows an external archive admits, for NSGA-II (nsga2.ts). Every feasible new row the archive
 * would take is finished before it is offered; the evaluator may do the finishing in its workers,
 * ahead with the batch (core/finish-ahead.ts) or in rounds of its own ({@link ArchiveFinishing.inEvaluator}),
 * and the run is the same as with every row finished on this thread: a row's finished version is
 * taken exactly when the offer would have finished it here.
 */
import { NonDominatedArchive, weaklyDominates } from '../archive/non-dominated-archive.js';
import type { Evaluator } from '../core/evaluator.js';
import { EMPTY_ROW, type FinishAhead, type FinishedAheadRow } from '../core/finish-ahead.js';
import type { Improvement } from '../core/operators.js';
import { toNaturalObjectives, type Population } from '../core/population.js';
import type { EvaluationBatch, Problem, VariableArray } from '../core/problem.js';
import { validateEvaluations } from '../core/validation.js';
import { OptimizerInputError } from '../errors.js';

/** A row finished by the evaluator. */
interface FinishedRow<V extends VariableArray> {
  /** Its new values, objectives in minimisation form and total violation; null when `finish` left it as it was. */
  readonly changed: {
    readonly variables: V;
    readonly objectives: Float64Array;
    readonly violations: Float64Array;
    readonly totalViolation: number;
  } | null;
  /** The row as finished, in the archive's encoding, when the evaluator encoded it. */
  readonly encoded: Uint8Array | undefined;
}

/**
 * The finishing of one algorithm's rows: the rows the evaluator finished for the batch out, by
 * population row, from when the batch comes back until they are offered to the archive.
 */
export class ArchiveFinishing<V extends VariableArray> {
  /** Rows finished by the evaluator (ahead, with the batch, or in `inEvaluator`), by population row. */
  private finished: Map<number, FinishedRow<V>> | null = null;

  /**
   * @param population the algorithm's matrices (objectives in minimisation form), whose rows are
   *   finished in place.
   * @param archive the external archive, or null: then every feasible new row is finished.
   */
  constructor(
    private readonly problem: Problem<V>,
    private readonly population: Population<V>,
    private readonly improvement: Improvement<V> | undefined,
    private readonly archive: NonDominatedArchive<V> | null,
    private readonly evaluator: Evaluator<V>,
  ) {}

  /**
   * What the evaluator may finish of a batch right after evaluating its rows (finish-ahead.ts):
   * with an archive, an improvement with `finish` and an evaluator that finishes ahead. The
   * offspring: the rows the archive's members admit, when it has members. The initial population:
   * only the rows certain to be finished, in row order, replayed on a copy of the archive (with no
   * members yet, most of the rows the members would admit are dominated by the others' finished
   * versions: see firstRoundRows).
   */
  request(initial: boolean): FinishAhead<V> | null {
    const archive = this.archive;
    const improvement = this.improvement;
    if (!archive || !improvement?.finish || !this.evaluator.finishesAhead) return null;
    if (!initial && archive.size === 0) return null;
    return {
      improvement: improvement.name,
      encoding: archive.rowEncoding,
      members: archive.getObjectives(),
      rows: new Map(),
      ...(initial ? { replay: objectivesOnlyCopy(archive) } : {}),
    };
  }

  /**
   * Take the rows the evaluator finished ahead of a batch that came back (batch row r is population
   * row first + r); they replace any kept before. Throws for a row outside the batch.
   */
  receive(ahead: FinishAhead<V> | undefined, first: number, size: number): void {
    if (!ahead || ahead.rows.size === 0) {
      this.finished = null;
      return;
    }
    const finished = new Map<number, FinishedRow<V>>();
    for (const [r, row] of ahead.rows) {
      if (!(Number.isInteger(r) && r >= 0 && r < size)) {
        throw new OptimizerInputError(`the evaluator finished row ${r} ahead, but the batch has ${size} rows`);
      }
      finished.set(first + r, this.toFinishedRow(row));
    }
    this.finished = finished;
  }

  /** Forget the finished rows (the batch was cancelled or failed). */
  forget(): void {
    this.finished = null;
  }

  /** Population row `row` was dropped: its finished version goes too. */
  drop(row: number): void {
    this.finished?.delete(row);
  }

  /** Population row `from` moved to row `to` (a free row): its finished version follows it. */
  move(from: number, to: number): void {
    const finished = this.finished;
    if (!finished) return;
    const row = finished.get(from);
    if (row) finished.set(to, row);
    finished.delete(from);
  }

  /**
   * With an archive, an improvement with `finish` and an evaluator that can finish rows: the
   * feasible rows [first, first + count) that the archive will admit are finished by the evaluator
   * (in the workers, in parallel) before {@link offer} offers them in order, and `offer` takes a
   * row's finished version exactly when it would have finished the row itself, so the run is the
   * same as with every row finished here.
   *
   * Which rows the archive admits depends on the finished versions of the rows before them (a
   * finished row often dominates later ones that its unfinished version did not), so the rows go
   * in rounds. An objectives-only copy of the archive replays the offers in order as far as the
   * finished rows reach; the next round sends the rows after that which the copy admits and no
   * earlier candidate weakly dominates (in the first generation, with the archive empty, every
   * row on the batch's first front); when the archive started empty, only the first of them, as
   * many as the evaluator's workers (the later ones are often dominated by the earlier ones'
   * finished rows, see {@link firstRoundRows}). A round may finish a row the archive will not
   * admit after all, but every row it will admit is finished here, by the evaluator.
   */
  async inEvaluator(first: number, count: number, signal: AbortSignal | undefined): Promise<void> {
    const improvement = this.improvement;
    const archive = this.archive;
    if (!archive || !improvement?.finish || !this.evaluator.finishRows) return;
    const end = first + count;
    const pop = this.population;
    const m = this.problem.numberOfObjectives;
    const objectives = pop.objectives;
    const replay = objectivesOnlyCopy(archive);
    // Rounds are cut short only while the archive starts empty (see firstRoundRows).
    const roundRows = archive.size === 0 ? firstRoundRows(this.evaluator.workers) : Infinity;
    // Rows the evaluator finished ahead (finish-ahead.ts) need no round.
    const finished = this.finished ?? new Map<number, FinishedRow<V>>();
    let next = first;
    for (;;) {
      // Replay the offers in order while the rows the copy admits are finished.
      for (; next < end; next++) {
        if (pop.totalViolation[next] !== 0 || !replay.admits(objectives, next * m)) continue;
        const row = finished.get(next);
        if (!row) break;
        if (!row.changed) replay.add(EMPTY_ROW, objectives, next * m);
        else if (row.changed.totalViolation === 0) replay.add(EMPTY_ROW, row.changed.objectives, 0);
      }
      if (next === end) break;
      const rows: number[] = [];
      const listed: number[] = [];
      for (let i = next; i < end; i++) {
        if (pop.totalViolation[i] !== 0 || !replay.admits(objectives, i * m)) continue;
        if (listed.some((j) => weaklyDominates(objectives, j * m, i * m, m))) continue;
        listed.push(i);
        if (!finished.has(i)) rows.push(i);
      }
      const round = rows.length > roundRows ? rows.slice(0, roundRows) : rows;
      if (!(await this.finishRound(round, finished, signal))) return;
    }
    this.finished = finished;
  }

  /**
   * One round of {@link inEvaluator}: `rows` finished by the evaluator, each kept in `finished`
   * with its objectives in minimisation form. False when the evaluator declines.
   */
  private async finishRound(
    rows: readonly number[],
    finished: Map<number, FinishedRow<V>>,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const problem = this.problem;
    const pop = this.population;
    const n = problem.numberOfVariables;
    const m = problem.numberOfObjectives;
    const k = problem.numberOfConstraints;
    const variables = problem.createVariables(rows.length);
    rows.forEach((row, r) => (variables as VariableArray).set(pop.rows[row]!, r * n));
    const batch: EvaluationBatch<V> = {
      size: rows.length,
      variables,
      objectives: new Float64Array(rows.length * m),
      violations: new Float64Array(rows.length * k),
    };
    const encoding = this.archive?.rowEncoding ?? undefined;
    const done = await this.evaluator.finishRows!(problem, batch, this.improvement!.name, signal, encoding);
    if (!done) return false;
    // Rows encoded in the archive's own encoding by whoever finished them (checked by name).
    const encoded = typeof done === 'object' && done.encoding === encoding ? done.rows : null;
    rows.forEach((row, r) => {
      const objectives = batch.objectives.subarray(r * m, (r + 1) * m);
      const changed = Number.isNaN(objectives[0])
        ? null
        : {
            variables: batch.variables.subarray(r * n, (r + 1) * n) as V,
            objectives,
            violations: batch.violations.subarray(r * k, (r + 1) * k),
          };
      finished.set(row, this.toFinishedRow({ changed, encoded: encoded?.[r] }));
    });
    return true;
  }

  /**
   * Offer rows [first, first + count) to the archive in order, finishing those it admits (without
   * an archive: finish every feasible row). Returns the final variables of rows a worker finished,
   * as it encoded them for the archive, by population row (null for none).
   */
  offer(first: number, count: number): Map<number, Uint8Array> | null {
    const archive = this.archive;
    const pop = this.population;
    const finish = this.improvement?.finish !== undefined;
    if (!archive) {
      if (finish) for (let i = first; i < first + count; i++) if (pop.totalViolation[i] === 0) this.finishRow(i);
      this.finished = null;
      return null;
    }
    const m = this.problem.numberOfObjectives;
    let encodedRows: Map<number, Uint8Array> | null = null;
    for (let i = first; i < first + count; i++) {
      if (pop.totalViolation[i] !== 0) continue;
      let encoded: Uint8Array | undefined;
      if (finish) {
        if (!archive.admits(pop.objectives, i * m)) continue;
        const finished = this.finished?.get(i);
        const changed = finished === undefined ? this.finishRow(i) : this.takeFinished(i, finished);
        encoded = finished?.encoded;
        if (encoded) (encodedRows ??= new Map()).set(i, encoded);
        if (changed && pop.totalViolation[i] !== 0) continue;
      }
      archive.add(pop.rows[i]!, pop.objectives, i * m, encoded);
    }
    this.finished = null;
    return encodedRows;
  }

  /** Row i's version finished by the evaluator, as `finishRow` would leave it. */
  private takeFinished(i: number, { changed }: FinishedRow<V>): boolean {
    if (!changed) return false;
    const pop = this.population;
    const m = this.problem.numberOfObjectives;
    const k = this.problem.numberOfConstraints;
    (pop.rows[i] as VariableArray).set(changed.variables);
    pop.objectives.set(changed.objectives, i * m);
    pop.violations.set(changed.violations, i * k);
    pop.totalViolation[i] = changed.totalViolation;
    return true;
  }

  /**
   * The improvement's `finish` on population row i, on this thread; a changed row is evaluated
   * again (objectives back to minimisation form, total violation updated). This re-evaluation is
   * not counted in the algorithm's `evaluations`, like the repair's and the improvement's own
   * work. Returns whether the row changed.
   */
  private finishRow(i: number): boolean {
    const pop = this.population;
    const problem = this.problem;
    if (!this.improvement!.finish!(pop.rows[i]!)) return false;
    const m = problem.numberOfObjectives;
    const k = problem.numberOfConstraints;
    const objectives = pop.objectives.subarray(i * m, (i + 1) * m);
    const violations = pop.violations.subarray(i * k, (i + 1) * k);
    problem.evaluate({ size: 1, variables: pop.rows[i]!, objectives, violations });
    pop.totalViolation[i] = this.toMinimisedForm(objectives, violations);
    return true;
  }

  /** A row finished elsewhere, checked, its objectives turned to minimisation form (in place). */
  private toFinishedRow({ changed, encoded }: FinishedAheadRow<V>): FinishedRow<V> {
    if (!changed) return { changed: null, encoded };
    const { variables, objectives, violations } = changed;
    if (variables.length !== this.problem.numberOfVariables) {
      throw new OptimizerInputError(
        `a finished row has ${variables.length} variables, expected ${this.problem.numberOfVariables}`,
      );
    }
    const totalViolation = this.toMinimisedForm(objectives, violations);
    return { changed: { variables, objectives, violations, totalViolation }, encoded };
  }

  /**
   * A row evaluated again (natural units, in place): check it and turn its objectives to
   * minimisation form. Returns its total violation.
   */
  private toMinimisedForm(objectives: Float64Array, violations: Float64Array): number {
    const problem = this.problem;
    validateEvaluations(problem, objectives, violations, 1);
    toNaturalObjectives(objectives, 1, problem.directions, objectives);
    let total = 0;
    for (let j = 0; j < problem.numberOfConstraints; j++) total += violations[j]!;
    return total;
  }
}

/**
 * The most rows a round of `inEvaluator` sends while the archive started the generation empty
 * (the first generation): one per worker of the evaluator. With no members yet, the rows listed
 * after the first few are often dominated by those few's finished versions and then not admitted,
 * so a longer round finishes rows for nothing (at 2,000 x 2,000 cells, rounds of half the list, 12
 * and 9 rows, finished 21 for 13 admitted; a round per worker finishes about 14). Later generations
 * send every candidate in one round: a round waits for its slowest row and the workers idle
 * between rounds, and there nearly every candidate is admitted (the demo, 2 workers, 29
 * generations: 29 rounds and 633 rows finished, against 55 rounds and 626 rows with every long
 * list halved). An evaluator that does not say how many workers it has gets no limit.
 */
function firstRoundRows(workers: number | undefined): number {
  return workers !== undefined && workers >= 1 ? workers : Infinity;
}

/** An archive of `archive`'s members' objectives alone, to replay offers on (no variables kept). */
function objectivesOnlyCopy<V extends VariableArray>(archive: NonDominatedArchive<V>): NonDominatedArchive<Uint8Array> {
  const copy = new NonDominatedArchive<Uint8Array>(archive.capacity, 0, archive.numberOfObjectives, () => EMPTY_ROW);
  const { size, objectives, hypervolume } = archive.getState(true);
  copy.setState({ size, objectives, hypervolume, variables: EMPTY_ROW });
  return copy;
}
