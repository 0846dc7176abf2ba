import type { Sampling } from '../../core/operators.js';
import type { Random } from '../../core/random.js';

/** Uniform random points in the box [lower, upper]. */
export class UniformRealSampling implements Sampling<Float64Array> {
  readonly name = 'uniform-real';

  constructor(
    private readonly lower: Float64Array,
    private readonly upper: Float64Array,
  ) {}

  sample(variables: Float64Array, rows: number, random: Random): void {
    const n = this.lower.length;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < n; i++) {
        const low = this.lower[i]!;
        variables[r * n + i] = low + random.nextDouble() * (this.upper[i]! - low);
      }
    }
  }
}
