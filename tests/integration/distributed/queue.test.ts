/**
 * Batches on a queue, as users run them: a private redis-server on 127.0.0.1 per test, three
 * `paretoplan worker` processes and `paretoplan batch --queue` from the built CLI. Nothing may be
 * lost (a killed worker's job resumes elsewhere), duplicated (one folder per job) or different from
 * a local batch (summary.csv byte for byte, fronts identical).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  KEY_PREFIX,
  QUEUE_NAME,
  type RunJobData,
  type RunJobResult,
} from '../../../engine/src/distributed/protocol.js';
import { parseCsv } from '../../../engine/src/runs/csv.js';
import { startRedis, type TestRedis } from '../../support/redis-server.js';
import { repoRoot, runCli, sameFront, startCli, type CliResult } from '../cli/cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-queue-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let folders = 0;
const folder = (name: string) => path.join(tmp, `${folders++}-${name}`);

const tiny = path.join(repoRoot, 'tests/fixtures/runs/tiny.yaml');
const variants = path.join(repoRoot, 'tests/fixtures/distributed/variants.yaml');
/** Workers hand over the jobs of a silent worker after 2 s (30 s by default). */
const STALL = ['--stall-timeout', '2'];

interface WorkerProcess {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** Everything the worker wrote to stderr so far. */
  log(): string;
}

let redis: TestRedis | null = null;
let workers: WorkerProcess[] = [];

afterEach(async () => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.done));
  workers = [];
  await redis?.stop();
  redis = null;
});

function startWorkers(count: number, url: string): WorkerProcess[] {
  workers = Array.from({ length: count }, () => {
    const { child, done } = startCli(['worker', '--queue', url, ...STALL]);
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { child, done, log: () => text };
  });
  return workers;
}

/** Stop the workers as a user would (SIGTERM) and check they stop cleanly. */
async function stopWorkers(): Promise<void> {
  const running = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  for (const worker of running) worker.child.kill('SIGTERM');
  for (const worker of running) {
    const result = await worker.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Worker stopped.');
  }
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Manifest {
  status: string;
  checkpoint: { generation: number } | null;
}
function manifestOf(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}
const checkpointOf = (dir: string) => manifestOf(dir)?.checkpoint?.generation ?? 0;
const runFolders = (out: string) =>
  readdirSync(out)
    .filter((name) => name !== 'summary.csv' && name !== 'variant-scenarios')
    .sort();

describe('paretoplan batch --queue with three workers', () => {
  it('runs a batch of 6 jobs (1 scenario x 2 variants x 3 seeds) into the summary.csv of a local batch, byte for byte', async () => {
    redis = await startRedis();
    startWorkers(3, redis.url);
    const batch = [tiny, '--variants', variants, '--seeds', '1,2,3', '--generations', '12'];
    const [queuedOut, localOut] = [folder('queued'), folder('local')];
    const [queued, local] = await Promise.all([
      runCli(['batch', ...batch, '--out', queuedOut, '--queue', redis.url]),
      runCli(['batch', ...batch, '--out', localOut, '--quiet']),
    ]);
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stderr).toMatch(/6 jobs in the queue at redis:\/\/127\.0\.0\.1:\d+\/0 \(6 new\)/);
    expect(queued.stderr).toContain('6/6 runs done, 0 running, 0 waiting');

    const summary = readFileSync(path.join(queuedOut, 'summary.csv'));
    expect(summary.equals(readFileSync(path.join(localOut, 'summary.csv')))).toBe(true);
    const [header, ...rows] = parseCsv(summary.toString());
    const column = (name: string) => rows.map((row) => row[header!.indexOf(name)]);
    expect(column('variant')).toEqual(['base', 'base', 'base', 'more-homes', 'more-homes', 'more-homes']);
    expect(column('status')).toEqual(Array(6).fill('complete'));
    expect(runFolders(queuedOut)).toEqual(runFolders(localOut));
    for (const name of runFolders(queuedOut)) {
      expect(sameFront(path.join(queuedOut, name), path.join(localOut, name)), name).toBe(true);
    }

    const status = await runCli(['batch', '--queue', redis.url, '--out', queuedOut, '--status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const runs = (JSON.parse(status.stdout) as { runs: { state: string; worker: string }[] }).runs;
    expect(runs.map((r) => r.state)).toEqual(Array(6).fill('completed'));
    // The jobs were shared out: each went to one of the workers, and more than one worker ran some.
    const pids = new Set(workers.map((w) => String(w.child.pid)));
    for (const run of runs) expect(pids.has(run.worker.split(':').at(-1)!)).toBe(true);
    expect(new Set(runs.map((r) => r.worker)).size).toBeGreaterThan(1);
    await stopWorkers();
  });

  it('a worker stopped mid-job puts it back, one killed with SIGKILL loses nothing: another finishes it with the front of an uninterrupted run', async () => {
    redis = await startRedis();
    startWorkers(3, redis.url);
    const out = folder('killed');
    const dir = path.join(out, 'tiny-seed1');
    const reference = folder('reference');
    const budget = ['--seed', '1', '--generations', '1500'];
    const uninterrupted = runCli(['run', tiny, ...budget, '--out', reference, '--quiet']);
    const submitter = startCli([
      'batch',
      tiny,
      '--seeds',
      '1',
      '--generations',
      '1500',
      '--out',
      out,
      '--queue',
      redis.url,
    ]);
    const holder = (attempt: number) => {
      const found = workers.find((w) => w.log().includes(`started (attempt ${attempt})`));
      return found ?? null;
    };

    // 1. SIGTERM (Ctrl-C) to the worker running the job: it stops with a checkpoint, and the job goes back.
    await waitFor('a first checkpoint', () => checkpointOf(dir) >= 10);
    const first = holder(1)!;
    first.child.kill('SIGTERM');
    const stopped = await first.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain('stopped with a checkpoint and put back in the queue');
    const stoppedAt = Number(/Interrupted at generation (\d+); checkpoint written/.exec(stopped.stderr)![1]);

    // 2. SIGKILL to the worker that took it over from that checkpoint, once it has written a later one.
    const resuming = /Resuming .* from generation (\d+)/;
    await waitFor('a second worker resuming the job', () => resuming.test(holder(2)?.log() ?? ''));
    const second = holder(2)!;
    const resumedAt = Number(resuming.exec(second.log())![1]);
    expect(resumedAt).toBe(stoppedAt);
    await waitFor('a later checkpoint', () => checkpointOf(dir) > resumedAt);
    second.child.kill('SIGKILL');

    const result = await submitter.done;
    expect(result.code, result.stderr).toBe(0);
    const third = holder(3)!;
    expect([first, second]).not.toContain(third);
    expect(third.log()).toMatch(/Took over the lock of .* no longer running/);
    expect(Number(resuming.exec(third.log())![1])).toBeGreaterThan(resumedAt);
    expect(manifestOf(dir)!.status).toBe('complete');
    expect(runFolders(out)).toEqual(['tiny-seed1']);
    expect((await uninterrupted).code).toBe(0);
    expect(sameFront(dir, reference)).toBe(true);
    await stopWorkers();
  });

  it('a duplicate submission, or a job handed out twice, creates no second folder and changes nothing', async () => {
    redis = await startRedis();
    startWorkers(3, redis.url);
    const out = folder('duplicate');
    const submit = () =>
      runCli(['batch', tiny, '--seeds', '1,2,3', '--generations', '12', '--out', out, '--queue', redis!.url]);
    const [a, b] = await Promise.all([submit(), submit()]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const added = [a, b].map((r) => Number(/\((\d+) new/.exec(r.stderr)![1]));
    expect(added[0]! + added[1]!).toBe(3);
    expect(runFolders(out)).toEqual(['tiny-seed1', 'tiny-seed2', 'tiny-seed3']);
    const summary = readFileSync(path.join(out, 'summary.csv'), 'utf8');
    const manifests = runFolders(out).map((name) => statSync(path.join(out, name, 'manifest.json')).mtimeMs);

    // The same job under another id (as if it were handed out twice): it finds its run done.
    const queue = new Queue<RunJobData, RunJobResult>(QUEUE_NAME, {
      connection: { host: '127.0.0.1', port: redis.port },
      prefix: KEY_PREFIX,
    });
    try {
      const [original] = await queue.getJobs(['completed'], 0, 0);
      await queue.add('run', original!.data, { jobId: 'handed-out-twice' });
      await waitFor('the duplicated job', () => workers.some((w) => w.log().includes('[handed-out-twice] complete')));
      // The worker logs the job's end before BullMQ stores its result: wait for that too (under load
      // the job was read back still without a result).
      let twice = (await queue.getJob('handed-out-twice'))!;
      await waitFor(
        "the duplicated job's stored result",
        async () => (twice = (await queue.getJob('handed-out-twice'))!).returnvalue != null,
        30_000,
      );
      expect(twice.returnvalue.continued).toBe(true);
      // The same summary, read back from the folder (the run's elapsed time is counted a little differently).
      const withoutTime = (result: RunJobResult) =>
        'summary' in result.outcome ? { ...result.outcome.summary, elapsedMs: 0 } : result.outcome;
      expect(withoutTime(twice.returnvalue)).toEqual(withoutTime(original!.returnvalue));
    } finally {
      await queue.close();
    }

    // Submitting the finished batch again adds nothing and rewrites the same summary.
    const again = await submit();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('(0 new)');
    expect(readFileSync(path.join(out, 'summary.csv'), 'utf8')).toBe(summary);
    expect(runFolders(out)).toEqual(['tiny-seed1', 'tiny-seed2', 'tiny-seed3']);
    expect(runFolders(out).map((name) => statSync(path.join(out, name, 'manifest.json')).mtimeMs)).toEqual(manifests);
    await stopWorkers();
  });

  it('cancelling stops every job, leaves the started folders interrupted, and a new submission continues them', async () => {
    redis = await startRedis();
    startWorkers(3, redis.url);
    const out = folder('cancelled');
    const reference = folder('reference');
    const args = ['batch', tiny, '--seeds', '1,2,3,4,5,6', '--generations', '1000', '--out', out, '--queue', redis.url];
    const uninterrupted = runCli(['run', tiny, '--seed', '1', '--generations', '1000', '--out', reference, '--quiet']);
    const submitter = startCli(args);
    const started = () =>
      existsSync(out) ? runFolders(out).filter((name) => checkpointOf(path.join(out, name)) >= 10) : [];
    await waitFor('three runs with a checkpoint', () => started().length === 3);

    const cancel = await runCli(['batch', '--queue', redis.url, '--out', out, '--cancel']);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain('3 job(s) removed before they started, 3 stopped with a checkpoint');
    const waited = await submitter.done;
    expect(waited.code).toBe(130);
    expect(waited.stderr).toContain('The batch was cancelled');
    const [header, ...rows] = parseCsv(readFileSync(path.join(out, 'summary.csv'), 'utf8'));
    expect(rows.map((r) => r[header!.indexOf('status')])).toEqual(['interrupted', 'interrupted', 'interrupted']);
    const interrupted = runFolders(out);
    expect(interrupted).toHaveLength(3);
    for (const name of interrupted) {
      const manifest = manifestOf(path.join(out, name))!;
      expect(manifest.status).toBe('interrupted');
      expect(manifest.checkpoint!.generation).toBeGreaterThanOrEqual(10);
      expect(existsSync(path.join(out, name, 'run.lock'))).toBe(false);
    }
    const status = await runCli(['batch', '--queue', redis.url, '--out', out, '--status']);
    expect(status.stdout).toContain('(cancelled)');
    expect(status.stdout).toMatch(/3 completed, 3 missing|3 missing, 3 completed/);
    for (const worker of workers) expect(worker.child.exitCode).toBeNull(); // the workers go on

    const resubmitted = await runCli(args);
    expect(resubmitted.code, resubmitted.stderr).toBe(0);
    expect(resubmitted.stderr).toContain('(3 new, 3 to run again)');
    const [, ...done] = parseCsv(readFileSync(path.join(out, 'summary.csv'), 'utf8'));
    expect(done.map((r) => r[header!.indexOf('status')])).toEqual(Array(6).fill('complete'));
    const continued = workers.map((w) => w.log()).join('\n');
    for (const name of interrupted) expect(continued).toMatch(new RegExp(`Resuming \\S*${name} from generation`));
    expect((await uninterrupted).code).toBe(0);
    expect(sameFront(path.join(out, 'tiny-seed1'), reference)).toBe(true);
    await stopWorkers();
  });
});

describe('paretoplan batch --queue and worker: the queue address', () => {
  it('an address where nothing listens: exit code 2 at once, saying what to do', async () => {
    const nobody = await startRedis();
    const url = nobody.url;
    await nobody.stop(); // a port that was free a moment ago, now closed
    for (const args of [
      ['batch', tiny, '--out', folder('nowhere'), '--queue', url],
      ['worker', '--queue', url],
    ]) {
      const result = await runCli(args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`Cannot use the queue at ${url}: nothing listens there (connection refused)`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a Redis with a password: refused without it, used from PARETOPLAN_REDIS_PASSWORD, never printed; --root confines workers', async () => {
    const password = 'correct-horse-battery';
    redis = await startRedis({ password });
    const out = folder('password');
    const without = await runCli(['batch', tiny, '--out', out, '--queue', redis.url]);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('it needs a password. Put it in PARETOPLAN_REDIS_PASSWORD');
    const wrong = await runCli(['worker', '--queue', redis.url.replace('//', '//:wrong@')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('the user name or password is wrong');
    expect(wrong.stderr).not.toContain(':wrong@');

    const env = { PARETOPLAN_REDIS_PASSWORD: password };
    // A worker confined to a folder the batch is not in refuses its jobs, saying why.
    const confined = startCli(['worker', '--queue', redis.url, '--root', path.join(tmp, 'elsewhere')], { env });
    workers = [{ ...confined, log: () => '' }];
    const refused = await runCli(['batch', tiny, '--out', folder('refused'), '--queue', redis.url], { env });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('This worker runs only jobs inside');
    await stopWorkers();

    const { child, done } = startCli(['worker', '--queue', redis.url, ...STALL], { env });
    workers = [{ child, done, log: () => '' }];
    const result = await runCli(['batch', tiny, '--generations', '4', '--out', out, '--queue', redis.url], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(manifestOf(path.join(out, 'tiny'))!.status).toBe('complete');
    for (const text of [result.stdout, result.stderr]) expect(text).not.toContain(password);
    await stopWorkers();
  });
});
