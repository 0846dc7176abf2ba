/**
 * The seeded random number generator threaded through every stochastic component.
 *
 * A thin wrapper over pure-rand's xoroshiro128+ (a documented standard generator with a
 * 128-bit state that we can read and restore for checkpoints). Nothing in the optimiser calls
 * `Math.random`: the same seed always gives the same run.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { OptimizerInputError } from '../errors.js';

/** The serialisable state of a {@link Random}: four 32-bit integers of xoroshiro128+. */
export interface RandomState {
  readonly algorithm: 'xoroshiro128plus';
  readonly state: readonly number[];
}

export interface Random {
  /** A double uniform in [0, 1) with 53 random bits. */
  nextDouble(): number;
  /** An integer uniform in [0, maxExclusive), unbiased (rejection sampling); maxExclusive in [1, 2^32]. */
  nextInt(maxExclusive: number): number;
  /** 32 uniform random bits as an unsigned integer in [0, 2^32): handy for many coin flips at once. */
  nextUint32(): number;
  /** A snapshot of the generator state; {@link Random.setState} with it replays the same sequence. */
  getState(): RandomState;
  setState(state: RandomState): void;
  /** An independent generator at the same point of the sequence (for look-ahead without side effects). */
  clone(): Random;
}

const TWO_POW_32 = 4294967296;
const SCALE_26 = 2 ** -26;
const SCALE_53 = 2 ** -53;

class XoroshiroRandom implements Random {
  constructor(private generator: JumpableRandomGenerator) {}

  nextDouble(): number {
    // Same construction as pure-rand's uniformFloat64: 26 + 27 bits -> a multiple of 2^-53.
    const high = this.generator.next() & 0x3ffffff;
    const low = this.generator.next() & 0x7ffffff;
    return high * SCALE_26 + low * SCALE_53;
  }

  nextInt(maxExclusive: number): number {
    if (!(maxExclusive >= 1 && maxExclusive <= TWO_POW_32) || !Number.isInteger(maxExclusive)) {
      throw new OptimizerInputError(`nextInt needs an integer bound in [1, 2^32], got ${maxExclusive}`);
    }
    // Reject the top partial block so every value is equally likely.
    const limit = maxExclusive > 2 ? Math.floor(TWO_POW_32 / maxExclusive) * maxExclusive : TWO_POW_32;
    let value = this.generator.next() + 0x80000000;
    while (value >= limit) value = this.generator.next() + 0x80000000;
    return value % maxExclusive;
  }

  nextUint32(): number {
    return this.generator.next() >>> 0;
  }

  getState(): RandomState {
    return { algorithm: 'xoroshiro128plus', state: [...this.generator.getState()] };
  }

  setState(state: RandomState): void {
    if (state.algorithm !== 'xoroshiro128plus' || state.state.length !== 4) {
      throw new OptimizerInputError(
        `cannot restore a random state of algorithm "${String(state.algorithm)}" with ${state.state.length} words; expected xoroshiro128plus with 4`,
      );
    }
    this.generator = xoroshiro128plusFromState(state.state);
  }

  clone(): Random {
    return new XoroshiroRandom(this.generator.clone());
  }
}

/**
 * Create a seeded generator.
 * @param seed any safe integer; the same seed always yields the same sequence.
 * @example const random = createRandom(42); random.nextDouble();
 */
export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw new OptimizerInputError(`the seed must be an integer, got ${seed}`);
  // Fold the high bits in so seeds above 2^32 still differ; then discard a few outputs, because
  // xoroshiro128+ seeded from one small integer starts with correlated values.
  const folded = (seed ^ Math.floor(seed / TWO_POW_32)) | 0;
  const generator = xoroshiro128plus(folded);
  for (let i = 0; i < 16; i++) generator.next();
  return new XoroshiroRandom(generator);
}

/** Recreate a generator from {@link Random.getState}. */
export function restoreRandom(state: RandomState): Random {
  const random = createRandom(0);
  random.setState(state);
  return random;
}
