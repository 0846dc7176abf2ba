import type { Crossover } from '../../core/operators.js';
import type { VariableArray } from '../../core/problem.js';
import type { Random } from '../../core/random.js';
import { checkProbability } from '../real/sbx-crossover.js';

export interface UniformCrossoverOptions {
  /** Probability that a pair is recombined at all. Default 0.9. */
  readonly probability?: number;
}

/**
 * Uniform crossover: each variable of a recombined pair is swapped between the children with
 * probability 1/2. Works on any variable array; draws 32 coin flips per random word, so it stays
 * cheap on million-cell genomes.
 */
export class UniformCrossover<V extends VariableArray = VariableArray> implements Crossover<V> {
  readonly name = 'uniform';
  readonly probability: number;

  constructor(options: UniformCrossoverOptions = {}) {
    this.probability = options.probability ?? 0.9;
    checkProbability('uniform crossover probability', this.probability);
  }

  cross(parentA: V, parentB: V, childA: V, childB: V, random: Random): void {
    childA.set(parentA);
    childB.set(parentB);
    if (random.nextDouble() >= this.probability) return;
    const n = parentA.length;
    let bits = 0;
    for (let i = 0; i < n; i++) {
      if ((i & 31) === 0) bits = random.nextUint32();
      if (bits & 1) {
        childA[i] = parentB[i]!;
        childB[i] = parentA[i]!;
      }
      bits >>>= 1;
    }
  }
}
