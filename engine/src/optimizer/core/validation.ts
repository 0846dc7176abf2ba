import { OptimizerInputError } from '../errors.js';
import type { Problem, VariableArray } from './problem.js';

/** Check a problem's declared sizes before a run; throws {@link OptimizerInputError} naming the field. */
export function validateProblem(problem: Problem<VariableArray>): void {
  const name = `problem "${problem.name}"`;
  const { numberOfVariables: n, numberOfObjectives: m, numberOfConstraints: k } = problem;
  if (!Number.isInteger(n) || n < 1)
    throw new OptimizerInputError(`${name}: numberOfVariables must be an integer >= 1, got ${n}`);
  if (!Number.isInteger(m) || m < 1)
    throw new OptimizerInputError(`${name}: numberOfObjectives must be an integer >= 1, got ${m}`);
  if (!Number.isInteger(k) || k < 0)
    throw new OptimizerInputError(`${name}: numberOfConstraints must be an integer >= 0, got ${k}`);
  if (problem.directions.length !== m) {
    throw new OptimizerInputError(`${name}: ${problem.directions.length} objective directions for ${m} objectives`);
  }
  if (problem.objectiveNames.length !== m) {
    throw new OptimizerInputError(`${name}: ${problem.objectiveNames.length} objective names for ${m} objectives`);
  }
  problem.directions.forEach((direction, j) => {
    if (direction !== 'minimize' && direction !== 'maximize') {
      throw new OptimizerInputError(
        `${name}: objective ${j} has direction "${String(direction)}"; use "minimize" or "maximize"`,
      );
    }
  });
  const space = problem.variables;
  if (space.kind === 'real' || space.kind === 'integer') {
    if (space.lower.length !== n || space.upper.length !== n) {
      throw new OptimizerInputError(
        `${name}: bounds have ${space.lower.length} lower and ${space.upper.length} upper values for ${n} variables`,
      );
    }
    for (let i = 0; i < n; i++) {
      const low = space.lower[i]!;
      const high = space.upper[i]!;
      if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
        throw new OptimizerInputError(
          `${name}: variable ${i} has bounds [${low}, ${high}]; they must be finite with lower <= upper`,
        );
      }
    }
  } else if (space.kind === 'categorical') {
    if (!Number.isInteger(space.cardinality) || space.cardinality < 1) {
      throw new OptimizerInputError(
        `${name}: categorical cardinality must be an integer >= 1, got ${space.cardinality}`,
      );
    }
  }
  const probe = problem.createVariables(2);
  if (probe.length !== 2 * n) {
    throw new OptimizerInputError(
      `${name}: createVariables(2) returned ${probe.length} values, expected 2 x ${n} = ${2 * n}`,
    );
  }
}

/**
 * Check evaluated objectives and violations: every value finite, violations >= 0.
 * @param firstRow the index of the batch's first row, for messages that name the row.
 */
export function validateEvaluations(
  problem: Problem<VariableArray>,
  objectives: Float64Array,
  violations: Float64Array,
  size: number,
): void {
  const m = problem.numberOfObjectives;
  const k = problem.numberOfConstraints;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < m; j++) {
      const value = objectives[i * m + j]!;
      if (!Number.isFinite(value)) {
        throw new OptimizerInputError(
          `problem "${problem.name}" returned ${value} for objective ${j} ("${problem.objectiveNames[j]}") of batch row ${i}; objectives must be finite numbers`,
        );
      }
    }
    for (let j = 0; j < k; j++) {
      const value = violations[i * k + j]!;
      if (!(value >= 0) || value === Infinity) {
        throw new OptimizerInputError(
          `problem "${problem.name}" returned violation ${value} for constraint ${j} of batch row ${i}; violations must be finite and >= 0 (0 = satisfied)`,
        );
      }
    }
  }
}
