/** The from-to term of the change indicators: -cost(today's class) for every changed cell. */
import type { StudyArea } from '../../model/study-area.js';
import { linearTerm, type LinearTerm } from '../terms.js';

export function changeTerm(area: StudyArea, cost: (from: number) => number): LinearTerm {
  const K = area.classes.length;
  const fromTo = new Float64Array(K * K);
  for (let from = 0; from < K; from++) {
    const value = cost(from);
    for (let to = 0; to < K; to++) if (to !== from) fromTo[from * K + to] = -value;
  }
  return linearTerm({ alpha: new Float64Array(K), beta: new Float64Array(K), x: null, fromTo });
}
