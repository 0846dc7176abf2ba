/**
 * The land-use problem in worker threads: built from its study area in shared memory (or from the
 * scenario files in each worker), and NSGA-II with the land-use operators gives the same front,
 * population and archive bit for bit with the sequential evaluator and with 1, 2 or 4 workers —
 * with the initial sampling, the demand repair and the improvement step (parsimony reversion on
 * every row, the memetic search on elite copies every generation) running in the workers, and
 * the archive's parsimony reversion (`finish`) of the rows it admits too; and the same when the
 * workers take the main thread's compiled indicators, regions and tolerances from shared memory.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ChangeRunRows,
  CompactLayoutRows,
  createLandUseProblem,
  prepareScenario,
  type LandUseSetup,
} from '../../../engine/src/landuse/index.js';
import { currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import { createRandom, MaxGenerations, NSGA2 } from '../../../engine/src/optimizer/index.js';
import {
  createLandUseSpec,
  openLandUseSpec,
  ParallelEvaluator,
  type ProblemSpec,
} from '../../../engine/src/parallel/index.js';
import { FrontReports } from '../../../engine/src/runs/outputs.js';
import { polishArchiveExtremes } from '../../../engine/src/runs/polish.js';
import { makeBatch, repoRoot, sameBytes } from './helpers.js';

const scenarioPath = path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');
const { studyArea } = await prepareScenario(scenarioPath);
// The workers build their sampling with the same options as the main thread's (see run()).
const sharedSpecWithOptions = await createLandUseSpec(studyArea, { operators: { seedSearchSteps: 100 } });

/**
 * NSGA-II with the land-use operators for 3 generations, on `workers` workers (0: sequential);
 * `atEnd` runs before the workers close.
 */
async function run(
  spec: ProblemSpec | null,
  workers: number,
  atEnd?: (
    nsga2: NSGA2<Uint8Array>,
    setup: LandUseSetup,
    evaluator: ParallelEvaluator<Uint8Array> | null,
  ) => Promise<void>,
  compactArchive = false,
  compactPopulation = false,
) {
  const setup = createLandUseProblem(studyArea, { seedSearchSteps: 100 });
  const rows = compactArchive ? { rows: new CompactLayoutRows(currentGenome(studyArea)) } : {};
  const populationRows = compactPopulation ? { populationRows: new ChangeRunRows(currentGenome(studyArea)) } : {};
  const evaluator = spec ? new ParallelEvaluator<Uint8Array>({ spec, workers }) : undefined;
  try {
    const nsga2 = new NSGA2<Uint8Array>(setup.problem, {
      populationSize: 8,
      seed: 5,
      sampling: setup.sampling,
      crossover: setup.crossover,
      mutation: setup.mutation,
      repair: setup.repair,
      improvement: setup.improvement,
      intensification: { every: 1, budget: 200 },
      archive: { capacity: 20, ...rows },
      ...populationRows,
      termination: new MaxGenerations(3),
      evaluator,
    });
    await nsga2.run();
    await atEnd?.(nsga2, setup, evaluator ?? null);
    const result = nsga2.result();
    const { archive: archiveState, population: populationState } = nsga2.snapshot();
    return {
      result,
      stats: evaluator?.stats,
      reversions: setup.improvement.totals.rows,
      archiveState,
      populationState,
    };
  } finally {
    await evaluator?.close();
  }
}

describe('the land-use problem in workers', () => {
  it('NSGA-II on the default scenario gives the same front and archive with 0 (sequential), 1, 2 and 4 workers', async () => {
    const { result: sequential, reversions } = await run(null, 0);
    expect(sequential.front.size).toBeGreaterThan(0);
    expect(reversions).toBeGreaterThan(0);
    for (const workers of [1, 2, 4]) {
      const { result: parallel, stats, reversions: mainThreadReversions } = await run(sharedSpecWithOptions, workers);
      expect(sameBytes(parallel.front.objectives, sequential.front.objectives)).toBe(true);
      expect(sameBytes(parallel.front.variables, sequential.front.variables)).toBe(true);
      expect(sameBytes(parallel.population.variables, sequential.population.variables)).toBe(true);
      expect(sameBytes(parallel.population.objectives, sequential.population.objectives)).toBe(true);
      expect(sameBytes(parallel.population.violations, sequential.population.violations)).toBe(true);
      expect(sameBytes(parallel.archive!.variables, sequential.archive!.variables)).toBe(true);
      expect(sameBytes(parallel.archive!.objectives, sequential.archive!.objectives)).toBe(true);
      // The workers sampled, repaired and improved the rows; the main thread did not.
      expect(stats!.prepareMs).toBeGreaterThan(0);
      expect(stats!.mainThreadPrepareMs).toBe(0);
      // The parsimony reversion of the rows the archive admits ran in the workers too (issue 20).
      expect(mainThreadReversions).toBe(0);
    }
  });

  it('workers encode the layouts they finish (in rounds or ahead) for a compact archive: the very records this thread makes', async () => {
    const written = { count: 0 };
    const write = CompactLayoutRows.prototype.write;
    CompactLayoutRows.prototype.write = function (this: CompactLayoutRows, ...args: Parameters<typeof write>) {
      written.count++;
      write.apply(this, args);
    };
    try {
      const { result: sequential, archiveState: expected } = await run(null, 0, undefined, true);
      expect(written.count).toBeGreaterThan(0);
      written.count = 0;
      // Each round of rows finished in a batch of their own: the generation's batch it follows, its rows.
      const rounds: { batch: number; rows: number }[] = [];
      let batches = 0;
      const { evaluate, finishRows } = ParallelEvaluator.prototype;
      ParallelEvaluator.prototype.evaluate = function (this: ParallelEvaluator, ...args) {
        if (args[3] === undefined) batches++; // not a round's own batch
        return evaluate.apply(this, args);
      };
      ParallelEvaluator.prototype.finishRows = function (this: ParallelEvaluator, ...args) {
        rounds.push({ batch: batches, rows: args[1].size });
        return finishRows.apply(this, args);
      };
      const restore = () => Object.assign(ParallelEvaluator.prototype, { evaluate, finishRows });
      const { result: parallel, archiveState } = await run(sharedSpecWithOptions, 2, undefined, true).catch(
        (error: unknown) => {
          restore();
          throw error;
        },
      );
      // Only the first generation (an empty archive) may finish rows in batches of their own (those
      // its chain in row order did not reach during the evaluation), one row per worker a round;
      // the later ones' were finished ahead, with the evaluation (optimizer core/finish-ahead.ts).
      for (const round of rounds) expect(round).toEqual({ batch: 1, rows: expect.any(Number) });
      expect(Math.max(...rounds.map((round) => round.rows))).toBeLessThanOrEqual(2);
      expect(archiveState!.records!.length).toBeGreaterThan(0);
      expect(archiveState).toEqual(expected);
      expect(sameBytes(parallel.archive!.variables, sequential.archive!.variables)).toBe(true);
      // Every layout the archive took came encoded from the worker that finished it.
      expect(written.count).toBe(0);
      // One worker finishes in rounds only (it finishes nothing ahead), every generation: those
      // layouts come encoded too.
      rounds.length = 0;
      const { archiveState: oneWorker } = await run(sharedSpecWithOptions, 1, undefined, true).finally(restore);
      expect(new Set(rounds.map((round) => round.batch)).size).toBeGreaterThan(1);
      expect(oneWorker).toEqual(expected);
      expect(written.count).toBe(0);
    } finally {
      CompactLayoutRows.prototype.write = write;
    }
  });

  it('a population kept as changes against today: 2 workers give the run of the sequential one with genomes', async () => {
    const { result: sequential } = await run(null, 0);
    const { result: parallel, populationState } = await run(sharedSpecWithOptions, 2, undefined, true, true);
    expect(populationState.records).toHaveLength(8);
    expect(sameBytes(parallel.population.variables, sequential.population.variables)).toBe(true);
    expect(sameBytes(parallel.population.objectives, sequential.population.objectives)).toBe(true);
    expect(sameBytes(parallel.front.variables, sequential.front.variables)).toBe(true);
    expect(sameBytes(parallel.archive!.variables, sequential.archive!.variables)).toBe(true);
  });

  it("workers given the main thread's compiled indicators, regions and tolerances run exactly like workers that build them", async () => {
    const main = createLandUseProblem(studyArea, { seedSearchSteps: 100 });
    const spec = await createLandUseSpec(studyArea, { operators: { seedSearchSteps: 100 }, shared: main.shared });
    if (spec.kind !== 'landuse') throw new Error('expected a land-use spec');
    // The offset table every linear term holds, and layers the terms read, travel once.
    const names = Object.keys(spec.data.arrays);
    expect(names.filter((name) => name.endsWith('fromToOffset'))).toHaveLength(1);
    expect(names.some((name) => name.startsWith('shared.regions'))).toBe(true);
    const { result: sequential } = await run(null, 0);
    const { result: parallel, stats } = await run(spec, 2);
    expect(stats!.prepareMs).toBeGreaterThan(0);
    expect(sameBytes(parallel.population.variables, sequential.population.variables)).toBe(true);
    expect(sameBytes(parallel.population.objectives, sequential.population.objectives)).toBe(true);
    expect(sameBytes(parallel.archive!.variables, sequential.archive!.variables)).toBe(true);
    expect(sameBytes(parallel.archive!.objectives, sequential.archive!.objectives)).toBe(true);
  });

  it("a run's main thread builds its setup on the workers' shared copies: views of the spec's buffer, the same evaluations", async () => {
    const main = createLandUseProblem(studyArea, { seedSearchSteps: 100 });
    const spec = await createLandUseSpec(studyArea, { operators: { seedSearchSteps: 100 }, shared: main.shared });
    if (spec.data.transport !== 'shared') throw new Error('expected shared memory');
    const { area, shared } = await openLandUseSpec(spec);
    // No copy: the study area's and the compiled indicators' arrays live in the one shared buffer.
    expect(area.geneCells.buffer).toBe(spec.data.buffer);
    expect(area.allowed.buffer).toBe(spec.data.buffer);
    expect(shared!.regions.regionOfGene.buffer).toBe(spec.data.buffer);
    expect(sameBytes(area.geneCells, studyArea.geneCells)).toBe(true);
    const onShared = createLandUseProblem(area, { seedSearchSteps: 100 }, shared);
    const n = main.problem.numberOfVariables;
    const rows = new Uint8Array(3 * n);
    main.sampling.sample(rows, 3, createRandom(11));
    const expected = makeBatch(main.problem, 3, (variables) => variables.set(rows));
    const actual = makeBatch(onShared.problem, 3, (variables) => variables.set(rows));
    main.problem.evaluate(expected);
    onShared.problem.evaluate(actual);
    expect(sameBytes(actual.objectives, expected.objectives)).toBe(true);
    expect([...actual.violations]).toEqual([...expected.violations]);
  });

  it("polishes each objective's best in the workers into the same archive as on this thread (runs/polish.ts)", async () => {
    const budget = 400;
    const polish =
      (entered: number[]) =>
      async (nsga2: NSGA2<Uint8Array>, setup: LandUseSetup, evaluator: ParallelEvaluator<Uint8Array> | null) => {
        const rowsBefore = evaluator?.stats.rows ?? 0;
        entered.push(await polishArchiveExtremes(setup, nsga2, budget, 11, evaluator));
        // With workers, the three polishes (one per objective) ran there: one batch of three rows.
        if (evaluator) expect(evaluator.stats.rows - rowsBefore).toBe(3);
      };
    const enteredHere: number[] = [];
    const enteredInWorkers: number[] = [];
    const { result: here } = await run(null, 0, polish(enteredHere));
    const { result: inWorkers } = await run(sharedSpecWithOptions, 2, polish(enteredInWorkers));
    expect(enteredHere[0]).toBeGreaterThan(0);
    expect(enteredInWorkers).toEqual(enteredHere);
    expect(sameBytes(inWorkers.archive!.variables, here.archive!.variables)).toBe(true);
    expect(sameBytes(inWorkers.archive!.objectives, here.archive!.objectives)).toBe(true);
    // Workers that cannot (closed by a stop, say) leave the polish to this thread: the same archive.
    const enteredAfterClose: number[] = [];
    const { result: afterClose } = await run(sharedSpecWithOptions, 2, async (nsga2, setup, evaluator) => {
      await evaluator!.close();
      enteredAfterClose.push(await polishArchiveExtremes(setup, nsga2, budget, 11, evaluator));
    });
    expect(enteredAfterClose).toEqual(enteredHere);
    expect(sameBytes(afterClose.archive!.variables, here.archive!.variables)).toBe(true);
  });

  it('workers that prepare the scenario from its files evaluate exactly like shared memory', async () => {
    const setup = createLandUseProblem(studyArea);
    const fill = (variables: Uint8Array) => {
      for (let r = 0; r < 4; r++)
        variables.set(
          Uint8Array.from(studyArea.geneCells, (_, g) => (g * (r + 1)) % 3),
          r * setup.problem.numberOfVariables,
        );
    };
    const expected = makeBatch(setup.problem, 4, fill);
    setup.problem.evaluate(expected);
    const evaluator = new ParallelEvaluator<Uint8Array>({
      spec: { kind: 'landuse-scenario', scenarioPath },
      workers: 1,
    });
    try {
      const batch = makeBatch(setup.problem, 4, fill);
      await evaluator.evaluate(setup.problem, batch);
      expect(sameBytes(batch.objectives, expected.objectives)).toBe(true);
      expect(sameBytes(batch.violations, expected.violations)).toBe(true);
    } finally {
      await evaluator.close();
    }
  });

  it("computes the front table's reports in the workers, the same values as on this thread", async () => {
    const setup = createLandUseProblem(studyArea);
    const n = setup.problem.numberOfVariables;
    const rows = 5;
    const layouts = makeBatch(setup.problem, rows, (variables) => {
      for (let r = 0; r < rows; r++)
        variables.set(
          Uint8Array.from(studyArea.geneCells, (_, g) => Math.floor(g / (r + 1)) % 4),
          r * n,
        );
    }).variables;
    const evaluator = new ParallelEvaluator<Uint8Array>({ spec: sharedSpecWithOptions, workers: 2 });
    try {
      const details = await evaluator.rowDetails(layouts, rows, setup.details.name);
      expect(details).toHaveLength(rows * setup.details.width);
      const expected = new Float64Array(rows * setup.details.width);
      const { width } = setup.details;
      for (let r = 0; r < rows; r++)
        setup.details.compute(layouts.subarray(r * n, (r + 1) * n), expected.subarray(r * width, (r + 1) * width));
      expect(sameBytes(details!, expected)).toBe(true);
      // Details of another name are declined, not computed.
      expect(await evaluator.rowDetails(layouts, rows, 'something else')).toBeNull();

      // A front's reports prefetched by the workers are the reports computed here, one by one.
      const prefetched = new FrontReports();
      const genomes = Array.from({ length: rows }, (_, r) => layouts.subarray(r * n, (r + 1) * n));
      await prefetched.prefetch(
        setup,
        prefetched.keysOf(rows, (r) => genomes[r]!),
        (r) => genomes[r]!,
        (variables, count) => evaluator.rowDetails(variables, count, setup.details.name),
      );
      expect(prefetched.computed).toBe(rows);
      const local = new FrontReports();
      for (const genome of genomes) expect(prefetched.report(setup, genome)).toEqual(local.report(setup, genome));
      expect(prefetched.computed).toBe(rows);
    } finally {
      await evaluator.close();
    }
    // A closed pool declines: the reports are then computed on this thread.
    expect(await evaluator.rowDetails(layouts, rows, setup.details.name)).toBeNull();
  });
});
