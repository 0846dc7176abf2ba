/**
 * How NSGA-II (nsga2.ts) makes the rows it evaluates: the initial population, then each
 * generation's offspring by selection, crossover and mutation, with duplicate elimination and the
 * memetic step's elite copies. The per-row work (sampling a row, the repair, the improvement) is
 * returned as a {@link RowPreparation}, one seed per row drawn from the run's stream, so that an
 * evaluator can do it in its workers (core/preparation.ts). Everything is drawn from one
 * generator in one order, so the rows are the same whoever prepares them.
 */
import { DuplicateFilter } from '../core/duplicate-filter.js';
import type { Population } from '../core/population.js';
import type { RowPreparation } from '../core/preparation.js';
import type { Problem, VariableArray } from '../core/problem.js';
import { eliteRows } from './intensification.js';
import type { NSGA2 } from './nsga2.js';
import type { PopulationMembers } from './population-members.js';

/** The operators and settings the rows are made with: NSGA2's, as configured. */
export type OffspringOperators<V extends VariableArray> = Pick<
  NSGA2<V>,
  | 'sampling'
  | 'crossover'
  | 'mutation'
  | 'repair'
  | 'improvement'
  | 'intensification'
  | 'selection'
  | 'eliminateDuplicates'
  | 'random'
> & { readonly initialVariables: V | undefined };

/** Offspring being made: the per-row work still to do, and `make(end)` to make every row before batch row `end`. */
export interface OffspringBatch<V extends VariableArray> {
  readonly preparation: RowPreparation<V> | null;
  readonly make: (end: number) => void;
}

export class OffspringMaker<V extends VariableArray> {
  private readonly duplicates = new DuplicateFilter<V>();
  private readonly parents: Int32Array;
  /** The memetic step's elite rows and each one's focus (see intensification.ts). */
  private readonly eliteIndices: Int32Array;
  private readonly eliteFocus: Int32Array;
  /** Buffers the two parents of a crossover are read into when the members are stored. */
  private parentBuffers: V | null = null;

  /**
   * @param population rows [0, N) the members, rows [N, N + O) the offspring, plus two spare rows.
   * @param members where the members' variables are (population-members.ts).
   */
  constructor(
    private readonly problem: Problem<V>,
    private readonly population: Population<V>,
    private readonly members: PopulationMembers<V>,
    private readonly populationSize: number,
    private readonly offspringSize: number,
    private readonly operators: OffspringOperators<V>,
  ) {
    this.parents = new Int32Array(2 * offspringSize);
    this.eliteIndices = new Int32Array(problem.numberOfObjectives + 1);
    this.eliteFocus = new Int32Array(problem.numberOfObjectives + 1);
  }

  /**
   * Fill rows [first, first + N) with the initial variables and the sampling. With a row-wise sampling
   * (`sampleRow`) or a repair, returns the per-row work still to do (one seed per row).
   */
  initialPopulation(first: number): RowPreparation<V> | null {
    const { sampling, repair, improvement, initialVariables, random } = this.operators;
    const n = this.problem.numberOfVariables;
    const size = this.populationSize;
    const pop = this.population;
    let seeded = 0;
    if (initialVariables) {
      seeded = initialVariables.length / n;
      (pop.variables as VariableArray).set(initialVariables, first * n);
    }
    const rowSampling = seeded < size && typeof sampling.sampleRow === 'function';
    if (seeded < size && !rowSampling) {
      sampling.sample(pop.variables.subarray((first + seeded) * n, (first + size) * n) as V, size - seeded, random);
    }
    if (!rowSampling && !repair && !improvement) return null;
    const seeds = this.drawSeeds(size);
    let sampleIndex: Int32Array | null = null;
    if (rowSampling) {
      sampleIndex = new Int32Array(size);
      for (let i = 0; i < size; i++) sampleIndex[i] = i < seeded ? -1 : i - seeded;
    }
    return {
      seeds,
      sampling: rowSampling ? sampling : null,
      sampleIndex,
      repair: repair ?? null,
      improvement: improvement ?? null,
    };
  }

  /**
   * Selection, crossover and mutation into rows [N, N + O), with duplicate elimination, made as
   * `make(end)` asks: every offspring row before batch row `end`. The repair is not applied here:
   * it is returned as per-row work (one seed per offspring, drawn before any offspring is made, so
   * that a chunk's seeds are known before the rows after it are made), done by NSGA2's `ask()` or
   * by an evaluator that prepares rows. The rows are made by one generator in one order, drawing
   * from the run's stream, so they are the same whatever `end`s they are asked for in.
   * @param generation the completed generations (every `intensification.every`-th adds elite copies).
   */
  offspring(generation: number): OffspringBatch<V> {
    const { repair, improvement, intensification } = this.operators;
    const pop = this.population;
    const N = this.populationSize;
    const O = this.offspringSize;
    const prepared = Boolean(repair || improvement);
    const seeds = prepared ? this.drawSeeds(O) : null;
    pop.size = N;
    // The memetic step: the last offspring rows hold copies of elite members, to be improved.
    const every = intensification?.every ?? 0;
    const intensify = every > 0 && generation > 0 && generation % every === 0;
    const elites = intensify ? eliteRows(pop as Population, N, this.eliteIndices, this.eliteFocus) : 0;
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
          repair: repair ?? null,
          improvement: improvement ?? null,
          focus,
          budget: intensification?.budget ?? 0,
        }
      : null;
    return { preparation, make };
  }

  /**
   * Offspring that the repair or improvement made equal to a population member or to an earlier
   * offspring (an elite copy the memetic step could not improve, say) are dropped (the rows after
   * them move up), so the population never holds two copies of one layout.
   * @param moved told of each offspring row dropped (`to` null) or moved up into a free row.
   * @returns the number of offspring kept in rows [N, N + kept).
   */
  dropRepairedDuplicates(count: number, moved: (from: number, to: number | null) => void): number {
    const pop = this.population;
    const rows = pop.rows;
    const N = this.populationSize;
    const filter = this.duplicates;
    this.members.addTo(filter, N + count, N);
    let kept = N;
    for (let r = N; r < N + count; r++) {
      if (filter.has(rows[r]!)) {
        moved(r, null);
        continue;
      }
      if (kept !== r) {
        pop.copyRow(pop, r, kept);
        moved(r, kept);
      }
      filter.add(rows[kept]!);
      kept++;
    }
    return kept - N;
  }

  /** One seed per row from the run's stream, drawn in row order. */
  private drawSeeds(rows: number): Uint32Array {
    const random = this.operators.random;
    const seeds = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) seeds[i] = random.nextUint32();
    return seeds;
  }

  /**
   * The bred offspring rows [N, N + bred), one per step: selection, crossover and mutation, a
   * mutated child equal to a member or an earlier child rejected (up to 100 x O attempts). A row
   * is final once the step that made it has returned; the pair's second child may already be in
   * the next row, to be mutated by the next step.
   */
  private *breed(bred: number): Generator<void, void, void> {
    const { selection, crossover, mutation, random, eliminateDuplicates } = this.operators;
    const pop = this.population;
    const rows = pop.rows;
    const N = this.populationSize;
    const O = this.offspringSize;
    const filter = eliminateDuplicates ? this.duplicates : null;
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
      selection.select(pop as Population, 2 * pairs, this.parents, random);
      for (let p = 0; p < pairs && produced < bred; p++) {
        const target = N + produced;
        // Children go straight into the next free offspring rows (two spare rows at the end).
        crossover.cross(
          members.read(this.parents[2 * p]!, bufferA),
          members.read(this.parents[2 * p + 1]!, bufferB),
          rows[target]!,
          rows[target + 1]!,
          random,
        );
        for (let c = 0; c < 2 && produced < bred; c++) {
          const row = rows[N + produced]!;
          mutation.mutate(row, random);
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
}
