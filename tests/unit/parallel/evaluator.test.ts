/**
 * The evaluator's logic (chunking, write-back, checks, statistics, determinism) with the
 * in-process channel: the same contract as the worker channel, without threads. Worker threads
 * themselves are tested in tests/integration/parallel.
 */
import { describe, expect, it } from 'vitest';
import { MaxGenerations, NSGA2 } from '../../../engine/src/optimizer/index.js';
import type { EvaluationBatch, Problem } from '../../../engine/src/optimizer/core/problem.js';
import {
  createProblemFromSpec,
  InProcessChannel,
  ParallelEvaluator,
  ParallelInputError,
  resolveWorkerCount,
  type ProblemSpec,
} from '../../../engine/src/parallel/index.js';
import os from 'node:os';

const zdt1: ProblemSpec = { kind: 'benchmark', name: 'ZDT1' };
const inProcess = (index: number, size: number) => new InProcessChannel(`in-process ${index + 1} of ${size}`);

function randomBatch(problem: Problem<Float64Array>, rows: number): EvaluationBatch<Float64Array> {
  const variables = problem.createVariables(rows);
  let state = 12345;
  for (let i = 0; i < variables.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    variables[i] = state / 4294967296;
  }
  return {
    size: rows,
    variables,
    objectives: new Float64Array(rows * problem.numberOfObjectives),
    violations: new Float64Array(0),
  };
}

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('resolveWorkerCount', () => {
  it('maps auto to the available parallelism and checks numbers', () => {
    expect(resolveWorkerCount('auto')).toBe(os.availableParallelism());
    expect(resolveWorkerCount()).toBe(os.availableParallelism());
    expect(resolveWorkerCount(3)).toBe(3);
    expect(() => resolveWorkerCount(0)).toThrow(ParallelInputError);
    expect(() => resolveWorkerCount(1.5)).toThrow(/workers must be "auto" or an integer from 1 to 1024, got 1.5/);
  });
});

describe('ParallelEvaluator (in-process channels)', () => {
  it.each([1, 3, 4, 9])('gives bit-identical results to the problem itself with %i slots', async (workers) => {
    const problem = await createProblemFromSpec<Float64Array>(zdt1);
    const expected = randomBatch(problem, 7);
    problem.evaluate(expected);
    const batch = randomBatch(problem, 7);
    const evaluator = new ParallelEvaluator<Float64Array>({ spec: zdt1, workers, channelFactory: inProcess });
    try {
      await evaluator.evaluate(problem, batch);
    } finally {
      await evaluator.close();
    }
    expect(sameBytes(batch.objectives, expected.objectives)).toBe(true);
    // The algorithm's own arrays are copied from, never transferred (detached).
    expect(batch.variables.byteLength).toBe(7 * 30 * 8);
  });

  /**
   * Evaluate batches of `rowCounts` rows on 2 in-process workers, checking every result; returns
   * each batch's request buffers. The values differ in every batch, so a stale buffer would show.
   */
  async function requestBuffers(rowCounts: number[], reusedBufferBytes?: number): Promise<ArrayBuffer[][]> {
    const problem = await createProblemFromSpec<Float64Array>(zdt1);
    const sent: ArrayBuffer[][] = [];
    const recording = (index: number, size: number) => {
      const channel = inProcess(index, size);
      const evaluateBatch = channel.evaluateBatch.bind(channel);
      channel.evaluateBatch = (request) => {
        sent.at(-1)!.push(request.variables);
        return evaluateBatch(request);
      };
      return channel;
    };
    const evaluator = new ParallelEvaluator<Float64Array>({
      spec: zdt1,
      workers: 2,
      channelFactory: recording,
      ...(reusedBufferBytes !== undefined ? { reusedBufferBytes } : {}),
    });
    try {
      for (const [b, rows] of rowCounts.entries()) {
        sent.push([]);
        const batch = randomBatch(problem, rows);
        for (let i = 0; i < batch.variables.length; i++) batch.variables[i] = (batch.variables[i]! + (b + 1) / 10) % 1;
        const expected = { ...batch, objectives: new Float64Array(batch.objectives.length) };
        problem.evaluate(expected);
        await evaluator.evaluate(problem, batch);
        expect(sameBytes(batch.objectives, expected.objectives)).toBe(true);
      }
    } finally {
      await evaluator.close();
    }
    return sent;
  }

  it('reuses the buffers the workers send back for the next batch, with correct results', async () => {
    const sent = await requestBuffers([10, 10, 7]);
    // Batch 2 (same chunk sizes) reuses both buffers of batch 1; batch 3 (other sizes) makes new ones.
    expect(new Set(sent[1])).toEqual(new Set(sent[0]));
    expect(sent[2]!.some((buffer) => sent[1]!.includes(buffer))).toBe(false);
  });

  it('keeps at most reusedBufferBytes of returned buffers for the next batch', async () => {
    // Two chunks of 5 rows x 30 Float64 variables (1,200 bytes each): room for one of them.
    const sent = await requestBuffers([10, 10], 1_500);
    expect(sent[1]!.filter((buffer) => sent[0]!.includes(buffer))).toHaveLength(1);
    expect(() => new ParallelEvaluator({ spec: zdt1, reusedBufferBytes: -1 })).toThrow(/reusedBufferBytes/);
  });

  it('evaluates an empty batch without starting to compute', async () => {
    const problem = await createProblemFromSpec<Float64Array>(zdt1);
    const evaluator = new ParallelEvaluator<Float64Array>({ spec: zdt1, workers: 2, channelFactory: inProcess });
    await evaluator.evaluate(problem, { ...randomBatch(problem, 0), size: 0 });
    expect(evaluator.stats.batches).toBe(0);
    await evaluator.close();
  });

  it('counts batches and rows and splits wall time into compute and overhead', async () => {
    const problem = await createProblemFromSpec<Float64Array>(zdt1);
    const evaluator = new ParallelEvaluator<Float64Array>({ spec: zdt1, workers: 2, channelFactory: inProcess });
    await evaluator.evaluate(problem, randomBatch(problem, 10));
    await evaluator.evaluate(problem, randomBatch(problem, 5));
    const stats = evaluator.stats;
    expect(stats).toMatchObject({ batches: 2, rows: 15, retries: 0 });
    expect(stats.criticalComputeMs).toBeLessThanOrEqual(stats.computeMs);
    expect(stats.overheadMs).toBeCloseTo(stats.wallMs - stats.criticalComputeMs, 9);
    evaluator.resetStats();
    expect(evaluator.stats.batches).toBe(0);
    await evaluator.close();
  });

  it('refuses a problem that differs from the one the spec builds, naming both', async () => {
    const other = await createProblemFromSpec<Float64Array>({ kind: 'benchmark', name: 'ZDT2' });
    const evaluator = new ParallelEvaluator<Float64Array>({ spec: zdt1, workers: 2, channelFactory: inProcess });
    const attempt = evaluator.evaluate(other, randomBatch(other, 4));
    await expect(attempt).rejects.toThrow(ParallelInputError);
    await expect(attempt).rejects.toThrow(/workers built problem "ZDT1".*evaluates "ZDT2"/);
    await evaluator.close();
  });

  it('reports an unknown problem kind or benchmark name as an input error', async () => {
    const bad = new ParallelEvaluator({
      spec: { kind: 'nope' } as unknown as ProblemSpec,
      workers: 1,
      channelFactory: inProcess,
    });
    await expect(bad.start()).rejects.toThrow(/unknown problem kind "nope"/);
    const unknown = new ParallelEvaluator({
      spec: { kind: 'benchmark', name: 'ZDT9' },
      workers: 1,
      channelFactory: inProcess,
    });
    await expect(unknown.start()).rejects.toThrow(/unknown benchmark problem "ZDT9"/);
    expect(() => new ParallelEvaluator({ spec: zdt1, retries: -1 })).toThrow(/retries must be a non-negative integer/);
  });

  it('stops at once when the signal is already aborted, and cannot be used after close', async () => {
    const problem = await createProblemFromSpec<Float64Array>(zdt1);
    const evaluator = new ParallelEvaluator<Float64Array>({ spec: zdt1, workers: 2, channelFactory: inProcess });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(evaluator.evaluate(problem, randomBatch(problem, 4), controller.signal)).rejects.toThrow('stop');
    await evaluator.close();
    await expect(evaluator.evaluate(problem, randomBatch(problem, 4))).rejects.toThrow(/closed/);
  });

  it('evaluates one batch at a time', async () => {
    const problem = await createProblemFromSpec<Float64Array>(zdt1);
    const evaluator = new ParallelEvaluator<Float64Array>({ spec: zdt1, workers: 2, channelFactory: inProcess });
    const first = evaluator.evaluate(problem, randomBatch(problem, 4));
    await expect(evaluator.evaluate(problem, randomBatch(problem, 4))).rejects.toThrow(/previous batch/);
    await first;
    await evaluator.evaluate(problem, randomBatch(problem, 4));
    expect(evaluator.stats.batches).toBe(2);
    await evaluator.close();
  });

  it('drives NSGA-II to the same population as the sequential evaluator', async () => {
    const problem = await createProblemFromSpec<Float64Array>(zdt1);
    const options = { populationSize: 20, seed: 11 };
    const sequential = await new NSGA2(problem, { ...options, termination: new MaxGenerations(5) }).run();
    const evaluator = new ParallelEvaluator<Float64Array>({ spec: zdt1, workers: 3, channelFactory: inProcess });
    try {
      const parallel = await new NSGA2(problem, { ...options, termination: new MaxGenerations(5), evaluator }).run();
      expect(sameBytes(parallel.population.objectives, sequential.population.objectives)).toBe(true);
      expect(sameBytes(parallel.population.variables, sequential.population.variables)).toBe(true);
    } finally {
      await evaluator.close();
    }
  });
});
