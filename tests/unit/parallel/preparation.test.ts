/**
 * The evaluator prepares rows where it evaluates them (in-process channels: the same contract as
 * worker threads, without threads): sampling and repair from per-row seeds, chunked dynamically,
 * written back into the batch; and a fallback to the main thread when the spec lacks the operators.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MaxGenerations,
  NSGA2,
  type FinishedAheadRow,
  type NSGA2Result,
  type Problem,
} from '../../../engine/src/optimizer/index.js';
import {
  createProblemFromSpec,
  InProcessChannel,
  ParallelEvaluator,
  WorkerFailureError,
  type BatchRequest,
  type BatchResponse,
  type ProblemSpec,
} from '../../../engine/src/parallel/index.js';
import {
  gridSnapRepair,
  rowUniformSampling,
  tailZeroImprovement,
} from '../../integration/parallel/fixtures/repaired-problem.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const repairedSpec: ProblemSpec = {
  kind: 'module',
  module: pathToFileURL(path.join(root, 'tests/integration/parallel/fixtures/repaired-problem.ts')).href,
};
const inProcess = (index: number, size: number) => new InProcessChannel(`in-process ${index + 1} of ${size}`);

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

async function run(evaluator?: ParallelEvaluator<Float64Array>, finish = false): Promise<NSGA2Result<Float64Array>> {
  const problem = await createProblemFromSpec<Float64Array>(repairedSpec);
  return new NSGA2(problem, {
    populationSize: 20,
    seed: 17,
    sampling: rowUniformSampling,
    repair: gridSnapRepair,
    ...(finish ? { improvement: tailZeroImprovement } : {}),
    archive: { capacity: 30 },
    termination: new MaxGenerations(6),
    ...(evaluator ? { evaluator } : {}),
  }).run();
}

function expectIdentical(actual: NSGA2Result, expected: NSGA2Result): void {
  expect(actual.evaluations).toBe(expected.evaluations);
  expect(sameBytes(actual.population.variables, expected.population.variables)).toBe(true);
  expect(sameBytes(actual.population.objectives, expected.population.objectives)).toBe(true);
  expect(sameBytes(actual.archive!.variables, expected.archive!.variables)).toBe(true);
  expect(sameBytes(actual.archive!.objectives, expected.archive!.objectives)).toBe(true);
}

/** In-process channels whose answers pass through `alter` (a worker that lies, or answers late). */
function alteredChannels(
  alter: (request: BatchRequest, response: BatchResponse) => BatchResponse | Promise<BatchResponse>,
) {
  return (index: number, size: number) => {
    const channel = inProcess(index, size);
    const evaluateBatch = channel.evaluateBatch.bind(channel);
    channel.evaluateBatch = async (request) => alter(request, await evaluateBatch(request));
    return channel;
  };
}

/**
 * A batch asking for rows finished ahead against `members` (minimisation form): `rows` rows of
 * small tails (0.05) and first variables 0, 1 / `steps`, 2 / `steps`...: feasible, mutually
 * non-dominated, and each changed by the `tail-zero` finish.
 */
function finishAheadBatch(problem: Problem<Float64Array>, rows: number, steps: number, members: Float64Array) {
  const n = problem.numberOfVariables;
  const variables = problem.createVariables(rows).fill(0.05);
  for (let r = 0; r < rows; r++) variables[r * n] = r / steps;
  return {
    size: rows,
    variables,
    objectives: new Float64Array(rows * problem.numberOfObjectives),
    violations: new Float64Array(0),
    finishAhead: {
      improvement: tailZeroImprovement.name,
      encoding: null,
      members,
      rows: new Map<number, FinishedAheadRow<Float64Array>>(),
    },
  };
}

describe('ParallelEvaluator preparing rows (in-process channels)', () => {
  it.each([1, 2, 3])(
    'samples and repairs in the channels with %i slots, bit-identical to sequential',
    async (workers) => {
      const sequential = await run();
      const evaluator = new ParallelEvaluator<Float64Array>({ spec: repairedSpec, workers, channelFactory: inProcess });
      try {
        expectIdentical(await run(evaluator), sequential);
        const stats = evaluator.stats;
        expect(stats.mainThreadPrepareMs).toBe(0);
        expect(stats.prepareMs).toBeGreaterThan(0);
        expect(stats.prepareMs).toBeLessThanOrEqual(stats.computeMs);
        // One chunk per batch with one slot; several per batch (row by row for the initial one) otherwise.
        if (workers === 1) expect(stats.chunks).toBe(6);
        else expect(stats.chunks).toBeGreaterThan(20 + 5 * workers);
      } finally {
        await evaluator.close();
      }
    },
  );

  it('reuses a few request buffers from chunk to chunk when chunks are capped, bit-identical to sequential', async () => {
    const sequential = await run();
    const sent = new Set<ArrayBuffer>();
    let requests = 0;
    const recording = (index: number, size: number) => {
      const channel = inProcess(index, size);
      const evaluateBatch = channel.evaluateBatch.bind(channel);
      channel.evaluateBatch = (request) => {
        sent.add(request.variables);
        requests++;
        return evaluateBatch(request);
      };
      return channel;
    };
    const problem = await createProblemFromSpec<Float64Array>(repairedSpec);
    // Two rows a chunk at most: every batch is cut into many chunks of two rows.
    const maxChunkBytes = 2 * problem.numberOfVariables * 8;
    const evaluator = new ParallelEvaluator<Float64Array>({
      spec: repairedSpec,
      workers: 2,
      channelFactory: recording,
      maxChunkBytes,
    });
    try {
      expectIdentical(await run(evaluator), sequential);
    } finally {
      await evaluator.close();
    }
    // Each chunk is written into the batch as it comes back and its buffer serves the next one:
    // about as many buffers as chunks in flight (two per worker), per size.
    expect(requests).toBeGreaterThan(60);
    expect(sent.size).toBeLessThanOrEqual(8);
    expect(() => new ParallelEvaluator({ spec: repairedSpec, maxChunkBytes: 0 })).toThrow(/maxChunkBytes/);
  });

  it('sends the rows the workers sample as zeros and the other rows as they are', async () => {
    const sent: Float64Array[] = [];
    const recording = (index: number, size: number) => {
      const channel = inProcess(index, size);
      const evaluateBatch = channel.evaluateBatch.bind(channel);
      channel.evaluateBatch = (request) => {
        sent[request.firstRow] = new Float64Array(request.variables.slice(0));
        return evaluateBatch(request);
      };
      return channel;
    };
    const problem = await createProblemFromSpec<Float64Array>(repairedSpec);
    const n = problem.numberOfVariables;
    const rows = 6;
    const batch = {
      size: rows,
      variables: new Float64Array(rows * n).fill(0.25),
      objectives: new Float64Array(rows * problem.numberOfObjectives),
      violations: new Float64Array(rows * problem.numberOfConstraints),
      // Rows 0, 2 and 4 sampled; 1, 3 and 5 only repaired.
      preparation: {
        seeds: Uint32Array.from({ length: rows }, (_, r) => 100 + r),
        sampling: rowUniformSampling,
        sampleIndex: Int32Array.of(0, -1, 1, -1, 2, -1),
        repair: gridSnapRepair,
      },
    };
    // One row a chunk: each request is one row.
    const evaluator = new ParallelEvaluator<Float64Array>({
      spec: repairedSpec,
      workers: 2,
      channelFactory: recording,
      maxChunkBytes: n * 8,
    });
    try {
      await evaluator.evaluate(problem, batch);
    } finally {
      await evaluator.close();
    }
    expect(sent.filter(Boolean)).toHaveLength(rows);
    for (let r = 0; r < rows; r++) expect([...sent[r]!].every((v) => v === (r % 2 === 0 ? 0 : 0.25))).toBe(true);
    // The sampled rows came back sampled and repaired; the others repaired from 0.25, a point of
    // the repair's grid, which it keeps.
    const row = (r: number) => [...batch.variables.subarray(r * n, (r + 1) * n)];
    for (const r of [0, 2, 4]) expect(new Set(row(r)).size).toBeGreaterThan(3);
    for (const r of [1, 3, 5]) expect(row(r).every((v) => v === 0.25)).toBe(true);
  });

  it('prepares on the main thread when the workers were built without the repair, with the same results', async () => {
    const sequential = await run();
    const evaluator = new ParallelEvaluator<Float64Array>({
      spec: { kind: 'benchmark', name: 'ZDT1' },
      workers: 2,
      channelFactory: inProcess,
    });
    try {
      expectIdentical(await run(evaluator), sequential);
      expect(evaluator.stats.mainThreadPrepareMs).toBeGreaterThan(0);
      expect(evaluator.stats.prepareMs).toBe(0);
    } finally {
      await evaluator.close();
    }
  });

  it('reports the operators a spec gives its workers in the problem shape', async () => {
    const evaluator = new ParallelEvaluator<Float64Array>({
      spec: repairedSpec,
      workers: 1,
      channelFactory: inProcess,
    });
    try {
      expect(await evaluator.start()).toMatchObject({ name: 'ZDT1', repair: 'grid-snap', sampling: 'row-uniform' });
    } finally {
      await evaluator.close();
    }
  });

  it('finishes ahead, among the evaluation chunks, the rows the archive may take: the same run, few rows finished apart', async () => {
    const sequential = await run(undefined, true);
    const finishRows = ParallelEvaluator.prototype.finishRows;
    let finishedApart = 0;
    ParallelEvaluator.prototype.finishRows = function (this: ParallelEvaluator, ...args) {
      finishedApart += args[1].size;
      return finishRows.apply(this, args);
    };
    try {
      const apart: number[] = [];
      for (const workers of [1, 2, 3]) {
        finishedApart = 0;
        const evaluator = new ParallelEvaluator<Float64Array>({
          spec: repairedSpec,
          workers,
          channelFactory: inProcess,
        });
        try {
          // One worker has no one to wait for: it finishes in rounds.
          expect(evaluator.finishesAhead).toBe(workers > 1);
          expectIdentical(await run(evaluator, true), sequential);
        } finally {
          await evaluator.close();
        }
        apart.push(finishedApart);
      }
      // With 2 or 3 workers the first generation's rows (an empty archive) are finished in row
      // order among its chunks as far as they go, the rest in rounds (5 and 8 rows apart here,
      // 12 and 12 when all went in rounds); later ones' among the evaluation's chunks, but for the
      // few the members missed.
      expect(apart[1]).toBeGreaterThan(0);
      expect(apart[1]).toBeLessThan(apart[0]! / 2);
      expect(apart[2]).toBeLessThan(apart[0]! / 2);
    } finally {
      ParallelEvaluator.prototype.finishRows = finishRows;
    }
  });

  it('fails the batch, writing nothing, when a worker answers with a malformed row finished ahead', async () => {
    const tampering = alteredChannels((request, response) =>
      request.preparation?.finish ? { ...response, results: new ArrayBuffer(8) } : response,
    );
    const problem = await createProblemFromSpec<Float64Array>(repairedSpec);
    // Admitted by a member worse than them all.
    const batchOf = () => finishAheadBatch(problem, 6, 10, Float64Array.of(2, 20));
    const evaluator = new ParallelEvaluator<Float64Array>({
      spec: repairedSpec,
      workers: 2,
      channelFactory: tampering,
    });
    const batch = batchOf();
    try {
      const failure = await evaluator.evaluate(problem, batch).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WorkerFailureError);
      expect((failure as WorkerFailureError).failure).toBe('crashed');
      expect((failure as Error).message).toMatch(/the worker that finished row \d ahead returned a malformed answer/);
      expect(batch.objectives.every((value) => value === 0)).toBe(true);
      expect(batch.finishAhead.rows.size).toBe(0);
    } finally {
      await evaluator.close();
    }
    // Well-formed, every row comes back finished: its tail set to 0, evaluated again; the batch's
    // rows stay as they were evaluated.
    const honest = new ParallelEvaluator<Float64Array>({ spec: repairedSpec, workers: 2, channelFactory: inProcess });
    const good = batchOf();
    try {
      await honest.evaluate(problem, good);
      expect([...good.finishAhead.rows.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      const finished = good.finishAhead.rows.get(3)!.changed!;
      expect(finished.variables[0]).toBe(0.3);
      expect(finished.variables.subarray(1).every((value) => value === 0)).toBe(true);
      expect(finished.objectives[1]).toBeLessThan(good.objectives[7]!);
      expect(sameBytes(good.variables, batchOf().variables)).toBe(true);
    } finally {
      await honest.close();
    }
  });

  it('stops a batch that may finish rows ahead at once when the evaluator is closed during it', async () => {
    // Every answer comes 20 ms late: tasks wait for chunks still out when the close comes.
    const slow = alteredChannels(async (_, response) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return response;
    });
    const problem = await createProblemFromSpec<Float64Array>(repairedSpec);
    const rows = 12;
    // A member better than every row: none is picked, so the loops with nothing left to send wait
    // for the chunks still out, and must hear of the close.
    const batch = {
      ...finishAheadBatch(problem, rows, 20, Float64Array.of(-1, -1)),
      preparation: { seeds: new Uint32Array(rows), sampling: null, sampleIndex: null, repair: gridSnapRepair },
    };
    const evaluator = new ParallelEvaluator<Float64Array>({ spec: repairedSpec, workers: 2, channelFactory: slow });
    await evaluator.start();
    const evaluation = evaluator.evaluate(problem, batch).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await evaluator.close();
    const failure = await evaluation;
    expect(failure).toBeInstanceOf(WorkerFailureError);
    expect((failure as WorkerFailureError).failure).toBe('closed');
    expect(batch.objectives.every((value) => value === 0)).toBe(true);
    expect(batch.finishAhead.rows.size).toBe(0);
  });
});
