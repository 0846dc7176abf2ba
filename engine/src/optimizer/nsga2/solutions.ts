/**
 * A run's solutions in natural units and directions (nsga2.ts `result`, `currentSolutions`): the
 * population's rows or the archive's members, their objectives turned back from the minimisation
 * form NSGA-II keeps internally.
 */
import type { NonDominatedArchive } from '../archive/non-dominated-archive.js';
import { toNaturalObjectives, type Population } from '../core/population.js';
import type { Problem, VariableArray } from '../core/problem.js';
import type { PopulationMembers } from './population-members.js';

/** The sizes, objectives and violations of a set of solutions, in natural units and directions. */
export interface SolutionValues {
  readonly size: number;
  readonly numberOfVariables: number;
  readonly numberOfObjectives: number;
  readonly numberOfConstraints: number;
  /** size x numberOfObjectives, natural units and directions (a copy). */
  readonly objectives: Float64Array;
  /** size x numberOfConstraints (a copy). */
  readonly violations: Float64Array;
}

/** A set of solutions in natural units and directions (copies, safe to keep). */
export interface SolutionSet<V extends VariableArray = VariableArray> extends SolutionValues {
  /** size x numberOfVariables. */
  readonly variables: V;
}

/**
 * The solutions of a live run, read one row at a time ({@link NSGA2.currentSolutions}): no copy of
 * their variables is made, valid until the algorithm next changes (ask, tell, restore).
 */
export interface SolutionRows<V extends VariableArray = VariableArray> extends SolutionValues {
  /**
   * Solution i's variables: into `out` when given; otherwise a view of the live matrix or, when
   * the archive encodes its rows, a new array.
   */
  row(i: number, out?: V): V;
  /**
   * When the solutions are kept encoded (the archive's store: archive-rows.ts): the encoding's
   * name and solution i as kept (no decoding; never changed once made: read it, do not write it).
   */
  readonly encoded?: { readonly encoding: string; row(i: number): Uint8Array };
}

/** The rows `indices` of `pop`, their variables copied (from `members`, however it keeps them). */
export function solutionSet<V extends VariableArray>(
  problem: Problem<V>,
  members: PopulationMembers<V>,
  pop: Population<V>,
  indices: Int32Array,
): SolutionSet<V> {
  const n = problem.numberOfVariables;
  const variables = problem.createVariables(indices.length);
  indices.forEach((i, r) => members.copyInto(i, variables.subarray(r * n, (r + 1) * n) as V));
  return { ...solutionValues(problem, pop, indices), variables };
}

/** The sizes, objectives (natural directions) and violations of the rows `indices` of `pop`. */
export function solutionValues<V extends VariableArray>(
  problem: Problem<V>,
  pop: Population<V>,
  indices: Int32Array,
): SolutionValues {
  const m = problem.numberOfObjectives;
  const k = problem.numberOfConstraints;
  const size = indices.length;
  const objectives = new Float64Array(size * m);
  const violations = new Float64Array(size * k);
  for (let r = 0; r < size; r++) {
    const i = indices[r]!;
    for (let j = 0; j < m; j++) objectives[r * m + j] = pop.objectives[i * m + j]!;
    for (let j = 0; j < k; j++) violations[r * k + j] = pop.violations[i * k + j]!;
  }
  toNaturalObjectives(objectives, size, problem.directions, objectives);
  return {
    size,
    numberOfVariables: problem.numberOfVariables,
    numberOfObjectives: m,
    numberOfConstraints: k,
    objectives,
    violations,
  };
}

/** The archive's members, their variables copied into one matrix (whatever its store). */
export function archiveSolutions<V extends VariableArray>(
  problem: Problem<V>,
  archive: NonDominatedArchive<V>,
): SolutionSet<V> {
  const n = problem.numberOfVariables;
  const variables = problem.createVariables(archive.size);
  for (let i = 0; i < archive.size; i++) archive.row(i, variables.subarray(i * n, (i + 1) * n) as V);
  return { ...archiveValues(problem, archive), variables };
}

/** The sizes and objectives (natural directions) of the archive's members; they have no violations. */
export function archiveValues<V extends VariableArray>(
  problem: Problem<V>,
  archive: NonDominatedArchive<V>,
): SolutionValues {
  const objectives = archive.getObjectives();
  return {
    size: archive.size,
    numberOfVariables: problem.numberOfVariables,
    numberOfObjectives: problem.numberOfObjectives,
    numberOfConstraints: 0,
    objectives: toNaturalObjectives(objectives, archive.size, problem.directions, objectives),
    violations: new Float64Array(0),
  };
}
