import type { Mutation } from '../../core/operators.js';
import type { VariableArray, VariableSpace } from '../../core/problem.js';
import type { Random } from '../../core/random.js';
import { checkProbability } from '../real/sbx-crossover.js';
import { DiscreteDomain } from './discrete-domain.js';

export interface RandomResetMutationOptions {
  /** Probability that each variable is reset. Default 1 / numberOfVariables. */
  readonly probability?: number;
}

/**
 * Random-reset mutation for integer and categorical variables: each variable, with the given
 * probability, takes a different value drawn uniformly from its domain. The mutated positions are
 * drawn by geometric skipping, so the cost is proportional to the number of mutations, not to n.
 */
export class RandomResetMutation<V extends VariableArray = VariableArray> implements Mutation<V> {
  readonly name = 'random-reset';
  readonly probability: number;
  private readonly domain: DiscreteDomain;
  private readonly logKeep: number;

  constructor(space: VariableSpace, numberOfVariables: number, options: RandomResetMutationOptions = {}) {
    this.domain = DiscreteDomain.of(space, numberOfVariables);
    this.probability = options.probability ?? 1 / numberOfVariables;
    checkProbability('random-reset mutation probability', this.probability);
    this.logKeep = Math.log1p(-this.probability);
  }

  mutate(row: V, random: Random): void {
    const n = row.length;
    const p = this.probability;
    if (p <= 0) return;
    // Gap to the next mutated position ~ Geometric(p); p = 1 mutates every variable.
    let i = p >= 1 ? 0 : Math.floor(Math.log1p(-random.nextDouble()) / this.logKeep);
    while (i < n) {
      const span = this.domain.span(i);
      if (span > 1) {
        const lower = this.domain.lower(i);
        // Draw among the span - 1 other values so a mutation always changes the variable.
        let value = lower + random.nextInt(span - 1);
        if (value >= row[i]!) value++;
        row[i] = value;
      }
      i += p >= 1 ? 1 : 1 + Math.floor(Math.log1p(-random.nextDouble()) / this.logKeep);
    }
  }
}
