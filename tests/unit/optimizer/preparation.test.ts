/**
 * Per-row seeded preparation (core/preparation.ts): NSGA-II samples (row-wise) and repairs each row
 * from its own seed, so an evaluator may prepare the rows itself — in any order, on any thread —
 * and the run stays bit-identical to one where NSGA-II prepares them in ask().
 */
import { describe, expect, it } from 'vitest';
import {
  MaxGenerations,
  NSGA2,
  createRandom,
  defaultOperators,
  finishRowsAhead,
  prepareRow,
  type EvaluationBatch,
  type Evaluator,
  type Improvement,
  type Mutation,
  type NSGA2Options,
  type NSGA2Result,
  type Problem,
  type Random,
  type Repair,
  type RowPreparation,
  type Sampling,
} from '../../../engine/src/optimizer/index.js';
import { ToyLandUse } from './fixtures.js';
import { eliteRows } from '../../../engine/src/optimizer/nsga2/intensification.js';
import { Population } from '../../../engine/src/optimizer/core/population.js';

/**
 * An improvement for ToyLandUse that records its calls: focus 0 (more class 2) turns up to
 * `budget` cells of class 0 or 1 into 2 while the cap allows; focus 1 (fewer class changes along
 * the row) copies a cell's left neighbour `budget` times; the routine step and focus 2 do nothing.
 */
function recordingImprovement(cap: number, calls: { focus: number; budget: number }[]): Improvement<Uint8Array> {
  return {
    name: 'toy-improvement',
    improve(row, random, focus, budget) {
      calls.push({ focus, budget });
      let twos = row.filter((v) => v === 2).length;
      for (let k = 0; k < budget; k++) {
        const i = 1 + random.nextInt(row.length - 1);
        if (focus === 0 && row[i] !== 2 && twos < cap) {
          row[i] = 2;
          twos++;
        } else if (focus === 1 && (row[i - 1] !== 2 || twos < cap)) {
          if (row[i] === 2) twos--;
          if (row[i - 1] === 2) twos++;
          row[i] = row[i - 1]!;
        }
      }
    },
  };
}

/** Caps class 2 at `limit` cells by turning random class-2 cells into class 0 or 1 (draws randomness). */
function capRepair(limit: number): Repair<Uint8Array> {
  return {
    name: 'cap-class-two',
    repair(row: Uint8Array, random: Random): void {
      let twos = 0;
      for (const v of row) if (v === 2) twos++;
      while (twos > limit) {
        const i = random.nextInt(row.length);
        if (row[i] !== 2) continue;
        row[i] = random.nextInt(2);
        twos--;
      }
    },
  };
}

/** Row-wise sampling: row 0 all class 0, others random. */
const rowSampling: Sampling<Uint8Array> = {
  name: 'row-sampling',
  sample(variables, rows, random) {
    const n = variables.length / rows;
    for (let r = 0; r < rows; r++) this.sampleRow!(variables.subarray(r * n, (r + 1) * n), r, random);
  },
  sampleRow(row, index, random) {
    for (let i = 0; i < row.length; i++) row[i] = index === 0 ? 0 : random.nextInt(3);
  },
};

/** Prepares the rows itself, last row first (as workers finishing in any order would), then evaluates. */
class ReversePreparingEvaluator implements Evaluator<Uint8Array> {
  readonly preparesRows = true;
  prepared = 0;
  evaluate(problem: Problem<Uint8Array>, batch: EvaluationBatch<Uint8Array>): void {
    const n = problem.numberOfVariables;
    const preparation = batch.preparation;
    if (preparation) {
      for (let i = batch.size - 1; i >= 0; i--) {
        prepareRow(preparation, batch.variables.subarray(i * n, (i + 1) * n), i);
        this.prepared++;
      }
    }
    problem.evaluate(batch);
  }
}

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function expectIdentical(actual: NSGA2Result, expected: NSGA2Result): void {
  expect(actual.evaluations).toBe(expected.evaluations);
  expect(sameBytes(actual.population.variables, expected.population.variables)).toBe(true);
  expect(sameBytes(actual.population.objectives, expected.population.objectives)).toBe(true);
  expect(sameBytes(actual.population.violations, expected.population.violations)).toBe(true);
  expect(sameBytes(actual.front.variables, expected.front.variables)).toBe(true);
  expect(sameBytes(actual.archive!.variables, expected.archive!.variables)).toBe(true);
  expect(sameBytes(actual.archive!.objectives, expected.archive!.objectives)).toBe(true);
}

const options = (evaluator?: Evaluator<Uint8Array>): NSGA2Options<Uint8Array> => ({
  populationSize: 16,
  seed: 9,
  sampling: rowSampling,
  repair: capRepair(12),
  archive: { capacity: 20 },
  termination: new MaxGenerations(12),
  ...(evaluator ? { evaluator } : {}),
});

describe('per-row seeded preparation', () => {
  it('prepareRow samples then repairs a row from its seed alone', () => {
    const preparation: RowPreparation<Uint8Array> = {
      seeds: Uint32Array.of(7, 8),
      sampling: rowSampling,
      sampleIndex: Int32Array.of(-1, 3),
      repair: capRepair(2),
    };
    const first = Uint8Array.of(2, 2, 2, 2, 2);
    prepareRow(preparation, first, 0);
    expect(first.filter((v) => v === 2).length).toBe(2);
    const second = new Uint8Array(40);
    prepareRow(preparation, second, 1);
    // Same as sampling then repairing by hand with createRandom(8).
    const random = createRandom(8);
    const expected = new Uint8Array(40);
    rowSampling.sampleRow!(expected, 3, random);
    capRepair(2).repair(expected, random);
    expect(Array.from(second)).toEqual(Array.from(expected));
  });

  it('a row the sampling says it left repaired is not repaired again; others are', () => {
    let repairs = 0;
    const counting: Repair<Uint8Array> = { name: 'counting', repair: () => void repairs++ };
    // Row index 0 comes back repaired, the others not (a seeded row, say).
    const sampling: Sampling<Uint8Array> = {
      name: 'says-repaired',
      sample: () => undefined,
      sampleRow: (row, index) => {
        row.fill(index);
        return index === 0;
      },
    };
    const preparation: RowPreparation<Uint8Array> = {
      seeds: Uint32Array.of(1, 2, 3),
      sampling,
      sampleIndex: Int32Array.of(0, 1, -1),
      repair: counting,
    };
    prepareRow(preparation, new Uint8Array(4), 0);
    expect(repairs).toBe(0);
    prepareRow(preparation, new Uint8Array(4), 1);
    prepareRow(preparation, new Uint8Array(4), 2);
    expect(repairs).toBe(2);
  });

  it("with a polish patience, focused rows get the improvement's polish and the others its routine step", () => {
    const calls: string[] = [];
    const improvement: Improvement<Uint8Array> = {
      name: 'recording',
      improve: (_row, _random, focus, budget) => void calls.push(`improve ${focus} ${budget}`),
      polish: (row, random, focus, budget, patience) => {
        calls.push(`polish ${focus} ${budget} ${patience}`);
        row[0] = random.nextInt(200);
      },
    };
    const preparation: RowPreparation<Uint8Array> = {
      seeds: Uint32Array.of(4, 5),
      sampling: null,
      sampleIndex: null,
      repair: null,
      improvement,
      focus: Int32Array.of(-1, 1),
      budget: 30,
      polishPatience: 7,
    };
    const rows = [new Uint8Array(3), new Uint8Array(3)];
    rows.forEach((row, i) => prepareRow(preparation, row, i));
    expect(calls).toEqual(['improve -1 0', 'polish 1 30 7']);
    // From the row's own generator, as everywhere in the preparation.
    expect(rows[1]![0]).toBe(createRandom(5).nextInt(200));
    // An improvement that cannot polish is named, not silently used for the routine step.
    const { polish: _, ...withoutPolish } = improvement;
    expect(() => prepareRow({ ...preparation, improvement: withoutPolish }, new Uint8Array(3), 1)).toThrow(
      /recording cannot polish rows/,
    );
  });

  it('an evaluator that prepares rows (in reverse order) gives the run NSGA-II gives alone, bit for bit', async () => {
    const problem = new ToyLandUse(40, 12);
    const alone = new NSGA2(problem, options()).runSync();
    const evaluator = new ReversePreparingEvaluator();
    const deferred = await new NSGA2(problem, options(evaluator)).run();
    // Initial population (sampled + repaired) and every offspring batch went through the evaluator.
    expect(evaluator.prepared).toBe(16 * 12);
    expectIdentical(deferred, alone);
    for (let i = 0; i < 16; i++) expect(alone.population.objectives[2 * i]!).toBeLessThanOrEqual(12);
  });

  it('an evaluator that makes the offspring as it goes (batch.make, in pieces) gives the run of one that gets them made', async () => {
    const problem = new ToyLandUse(40, 12);
    const alone = new NSGA2(problem, options()).runSync();
    const mutated = { calls: 0 };
    // The toy problem's default mutation, counted: the same draws as without the count.
    const base = defaultOperators(problem).mutation;
    const counting: Mutation<Uint8Array> = {
      name: base.name,
      mutate(row, random) {
        mutated.calls++;
        base.mutate(row, random);
      },
    };
    const seenBefore: number[] = [];
    const evaluator: Evaluator<Uint8Array> = {
      preparesRows: true,
      evaluatesAsRowsAreMade: true,
      evaluate(p, batch) {
        const n = p.numberOfVariables;
        if (batch.make) {
          // Nothing is made until asked; then the rows up to the end asked for (a rejected
          // duplicate may cost a mutation more), the rest in two more pieces.
          seenBefore.push(mutated.calls);
          const before = mutated.calls;
          batch.make(3);
          expect(mutated.calls - before).toBeGreaterThanOrEqual(3);
          expect(mutated.calls - before).toBeLessThan(batch.size);
          batch.make(9);
          batch.make(batch.size);
        }
        for (let i = 0; i < batch.size; i++)
          prepareRow(batch.preparation!, batch.variables.subarray(i * n, (i + 1) * n), i);
        p.evaluate(batch);
      },
    };
    const made = await new NSGA2(problem, { ...options(evaluator), mutation: counting }).run();
    expect(seenBefore.length).toBe(11); // every offspring batch came with rows to make
    expectIdentical(made, alone);
    // ask() (the ask/tell interface) still hands out batches whose rows are all made.
    const asked = new NSGA2(problem, options(evaluator));
    for (let generation = 0; generation < 2; generation++) {
      const batch = asked.ask();
      expect(batch.make).toBeUndefined();
      const n = problem.numberOfVariables;
      for (let i = 0; i < batch.size; i++)
        prepareRow(batch.preparation!, batch.variables.subarray(i * n, (i + 1) * n), i);
      problem.evaluate(batch);
      asked.tell(batch);
    }
  });

  it('hands the preparation to the evaluator only when it declares preparesRows', () => {
    const problem = new ToyLandUse(10, 5);
    const seen: boolean[] = [];
    const evaluator: Evaluator<Uint8Array> = {
      evaluate(p, batch) {
        seen.push(batch.preparation !== undefined);
        p.evaluate(batch);
      },
    };
    const algorithm = new NSGA2(problem, {
      ...options(evaluator),
      repair: capRepair(3),
      termination: new MaxGenerations(2),
    });
    const batch = algorithm.ask();
    expect(batch.preparation).toBeUndefined();
    // Already prepared: every row meets the cap.
    for (let r = 0; r < batch.size; r++) {
      expect(batch.variables.subarray(r * 10, r * 10 + 10).filter((v) => v === 2).length).toBeLessThanOrEqual(3);
    }
    algorithm.cancelBatch();
    algorithm.runSync();
    expect(seen.every((s) => !s)).toBe(true);
  });

  it('resumes from a snapshot bit-identically when the evaluator prepares the rows', async () => {
    const problem = new ToyLandUse(40, 12);
    const uninterrupted = new NSGA2(problem, options()).runSync();
    const first = new NSGA2(problem, options(new ReversePreparingEvaluator()));
    for (let i = 0; i < 5; i++) await first.step();
    const resumed = new NSGA2(problem, options(new ReversePreparingEvaluator()));
    resumed.restore(structuredClone(first.snapshot()));
    expectIdentical(await resumed.run(), uninterrupted);
  });

  it('never lets the repair put a copy of a member into the population', () => {
    // 6 binary cells; the repair copies cell 0 into cells 3..5, leaving 8 distinct layouts, so many
    // different offspring become equal after repair.
    const problem = new ToyLandUse(6, 6);
    const mirror: Repair<Uint8Array> = {
      name: 'mirror',
      repair(row) {
        for (let i = 0; i < 6; i++) row[i] = Math.min(1, row[i]!);
        row[3] = row[4] = row[5] = row[0]!;
      },
    };
    const initialVariables = Uint8Array.from(
      [
        [0, 0, 0, 0, 0, 0],
        [1, 0, 0, 1, 1, 1],
        [0, 1, 0, 0, 0, 0],
        [0, 0, 1, 0, 0, 0],
      ].flat(),
    );
    const algorithm = new NSGA2(problem, {
      populationSize: 4,
      seed: 3,
      initialVariables,
      repair: mirror,
      observers: [
        () => {
          const rows = new Set<string>();
          for (let i = 0; i < 4; i++) rows.add(Array.from(algorithm.population.row(i)).join(''));
          expect(rows.size).toBe(4);
        },
      ],
      termination: new MaxGenerations(25),
    });
    const result = algorithm.runSync();
    expect(result.evaluations).toBe(4 + 24 * 4);
  });

  it('an improvement runs on every row after the repair; intensification improves copies of the elites', async () => {
    const problem = new ToyLandUse(40, 12);
    const calls: { focus: number; budget: number }[] = [];
    const run = (evaluator?: Evaluator<Uint8Array>) =>
      new NSGA2(problem, {
        ...options(evaluator),
        improvement: recordingImprovement(12, calls),
        intensification: { every: 3, budget: 5 },
      });
    const alone = run().runSync();
    // 16 initial rows and 11 x 16 offspring, each improved once.
    expect(calls).toHaveLength(16 * 12);
    const focused = calls.filter((c) => c.focus >= 0);
    // Generations 3, 6 and 9 (the 12th ends the run): the best of yield, of fragmentation, the compromise.
    expect(focused.length).toBeGreaterThanOrEqual(3 * 2);
    expect(focused.length).toBeLessThanOrEqual(3 * 3);
    expect(new Set(focused.map((c) => c.focus))).toEqual(new Set([0, 1, 2]));
    expect(focused.every((c) => c.budget === 5)).toBe(true);
    expect(calls.filter((c) => c.focus < 0).every((c) => c.budget === 0)).toBe(true);
    // Prepared elsewhere, in another order: the same run.
    calls.length = 0;
    expectIdentical(await run(new ReversePreparingEvaluator()).run(), alone);
  });

  it('the elites are the best feasible first-front member of each objective and the max-min compromise', () => {
    // Minimisation form; rows: best in 0, best in 1, balanced, dominated, infeasible.
    const population = new Population(5, 1, 2, 1, new Uint8Array(5));
    population.objectives.set([0, 10, 10, 0, 4, 4, 6, 6, -5, -5]);
    population.rank.set([0, 0, 0, 1, 0]);
    population.totalViolation.set([0, 0, 0, 0, 3]);
    const rows = new Int32Array(3);
    const focus = new Int32Array(3);
    expect(eliteRows(population, 5, rows, focus)).toBe(3);
    expect(Array.from(rows)).toEqual([0, 1, 2]);
    expect(Array.from(focus)).toEqual([0, 1, 2]);
  });
});

describe("the improvement's finish step (before a row enters the archive)", () => {
  /** Fills every lone cell with its neighbours' class until none is left (deterministic, idempotent). */
  function smoothing(calls: { count: number }): Improvement<Uint8Array> {
    return {
      name: 'smoothing',
      improve() {},
      finish(row) {
        calls.count++;
        let changed = false;
        for (let again = true; again;) {
          again = false;
          for (let i = 1; i + 1 < row.length; i++) {
            if (row[i - 1] === row[i + 1] && row[i] !== row[i - 1]) {
              row[i] = row[i - 1]!;
              again = changed = true;
            }
          }
        }
        return changed;
      },
    };
  }
  const finishing = (calls: { count: number }, evaluator?: Evaluator<Uint8Array>): NSGA2Options<Uint8Array> => ({
    ...options(evaluator),
    improvement: smoothing(calls),
    termination: new MaxGenerations(20),
  });

  it('runs only on rows the archive admits, and every archived row has been through it and evaluated after', () => {
    const problem = new ToyLandUse(40, 12);
    const calls = { count: 0 };
    const result = new NSGA2(problem, finishing(calls)).runSync();
    const archive = result.archive!;
    // Fewer calls than feasible rows evaluated: offspring the archive would not admit skip it.
    expect(calls.count).toBeGreaterThan(0);
    expect(calls.count).toBeLessThan(result.evaluations);
    const n = problem.numberOfVariables;
    const check = { count: 0 };
    const finish = smoothing(check).finish!;
    for (let r = 0; r < archive.size; r++) {
      const row = archive.variables.slice(r * n, (r + 1) * n);
      // Already finished: the step changes nothing.
      expect(finish(row)).toBe(false);
      // Its objectives are those of the finished row.
      const objectives = new Float64Array(2);
      problem.evaluate({ size: 1, variables: row, objectives, violations: new Float64Array(1) });
      expect(Array.from(archive.objectives.subarray(r * 2, r * 2 + 2))).toEqual(Array.from(objectives));
    }
  });

  /** An evaluator that also finishes rows itself, in reverse order (as workers would, in any order). */
  class FinishingEvaluator extends ReversePreparingEvaluator {
    finished = 0;
    constructor(
      private readonly improvement: Improvement<Uint8Array>,
      private readonly accept = true,
    ) {
      super();
    }
    async finishRows(problem: Problem<Uint8Array>, batch: EvaluationBatch<Uint8Array>, name: string): Promise<boolean> {
      if (!this.accept || name !== this.improvement.name) return false;
      const n = problem.numberOfVariables;
      const m = problem.numberOfObjectives;
      const k = problem.numberOfConstraints;
      for (let i = batch.size - 1; i >= 0; i--) {
        const row = batch.variables.subarray(i * n, (i + 1) * n);
        this.finished++;
        if (!this.improvement.finish!(row)) {
          batch.objectives[i * m] = Number.NaN;
          continue;
        }
        problem.evaluate({
          size: 1,
          variables: row,
          objectives: batch.objectives.subarray(i * m, (i + 1) * m),
          violations: batch.violations.subarray(i * k, (i + 1) * k),
        });
      }
      return true;
    }
  }

  it('gives the same run when the evaluator finishes the rows the archive admits (issue 20), or declines to', async () => {
    const problem = new ToyLandUse(40, 12);
    const alone = new NSGA2(problem, finishing({ count: 0 })).runSync();
    const mainThread = { count: 0 };
    const evaluator = new FinishingEvaluator(smoothing({ count: 0 }));
    const remote = await new NSGA2(problem, finishing(mainThread, evaluator)).run();
    expectIdentical(remote, alone);
    // The evaluator finished every row the archive admitted (rounds replay the offers on a copy
    // of the archive's objectives), none was left to this thread, and few were finished for
    // nothing: at most a third more than the rows a run without it finishes.
    const serial = { count: 0 };
    new NSGA2(problem, finishing(serial)).runSync();
    expect(mainThread.count).toBe(0);
    expect(evaluator.finished).toBeGreaterThanOrEqual(serial.count);
    expect(evaluator.finished).toBeLessThanOrEqual(Math.ceil(serial.count * 1.34));
    const declined = { count: 0 };
    const declining = new FinishingEvaluator(smoothing({ count: 0 }), false);
    expectIdentical(await new NSGA2(problem, finishing(declined, declining)).run(), alone);
    expect(declined.count).toBeGreaterThan(0);
  });

  it("sends the first generation's rows to finish in rounds of one per worker, with the same run (issue 20)", async () => {
    const problem = new ToyLandUse(40, 12);
    const larger = (calls: { count: number }, evaluator?: Evaluator<Uint8Array>) => ({
      ...finishing(calls, evaluator),
      populationSize: 60,
    });
    const alone = new NSGA2(problem, larger({ count: 0 })).runSync();
    /** A finishing evaluator with a number of workers, recording each round's rows per generation. */
    class WorkersEvaluator extends FinishingEvaluator {
      readonly rounds: number[][] = [];
      constructor(readonly workers?: number) {
        super(smoothing({ count: 0 }));
      }
      override evaluate(problem: Problem<Uint8Array>, batch: EvaluationBatch<Uint8Array>): void {
        this.rounds.push([]);
        super.evaluate(problem, batch);
      }
      override finishRows(problem: Problem<Uint8Array>, batch: EvaluationBatch<Uint8Array>, name: string) {
        this.rounds.at(-1)!.push(batch.size);
        return super.finishRows(problem, batch, name);
      }
    }
    const firstGeneration = (evaluator: WorkersEvaluator) => evaluator.rounds[0]!.reduce((a, b) => a + b, 0);
    const twoWorkers = new WorkersEvaluator(2);
    expectIdentical(await new NSGA2(problem, larger({ count: 0 }, twoWorkers)).run(), alone);
    expect(Math.max(...twoWorkers.rounds[0]!)).toBeLessThanOrEqual(2);
    const oneWorker = new WorkersEvaluator(1);
    expectIdentical(await new NSGA2(problem, larger({ count: 0 }, oneWorker)).run(), alone);
    // One row per round finishes exactly the rows the archive admits, as this thread would.
    const serial = { count: 0 };
    const firstOnly = { ...larger(serial), termination: new MaxGenerations(1) };
    new NSGA2(problem, firstOnly).runSync();
    expect(firstGeneration(oneWorker)).toBe(serial.count);
    // Without a number of workers, the first round sends every candidate: more rows for nothing.
    const unknown = new WorkersEvaluator();
    expectIdentical(await new NSGA2(problem, larger({ count: 0 }, unknown)).run(), alone);
    expect(firstGeneration(twoWorkers)).toBeLessThan(firstGeneration(unknown));
    expect(firstGeneration(oneWorker)).toBeLessThanOrEqual(firstGeneration(twoWorkers));
    // Later generations send every candidate at once, whatever the workers.
    expect(twoWorkers.rounds.slice(1)).toEqual(unknown.rounds.slice(1));
  });

  /**
   * An evaluator that also finishes ahead (core/finish-ahead.ts), as the workers do: after each
   * batch, the rows the archive's members admit; with `leaveOut`, it keeps only every other one.
   */
  class FinishingAheadEvaluator extends FinishingEvaluator {
    readonly finishesAhead = true;
    ahead = 0;
    /** Rows finished ahead, per batch. */
    readonly aheadByBatch: number[] = [];
    constructor(
      private readonly finishing: Improvement<Uint8Array>,
      private readonly leaveOut = false,
    ) {
      super(finishing);
    }
    override evaluate(problem: Problem<Uint8Array>, batch: EvaluationBatch<Uint8Array>): void {
      super.evaluate(problem, batch);
      const asked = batch.finishAhead;
      this.aheadByBatch.push(0);
      if (!asked || asked.improvement !== this.finishing.name) return;
      for (const [r, row] of finishRowsAhead(problem, batch, asked, (values) => this.finishing.finish!(values))) {
        if (this.leaveOut && r % 2 === 1) continue;
        asked.rows.set(r, row);
        this.ahead++;
        this.aheadByBatch[this.aheadByBatch.length - 1]!++;
      }
    }
  }

  it('gives the same run when the evaluator finishes rows ahead, with the batch, and few rounds are left (issue 20)', async () => {
    const problem = new ToyLandUse(40, 12);
    const alone = new NSGA2(problem, finishing({ count: 0 })).runSync();
    const mainThread = { count: 0 };
    const evaluator = new FinishingAheadEvaluator(smoothing({ count: 0 }));
    expectIdentical(await new NSGA2(problem, finishing(mainThread, evaluator)).run(), alone);
    expect(mainThread.count).toBe(0);
    expect(evaluator.ahead).toBeGreaterThan(0);
    // Fewer rows are left to the rounds than without finishing ahead: the few the members missed.
    const rounds = new FinishingEvaluator(smoothing({ count: 0 }));
    await new NSGA2(problem, finishing({ count: 0 }, rounds)).run();
    expect(evaluator.finished).toBeLessThan(rounds.finished);
    // The first generation (an empty archive) is finished ahead in row order, on a replay of the
    // archive's offers: exactly the rows a thread alone finishes, none for nothing.
    const serial = { count: 0 };
    new NSGA2(problem, { ...finishing(serial), termination: new MaxGenerations(1) }).runSync();
    expect(serial.count).toBeGreaterThan(1);
    expect(evaluator.aheadByBatch[0]).toBe(serial.count);
    // Rows left out are finished in rounds; with `tell` alone (no rounds), on this thread.
    const partial = new FinishingAheadEvaluator(smoothing({ count: 0 }), true);
    expectIdentical(await new NSGA2(problem, finishing({ count: 0 }, partial)).run(), alone);
    expect(partial.finished).toBeGreaterThan(evaluator.finished);
    const synchronous = { count: 0 };
    const told = new FinishingAheadEvaluator(smoothing({ count: 0 }), true);
    expectIdentical(new NSGA2(problem, finishing(synchronous, told)).runSync(), alone);
    expect(told.ahead).toBeGreaterThan(0);
    expect(synchronous.count).toBeGreaterThan(0);
  });

  it('gives the same run when an evaluator prepares the rows (the step runs on the main thread)', async () => {
    const problem = new ToyLandUse(40, 12);
    const alone = new NSGA2(problem, finishing({ count: 0 })).runSync();
    const deferred = await new NSGA2(problem, finishing({ count: 0 }, new ReversePreparingEvaluator())).run();
    expectIdentical(deferred, alone);
  });
});
