import type { Crossover } from '../../core/operators.js';
import type { VariableArray } from '../../core/problem.js';
import type { Random } from '../../core/random.js';
import { checkProbability } from '../real/sbx-crossover.js';

export interface TwoPointCrossoverOptions {
  /** Probability that a pair is recombined at all. Default 0.9. */
  readonly probability?: number;
}

/**
 * Two-point crossover: the children swap the segment between two random cut points
 * `[cutA, cutB)` (0 <= cutA < cutB <= n). Works on any variable array.
 */
export class TwoPointCrossover<V extends VariableArray = VariableArray> implements Crossover<V> {
  readonly name = 'two-point';
  readonly probability: number;

  constructor(options: TwoPointCrossoverOptions = {}) {
    this.probability = options.probability ?? 0.9;
    checkProbability('two-point crossover probability', this.probability);
  }

  cross(parentA: V, parentB: V, childA: V, childB: V, random: Random): void {
    childA.set(parentA);
    childB.set(parentB);
    const n = parentA.length;
    if (n < 2 || random.nextDouble() >= this.probability) return;
    let cutA = random.nextInt(n + 1);
    let cutB = random.nextInt(n);
    if (cutB >= cutA) cutB++;
    else [cutA, cutB] = [cutB, cutA];
    // The segment copies use the typed arrays' native set (fast on long genomes).
    (childA as VariableArray).set(parentB.subarray(cutA, cutB), cutA);
    (childB as VariableArray).set(parentA.subarray(cutA, cutB), cutA);
  }
}
