import type { Crossover, Mutation, Sampling } from '../core/operators.js';
import type { Problem, VariableArray } from '../core/problem.js';
import { RandomResetMutation } from './discrete/random-reset-mutation.js';
import { UniformCrossover } from './discrete/uniform-crossover.js';
import { UniformDiscreteSampling } from './discrete/uniform-discrete-sampling.js';
import { PolynomialMutation } from './real/polynomial-mutation.js';
import { SbxCrossover } from './real/sbx-crossover.js';
import { UniformRealSampling } from './real/uniform-real-sampling.js';

export interface DefaultOperators<V extends VariableArray> {
  readonly sampling: Sampling<V>;
  readonly crossover: Crossover<V>;
  readonly mutation: Mutation<V>;
}

/**
 * The usual defaults for a problem's variable space:
 * real -> uniform sampling, SBX (eta 15, p 0.9), polynomial mutation (eta 20; a row is mutated
 * with probability 0.9, then each variable with 1/n): pymoo's NSGA-II defaults, which ours match
 * problem by problem (docs/optimizer.md, "Against pymoo");
 * integer / categorical -> uniform sampling, uniform crossover (p 0.9), random reset (p 1/n).
 */
export function defaultOperators<V extends VariableArray>(problem: Problem<V>): DefaultOperators<V> {
  const space = problem.variables;
  const n = problem.numberOfVariables;
  if (space.kind === 'real') {
    // A real space always comes with Float64Array rows; the casts only re-label that type.
    return {
      sampling: new UniformRealSampling(space.lower, space.upper) as unknown as Sampling<V>,
      crossover: new SbxCrossover(space.lower, space.upper) as unknown as Crossover<V>,
      mutation: new PolynomialMutation(space.lower, space.upper, {
        individualProbability: 0.9,
      }) as unknown as Mutation<V>,
    };
  }
  return {
    sampling: new UniformDiscreteSampling<V>(space, n),
    crossover: new UniformCrossover<V>(),
    mutation: new RandomResetMutation<V>(space, n),
  };
}
