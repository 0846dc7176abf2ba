import type { Mutation } from '../../core/operators.js';
import type { Random } from '../../core/random.js';
import { OptimizerInputError } from '../../errors.js';
import { powerFunction, rootFunction } from './fast-power.js';
import { checkProbability } from './sbx-crossover.js';

export interface PolynomialMutationOptions {
  /** Distribution index: larger means smaller steps. Default 20. */
  readonly eta?: number;
  /** Probability that each variable mutates. Default 1 / numberOfVariables. */
  readonly probability?: number;
  /**
   * Probability that a row is mutated at all (then each variable with `probability`). Default 1,
   * as jMetal; pymoo's PM uses 0.9, and so do our NSGA-II defaults (operators/defaults.ts).
   */
  readonly individualProbability?: number;
}

/**
 * Polynomial mutation (Deb and Goyal 1996) in its bounded form (pymoo, jMetal): the step
 * distribution shrinks near a bound so the result stays inside; results are clipped anyway.
 * @example new PolynomialMutation(lower, upper) // eta 20, probability 1/n
 */
export class PolynomialMutation implements Mutation<Float64Array> {
  readonly name = 'polynomial';
  readonly eta: number;
  readonly probability: number;
  readonly individualProbability: number;
  private readonly power: (x: number) => number;
  private readonly root: (x: number) => number;

  constructor(
    private readonly lower: Float64Array,
    private readonly upper: Float64Array,
    options: PolynomialMutationOptions = {},
  ) {
    if (lower.length !== upper.length || lower.length === 0) {
      throw new OptimizerInputError(
        `polynomial mutation needs matching non-empty bounds, got ${lower.length} and ${upper.length}`,
      );
    }
    this.eta = options.eta ?? 20;
    this.probability = options.probability ?? 1 / lower.length;
    this.individualProbability = options.individualProbability ?? 1;
    if (!(this.eta >= 0)) throw new OptimizerInputError(`polynomial mutation eta must be >= 0, got ${this.eta}`);
    checkProbability('polynomial mutation probability', this.probability);
    checkProbability('polynomial mutation individualProbability', this.individualProbability);
    this.power = powerFunction(this.eta + 1);
    this.root = rootFunction(this.eta + 1);
  }

  mutate(row: Float64Array, random: Random): void {
    const n = row.length;
    const p = this.probability;
    if (p <= 0) return;
    if (this.individualProbability < 1 && random.nextDouble() >= this.individualProbability) return;
    // Positions to mutate by geometric skipping (gap ~ Geometric(p)): the cost follows the number
    // of mutations, not n, and the distribution equals an independent coin flip per variable.
    const logKeep = Math.log1p(-p);
    let i = p >= 1 ? 0 : Math.floor(Math.log1p(-random.nextDouble()) / logKeep);
    while (i < n) {
      this.mutateVariable(row, i, random);
      i += p >= 1 ? 1 : 1 + Math.floor(Math.log1p(-random.nextDouble()) / logKeep);
    }
  }

  private mutateVariable(row: Float64Array, i: number, random: Random): void {
    const low = this.lower[i]!;
    const high = this.upper[i]!;
    const range = high - low;
    if (range <= 0) return;
    const x = row[i]!;
    const u = random.nextDouble();
    let deltaQ: number;
    if (u <= 0.5) {
      const xy = 1 - (x - low) / range;
      const value = 2 * u + (1 - 2 * u) * this.power(xy);
      deltaQ = this.root(value) - 1;
    } else {
      const xy = 1 - (high - x) / range;
      const value = 2 * (1 - u) + 2 * (u - 0.5) * this.power(xy);
      deltaQ = 1 - this.root(value);
    }
    let y = x + deltaQ * range;
    if (y < low) y = low;
    else if (y > high) y = high;
    row[i] = y;
  }
}
