/**
 * NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002) assembled from injected components.
 *
 *   ask()  -> a batch to evaluate (the initial population first, then offspring)
 *   tell() <- the evaluated batch: survival, archive, termination, observers
 *   step() = ask + Evaluator + tell;  run() = step until the termination criteria say stop.
 *
 * Objectives are minimised internally (maximised ones negated on `tell`); every public result
 * reports natural units and directions. All randomness comes from one seeded {@link Random}: the
 * sampling (when row-wise) and the repair of each row use a generator seeded from it, one seed per
 * row, so they can run in an evaluator's workers (core/preparation.ts). {@link NSGA2.snapshot} /
 * {@link NSGA2.restore} capture everything needed to continue a run bit-identically.
 */
import { NonDominatedArchive, weaklyDominates } from '../archive/non-dominated-archive.js';
import { DuplicateFilter } from '../core/duplicate-filter.js';
import { SequentialEvaluator, type Evaluator } from '../core/evaluator.js';
import type { FinishAhead, FinishedAheadRow } from '../core/finish-ahead.js';
import type { Crossover, Improvement, Mutation, Repair, Sampling, Selection, Survival } from '../core/operators.js';
import { Population, toNaturalObjectives } from '../core/population.js';
import { prepareRows, type RowPreparation } from '../core/preparation.js';
import type { EvaluationBatch, Problem, VariableArray } from '../core/problem.js';
import { createRandom, type Random } from '../core/random.js';
import type { Observer, RunState, StopReason } from '../core/run-state.js';
import { validateEvaluations, validateProblem } from '../core/validation.js';
import { OptimizerInputError } from '../errors.js';
import { hypervolumeOfRows } from '../indicators/hypervolume.js';
import { defaultOperators } from '../operators/defaults.js';
import { BinaryTournament } from '../operators/selection/binary-tournament.js';
import { MaxGenerations } from '../termination/criteria.js';
import type { Termination } from '../termination/termination.js';
import { eliteRows } from './intensification.js';
import { PopulationMembers } from './population-members.js';
import { RankAndCrowdingSurvival } from './rank-and-crowding-survival.js';
import { archiveSolutions, archiveValues, solutionSet, solutionValues, type SolutionRows } from './solutions.js';
import type { NSGA2Options, NSGA2Result, NSGA2Snapshot } from './types.js';

export type { NSGA2Options, NSGA2Result, NSGA2Snapshot } from './types.js';
export type { SolutionRows, SolutionSet } from './solutions.js';

type Phase = 'start' | 'initial-out' | 'ready' | 'offspring-out';

export class NSGA2<V extends VariableArray = VariableArray> {
  readonly populationSize: number;
  readonly offspringSize: number;
  readonly sampling: Sampling<V>;
  readonly crossover: Crossover<V>;
  readonly mutation: Mutation<V>;
  readonly repair: Repair<V> | undefined;
  readonly improvement: Improvement<V> | undefined;
  readonly intensification: { readonly every: number; readonly budget: number } | null;
  readonly selection: Selection;
  readonly survival: Survival;
  readonly termination: Termination;
  readonly evaluator: Evaluator<V>;
  readonly eliminateDuplicates: boolean;
  readonly random: Random;

  /** Completed generations (the evaluated initial population is generation 1). */
  generation = 0;
  evaluations = 0;
  stopReason: StopReason | null = null;

  private readonly observers: Observer[];
  private readonly signal: AbortSignal | undefined;
  private readonly archiveStore: NonDominatedArchive<V> | null;
  private readonly hypervolumeReference: Float64Array | null;
  private readonly initialVariables: V | undefined;
  /**
   * One matrix set for everything: rows [0, N) hold the population, rows [N, N + O) the offspring,
   * plus two spare rows. Survivors are compacted in place (no second copy of million-cell genomes).
   * With `populationRows` the members' variables are kept there instead (`members`), and the
   * initial population is made in rows [N, 2N).
   */
  private readonly current: Population<V>;
  /** Where rows [0, N)'s variables are (population-members.ts). */
  private readonly members: PopulationMembers<V>;
  /** Buffers the two parents of a crossover are read into when the members are stored. */
  private parentBuffers: V | null = null;
  /** The first population row of the batch out for evaluation. */
  private batchFirst = 0;
  private readonly selected: Int32Array;
  private readonly kept: Uint8Array;
  private readonly parents: Int32Array;
  private readonly duplicates = new DuplicateFilter<V>();
  private readonly frontIndices: Int32Array;
  private readonly frontMinimised: Float64Array;
  private readonly hypervolumeRows: Int32Array;
  /** The memetic step's elite rows and each one's focus (see intensification.ts). */
  private readonly eliteIndices: Int32Array;
  private readonly eliteFocus: Int32Array;
  /** True when the evaluator prepares (samples, repairs) rows itself, e.g. in its workers. */
  private readonly evaluatorPreparesRows: boolean;
  /** True when the evaluator starts on a batch before all its rows are made (`batch.make`). */
  private readonly evaluatorMakesLater: boolean;
  /** The outstanding batch's `make`, while some of its rows may not be made yet. */
  private making: ((end: number) => void) | null = null;
  private frontSize = 0;
  /** Between `receive` and `complete`: the batch's first row, the rows kept, and whether it is the initial population. */
  private received: { first: number; candidates: number; initial: boolean } | null = null;
  /** Rows finished by the evaluator (ahead, with the batch, or in `finishInEvaluator`), by population row. */
  private finished: Map<number, FinishedRow<V>> | null = null;
  private phase: Phase = 'start';
  private outstanding: EvaluationBatch<V> | null = null;
  private elapsedBefore = 0;
  private clockStart: number | null = null;

  /**
   * @param problem the problem to optimise (its sizes are validated here).
   * @param options every component has a default; override one at a time.
   * @example
   * const nsga2 = new NSGA2(new Zdt1(), { populationSize: 100, seed: 7, termination: new MaxGenerations(250) });
   * const result = await nsga2.run();
   */
  constructor(
    readonly problem: Problem<V>,
    options: NSGA2Options<V> = {},
  ) {
    validateProblem(problem);
    const populationSize = options.populationSize ?? 100;
    const offspringSize = options.offspringSize ?? populationSize;
    if (!Number.isInteger(populationSize) || populationSize < 4 || populationSize % 2 !== 0) {
      throw new OptimizerInputError(`the population size must be an even integer >= 4, got ${populationSize}`);
    }
    if (!Number.isInteger(offspringSize) || offspringSize < 2 || offspringSize % 2 !== 0) {
      throw new OptimizerInputError(
        `the offspring size must be an even integer >= 2 (children come in pairs), got ${offspringSize}`,
      );
    }
    this.populationSize = populationSize;
    this.offspringSize = offspringSize;
    this.random = options.random ?? createRandom(options.seed ?? 1);
    const defaults = options.sampling && options.crossover && options.mutation ? null : defaultOperators(problem);
    this.sampling = options.sampling ?? defaults!.sampling;
    this.crossover = options.crossover ?? defaults!.crossover;
    this.mutation = options.mutation ?? defaults!.mutation;
    this.repair = options.repair;
    this.improvement = options.improvement;
    this.intensification =
      options.improvement && options.intensification && options.intensification.every > 0
        ? options.intensification
        : null;
    this.selection = options.selection ?? new BinaryTournament();
    this.survival = options.survival ?? new RankAndCrowdingSurvival();
    this.termination = options.termination ?? new MaxGenerations(250);
    this.evaluator = options.evaluator ?? new SequentialEvaluator<V>();
    this.evaluatorPreparesRows = this.evaluator.preparesRows === true;
    this.evaluatorMakesLater = this.evaluator.evaluatesAsRowsAreMade === true;
    this.eliminateDuplicates = options.eliminateDuplicates ?? true;
    this.observers = [...(options.observers ?? [])];
    this.signal = options.signal;
    this.initialVariables = options.initialVariables;
    const m = problem.numberOfObjectives;
    if (options.hypervolumeReference) {
      if (options.hypervolumeReference.length !== m) {
        throw new OptimizerInputError(
          `the hypervolume reference point has ${options.hypervolumeReference.length} values for ${m} objectives`,
        );
      }
      this.hypervolumeReference = Float64Array.from(options.hypervolumeReference, (value, j) =>
        problem.directions[j] === 'maximize' ? -value : value,
      );
    } else this.hypervolumeReference = null;
    if (this.initialVariables && this.initialVariables.length % problem.numberOfVariables !== 0) {
      throw new OptimizerInputError(
        `initialVariables has ${this.initialVariables.length} values, not a multiple of ${problem.numberOfVariables} variables`,
      );
    }
    if (this.initialVariables && this.initialVariables.length / problem.numberOfVariables > populationSize) {
      throw new OptimizerInputError(
        `initialVariables holds ${this.initialVariables.length / problem.numberOfVariables} rows, more than the population size ${populationSize}`,
      );
    }

    if (options.populationRows && offspringSize < populationSize) {
      throw new OptimizerInputError(
        `a population kept in a store makes its initial population in the offspring's rows: the offspring size (${offspringSize}) must be at least the population size (${populationSize})`,
      );
    }
    const capacity = populationSize + offspringSize + 2;
    this.current = Population.forProblem(problem, capacity);
    this.members = new PopulationMembers(this.current, populationSize, options.populationRows ?? null, (rows) =>
      problem.createVariables(rows),
    );
    this.selected = new Int32Array(capacity);
    this.kept = new Uint8Array(capacity);
    this.parents = new Int32Array(2 * offspringSize);
    this.frontIndices = new Int32Array(populationSize);
    this.frontMinimised = new Float64Array(populationSize * m);
    this.hypervolumeRows = new Int32Array(populationSize);
    this.eliteIndices = new Int32Array(m + 1);
    this.eliteFocus = new Int32Array(m + 1);
    this.archiveStore = options.archive
      ? new NonDominatedArchive(
          options.archive.capacity,
          problem.numberOfVariables,
          m,
          options.archive.rows ?? ((rows) => problem.createVariables(rows)),
        )
      : null;
  }

  /** Register an observer notified after every generation. */
  addObserver(observer: Observer): void {
    this.observers.push(observer);
  }

  /**
   * The current population (rows [0, size)); objectives in minimisation form. Read-only by
   * contract. With `populationRows` its members' variable rows are not used: read them with
   * {@link member}.
   */
  get population(): Population<V> {
    return this.current;
  }

  /** Member i's variables (a view of the population's row, or read from `populationRows` into a new array). */
  member(i: number): V {
    if (!(Number.isInteger(i) && i >= 0 && i < this.current.size))
      throw new RangeError(`no member ${i} in a population of ${this.current.size}`);
    return this.members.read(i);
  }

  /** Bytes holding the members' variables (the population's N rows, or what `populationRows` keeps). */
  get memberBytes(): number {
    return this.members.byteLength(this.current.size);
  }

  /**
   * The external archive, when one was configured. A caller may fix its hypervolume reference
   * (`setHypervolumeReference`) and read its never-decreasing hypervolume between generations.
   */
  get archive(): NonDominatedArchive<V> | null {
    return this.archiveStore;
  }

  /** Termination progress in [0, 1]. */
  get progress(): number {
    return this.termination.progress;
  }

  /** True once the termination criteria are met or the signal has aborted. */
  get done(): boolean {
    if (this.stopReason !== null) return true;
    if (this.signal?.aborted) {
      this.stopReason = 'aborted';
      return true;
    }
    return false;
  }

  get elapsedMs(): number {
    return this.elapsedBefore + (this.clockStart === null ? 0 : now() - this.clockStart);
  }

  /**
   * The next batch to evaluate: the initial population, then each generation's offspring.
   * Fill `objectives` (natural units) and `violations`, then pass it to {@link tell}. The arrays
   * are views into the algorithm's buffers: write into them, never transfer (detach) them.
   */
  ask(): EvaluationBatch<V> {
    return this.nextBatch(false);
  }

  /**
   * `ask()`; with `lazily` and an evaluator that `evaluatesAsRowsAreMade`, the offspring are made
   * as the evaluator asks for them (`batch.make`), so that it can send the first rows to its workers
   * while the rest are made.
   */
  private nextBatch(lazily: boolean): EvaluationBatch<V> {
    if (this.outstanding) throw new OptimizerInputError('ask() called again before tell() returned the previous batch');
    if (this.clockStart === null) this.clockStart = now();
    const n = this.problem.numberOfVariables;
    const m = this.problem.numberOfObjectives;
    const k = this.problem.numberOfConstraints;
    const pop = this.current;
    let first: number;
    let size: number;
    let preparation: RowPreparation<V> | null;
    let make: ((end: number) => void) | null = null;
    if (this.phase === 'start') {
      // With stored members the initial population is made in the offspring's rows, then kept.
      first = this.members.stored ? this.populationSize : 0;
      size = this.populationSize;
      preparation = this.initialPopulation(first);
      this.phase = 'initial-out';
    } else if (this.phase === 'ready') {
      first = this.populationSize;
      size = this.offspringSize;
      ({ preparation, make } = this.makeOffspring());
      this.phase = 'offspring-out';
      const later = lazily && preparation !== null && this.evaluatorPreparesRows && this.evaluatorMakesLater;
      if (!later) {
        make(size);
        make = null;
      }
    } else {
      throw new OptimizerInputError(`ask() is not possible in phase ${this.phase}`);
    }
    const variables = pop.variables.subarray(first * n, (first + size) * n) as V;
    if (preparation && !this.evaluatorPreparesRows) {
      prepareRows(preparation, variables, n, size);
      preparation = null;
    }
    const finishAhead = this.finishAheadRequest(this.phase === 'initial-out');
    this.batchFirst = first;
    this.making = make;
    const batch: EvaluationBatch<V> = {
      size,
      variables,
      objectives: pop.objectives.subarray(first * m, (first + size) * m),
      violations: pop.violations.subarray(first * k, (first + size) * k),
      ...(preparation ? { preparation } : {}),
      ...(finishAhead ? { finishAhead } : {}),
      ...(make ? { make } : {}),
    };
    this.outstanding = batch;
    return batch;
  }

  /**
   * Take an evaluated batch back: validate it, convert objectives to minimisation form, run
   * survival, update the archive, the termination criteria and the observers. The batch may be
   * the object `ask()` returned or any batch of the same size (e.g. rebuilt after a worker round trip).
   */
  tell(batch: EvaluationBatch<V>): void {
    this.receive(batch);
    this.complete();
  }

  /** The first half of `tell`: validate and store the batch, drop repaired duplicates. */
  private receive(batch: EvaluationBatch<V>): void {
    const expected = this.outstanding;
    if (!expected) throw new OptimizerInputError('tell() called without an outstanding batch from ask()');
    if (batch.size !== expected.size) {
      throw new OptimizerInputError(`tell() got a batch of ${batch.size} rows, but ask() handed out ${expected.size}`);
    }
    const problem = this.problem;
    if (
      batch.objectives.length !== expected.objectives.length ||
      batch.violations.length !== expected.violations.length ||
      batch.variables.length !== expected.variables.length
    ) {
      throw new OptimizerInputError(
        `tell() got matrices of ${batch.variables.length} variables, ${batch.objectives.length} objectives and ${batch.violations.length} violations; expected ${expected.variables.length}, ${expected.objectives.length} and ${expected.violations.length}`,
      );
    }
    // Rows the evaluator did not ask for are made now (in the same order as ever), before its
    // values are taken in.
    this.making?.(expected.size);
    this.making = null;
    if (batch.objectives !== expected.objectives) expected.objectives.set(batch.objectives);
    if (batch.violations !== expected.violations) expected.violations.set(batch.violations);
    if (batch.variables !== expected.variables) (expected.variables as VariableArray).set(batch.variables);
    validateEvaluations(problem, expected.objectives, expected.violations, expected.size);
    toNaturalObjectives(expected.objectives, expected.size, problem.directions, expected.objectives);

    const pop = this.current;
    const k = problem.numberOfConstraints;
    const initial = this.phase === 'initial-out';
    const first = this.batchFirst;
    for (let i = first; i < first + expected.size; i++) {
      let total = 0;
      for (let j = 0; j < k; j++) total += pop.violations[i * k + j]!;
      pop.totalViolation[i] = total;
    }
    // Checked before the batch is taken: a malformed one leaves it outstanding, to cancel.
    this.finished = this.takeFinishedAhead(batch.finishAhead ?? expected.finishAhead, first, expected.size);
    this.outstanding = null;
    this.evaluations += expected.size;
    let candidates = expected.size;
    if (!initial && (this.repair || this.improvement) && this.eliminateDuplicates)
      candidates = this.dropRepairedDuplicates(candidates);
    this.received = { first, candidates, initial };
  }

  /** The second half of `tell`: the archive, survival, termination and observers. */
  private complete(): void {
    const pop = this.current;
    const { first, candidates, initial } = this.received!;
    this.received = null;
    // The improvement's last step, on the rows the archive would admit (all rows without one).
    let workerEncoded: Map<number, Uint8Array> | null = null;
    if (this.archiveStore) workerEncoded = this.offerToArchive(first, candidates);
    else if (this.improvement?.finish)
      for (let i = first; i < first + candidates; i++) if (pop.totalViolation[i] === 0) this.finishRow(i);
    // A worker's encoding of a row serves the members' store when it is the store's own.
    const encoded =
      this.members.encoding !== null && this.members.encoding === this.archiveStore?.rowEncoding ? workerEncoded : null;
    // The initial population made in the offspring's rows: every row becomes a member.
    if (initial && first > 0) for (let r = 0; r < candidates; r++) this.keepMember(first + r, r, encoded);

    // Survival over parents + offspring (or the initial population alone), then compact in place:
    // each surviving offspring moves into the lowest free row of [0, N).
    const size = initial ? candidates : this.populationSize + candidates;
    pop.size = size;
    this.survival.survive(pop as Population, this.populationSize, this.selected, this.random);
    const kept = this.kept;
    kept.fill(0, 0, size);
    for (let i = 0; i < this.populationSize; i++) kept[this.selected[i]!] = 1;
    let hole = 0;
    for (let row = this.populationSize; row < size; row++) {
      if (!kept[row]) continue;
      while (kept[hole]) hole++;
      this.keepMember(row, hole, encoded);
      kept[hole] = 1;
    }
    pop.size = this.populationSize;
    this.phase = 'ready';
    this.generation++;
    this.afterGeneration();
  }

  /** One generation: ask, evaluate through the evaluator, tell. */
  async step(): Promise<void> {
    const batch = this.nextBatch(true);
    try {
      await this.evaluator.evaluate(this.problem, batch, this.signal);
    } catch (error) {
      this.cancelBatch();
      throw error;
    }
    this.receive(batch);
    try {
      await this.finishInEvaluator();
    } catch (error) {
      // As if the batch had never come back (cancelBatch): the population is the previous generation's.
      const initial = this.received?.initial === true;
      this.evaluations -= batch.size;
      this.received = null;
      this.finished = null;
      this.current.size = initial ? 0 : this.populationSize;
      this.phase = initial ? 'start' : 'ready';
      throw error;
    }
    this.complete();
  }

  /**
   * With an archive, an improvement with `finish` and an evaluator that can finish rows: the
   * feasible new rows that the archive will admit are finished by the evaluator (in the workers,
   * in parallel) before `complete` offers them in order, and `offerToArchive` takes a row's
   * finished version exactly when it would have finished the row itself, so the run is the same
   * as with every row finished here.
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
  private async finishInEvaluator(): Promise<void> {
    const improvement = this.improvement;
    const archive = this.archiveStore;
    if (!archive || !improvement?.finish || !this.evaluator.finishRows || !this.received) return;
    const { first, candidates } = this.received;
    const end = first + candidates;
    const pop = this.current;
    const problem = this.problem;
    const m = problem.numberOfObjectives;
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
      if (!(await this.finishRound(round, finished))) return;
    }
    this.finished = finished;
  }

  /**
   * One round of {@link finishInEvaluator}: `rows` finished by the evaluator, each kept in
   * `finished` with its objectives in minimisation form. False when the evaluator declines.
   */
  private async finishRound(rows: readonly number[], finished: Map<number, FinishedRow<V>>): Promise<boolean> {
    const problem = this.problem;
    const pop = this.current;
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
    const encoding = this.archiveStore?.rowEncoding ?? undefined;
    const done = await this.evaluator.finishRows!(problem, batch, this.improvement!.name, this.signal, encoding);
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
   * What the evaluator may finish of a batch right after evaluating its rows (finish-ahead.ts):
   * with an archive, an improvement with `finish` and an evaluator that finishes ahead. The
   * offspring: the rows the archive's members admit, when it has members. The initial population:
   * only the rows certain to be finished, in row order, replayed on a copy of the archive (with no
   * members yet, most of the rows the members would admit are dominated by the others' finished
   * versions: see firstRoundRows).
   */
  private finishAheadRequest(initial: boolean): FinishAhead<V> | null {
    const archive = this.archiveStore;
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

  /** The rows the evaluator finished ahead, by population row (batch row r is population row first + r), or null for none. */
  private takeFinishedAhead(
    ahead: FinishAhead<V> | undefined,
    first: number,
    size: number,
  ): Map<number, FinishedRow<V>> | null {
    if (!ahead || ahead.rows.size === 0) return null;
    const finished = new Map<number, FinishedRow<V>>();
    for (const [r, row] of ahead.rows) {
      if (!(Number.isInteger(r) && r >= 0 && r < size)) {
        throw new OptimizerInputError(`the evaluator finished row ${r} ahead, but the batch has ${size} rows`);
      }
      finished.set(first + r, this.toFinishedRow(row));
    }
    return finished;
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

  /** One generation with a synchronous evaluator (throws if the evaluator returns a promise). */
  stepSync(): void {
    const batch = this.ask();
    const pending = this.evaluator.evaluate(this.problem, batch, this.signal);
    if (pending) {
      this.cancelBatch();
      // Avoid an unhandled rejection of the promise we will not await.
      pending.catch(() => {});
      throw new OptimizerInputError('stepSync()/runSync() need a synchronous evaluator; use step()/run() instead');
    }
    this.tell(batch);
  }

  /** Run until the termination criteria are met or the signal aborts; returns the final state. */
  async run(): Promise<NSGA2Result<V>> {
    while (!this.done) {
      try {
        await this.step();
      } catch (error) {
        if (this.signal?.aborted) {
          this.stopReason = 'aborted';
          break;
        }
        throw error;
      }
    }
    return this.result();
  }

  /** {@link run} for synchronous evaluators. */
  runSync(): NSGA2Result<V> {
    while (!this.done) this.stepSync();
    return this.result();
  }

  /** Forget an outstanding batch (after a failed or aborted evaluation); ask() may be called again. */
  cancelBatch(): void {
    if (!this.outstanding) return;
    this.outstanding = null;
    this.making = null;
    this.finished = null;
    this.phase = this.phase === 'initial-out' ? 'start' : 'ready';
  }

  /** The current state in natural units (copies). */
  result(): NSGA2Result<V> {
    const pop = this.current;
    const size = this.generation > 0 ? this.populationSize : 0;
    const all = new Int32Array(size);
    for (let i = 0; i < size; i++) all[i] = i;
    return {
      problem: this.problem.name,
      generation: this.generation,
      evaluations: this.evaluations,
      elapsedMs: this.elapsedMs,
      stopReason: this.stopReason,
      front: solutionSet(this.problem, this.members, pop, this.frontIndices.subarray(0, this.frontSize)),
      population: solutionSet(this.problem, this.members, pop, all),
      archive: this.archiveStore ? archiveSolutions(this.problem, this.archiveStore) : null,
    };
  }

  /**
   * The archive's members (natural objective directions), or without an archive the first front,
   * like `result()` but read one row at a time, without a copy of their variables. For writing a
   * run's files between generations: at 2,000 x 2,000 cells a copy of a 200-layout archive is 750 MB.
   */
  currentSolutions(): SolutionRows<V> {
    const archive = this.archiveStore;
    if (archive) return { ...archiveValues(this.problem, archive), row: (i, out) => archive.row(i, out) };
    const front = this.frontIndices.slice(0, this.frontSize);
    const pop = this.current;
    return {
      ...solutionValues(this.problem, pop, front),
      row: (i, out) => {
        if (!(i >= 0 && i < front.length)) throw new RangeError(`no solution ${i} in a set of ${front.length}`);
        if (!out) return this.members.read(front[i]!);
        this.members.copyInto(front[i]!, out);
        return out;
      },
    };
  }

  /**
   * Serialisable state between generations (throws while a batch is out for evaluation).
   * @param views the population's and the archive's variables as views of the live matrices
   *   (valid until the algorithm next changes them: encode the snapshot at once) instead of copies.
   */
  snapshot(views = false): NSGA2Snapshot<V> {
    if (this.outstanding)
      throw new OptimizerInputError('cannot snapshot while a batch is out for evaluation; tell() it first');
    const p = this.problem;
    const size = this.generation > 0 ? this.populationSize : 0;
    const pop = this.current;
    return {
      format: 'paretoplan/nsga2-state',
      version: 1,
      problem: {
        name: p.name,
        numberOfVariables: p.numberOfVariables,
        numberOfObjectives: p.numberOfObjectives,
        numberOfConstraints: p.numberOfConstraints,
      },
      populationSize: this.populationSize,
      offspringSize: this.offspringSize,
      generation: this.generation,
      evaluations: this.evaluations,
      elapsedMs: this.elapsedMs,
      stopReason: this.stopReason,
      random: this.random.getState(),
      population: {
        size,
        ...this.members.state(size, views),
        objectives: pop.objectives.slice(0, size * p.numberOfObjectives),
        violations: pop.violations.slice(0, size * p.numberOfConstraints),
        rank: pop.rank.slice(0, size),
        crowding: pop.crowding.slice(0, size),
      },
      termination: this.termination.getState(),
      archive: this.archiveStore ? this.archiveStore.getState(views) : null,
    };
  }

  /**
   * Continue from a snapshot. Call on a fresh algorithm built with the same problem and options:
   * the run then continues exactly as the one that took the snapshot.
   */
  restore(snapshot: NSGA2Snapshot<V>): void {
    if (snapshot.format !== 'paretoplan/nsga2-state' || snapshot.version !== 1) {
      throw new OptimizerInputError(
        `not an NSGA-II checkpoint of version 1 (format "${snapshot.format}", version ${snapshot.version})`,
      );
    }
    const p = this.problem;
    const s = snapshot.problem;
    if (
      s.numberOfVariables !== p.numberOfVariables ||
      s.numberOfObjectives !== p.numberOfObjectives ||
      s.numberOfConstraints !== p.numberOfConstraints
    ) {
      throw new OptimizerInputError(
        `the checkpoint is for problem "${s.name}" with ${s.numberOfVariables} variables, ${s.numberOfObjectives} objectives and ${s.numberOfConstraints} constraints; this problem "${p.name}" has ${p.numberOfVariables}, ${p.numberOfObjectives} and ${p.numberOfConstraints}`,
      );
    }
    if (snapshot.populationSize !== this.populationSize || snapshot.offspringSize !== this.offspringSize) {
      throw new OptimizerInputError(
        `the checkpoint has population ${snapshot.populationSize} and offspring ${snapshot.offspringSize}; this algorithm has ${this.populationSize} and ${this.offspringSize}`,
      );
    }
    if (this.archiveStore === null && snapshot.archive !== null) {
      throw new OptimizerInputError('the checkpoint has an archive but this algorithm was built without one');
    }
    const size = snapshot.population.size;
    if (size !== 0 && size !== this.populationSize) {
      throw new OptimizerInputError(`the checkpoint population has ${size} rows, expected ${this.populationSize}`);
    }
    const pop = this.current;
    const m = p.numberOfObjectives;
    const k = p.numberOfConstraints;
    const sp = snapshot.population;
    if (sp.objectives.length !== size * m || sp.violations.length !== size * k) {
      throw new OptimizerInputError('the checkpoint population matrices do not match the problem sizes');
    }
    this.members.restore(sp, size);
    pop.objectives.set(sp.objectives, 0);
    pop.violations.set(sp.violations, 0);
    pop.rank.set(sp.rank, 0);
    pop.crowding.set(sp.crowding, 0);
    for (let i = 0; i < size; i++) {
      let total = 0;
      for (let j = 0; j < k; j++) total += pop.violations[i * k + j]!;
      pop.totalViolation[i] = total;
    }
    pop.size = size;
    this.random.setState(snapshot.random);
    this.termination.setState(snapshot.termination);
    if (this.archiveStore && snapshot.archive) this.archiveStore.setState(snapshot.archive);
    this.generation = snapshot.generation;
    this.evaluations = snapshot.evaluations;
    this.stopReason = snapshot.stopReason;
    this.elapsedBefore = snapshot.elapsedMs;
    this.clockStart = null;
    this.outstanding = null;
    this.phase = size > 0 ? 'ready' : 'start';
    this.collectFront();
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Fill rows [first, first + N) with the initial variables and the sampling. With a row-wise sampling
   * (`sampleRow`) or a repair, returns the per-row work still to do (one seed per row).
   */
  private initialPopulation(first: number): RowPreparation<V> | null {
    const n = this.problem.numberOfVariables;
    const size = this.populationSize;
    const pop = this.current;
    let seeded = 0;
    if (this.initialVariables) {
      seeded = this.initialVariables.length / n;
      (pop.variables as VariableArray).set(this.initialVariables, first * n);
    }
    const rowSampling = seeded < size && typeof this.sampling.sampleRow === 'function';
    if (seeded < size && !rowSampling) {
      this.sampling.sample(
        pop.variables.subarray((first + seeded) * n, (first + size) * n) as V,
        size - seeded,
        this.random,
      );
    }
    if (!rowSampling && !this.repair && !this.improvement) return null;
    const seeds = this.drawSeeds(size);
    let sampleIndex: Int32Array | null = null;
    if (rowSampling) {
      sampleIndex = new Int32Array(size);
      for (let i = 0; i < size; i++) sampleIndex[i] = i < seeded ? -1 : i - seeded;
    }
    return {
      seeds,
      sampling: rowSampling ? this.sampling : null,
      sampleIndex,
      repair: this.repair ?? null,
      improvement: this.improvement ?? null,
    };
  }

  /** One seed per row from the run's stream, drawn in row order. */
  private drawSeeds(rows: number): Uint32Array {
    const seeds = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) seeds[i] = this.random.nextUint32();
    return seeds;
  }

  /**
   * Offspring that the repair or improvement made equal to a population member or to an earlier
   * offspring (an elite copy the memetic step could not improve, say) are
   * dropped (the rows after them move up), so the population never holds two copies of one layout.
   * Returns the number of offspring kept in rows [N, N + kept).
   */
  private dropRepairedDuplicates(count: number): number {
    const pop = this.current;
    const rows = pop.rows;
    const N = this.populationSize;
    const filter = this.duplicates;
    this.members.addTo(filter, N + count, N);
    // Rows finished ahead follow their rows (each row moves down into the lowest free place).
    const finished = this.finished;
    let kept = N;
    for (let r = N; r < N + count; r++) {
      if (filter.has(rows[r]!)) {
        finished?.delete(r);
        continue;
      }
      if (kept !== r) {
        pop.copyRow(pop, r, kept);
        const row = finished?.get(r);
        if (row) finished!.set(kept, row);
        finished?.delete(r);
      }
      filter.add(rows[kept]!);
      kept++;
    }
    return kept - N;
  }

  /**
   * Selection, crossover and mutation into rows [N, N + O), with duplicate elimination, made as
   * `make(end)` asks: every offspring row before batch row `end`. The repair is not applied here:
   * it is returned as per-row work (one seed per offspring, drawn before any offspring is made, so
   * that a chunk's seeds are known before the rows after it are made), done by `ask()` or by an
   * evaluator that prepares rows. The rows are made by one generator in one order, drawing from
   * the run's stream, so they are the same whatever `end`s they are asked for in.
   */
  private makeOffspring(): { preparation: RowPreparation<V> | null; make: (end: number) => void } {
    const pop = this.current;
    const N = this.populationSize;
    const O = this.offspringSize;
    const prepared = Boolean(this.repair || this.improvement);
    const seeds = prepared ? this.drawSeeds(O) : null;
    pop.size = N;
    // The memetic step: the last offspring rows hold copies of elite members, to be improved.
    const elites = this.intensifyNow() ? eliteRows(pop as Population, N, this.eliteIndices, this.eliteFocus) : 0;
    const bred = O - Math.min(elites, O);
    let focus: Int32Array | null = null;
    if (elites > 0) {
      focus = new Int32Array(O).fill(-1);
      for (let e = 0; e < O - bred; e++) focus[bred + e] = this.eliteFocus[e]!;
    }
    const breeding = this.breed(bred);
    let made = 0;
    const make = (end: number) => {
      if (made >= O) return;
      while (made < Math.min(end, bred)) {
        breeding.next();
        made++;
      }
      // The elite copies go last: the breeding writes a pair's second child one row past its first.
      if (end > bred) {
        breeding.next(); // lets the generator finish
        for (let e = 0; e < O - bred; e++) {
          pop.copyValues(pop, this.eliteIndices[e]!, N + bred + e);
          this.members.copyInto(this.eliteIndices[e]!, pop.rows[N + bred + e]!);
        }
        made = O;
      }
    };
    const preparation: RowPreparation<V> | null = prepared
      ? {
          seeds: seeds!,
          sampling: null,
          sampleIndex: null,
          repair: this.repair ?? null,
          improvement: this.improvement ?? null,
          focus,
          budget: this.intensification?.budget ?? 0,
        }
      : null;
    return { preparation, make };
  }

  /**
   * The bred offspring rows [N, N + bred), one per step: selection, crossover and mutation, a
   * mutated child equal to a member or an earlier child rejected (up to 100 x O attempts). A row
   * is final once the step that made it has returned; the pair's second child may already be in
   * the next row, to be mutated by the next step.
   */
  private *breed(bred: number): Generator<void, void, void> {
    const pop = this.current;
    const rows = pop.rows;
    const N = this.populationSize;
    const O = this.offspringSize;
    const random = this.random;
    const filter = this.eliminateDuplicates ? this.duplicates : null;
    if (filter) this.members.addTo(filter, N + O, N);
    const members = this.members;
    const buffers = members.stored ? (this.parentBuffers ??= this.problem.createVariables(2)) : null;
    const bufferA = buffers?.subarray(0, this.problem.numberOfVariables) as V | undefined;
    const bufferB = buffers?.subarray(this.problem.numberOfVariables) as V | undefined;
    let produced = 0;
    let attempts = 0;
    const maxAttempts = 100 * O;
    while (produced < bred) {
      const pairs = (bred - produced + 1) >> 1;
      this.selection.select(pop as Population, 2 * pairs, this.parents, random);
      for (let p = 0; p < pairs && produced < bred; p++) {
        const target = N + produced;
        // Children go straight into the next free offspring rows (two spare rows at the end).
        this.crossover.cross(
          members.read(this.parents[2 * p]!, bufferA),
          members.read(this.parents[2 * p + 1]!, bufferB),
          rows[target]!,
          rows[target + 1]!,
          random,
        );
        for (let c = 0; c < 2 && produced < bred; c++) {
          const row = rows[N + produced]!;
          this.mutation.mutate(row, random);
          attempts++;
          if (filter && attempts <= maxAttempts && filter.has(row)) {
            // Rejected: move the pair's second child (if still pending) into this slot.
            if (c === 0) (row as VariableArray).set(rows[N + produced + 1]!);
            continue;
          }
          if (filter) filter.add(row);
          produced++;
          yield;
        }
      }
    }
  }

  /** Whether the offspring made now include the memetic step's elite copies. */
  private intensifyNow(): boolean {
    const every = this.intensification?.every ?? 0;
    return every > 0 && this.generation > 0 && this.generation % every === 0;
  }

  /**
   * Offer rows [first, first + count) to the archive in order, finishing those it admits. Returns
   * the final variables of rows a worker finished, as it encoded them for the archive, by
   * population row (null for none).
   */
  private offerToArchive(first: number, count: number): Map<number, Uint8Array> | null {
    const archive = this.archiveStore!;
    const pop = this.current;
    const m = this.problem.numberOfObjectives;
    const finish = this.improvement?.finish !== undefined;
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

  /** Population row `row` (past the members) becomes member `to`: its values and its variables. */
  private keepMember(row: number, to: number, encoded: Map<number, Uint8Array> | null): void {
    const pop = this.current;
    pop.copyValues(pop, row, to);
    this.members.keep(to, pop.rows[row]!, encoded?.get(row));
  }

  /** Row i's version finished by the evaluator (`finishInEvaluator`), as `finishRow` would leave it. */
  private takeFinished(i: number, { changed }: FinishedRow<V>): boolean {
    if (!changed) return false;
    const pop = this.current;
    const m = this.problem.numberOfObjectives;
    const k = this.problem.numberOfConstraints;
    (pop.rows[i] as VariableArray).set(changed.variables);
    pop.objectives.set(changed.objectives, i * m);
    pop.violations.set(changed.violations, i * k);
    pop.totalViolation[i] = changed.totalViolation;
    return true;
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

  /** Row i was evaluated again (natural units): check it, back to minimisation form, total violation. */
  private acceptReevaluated(i: number): void {
    const pop = this.current;
    const m = this.problem.numberOfObjectives;
    const k = this.problem.numberOfConstraints;
    pop.totalViolation[i] = this.toMinimisedForm(
      pop.objectives.subarray(i * m, (i + 1) * m),
      pop.violations.subarray(i * k, (i + 1) * k),
    );
  }

  /**
   * The improvement's `finish` on population row i, on this thread; a changed row is evaluated
   * again (objectives back to minimisation form, total violation updated). This re-evaluation is
   * not counted in `evaluations`, like the repair's and the improvement's own work. Returns
   * whether the row changed.
   */
  private finishRow(i: number): boolean {
    const pop = this.current;
    const problem = this.problem;
    if (!this.improvement!.finish!(pop.rows[i]!)) return false;
    const m = problem.numberOfObjectives;
    const k = problem.numberOfConstraints;
    const objectives = pop.objectives.subarray(i * m, (i + 1) * m);
    const violations = pop.violations.subarray(i * k, (i + 1) * k);
    problem.evaluate({ size: 1, variables: pop.rows[i]!, objectives, violations });
    this.acceptReevaluated(i);
    return true;
  }

  /** Rows of the current population on the feasible first front, and their minimised objectives. */
  private collectFront(): void {
    const pop = this.current;
    const m = this.problem.numberOfObjectives;
    let count = 0;
    for (let i = 0; i < pop.size; i++) {
      if (pop.rank[i] === 0 && pop.totalViolation[i] === 0) {
        this.frontIndices[count] = i;
        for (let j = 0; j < m; j++) this.frontMinimised[count * m + j] = pop.objectives[i * m + j]!;
        count++;
      }
    }
    this.frontSize = count;
  }

  private afterGeneration(): void {
    this.collectFront();
    const m = this.problem.numberOfObjectives;
    const progress = this.termination.update({
      generation: this.generation,
      evaluations: this.evaluations,
      elapsedMs: this.elapsedMs,
      front: this.frontMinimised,
      frontSize: this.frontSize,
      numberOfObjectives: m,
    });
    if (progress >= 1) this.stopReason = this.termination.reason;
    if (this.observers.length === 0) return;
    const state = this.runState(progress);
    for (const observer of this.observers) observer(state);
  }

  private runState(progress: number): RunState {
    const m = this.problem.numberOfObjectives;
    const size = this.frontSize;
    const objectives = toNaturalObjectives(this.frontMinimised.subarray(0, size * m), size, this.problem.directions);
    let hypervolume = this.termination.lastHypervolume;
    if (this.hypervolumeReference) {
      const ref = this.hypervolumeReference;
      let count = 0;
      for (let i = 0; i < size; i++) {
        let inside = true;
        for (let j = 0; j < m; j++) if (!(this.frontMinimised[i * m + j]! < ref[j]!)) inside = false;
        if (inside) this.hypervolumeRows[count++] = i;
      }
      hypervolume = hypervolumeOfRows(this.frontMinimised, m, this.hypervolumeRows, count, ref, m);
    }
    let feasibleCount = 0;
    for (let i = 0; i < this.current.size; i++) if (this.current.totalViolation[i] === 0) feasibleCount++;
    return {
      generation: this.generation,
      evaluations: this.evaluations,
      elapsedMs: this.elapsedMs,
      progress,
      front: { size, objectives, indices: this.frontIndices.slice(0, size) },
      feasibleCount,
      ...(hypervolume === undefined ? {} : { hypervolume }),
    };
  }
}

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
 * The most rows a round of `finishInEvaluator` sends while the archive started the generation
 * empty (the first generation): one per worker of the evaluator. With no members yet, the rows
 * listed after the first few are often dominated by those few's finished versions and then not
 * admitted, so a longer round finishes rows for nothing (at 2,000 x 2,000 cells, rounds of half
 * the list, 12 and 9 rows, finished 21 for 13 admitted; a round per worker finishes about 14).
 * Later generations send every candidate in one round: a round waits for its slowest row and the
 * workers idle between rounds, and there nearly every candidate is admitted (the demo, 2 workers,
 * 29 generations: 29 rounds and 633 rows finished, against 55 rounds and 626 rows with every long
 * list halved). An evaluator that does not say how many workers it has gets no limit.
 */
function firstRoundRows(workers: number | undefined): number {
  return workers !== undefined && workers >= 1 ? workers : Infinity;
}

const EMPTY_ROW = new Uint8Array(0);

/** An archive of `archive`'s members' objectives alone, to replay offers on (no variables kept). */
function objectivesOnlyCopy<V extends VariableArray>(archive: NonDominatedArchive<V>): NonDominatedArchive<Uint8Array> {
  const copy = new NonDominatedArchive<Uint8Array>(archive.capacity, 0, archive.numberOfObjectives, () => EMPTY_ROW);
  const { size, objectives, hypervolume } = archive.getState(true);
  copy.setState({ size, objectives, hypervolume, variables: EMPTY_ROW });
  return copy;
}

/** Milliseconds from a monotonic clock (performance.now exists in Node, workers and browsers). */
function now(): number {
  return performance.now();
}
