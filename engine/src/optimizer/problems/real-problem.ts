import type { EvaluationBatch, ObjectiveDirection, Problem, VariableSpace } from '../core/problem.js';

/**
 * Base for bounded real-valued test problems: subclasses implement `evaluateRow` on one row
 * (row views are cut without allocation from the batch's flat arrays).
 */
export abstract class RealProblem implements Problem<Float64Array> {
  readonly variables: VariableSpace & { kind: 'real' };
  readonly directions: readonly ObjectiveDirection[];
  readonly objectiveNames: readonly string[];
  readonly numberOfConstraints: number = 0;

  constructor(
    readonly name: string,
    readonly numberOfVariables: number,
    readonly numberOfObjectives: number,
    lower: number | Float64Array = 0,
    upper: number | Float64Array = 1,
  ) {
    this.variables = {
      kind: 'real',
      lower: typeof lower === 'number' ? new Float64Array(numberOfVariables).fill(lower) : lower,
      upper: typeof upper === 'number' ? new Float64Array(numberOfVariables).fill(upper) : upper,
    };
    this.directions = Array.from({ length: numberOfObjectives }, () => 'minimize' as const);
    this.objectiveNames = Array.from({ length: numberOfObjectives }, (_, j) => `f${j + 1}`);
  }

  createVariables(rows: number): Float64Array {
    return new Float64Array(rows * this.numberOfVariables);
  }

  evaluate(batch: EvaluationBatch<Float64Array>): void {
    const n = this.numberOfVariables;
    const m = this.numberOfObjectives;
    for (let i = 0; i < batch.size; i++) this.evaluateRow(batch.variables, i * n, batch.objectives, i * m);
  }

  /** Read x from `x[offset .. offset + n)` and write f to `f[out .. out + m)`. */
  protected abstract evaluateRow(x: Float64Array, offset: number, f: Float64Array, out: number): void;
}
