import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../../engine/src/runs/checkpoint.js';
import {
  HypervolumeStagnation,
  MaxEvaluations,
  MaxGenerations,
  NSGA2,
  OptimizerInputError,
  RandomResetMutation,
  TwoPointCrossover,
  Zdt1,
  Zdt2,
  anyOf,
  nonDominatedRanks,
  type EvaluationBatch,
  type Evaluator,
  type NSGA2Options,
  type NSGA2Result,
  type NSGA2Snapshot,
  type Problem,
  type RunState,
} from '../../../engine/src/optimizer/index.js';
import { Bnh, ToyLandUse } from './fixtures.js';

function sameResult(a: NSGA2Result, b: NSGA2Result): void {
  expect(b.generation).toBe(a.generation);
  expect(b.evaluations).toBe(a.evaluations);
  expect(b.stopReason).toBe(a.stopReason);
  expect(Array.from(b.population.variables)).toEqual(Array.from(a.population.variables));
  expect(Array.from(b.population.objectives)).toEqual(Array.from(a.population.objectives));
  expect(Array.from(b.front.objectives)).toEqual(Array.from(a.front.objectives));
  expect(Array.from(b.archive?.objectives ?? [])).toEqual(Array.from(a.archive?.objectives ?? []));
}

describe('NSGA-II', () => {
  it('gives the same result for the same seed and a different one for another seed', () => {
    const options = { populationSize: 20, seed: 5, termination: new MaxGenerations(15) };
    const a = new NSGA2(new Zdt1(), options).runSync();
    const b = new NSGA2(new Zdt1(), { ...options, termination: new MaxGenerations(15) }).runSync();
    const c = new NSGA2(new Zdt1(), { ...options, seed: 6, termination: new MaxGenerations(15) }).runSync();
    sameResult(a, b);
    expect(Array.from(c.population.objectives)).not.toEqual(Array.from(a.population.objectives));
  });

  it('counts generations and evaluations like pymoo (initial population = generation 1)', () => {
    const result = new NSGA2(new Zdt1(), { populationSize: 10, termination: new MaxEvaluations(100) }).runSync();
    expect(result.generation).toBe(10);
    expect(result.evaluations).toBe(100);
    expect(result.stopReason).toBe('max-evaluations');
  });

  it('returns a front that is non-dominated and inside the bounds', () => {
    const result = new NSGA2(new Zdt2(), {
      populationSize: 40,
      seed: 3,
      termination: new MaxGenerations(40),
    }).runSync();
    const front = Array.from({ length: result.front.size }, (_, i) =>
      Array.from(result.front.objectives.subarray(2 * i, 2 * i + 2)),
    );
    expect(front.length).toBeGreaterThan(5);
    expect([...nonDominatedRanks(front)].every((r) => r === 0)).toBe(true);
    expect(result.population.variables.every((x) => x >= 0 && x <= 1)).toBe(true);
  });

  it('can be driven from outside with ask/tell, exactly like run()', async () => {
    const options = (): NSGA2Options<Float64Array> => ({
      populationSize: 12,
      seed: 9,
      termination: new MaxGenerations(8),
    });
    const expected = await new NSGA2(new Zdt1(), options()).run();
    const problem = new Zdt1();
    const algorithm = new NSGA2(problem, options());
    while (!algorithm.done) {
      const batch = algorithm.ask();
      // An outside evaluator working on its own copies, returning a rebuilt batch.
      const copy: EvaluationBatch<Float64Array> = {
        size: batch.size,
        variables: batch.variables.slice(),
        objectives: new Float64Array(batch.objectives.length),
        violations: new Float64Array(batch.violations.length),
      };
      problem.evaluate(copy);
      algorithm.tell(copy);
    }
    sameResult(expected, algorithm.result());
  });

  it('uses an asynchronous evaluator through run() and rejects it in runSync()', async () => {
    let batches = 0;
    const evaluator: Evaluator<Float64Array> = {
      async evaluate(problem, batch) {
        batches++;
        await Promise.resolve();
        problem.evaluate(batch);
      },
    };
    const result = await new NSGA2(new Zdt1(), {
      populationSize: 8,
      evaluator,
      termination: new MaxGenerations(5),
    }).run();
    expect(batches).toBe(5);
    expect(result.evaluations).toBe(40);
    expect(() => new NSGA2(new Zdt1(), { populationSize: 8, evaluator }).runSync()).toThrow(/synchronous evaluator/);
  });

  it('resumes from a snapshot bit-identically (archive, stagnation history and RNG included)', () => {
    const options = (): NSGA2Options<Float64Array> => ({
      populationSize: 16,
      seed: 21,
      archive: { capacity: 30 },
      termination: anyOf(new MaxGenerations(30), new HypervolumeStagnation({ window: 50 })),
    });
    const uninterrupted = new NSGA2(new Zdt1(), options()).runSync();

    const first = new NSGA2(new Zdt1(), options());
    for (let i = 0; i < 12; i++) first.stepSync();
    // Through the checkpoint file's codec (engine/src/runs/checkpoint.ts).
    const bytes = encodeCheckpoint(first.snapshot());
    const resumed = new NSGA2(new Zdt1(), options());
    resumed.restore(decodeCheckpoint<NSGA2Snapshot<Float64Array>>(bytes, 'checkpoint.bin.gz'));
    expect(resumed.generation).toBe(12);
    sameResult(uninterrupted, resumed.runSync());
  });

  it('resumes a categorical run from a structured-clone snapshot', () => {
    const options = (): NSGA2Options<Uint8Array> => ({
      populationSize: 12,
      seed: 4,
      termination: new MaxGenerations(20),
    });
    const uninterrupted = new NSGA2(new ToyLandUse(), options()).runSync();
    const first = new NSGA2(new ToyLandUse(), options());
    for (let i = 0; i < 7; i++) first.stepSync();
    const resumed = new NSGA2(new ToyLandUse(), options());
    resumed.restore(structuredClone(first.snapshot()));
    sameResult(uninterrupted, resumed.runSync());
  });

  it('optimises a categorical Uint8Array genome with injected operators and reports natural directions', () => {
    const problem = new ToyLandUse(40, 30);
    const result = new NSGA2(problem, {
      populationSize: 40,
      seed: 2,
      crossover: new TwoPointCrossover<Uint8Array>(),
      mutation: new RandomResetMutation<Uint8Array>(problem.variables, problem.numberOfVariables, {
        probability: 0.05,
      }),
      repair: { name: 'no-op', repair: () => {} },
      termination: new MaxGenerations(80),
    }).runSync();
    expect(result.population.variables).toBeInstanceOf(Uint8Array);
    expect(result.population.variables.every((v) => v <= 2)).toBe(true);
    // Yield is reported as a positive count (maximised), never above the constraint's limit on the front.
    const yields = Array.from({ length: result.front.size }, (_, i) => result.front.objectives[2 * i]!);
    expect(Math.max(...yields)).toBeGreaterThanOrEqual(25);
    expect(Math.max(...yields)).toBeLessThanOrEqual(30);
    expect(yields.every((y) => y >= 0)).toBe(true);
    // Random layouts of 40 cells have ~26 class changes; the search must cut that sharply.
    const fragmentation = Array.from({ length: result.front.size }, (_, i) => result.front.objectives[2 * i + 1]!);
    expect(Math.min(...fragmentation)).toBeLessThanOrEqual(8);
    expect(result.front.violations.every((v) => v === 0)).toBe(true);
  });

  it('handles constraints: the final front of BNH is feasible', () => {
    const result = new NSGA2(new Bnh(), { populationSize: 40, seed: 1, termination: new MaxGenerations(40) }).runSync();
    expect(result.front.size).toBeGreaterThan(10);
    expect(result.front.violations.every((v) => v === 0)).toBe(true);
  });

  it('eliminates duplicate offspring on a tiny categorical space', () => {
    // 4 binary cells = 16 distinct genomes; population 8 + offspring 8 fit without copies.
    const problem = new ToyLandUse(4, 4);
    const algorithm = new NSGA2(problem, { populationSize: 8, seed: 3, termination: new MaxGenerations(3) });
    algorithm.runSync();
    const rows = new Set<string>();
    const pop = algorithm.population;
    for (let i = 0; i < pop.size; i++) rows.add(Array.from(pop.row(i)).join(''));
    expect(rows.size).toBe(8);
  });

  it('notifies observers with a typed run state each generation', () => {
    const states: RunState[] = [];
    new NSGA2(new Zdt1(), {
      populationSize: 10,
      termination: new MaxGenerations(4),
      hypervolumeReference: [1.1, 1.1],
      observers: [(state) => states.push(state)],
    }).runSync();
    expect(states.map((s) => s.generation)).toEqual([1, 2, 3, 4]);
    expect(states.map((s) => s.progress)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(states[3]!.evaluations).toBe(40);
    expect(states[3]!.front.objectives.length).toBe(states[3]!.front.size * 2);
    expect(states[3]!.hypervolume).toBeGreaterThanOrEqual(states[0]!.hypervolume!);
  });

  it('stops on an aborted signal with the front found so far', async () => {
    const controller = new AbortController();
    const result = await new NSGA2(new Zdt1(), {
      populationSize: 10,
      signal: controller.signal,
      observers: [(state) => state.generation === 3 && controller.abort()],
    }).run();
    expect(result.stopReason).toBe('aborted');
    expect(result.generation).toBe(3);
    expect(result.front.size).toBeGreaterThan(0);
  });

  it('keeps a bounded archive of non-dominated feasible solutions', () => {
    const result = new NSGA2(new Zdt1(), {
      populationSize: 20,
      seed: 8,
      archive: { capacity: 25 },
      termination: new MaxGenerations(30),
    }).runSync();
    const archive = result.archive!;
    expect(archive.size).toBeGreaterThan(10);
    expect(archive.size).toBeLessThanOrEqual(25);
    const points = Array.from({ length: archive.size }, (_, i) =>
      Array.from(archive.objectives.subarray(2 * i, 2 * i + 2)),
    );
    expect([...nonDominatedRanks(points)].every((r) => r === 0)).toBe(true);
  });

  describe('bad input', () => {
    it('rejects population sizes below 4 or odd', () => {
      expect(() => new NSGA2(new Zdt1(), { populationSize: 2 })).toThrow(/even integer >= 4, got 2/);
      expect(() => new NSGA2(new Zdt1(), { populationSize: 11 })).toThrow(OptimizerInputError);
      expect(() => new NSGA2(new Zdt1(), { offspringSize: 7 })).toThrow(/offspring size/);
    });

    it('rejects a problem with inconsistent sizes', () => {
      const broken: Problem<Float64Array> = Object.assign(new Zdt1(), { directions: ['minimize'] as const });
      expect(() => new NSGA2(broken)).toThrow(/1 objective directions for 2 objectives/);
      const badBounds = new Zdt1();
      (badBounds as { variables: unknown }).variables = {
        kind: 'real',
        lower: new Float64Array(3),
        upper: new Float64Array(3),
      };
      expect(() => new NSGA2(badBounds)).toThrow(/3 lower and 3 upper values for 30 variables/);
    });

    it('names the row and objective of a NaN or infinite objective', () => {
      class NaNAtRowThree extends Zdt1 {
        override evaluate(batch: EvaluationBatch<Float64Array>): void {
          super.evaluate(batch);
          batch.objectives[3 * 2 + 1] = NaN;
        }
      }
      expect(() => new NSGA2(new NaNAtRowThree(), { populationSize: 8 }).runSync()).toThrow(
        /NaN for objective 1 \("f2"\) of batch row 3/,
      );
      class InfiniteViolation extends Bnh {
        override evaluate(batch: EvaluationBatch<Float64Array>): void {
          super.evaluate(batch);
          batch.violations[0] = Infinity;
        }
      }
      expect(() => new NSGA2(new InfiniteViolation(), { populationSize: 8 }).runSync()).toThrow(
        /violation Infinity for constraint 0/,
      );
    });

    it('rejects misuse of ask/tell and mismatched checkpoints', () => {
      const algorithm = new NSGA2(new Zdt1(), { populationSize: 8 });
      expect(() =>
        algorithm.tell({
          size: 8,
          variables: new Float64Array(240),
          objectives: new Float64Array(16),
          violations: new Float64Array(0),
        }),
      ).toThrow(/without an outstanding batch/);
      const batch = algorithm.ask();
      expect(() => algorithm.ask()).toThrow(/before tell/);
      expect(() => algorithm.snapshot()).toThrow(/batch is out/);
      expect(() => algorithm.tell({ ...batch, size: 4 })).toThrow(/batch of 4 rows/);
      const other = new NSGA2(new Zdt1(), { populationSize: 10 });
      other.stepSync();
      expect(() => new NSGA2(new Zdt1(), { populationSize: 8 }).restore(other.snapshot())).toThrow(/population 10/);
    });
  });
});
