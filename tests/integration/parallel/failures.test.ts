/**
 * A worker that throws, exits, runs out of memory or hangs makes the evaluation fail with an
 * error naming the worker, the rows and the cause (or succeeds after one retry), never hangs.
 * The faulty problem misbehaves on rows whose first variable is FAULT_MARKER.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../../engine/src/optimizer/core/problem.js';
import {
  ParallelEvaluator,
  WorkerFailureError,
  type ParallelEvaluatorOptions,
} from '../../../engine/src/parallel/index.js';
import { createProblem, FAULT_MARKER, type FaultyProblemOptions } from './fixtures/faulty-problem.js';
import { faultySpec, makeBatch } from './helpers.js';

const tmp = await mkdtemp(path.join(os.tmpdir(), 'pp-faults-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

const ROWS = 6;
/** With 2 workers, row 4 is in worker 2's chunk (rows 3..5). */
const MARKED_ROW = 4;

function batchOf(problem: Problem<Float64Array>, marked: boolean) {
  return makeBatch(problem, ROWS, (variables) => {
    for (let i = 0; i < variables.length; i++) variables[i] = i;
    if (marked) variables[MARKED_ROW * 3] = FAULT_MARKER;
  });
}

async function failureOf(mode: FaultyProblemOptions['mode'], options: Partial<ParallelEvaluatorOptions> = {}) {
  const problem = createProblem({ mode });
  const evaluator = new ParallelEvaluator<Float64Array>({ spec: faultySpec({ mode }), workers: 2, ...options });
  const batch = batchOf(problem, true);
  try {
    await evaluator.evaluate(problem, batch);
    throw new Error('the evaluation should have failed');
  } catch (error) {
    // No value was written into the algorithm's arrays.
    expect(batch.objectives.every((v) => v === 0)).toBe(true);
    return { error: error as WorkerFailureError, evaluator, problem };
  }
}

describe('worker failures', () => {
  it('a problem that throws fails the run after one retry, naming the worker, rows and message', async () => {
    const { error, evaluator, problem } = await failureOf('throw');
    try {
      expect(error).toBeInstanceOf(WorkerFailureError);
      expect(error.failure).toBe('threw');
      expect(error.message).toMatch(
        /^worker 2 of 2: problem faulty threw while evaluating rows 3\.\.5: the faulty problem cannot evaluate the marked row \(failed again after 1 retry\)$/,
      );
      expect(evaluator.stats.retries).toBe(1);
      // The worker survived its problem's exception: a good batch still evaluates.
      const good = batchOf(problem, false);
      await evaluator.evaluate(problem, good);
      expect(good.objectives[MARKED_ROW * 2]).toBe(12 + 13 + 14);
    } finally {
      await evaluator.close();
    }
  });

  it('a worker that exits fails the run with its exit code (no retry when retries = 0)', async () => {
    const { error, evaluator } = await failureOf('exit', { retries: 0 });
    await evaluator.close();
    expect(error.failure).toBe('exited');
    expect(error.message).toBe('worker 2 of 2 exited with code 7 while evaluating rows 3..5');
  });

  it('a worker that exits twice fails after restarting it once', async () => {
    const { error, evaluator } = await failureOf('exit');
    await evaluator.close();
    expect(error.message).toBe(
      'worker 2 of 2 exited with code 7 while evaluating rows 3..5 (failed again after 1 retry)',
    );
  });

  it('a worker that dies once is restarted and the batch retried, with the right results', async () => {
    const onceFile = path.join(tmp, 'crashed-once');
    const problem = createProblem({ mode: 'none' });
    const evaluator = new ParallelEvaluator<Float64Array>({
      spec: faultySpec({ mode: 'exit-once', onceFile }),
      workers: 2,
    });
    try {
      const batch = batchOf(problem, true);
      await evaluator.evaluate(problem, batch);
      expect(evaluator.stats.retries).toBe(1);
      const expected = batchOf(problem, true);
      problem.evaluate(expected);
      expect(batch.objectives).toEqual(expected.objectives);
    } finally {
      await evaluator.close();
    }
  });

  it('a worker that runs out of memory fails the run and says so', async () => {
    const { error, evaluator } = await failureOf('oom', { retries: 0, resourceLimits: { maxOldGenerationSizeMb: 48 } });
    await evaluator.close();
    expect(error.failure).toBe('out-of-memory');
    expect(error.message).toMatch(
      /^worker 2 of 2 ran out of memory while evaluating rows 3\.\.5 \(ERR_WORKER_OUT_OF_MEMORY/,
    );
  });

  it('a worker that hangs is terminated after the timeout', async () => {
    const { error, evaluator } = await failureOf('hang', { retries: 0, timeoutMs: 1500 });
    await evaluator.close();
    expect(error.failure).toBe('timeout');
    expect(error.message).toBe('worker 2 of 2 took longer than 1500 ms evaluating rows 3..5 and was terminated');
  });
});
