/** The evaluator over real worker threads (started from the TypeScript sources through tsx). */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createProblemFromSpec,
  createSyntheticGridLayers,
  ParallelEvaluator,
  shareStaticArrays,
  WorkerChannel,
  writeStaticBundle,
  type ProblemSpec,
} from '../../../engine/src/parallel/index.js';
import { makeBatch, sameBytes } from './helpers.js';

const options = { width: 40, height: 30, classes: 4, radius: 2 };
const layers = createSyntheticGridLayers(options);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'pp-parallel-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

function fillGenomes(variables: Uint8Array): void {
  let state = 7;
  for (let i = 0; i < variables.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    variables[i] = state >>> 30;
  }
}

describe('ParallelEvaluator over worker threads', () => {
  it('matches the main-thread problem bit for bit, with layers shared or loaded from a bundle', async () => {
    const shared: ProblemSpec = { kind: 'synthetic-grid', options, data: shareStaticArrays(layers) };
    const bundled: ProblemSpec = {
      kind: 'synthetic-grid',
      options,
      data: await writeStaticBundle(path.join(tmp, 'layers.bin'), layers),
    };
    const problem = await createProblemFromSpec<Uint8Array>(shared);
    const expected = makeBatch(problem, 11, fillGenomes);
    problem.evaluate(expected);

    for (const [spec, workers] of [
      [shared, 2],
      [bundled, 3],
    ] as const) {
      const evaluator = new ParallelEvaluator<Uint8Array>({ spec, workers });
      try {
        const shape = await evaluator.start();
        expect(shape).toEqual({
          name: problem.name,
          numberOfVariables: 1200,
          numberOfObjectives: 2,
          numberOfConstraints: 1,
          variableType: 'Uint8Array',
          repair: null,
          sampling: null,
          improvement: null,
          details: null,
          encoding: null,
        });
        const batch = makeBatch(problem, 11, fillGenomes);
        await evaluator.evaluate(problem, batch);
        expect(sameBytes(batch.objectives, expected.objectives)).toBe(true);
        expect(sameBytes(batch.violations, expected.violations)).toBe(true);
        // The rows were copied into transferred buffers; the algorithm's matrix is intact.
        expect(batch.variables.byteLength).toBe(11 * 1200);
        expect(sameBytes(batch.variables, expected.variables)).toBe(true);
        expect(evaluator.stats).toMatchObject({ batches: 1, rows: 11, retries: 0 });
        expect(evaluator.stats.computeMs).toBeGreaterThan(0);
      } finally {
        await evaluator.close();
      }
    }
  });

  it('starts the workers from the TypeScript sources through the tsx bootstrap', async () => {
    const { workerEntry } = await import('../../../engine/src/parallel/index.js');
    const entry = workerEntry();
    expect(entry.url.pathname.endsWith('/tsx-worker-bootstrap.mjs')).toBe(true);
    expect(entry.workerData).toEqual({
      role: 'worker-entry',
      tsEntry: expect.stringMatching(/worker-entry\.ts$/),
    });
  });
});

describe('a worker channel over a long run', () => {
  it("keeps no call's result once the caller has dropped it", async () => {
    // A run sends thousands of chunks; a channel that kept each response (it once did, through a
    // never-settling promise every call raced against) grew by its whole population every generation.
    v8.setFlagsFromString('--expose-gc');
    const collect = vm.runInNewContext('gc') as () => void;
    const spec: ProblemSpec = { kind: 'synthetic-grid', options, data: shareStaticArrays(layers) };
    const channel = new WorkerChannel({ label: 'test worker' });
    const results: WeakRef<ArrayBuffer>[] = [];
    const requests: WeakRef<ArrayBuffer>[] = [];
    try {
      await channel.init(spec);
      const send = async () => {
        const variables = new Uint8Array(3 * 1200);
        fillGenomes(variables);
        const response = await channel.evaluateBatch({ variables: variables.buffer, rows: 3, firstRow: 0 });
        expect(new Float64Array(response.results)).toHaveLength(3 * 3);
        results.push(new WeakRef(response.results));
        requests.push(new WeakRef(response.variables!));
      };
      for (let call = 0; call < 20; call++) await send();
      // WeakRefs hold their targets until the current job ends: collect in a later turn.
      await nextTurn();
      collect();
      await nextTurn();
      expect(results.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
      expect(requests.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    } finally {
      await channel.close();
    }
  });
});
