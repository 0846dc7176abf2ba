/**
 * The run folder's lock, failures during set-up and damaged folders, through the CLI (built
 * JavaScript: bin/paretoplan.js): one writer per folder, a stale lock taken over,
 * every failure recorded in the manifest, and `report` pointing at `resume`, which repairs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  balancedScenario,
  builtCli,
  repoRoot,
  runCli,
  sameFront,
  startCli,
  waitForStderr,
  type CliOptions,
} from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-lock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const scenario = path.join(repoRoot, 'tests/fixtures/runs/tiny.yaml');
const injector = pathToFileURL(path.join(repoRoot, 'tests/support/kill-at.mjs')).href;
const built = (env: Record<string, string> = {}): CliOptions => ({
  cwd: tmp,
  env,
  entry: ['--import', injector, builtCli],
});
const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    status: string;
    error: string | null;
    front: { file: string; csv: { file: string }; rasters: { file: string; sha256: string }[] } | null;
  };

/** An uninterrupted run of the crash-test scenario, made once, to compare fronts with. */
let referenceRun: Promise<string> | null = null;
function reference(): Promise<string> {
  referenceRun ??= (async () => {
    const dir = path.join(tmp, 'reference');
    expect((await runCli(['run', scenario, '--out', dir, '--quiet'], built())).code).toBe(0);
    return dir;
  })();
  return referenceRun;
}

describe('the run lock', () => {
  it('refuses a second resume of a folder being resumed, naming the process that holds it', async () => {
    const dir = path.join(tmp, 'long');
    // A run far longer than the test, stopped with Ctrl-C as soon as it starts (after one generation).
    const first = startCli(['run', scenario, '--out', dir, '--generations', '1000000'], built());
    const a = { started: null as ReturnType<typeof startCli> | null };
    try {
      await waitForStderr(first.child, /Run folder: /);
      first.child.kill('SIGINT');
      expect((await first.done).code).toBe(130);
      expect(manifestOf(dir).status).toBe('interrupted');

      a.started = startCli(['resume', dir], built());
      await waitForStderr(a.started.child, /Resuming .* from generation/);
      const lockBefore = readFileSync(path.join(dir, 'run.lock'), 'utf8');
      const b = await runCli(['resume', dir], built());
      expect(b.code).toBe(2);
      expect(b.stderr).toContain(`${dir} is in use by process ${a.started.child.pid} on ${os.hostname()}`);
      expect(b.stderr).toContain(`paretoplan resume ${dir}`);
      expect(b.stderr).not.toMatch(/\n\s+at /);
      // The lock is still the first resume's, which carries on and stops cleanly.
      expect(readFileSync(path.join(dir, 'run.lock'), 'utf8')).toBe(lockBefore);
      a.started.child.kill('SIGINT');
      const stopped = await a.started.done;
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(existsSync(path.join(dir, 'run.lock'))).toBe(false);
    } finally {
      first.child.kill('SIGKILL');
      a.started?.child.kill('SIGKILL');
    }
  });

  it('takes over the lock of a killed run and says so', async () => {
    const dir = path.join(tmp, 'killed');
    // SIGKILL at the 40th file-system change (inside the first checkpoint): the lock stays behind.
    const killed = await runCli(
      ['run', scenario, '--out', dir, '--checkpoint-every', '3'],
      built({ PP_KILL_AT: '40' }),
    );
    expect(killed.signal).toBe('SIGKILL');
    const lock = JSON.parse(readFileSync(path.join(dir, 'run.lock'), 'utf8')) as { pid: number; host: string };
    expect(lock.host).toBe(os.hostname());

    const resumed = await runCli(['resume', dir], built());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Took over the lock of ${dir} from process ${lock.pid} on ${lock.host}`);
    expect(resumed.stderr).toContain('is no longer running');
    expect(sameFront(dir, await reference())).toBe(true);
    expect(existsSync(path.join(dir, 'run.lock'))).toBe(false);
  });
});

describe('failures and damage', () => {
  it.skipIf(process.platform !== 'linux')(
    'a run that fails while setting up (no memory for its population) is recorded as failed with the error',
    async () => {
      const dir = path.join(tmp, 'no-memory');
      // 20,002 layouts of Riverbend's 53,078 changeable cells (parents and offspring: 1.06 GB) in a
      // process limited to 1.8 GB of address space: the allocation fails after the folder exists.
      const result = await runCli(
        ['run', balancedScenario, '--out', dir, '--population', '10000', '--generations', '1', '--workers', '1'],
        { ...built(), memoryLimitKb: 1_800_000 },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('not enough memory');
      expect(result.stderr).toContain('choose a smaller population');
      const manifest = manifestOf(dir);
      expect(manifest.status).toBe('failed');
      expect(manifest.error).toMatch(/^not enough memory \(Array buffer allocation failed\)/);
      expect(existsSync(path.join(dir, 'run.lock'))).toBe(false);
    },
  );

  it('report on a damaged folder says resume repairs it; resume repairs it; report then works', async () => {
    const dir = path.join(tmp, 'damaged');
    expect((await runCli(['run', scenario, '--out', dir, '--quiet'], built())).code).toBe(0);
    const front = manifestOf(dir).front!;
    unlinkSync(path.join(dir, front.file));
    writeFileSync(path.join(dir, 'layouts/compromise.tif'), 'damaged');
    const styleBefore = statSync(path.join(dir, 'layouts/compromise.qml')).mtimeMs;

    const report = await runCli(['report', dir, '--format', 'html'], built());
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(`The layouts file of run ${dir} is missing (${front.file})`);
    expect(report.stderr).toContain(`Run \`paretoplan resume ${dir}\` to repair it`);

    const resumed = await runCli(['resume', dir], built());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Repairing ${dir}: its layouts file (${front.file}) is missing`);
    expect(resumed.stderr).toContain(
      `Repairing ${dir}: its highlight layout layouts/compromise.tif (layouts/compromise.tif) is damaged`,
    );
    const repaired = manifestOf(dir);
    expect(repaired.status).toBe('complete');
    expect(sameFront(dir, await reference())).toBe(true);
    // Every raster the manifest names matches; the intact style beside the damaged one was left alone.
    for (const raster of repaired.front!.rasters) {
      expect(
        createHash('sha256')
          .update(readFileSync(path.join(dir, raster.file)))
          .digest('hex'),
        raster.file,
      ).toBe(raster.sha256);
    }
    expect(statSync(path.join(dir, 'layouts/compromise.qml')).mtimeMs).toBe(styleBefore);
    expect((await runCli(['report', dir, '--format', 'html'], built())).code).toBe(0);
  });

  it('a folder whose set-up was killed is reported as never started, with the command to start it', async () => {
    const dir = path.join(tmp, 'never');
    // Change 10: the scenario copy is renamed into the staging folder; the folder has no name yet.
    const killed = await runCli(['run', scenario, '--out', dir], built({ PP_KILL_AT: '10' }));
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(dir)).toBe(false);
    const report = await runCli(['report', dir], built());
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(`The run in ${dir} never started`);
    const resumed = await runCli(['resume', dir], built());
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('never started');
    expect(resumed.stderr).toContain(`paretoplan run ${scenario} --out ${dir}`);
    // resume removed the unfinished set-up; the same command now starts the run.
    expect((await runCli(['run', scenario, '--out', dir, '--quiet'], built())).code).toBe(0);
  });
});
