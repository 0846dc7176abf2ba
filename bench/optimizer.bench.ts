/**
 * Optimiser core benchmarks (single thread). Targets from issue 3, median on the 2-core CI box:
 * ZDT1 full run < 150 ms; non-dominated sort of 5,000 random points < 1.5 ms (M = 2) and
 * < 6 ms (M = 3); exact 3-D hypervolume of 1,000 mutually non-dominated points < 0.5 ms.
 */
import { benchmark } from './harness.js';
import {
  MaxGenerations,
  NSGA2,
  NonDominatedSorter,
  createBenchmarkProblem,
  createRandom,
  hypervolume,
} from '../engine/src/optimizer/index.js';

for (const name of ['ZDT1', 'DTLZ2']) {
  let seed = 0;
  benchmark({
    name: `optimizer: NSGA-II ${name} full run`,
    params: { problem: name, populationSize: 100, generations: 250, evaluations: 25_000 },
    repetitions: 9,
    warmup: 2,
    run(_state, context) {
      const result = new NSGA2(createBenchmarkProblem(name), {
        populationSize: 100,
        seed: seed++,
        termination: new MaxGenerations(250),
      }).runSync();
      context.record('frontSize', result.front.size);
    },
  });
}

function uniformPoints(count: number, m: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: count * m }, () => random.nextDouble());
}

for (const m of [2, 3]) {
  for (const count of [1_000, 5_000, 10_000]) {
    benchmark({
      name: `optimizer: non-dominated sort N=${count} M=${m}`,
      params: { points: count, objectives: m, distribution: 'uniform random' },
      repetitions: 41,
      warmup: 20,
      setup: () => ({
        points: uniformPoints(count, m, count + m),
        indices: Int32Array.from({ length: count }, (_, i) => i),
        rank: new Int32Array(count),
        sorter: new NonDominatedSorter(),
      }),
      run(state, context) {
        context.record('fronts', state.sorter.sort(state.points, m, state.indices, count, state.rank));
      },
    });
  }
}

benchmark({
  name: 'optimizer: hypervolume 3-D N=1000 non-dominated',
  params: { points: 1000, objectives: 3, distribution: 'positive unit sphere octant', reference: 1.1 },
  repetitions: 41,
  warmup: 20,
  setup: () => {
    const random = createRandom(3);
    const points = new Float64Array(3000);
    for (let i = 0; i < 1000; i++) {
      const v = [0, 0, 0].map(
        () =>
          Math.abs(Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble())) +
          1e-9,
      );
      const norm = Math.hypot(...v);
      points.set(
        v.map((x) => x / norm),
        3 * i,
      );
    }
    return points;
  },
  run(points, context) {
    context.record('hypervolume', hypervolume(points, [1.1, 1.1, 1.1]));
  },
});
