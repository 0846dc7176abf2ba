/** Small problems used by the optimiser tests (real behaviour, no fakes). */
import type { EvaluationBatch, Problem, VariableSpace } from '../../../engine/src/optimizer/index.js';

/**
 * A categorical "land-use-like" problem: n cells, 3 classes. Maximise the number of class-2 cells
 * (a yield), minimise the number of class changes between neighbours (fragmentation).
 * One constraint: at most `maxClassTwo` cells of class 2.
 */
export class ToyLandUse implements Problem<Uint8Array> {
  readonly name = 'toy-land-use';
  readonly numberOfObjectives = 2;
  readonly numberOfConstraints = 1;
  readonly variables: VariableSpace = { kind: 'categorical', cardinality: 3 };
  readonly directions = ['maximize', 'minimize'] as const;
  readonly objectiveNames = ['yield', 'fragmentation'];
  constructor(
    readonly numberOfVariables = 40,
    readonly maxClassTwo = 30,
  ) {}
  createVariables(rows: number): Uint8Array {
    return new Uint8Array(rows * this.numberOfVariables);
  }
  evaluate(batch: EvaluationBatch<Uint8Array>): void {
    const n = this.numberOfVariables;
    for (let r = 0; r < batch.size; r++) {
      let yieldCount = 0;
      let changes = 0;
      for (let i = 0; i < n; i++) {
        const v = batch.variables[r * n + i]!;
        if (v === 2) yieldCount++;
        if (i > 0 && v !== batch.variables[r * n + i - 1]) changes++;
      }
      batch.objectives[r * 2] = yieldCount;
      batch.objectives[r * 2 + 1] = changes;
      batch.violations[r] = Math.max(0, yieldCount - this.maxClassTwo);
    }
  }
}

/** Binh and Korn's constrained problem (BNH): two reals, two constraints. */
export class Bnh implements Problem<Float64Array> {
  readonly name = 'BNH';
  readonly numberOfVariables = 2;
  readonly numberOfObjectives = 2;
  readonly numberOfConstraints = 2;
  readonly variables: VariableSpace = { kind: 'real', lower: Float64Array.of(0, 0), upper: Float64Array.of(5, 3) };
  readonly directions = ['minimize', 'minimize'] as const;
  readonly objectiveNames = ['f1', 'f2'];
  createVariables(rows: number): Float64Array {
    return new Float64Array(rows * 2);
  }
  evaluate(batch: EvaluationBatch<Float64Array>): void {
    for (let r = 0; r < batch.size; r++) {
      const x = batch.variables[2 * r]!;
      const y = batch.variables[2 * r + 1]!;
      batch.objectives[2 * r] = 4 * x * x + 4 * y * y;
      batch.objectives[2 * r + 1] = (x - 5) ** 2 + (y - 5) ** 2;
      batch.violations[2 * r] = Math.max(0, (x - 5) ** 2 + y * y - 25);
      batch.violations[2 * r + 1] = Math.max(0, 7.7 - (x - 8) ** 2 - (y + 3) ** 2);
    }
  }
}
