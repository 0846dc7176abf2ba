import type { Sampling } from '../../core/operators.js';
import type { VariableArray, VariableSpace } from '../../core/problem.js';
import type { Random } from '../../core/random.js';
import { DiscreteDomain } from './discrete-domain.js';

/** Every variable drawn uniformly from its integer range or its categories. */
export class UniformDiscreteSampling<V extends VariableArray = VariableArray> implements Sampling<V> {
  readonly name = 'uniform-discrete';
  private readonly domain: DiscreteDomain;

  constructor(
    space: VariableSpace,
    private readonly numberOfVariables: number,
  ) {
    this.domain = DiscreteDomain.of(space, numberOfVariables);
  }

  sample(variables: V, rows: number, random: Random): void {
    const n = this.numberOfVariables;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < n; i++) variables[r * n + i] = this.domain.lower(i) + random.nextInt(this.domain.span(i));
    }
  }
}
