import type { Crossover } from '../../core/operators.js';
import type { Random } from '../../core/random.js';
import { OptimizerInputError } from '../../errors.js';
import { powerFunction, rootFunction } from './fast-power.js';

export interface SbxOptions {
  /** Distribution index: larger keeps children closer to their parents. Default 15. */
  readonly eta?: number;
  /** Probability that a pair is recombined at all (otherwise the children copy the parents). Default 0.9. */
  readonly probability?: number;
  /** Probability that each variable of a recombined pair takes part. Default 0.5. */
  readonly variableProbability?: number;
  /** Probability of swapping the two children's values of a variable. Default 0.5. */
  readonly swapProbability?: number;
}

/**
 * Simulated binary crossover (Deb and Agrawal 1995) for bounded real variables, in the bounded
 * form used by pymoo and jMetal; children are clipped to the bounds.
 * @example new SbxCrossover(lower, upper) // eta 15, probability 0.9
 */
export class SbxCrossover implements Crossover<Float64Array> {
  readonly name = 'sbx';
  readonly eta: number;
  readonly probability: number;
  readonly variableProbability: number;
  readonly swapProbability: number;
  private readonly power: (x: number) => number;
  private readonly root: (x: number) => number;
  /** Probabilities as thresholds on a uniform 32-bit draw: one generator step per coin flip. */
  private readonly variableThreshold: number;
  private readonly swapThreshold: number;

  constructor(
    private readonly lower: Float64Array,
    private readonly upper: Float64Array,
    options: SbxOptions = {},
  ) {
    this.eta = options.eta ?? 15;
    this.probability = options.probability ?? 0.9;
    this.variableProbability = options.variableProbability ?? 0.5;
    this.swapProbability = options.swapProbability ?? 0.5;
    if (!(this.eta >= 0)) throw new OptimizerInputError(`SBX eta must be >= 0, got ${this.eta}`);
    this.power = powerFunction(this.eta + 1);
    this.root = rootFunction(this.eta + 1);
    this.variableThreshold = this.variableProbability * 4294967296;
    this.swapThreshold = this.swapProbability * 4294967296;
    checkProbability('SBX probability', this.probability);
    checkProbability('SBX variableProbability', this.variableProbability);
    checkProbability('SBX swapProbability', this.swapProbability);
    if (lower.length !== upper.length) {
      throw new OptimizerInputError(`SBX bounds differ in length: ${lower.length} lower, ${upper.length} upper`);
    }
  }

  cross(
    parentA: Float64Array,
    parentB: Float64Array,
    childA: Float64Array,
    childB: Float64Array,
    random: Random,
  ): void {
    childA.set(parentA);
    childB.set(parentB);
    if (random.nextDouble() >= this.probability) return;
    const n = parentA.length;
    const power = this.power;
    const root = this.root;
    for (let i = 0; i < n; i++) {
      if (random.nextUint32() >= this.variableThreshold) continue;
      const a = parentA[i]!;
      const b = parentB[i]!;
      const low = this.lower[i]!;
      const high = this.upper[i]!;
      if (Math.abs(a - b) <= 1e-14 || low === high) continue;
      const y1 = a < b ? a : b;
      const y2 = a < b ? b : a;
      const delta = y2 - y1;
      const u = random.nextDouble();

      let beta = 1 + (2 * (y1 - low)) / delta;
      // beta^-(eta+1) and (.)^(1/(eta+1)) of the bounded SBX (pymoo's formulation).
      let alpha = 2 - 1 / power(beta);
      let betaQ = u <= 1 / alpha ? root(u * alpha) : root(1 / (2 - u * alpha));
      let c1 = 0.5 * (y1 + y2 - betaQ * delta);

      beta = 1 + (2 * (high - y2)) / delta;
      alpha = 2 - 1 / power(beta);
      betaQ = u <= 1 / alpha ? root(u * alpha) : root(1 / (2 - u * alpha));
      let c2 = 0.5 * (y1 + y2 + betaQ * delta);

      if (c1 < low) c1 = low;
      else if (c1 > high) c1 = high;
      if (c2 < low) c2 = low;
      else if (c2 > high) c2 = high;
      if (random.nextUint32() < this.swapThreshold) {
        childA[i] = c2;
        childB[i] = c1;
      } else {
        childA[i] = c1;
        childB[i] = c2;
      }
    }
  }
}

export function checkProbability(what: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new OptimizerInputError(`${what} must be in [0, 1], got ${value}`);
}
