/**
 * The evaluator prepares rows where it evaluates them (in-process channels: the same contract as
 * worker threads, without threads): sampling and repair from per-row seeds, chunked dynamically,
 * written back into the batch; and a fallback to the main thread when the spec lacks the operators.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MaxGenerations, NSGA2, type NSGA2Result } from '../../../engine/src/optimizer/index.js';
import {
  createProblemFromSpec,
  InProcessChannel,
  ParallelEvaluator,
  type ProblemSpec,
} from '../../../engine/src/parallel/index.js';
import { gridSnapRepair, rowUniformSampling } from '../../integration/parallel/fixtures/repaired-problem.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const repairedSpec: ProblemSpec = {
  kind: 'module',
  module: pathToFileURL(path.join(root, 'tests/integration/parallel/fixtures/repaired-problem.ts')).href,
};
const inProcess = (index: number, size: number) => new InProcessChannel(`in-process ${index + 1} of ${size}`);

function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

async function run(evaluator?: ParallelEvaluator<Float64Array>): Promise<NSGA2Result<Float64Array>> {
  const problem = await createProblemFromSpec<Float64Array>(repairedSpec);
  return new NSGA2(problem, {
    populationSize: 20,
    seed: 17,
    sampling: rowUniformSampling,
    repair: gridSnapRepair,
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
});
