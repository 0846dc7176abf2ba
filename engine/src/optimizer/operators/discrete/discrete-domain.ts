import type { VariableSpace } from '../../core/problem.js';
import { OptimizerInputError } from '../../errors.js';

/**
 * The values each integer or categorical variable may take: `lower(i) .. lower(i) + span(i) - 1`.
 * Categorical spaces share one span (no per-cell arrays for million-cell genomes).
 */
export class DiscreteDomain {
  private constructor(
    readonly numberOfVariables: number,
    private readonly lowerBounds: Int32Array | null,
    private readonly spans: Int32Array | null,
    private readonly sharedSpan: number,
  ) {}

  /** Build from a problem's variable space (integer or categorical). */
  static of(space: VariableSpace, numberOfVariables: number): DiscreteDomain {
    if (space.kind === 'categorical') {
      if (!Number.isInteger(space.cardinality) || space.cardinality < 1) {
        throw new OptimizerInputError(
          `a categorical space needs an integer cardinality >= 1, got ${space.cardinality}`,
        );
      }
      return new DiscreteDomain(numberOfVariables, null, null, space.cardinality);
    }
    if (space.kind === 'integer') {
      if (space.lower.length !== numberOfVariables || space.upper.length !== numberOfVariables) {
        throw new OptimizerInputError(
          `integer bounds have ${space.lower.length} lower and ${space.upper.length} upper values for ${numberOfVariables} variables`,
        );
      }
      const spans = new Int32Array(numberOfVariables);
      for (let i = 0; i < numberOfVariables; i++) {
        spans[i] = space.upper[i]! - space.lower[i]! + 1;
        if (spans[i]! < 1) {
          throw new OptimizerInputError(
            `variable ${i} has lower bound ${space.lower[i]} above upper bound ${space.upper[i]}`,
          );
        }
      }
      return new DiscreteDomain(numberOfVariables, space.lower, spans, 0);
    }
    throw new OptimizerInputError('discrete operators need an integer or categorical variable space, got real');
  }

  lower(i: number): number {
    return this.lowerBounds === null ? 0 : this.lowerBounds[i]!;
  }

  span(i: number): number {
    return this.spans === null ? this.sharedSpan : this.spans[i]!;
  }
}
