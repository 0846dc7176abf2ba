/**
 * The packaged app's main process runs the built JavaScript (dist/desktop/src/main), not the
 * TypeScript sources. Without Electron (its binary cannot be downloaded here), a plain `node`
 * process loads the built service module both transports use and runs a small scenario with two
 * worker threads to completion, as the app's Run button does.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/cli-helpers.js';

const tmp = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-built-main-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));

const script = (apiUrl: string, scenario: string, home: string) => `
import { PlanService } from ${JSON.stringify(apiUrl)};
const events = [];
let finish;
const finished = new Promise((resolve) => (finish = resolve));
const api = new PlanService({ homeDir: ${JSON.stringify(home)}, onEvent: (event) => {
  events.push(event.type);
  if (event.type === 'run-finished' || event.type === 'run-failed') finish(event);
} });
const started = await api.startRun({ scenario: ${JSON.stringify(scenario)}, population: 12, generations: 3, seed: 5, workers: 2 });
const end = await finished;
const runs = await api.listRuns();
const front = await api.loadFront(started.dir);
console.log(JSON.stringify({ end, run: runs.find((r) => r.dir === started.dir), layouts: front.solutions.length, progress: events.filter((t) => t === 'run-progress').length, fronts: events.filter((t) => t === 'run-front').length }));
await api.close();
`;

describe("the packaged app's main process (built JavaScript, no Electron)", () => {
  it('runs a scenario with 2 workers to completion through the built service module', async () => {
    const service = path.join(repoRoot, 'dist/engine/src/api/index.js');
    const file = path.join(tmp, 'check.mjs');
    await writeFile(
      file,
      script(
        new URL(`file://${service}`).href,
        path.join(repoRoot, 'scenarios/riverbend-balanced.yaml'),
        path.join(tmp, 'home'),
      ),
    );
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [file], { cwd: tmp, timeout: 240_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      end: { type: string; status: string };
      run: { status: string; generation: number };
      layouts: number;
      progress: number;
      fronts: number;
    };
    expect(report.end).toMatchObject({ type: 'run-finished', status: 'complete' });
    expect(report.run).toMatchObject({ status: 'complete', generation: 3 });
    expect(report.layouts).toBeGreaterThan(0);
    expect(report.progress).toBeGreaterThan(0);
    expect(report.fronts).toBeGreaterThan(0); // the live front, as events
  });
});
