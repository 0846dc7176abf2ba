/**
 * A worker that fails must end the command with the named error and exit code 1, whatever the
 * flags and the timing: never silence, a hang, or Node's exit code 13 for a top-level await that
 * nothing settles (what the built CLI did when the pool closed a worker that was still busy
 * building its problem and a settling call unref'd it again).
 *
 * The failures are forced in a copy of the installed package (bin/, dist/, package.json, with the
 * project's node_modules, scenarios and data linked in) whose worker entry is replaced: the
 * product's code is unchanged, only what runs in the worker threads.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balancedScenario, repoRoot, runCli, type CliResult } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-worker-failure-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The real worker API around the real service, with one step replaced by `failure`. */
function workerEntry(failure: { init?: string; evaluate?: string; top?: string }): string {
  return `
import { expose, transfer } from 'comlink';
import { parentPort, threadId } from 'node:worker_threads';
import { nodeEndpoint } from './node-endpoint.js';
import { EvaluationService } from './worker-service.js';
${failure.top ?? ''}
const service = new EvaluationService();
expose({
  async init(spec) { ${failure.init ?? ''} return service.init(spec); },
  evaluateBatch(request) {
    ${failure.evaluate ?? ''}
    const response = service.evaluateBatch(request);
    return transfer(response, response.variables ? [response.results, response.variables] : [response.results]);
  },
}, nodeEndpoint(parentPort));
`;
}

const FAILURES = {
  // The race behind exit code 13: one worker's init fails while the other is still building its
  // problem (thread ids 1 and 2 for the first two workers, 3 and 4 after restarts).
  'init fails in one worker while the other builds its problem': {
    entry: workerEntry({ init: "if (threadId % 2 === 1) throw new Error('forced failure while building');" }),
    message: /worker \d of 2: forced failure while building/,
  },
  'a worker crashes while loading': {
    entry: workerEntry({ top: "throw new Error('forced crash at start-up');" }),
    message: /worker \d of 2 crashed while .*forced crash at start-up/,
  },
  'a worker exits while evaluating': {
    entry: workerEntry({ evaluate: 'process.exit(7);' }),
    message: /worker \d of 2 exited with code 7 while evaluating rows/,
  },
} as const;

type FailureName = keyof typeof FAILURES;
const installs = new Map<FailureName, string>();

beforeAll(() => {
  for (const [name, failure] of Object.entries(FAILURES) as [FailureName, (typeof FAILURES)[FailureName]][]) {
    const root = path.join(tmp, `install-${installs.size}`);
    cpSync(path.join(repoRoot, 'bin'), path.join(root, 'bin'), { recursive: true });
    cpSync(path.join(repoRoot, 'dist/engine'), path.join(root, 'dist/engine'), { recursive: true });
    cpSync(path.join(repoRoot, 'package.json'), path.join(root, 'package.json'));
    for (const linked of ['node_modules', 'scenarios', 'gis-data']) {
      symlinkSync(path.join(repoRoot, linked), path.join(root, linked), 'dir');
    }
    writeFileSync(path.join(root, 'dist/engine/src/parallel/worker-entry.js'), failure.entry);
    installs.set(name, path.join(root, 'bin/paretoplan.js'));
  }
});

const BUDGET = ['--population', '8', '--generations', '2', '--workers', '2'];

function expectNamedFailure(result: CliResult, name: FailureName): void {
  expect(result.code, `exit code (stderr: ${result.stderr})`).toBe(1);
  expect(result.stderr).toMatch(FAILURES[name].message);
  expect(result.stderr).toContain('paretoplan: the command failed:');
}

describe('a failing worker ends the installed CLI with the named error and exit code 1', () => {
  for (const name of Object.keys(FAILURES) as FailureName[]) {
    it(`run, quiet and not: ${name}`, async () => {
      const entry = installs.get(name)!;
      // Timing decides which worker fails first and what the other is doing: try several times.
      for (let attempt = 0; attempt < 4; attempt++) {
        const out = path.join(tmp, `${name.replaceAll(' ', '-')}-${attempt}`);
        const flags = attempt % 2 === 0 ? ['--quiet'] : [];
        expectNamedFailure(
          await runCli(['run', balancedScenario, '--out', out, ...BUDGET, ...flags], { entry: [entry] }),
          name,
        );
      }
    });
  }

  it('demo and batch too', async () => {
    const name: FailureName = 'init fails in one worker while the other builds its problem';
    const entry = installs.get(name)!;
    const demo = await runCli(['demo', '--out', path.join(tmp, 'demo'), '--quiet', ...BUDGET], { entry: [entry] });
    expectNamedFailure(demo, name);
    const batch = await runCli(
      ['batch', balancedScenario, '--out', path.join(tmp, 'batch'), '--seeds', '1', ...BUDGET],
      { entry: [entry] },
    );
    expect(batch.code, batch.stderr).toBe(1);
    expect(batch.stderr).toContain('1 of 1 runs failed');
  });
});
