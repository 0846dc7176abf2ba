/**
 * A population stored as typed-array matrices (row-major), generic over the variable array
 * type: `Float64Array` for real vectors, `Uint8Array` for class-per-cell land-use genomes.
 *
 * Objectives are stored in MINIMISATION form (maximised objectives negated); use
 * {@link toNaturalObjectives} to report them in the problem's own directions.
 */
import type { ObjectiveDirection, Problem, VariableArray } from './problem.js';

export class Population<V extends VariableArray = VariableArray> {
  /** Rows in use (0..capacity). */
  size = 0;
  /** Decision variables, capacity x numberOfVariables. */
  readonly variables: V;
  /** Objectives in minimisation form, capacity x numberOfObjectives. */
  readonly objectives: Float64Array;
  /** Constraint violations (>= 0, 0 = satisfied), capacity x numberOfConstraints. */
  readonly violations: Float64Array;
  /** Sum of each row's violations: 0 means feasible (constrained domination compares these). */
  readonly totalViolation: Float64Array;
  /** Non-domination rank (0 = first front), filled by survival. */
  readonly rank: Int32Array;
  /** Crowding distance within the row's front (Infinity at the extremes), filled by survival. */
  readonly crowding: Float64Array;
  /** Precomputed row views of `variables`, so operators get rows without allocating. */
  readonly rows: readonly V[];

  constructor(
    readonly capacity: number,
    readonly numberOfVariables: number,
    readonly numberOfObjectives: number,
    readonly numberOfConstraints: number,
    variables: V,
  ) {
    if (variables.length !== capacity * numberOfVariables) {
      throw new RangeError(
        `the variable matrix has ${variables.length} entries, expected ${capacity} x ${numberOfVariables}`,
      );
    }
    this.variables = variables;
    this.objectives = new Float64Array(capacity * numberOfObjectives);
    this.violations = new Float64Array(capacity * numberOfConstraints);
    this.totalViolation = new Float64Array(capacity);
    this.rank = new Int32Array(capacity);
    this.crowding = new Float64Array(capacity);
    const rows: V[] = [];
    for (let i = 0; i < capacity; i++) {
      rows.push(variables.subarray(i * numberOfVariables, (i + 1) * numberOfVariables) as V);
    }
    this.rows = rows;
  }

  /** A population of `capacity` rows whose variable matrix comes from `problem.createVariables`. */
  static forProblem<V extends VariableArray>(problem: Problem<V>, capacity: number): Population<V> {
    return new Population(
      capacity,
      problem.numberOfVariables,
      problem.numberOfObjectives,
      problem.numberOfConstraints,
      problem.createVariables(capacity),
    );
  }

  /** Row view of the decision variables of row `index` (no allocation). */
  row(index: number): V {
    return this.rows[index]!;
  }

  /** Copy row `from` of `source` (every matrix and the rank/crowding) into row `to` of this population. */
  copyRow(source: Population<V>, from: number, to: number): void {
    (this.variables as VariableArray).set(source.rows[from]!, to * this.numberOfVariables);
    this.copyValues(source, from, to);
  }

  /** {@link copyRow} without the variables: objectives, violations, rank and crowding. */
  copyValues(source: Population<V>, from: number, to: number): void {
    const m = this.numberOfObjectives;
    const k = this.numberOfConstraints;
    for (let j = 0; j < m; j++) this.objectives[to * m + j] = source.objectives[from * m + j]!;
    for (let j = 0; j < k; j++) this.violations[to * k + j] = source.violations[from * k + j]!;
    this.totalViolation[to] = source.totalViolation[from]!;
    this.rank[to] = source.rank[from]!;
    this.crowding[to] = source.crowding[from]!;
  }

  /** True when row `index` satisfies every constraint. */
  isFeasible(index: number): boolean {
    return this.totalViolation[index] === 0;
  }
}

/**
 * Convert objectives between the natural directions and minimisation form (the conversion is its
 * own inverse: maximised columns are negated). Writes into `out` (may be `objectives` itself).
 */
export function toNaturalObjectives(
  objectives: Float64Array,
  rows: number,
  directions: readonly ObjectiveDirection[],
  out: Float64Array = new Float64Array(rows * directions.length),
): Float64Array {
  const m = directions.length;
  for (let j = 0; j < m; j++) {
    const sign = directions[j] === 'maximize' ? -1 : 1;
    for (let i = 0; i < rows; i++) out[i * m + j] = sign * objectives[i * m + j]!;
  }
  return out;
}

/** Alias of {@link toNaturalObjectives} that reads better at call sites going the other way. */
export const toMinimisationObjectives = toNaturalObjectives;
