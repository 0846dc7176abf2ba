/**
 * The worker entry also works from built JavaScript (the CLI and the packaged app run `dist/`,
 * built by the integration project's global set-up): a plain `node` process, without tsx,
 * evaluates a batch in two workers.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/cli-helpers.js';

const out = await mkdtemp(path.join(os.tmpdir(), 'pp-built-'));
afterAll(() => rm(out, { recursive: true, force: true }));

const checkScript = `
import { ParallelEvaluator, createProblemFromSpec, workerEntry } from ${JSON.stringify(new URL(`file://${path.join(repoRoot, 'dist/engine/src/parallel/index.js')}`).href)};
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
