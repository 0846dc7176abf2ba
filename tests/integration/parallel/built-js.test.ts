/**
 * The worker entry also works from built JavaScript (the CLI and the packaged app run `dist/`):
 * the engine sources are compiled file by file to a temporary folder (as `tsc` emits them into
 * dist/engine/src) and a plain `node` process, without tsx, evaluates a batch in two workers.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildEngine } from '../../support/built-engine.js';

const out = await mkdtemp(path.join(os.tmpdir(), 'pp-built-'));
afterAll(() => rm(out, { recursive: true, force: true }));

// The parallel layer and the optimiser core are all a benchmark spec loads (other problem kinds
// are imported on demand).
const compileEngine = () => buildEngine(out, (file) => /^(parallel|optimizer)[/\\]/.test(file));

const checkScript = `
import { ParallelEvaluator, createProblemFromSpec, workerEntry } from './engine/src/parallel/index.js';
const spec = { kind: 'benchmark', name: 'ZDT1' };
const problem = await createProblemFromSpec(spec);
const rows = 5;
const variables = problem.createVariables(rows).map((_, i) => (i % 7) / 7);
const make = () => ({ size: rows, variables, objectives: new Float64Array(rows * 2), violations: new Float64Array(0) });
const expected = make();
problem.evaluate(expected);
const evaluator = new ParallelEvaluator({ spec, workers: 2 });
const batch = make();
await evaluator.evaluate(problem, batch);
await evaluator.close();
console.log(JSON.stringify({ entry: workerEntry().url.href, same: batch.objectives.every((v, i) => Object.is(v, expected.objectives[i])) }));
`;

describe('parallel evaluation from built JavaScript', () => {
  it('starts worker-entry.js in a plain node process (no tsx) and returns the right results', async () => {
    await compileEngine();
    await writeFile(path.join(out, 'check.mjs'), checkScript);
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['check.mjs'], { cwd: out, timeout: 60_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { entry: string; same: boolean };
    expect(report.entry.endsWith('/engine/src/parallel/worker-entry.js')).toBe(true);
    expect(report.same).toBe(true);
  });
});
