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
import { NonDominatedArchive } from '../archive/non-dominated-archive.js';
import { SequentialEvaluator, type Evaluator } from '../core/evaluator.js';
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
import { ArchiveFinishing } from './finishing.js';
import { OffspringMaker } from './offspring.js';
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
  /** Makes the initial population and the offspring (offspring.ts). */
  private readonly maker: OffspringMaker<V>;
  /** The improvement's last step on the rows the archive admits (finishing.ts). */
  private readonly finishing: ArchiveFinishing<V>;
  /** The first population row of the batch out for evaluation. */
  private batchFirst = 0;
  private readonly selected: Int32Array;
  private readonly kept: Uint8Array;
  private readonly frontIndices: Int32Array;
  private readonly frontMinimised: Float64Array;
  private readonly hypervolumeRows: Int32Array;
  /** True when the evaluator prepares (samples, repairs) rows itself, e.g. in its workers. */
  private readonly evaluatorPreparesRows: boolean;
  /** True when the evaluator starts on a batch before all its rows are made (`batch.make`). */
  private readonly evaluatorMakesLater: boolean;
  /** The outstanding batch's `make`, while some of its rows may not be made yet. */
  private making: ((end: number) => void) | null = null;
  private frontSize = 0;
  /** Between `receive` and `complete`: the batch's first row, the rows kept, and whether it is the initial population. */
  private received: { first: number; candidates: number; initial: boolean } | null = null;
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
    this.frontIndices = new Int32Array(populationSize);
    this.frontMinimised = new Float64Array(populationSize * m);
    this.hypervolumeRows = new Int32Array(populationSize);
    this.archiveStore = options.archive
      ? new NonDominatedArchive(
          options.archive.capacity,
          problem.numberOfVariables,
          m,
          options.archive.rows ?? ((rows) => problem.createVariables(rows)),
        )
      : null;
    this.maker = new OffspringMaker(problem, this.current, this.members, populationSize, offspringSize, {
      sampling: this.sampling,
      crossover: this.crossover,
      mutation: this.mutation,
      repair: this.repair,
      improvement: this.improvement,
      intensification: this.intensification,
      selection: this.selection,
      eliminateDuplicates: this.eliminateDuplicates,
      random: this.random,
      initialVariables: this.initialVariables,
    });
    this.finishing = new ArchiveFinishing(problem, this.current, this.improvement, this.archiveStore, this.evaluator);
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
      preparation = this.maker.initialPopulation(first);
      this.phase = 'initial-out';
    } else if (this.phase === 'ready') {
      first = this.populationSize;
      size = this.offspringSize;
      ({ preparation, make } = this.maker.offspring(this.generation));
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
    const finishAhead = this.finishing.request(this.phase === 'initial-out');
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
    this.finishing.receive(batch.finishAhead ?? expected.finishAhead, first, expected.size);
    this.outstanding = null;
    this.evaluations += expected.size;
    let candidates = expected.size;
    if (!initial && (this.repair || this.improvement) && this.eliminateDuplicates)
      candidates = this.maker.dropRepairedDuplicates(candidates, (from, to) =>
        to === null ? this.finishing.drop(from) : this.finishing.move(from, to),
      );
    this.received = { first, candidates, initial };
  }

  /** The second half of `tell`: the archive, survival, termination and observers. */
  private complete(): void {
    const pop = this.current;
    const { first, candidates, initial } = this.received!;
    this.received = null;
    // The improvement's last step, on the rows the archive would admit (all rows without one).
    const workerEncoded = this.finishing.offer(first, candidates);
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
      if (this.received) await this.finishing.inEvaluator(this.received.first, this.received.candidates, this.signal);
    } catch (error) {
      // As if the batch had never come back (cancelBatch): the population is the previous generation's.
      const initial = this.received?.initial === true;
      this.evaluations -= batch.size;
      this.received = null;
      this.finishing.forget();
      this.current.size = initial ? 0 : this.populationSize;
      this.phase = initial ? 'start' : 'ready';
      throw error;
    }
    this.complete();
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
    this.finishing.forget();
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
    if (archive) {
      const encoded = archive.encodedRows;
      return {
        ...archiveValues(this.problem, archive),
        row: (i, out) => archive.row(i, out),
        ...(encoded && { encoded }),
      };
    }
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

  /** Population row `row` (past the members) becomes member `to`: its values and its variables. */
  private keepMember(row: number, to: number, encoded: Map<number, Uint8Array> | null): void {
    const pop = this.current;
    pop.copyValues(pop, row, to);
    this.members.keep(to, pop.rows[row]!, encoded?.get(row));
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

/** Milliseconds from a monotonic clock (performance.now exists in Node, workers and browsers). */
function now(): number {
  return performance.now();
}
