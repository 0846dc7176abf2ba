/**
 * A bare clone passes: the repository carries every reference front and real GIS fixture its unit tests
 * and `paretoplan benchmark` need, so a user who clones it alone (no sibling `shared/` folder) can run
 * them. The test clones the committed HEAD into a temporary folder whose parent has no `shared/`, reuses
 * this checkout's node_modules (installing would need the network), builds the engine and runs the unit
 * project and the built `paretoplan benchmark ZDT1` there. Uncommitted changes are not part of the clone:
 * CI runs on a clean clone, where HEAD is what is tested.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const isGitCheckout = existsSync(path.join(repoRoot, '.git'));
const TEN_MINUTES = 600_000;
// The unit project takes about 3 minutes on a quiet 2-core machine; a loaded one can take several times that.

describe.skipIf(!isGitCheckout)('a clone with no sibling shared/ folder', () => {
  let parent = '';
  afterAll(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('runs the unit tests and `paretoplan benchmark ZDT1`', { timeout: 4 * TEN_MINUTES }, async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'pareto-bare-clone-'));
    const clone = path.join(parent, 'pareto-plan');
    await run('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone]);
    expect(existsSync(path.join(parent, 'shared'))).toBe(false);
    await symlink(path.join(repoRoot, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
    const env = { ...process.env, CI: '', NO_COLOR: '1' };
    const options = { cwd: clone, env, maxBuffer: 64 * 1024 * 1024, timeout: 2 * TEN_MINUTES };

    const unit = await run('npx', ['vitest', 'run', '--project', 'unit', '--reporter', 'dot'], options).catch(
      (error: { stdout?: string; stderr?: string }) => error,
    );
    // eslint-disable-next-line no-control-regex -- strips terminal colours from vitest's summary
    const unitOutput = `${unit.stdout ?? ''}${unit.stderr ?? ''}`.replace(/\u001b\[[0-9;]*m/g, '');
    expect(unitOutput, unitOutput.slice(-4000)).toMatch(/Tests\s+\d+ passed/);
    expect(unitOutput).not.toMatch(/\d+ failed/);

    await run('npm', ['run', 'build:engine'], options);
    const { stdout } = await run(
      process.execPath,
      ['bin/paretoplan.js', 'benchmark', 'ZDT1', '--population', '40', '--generations', '50', '--json'],
      options,
    );
    const report = JSON.parse(stdout) as { problem: string; hypervolume: number; referenceFrontHypervolume: number };
    expect(report.problem).toBe('ZDT1');
    // The shipped reference front was found: the report carries its hypervolume.
    expect(report.referenceFrontHypervolume).toBeGreaterThan(0.6);
    expect(report.hypervolume).toBeGreaterThan(0);
  });
});
