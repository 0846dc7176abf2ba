import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LOCK_MIN_HEARTBEAT_MS,
  LOCK_STALE_AFTER_MS,
  RUN_LOCK_FILE,
  RunLockedError,
  TAKEOVER_LOCK_FILE,
  LOCK_CANDIDATE_ABANDONED_AFTER_MS,
  acquireRunLock,
  assessLock,
  lockCandidateName,
  type LockHolder,
} from '../../../engine/src/runs/lock.js';
import { removeUnnamedOutputs, type RunManifest } from '../../../engine/src/runs/run-folder.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pp-lock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let folders = 0;
const folder = () => mkdtempSync(path.join(tmp, `f${folders++}-`));

const holder = (over: Partial<LockHolder> = {}): LockHolder => ({
  pid: 4242,
  host: 'here',
  token: 't',
  command: 'paretoplan resume runs/x',
  acquiredAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('assessLock: when a lock is stale', () => {
  const now = 10_000_000;
  const context = (alive: boolean) => ({ host: 'here', now, isAlive: () => alive });
  it('held while its process runs on this host, however old the heartbeat', () => {
    expect(assessLock({ holder: holder(), heartbeatMs: 0 }, context(true)).stale).toBe(false);
  });
  it('stale when its process on this host is gone', () => {
    expect(assessLock({ holder: holder(), heartbeatMs: now }, context(false))).toEqual({
      stale: true,
      reason: 'process 4242 on here is no longer running',
    });
  });
  it('from another host: held while the heartbeat is recent, stale after LOCK_STALE_AFTER_MS', () => {
    const elsewhere = holder({ host: 'there' });
    expect(assessLock({ holder: elsewhere, heartbeatMs: now - 1000 }, context(false)).stale).toBe(false);
    const silent = assessLock({ holder: elsewhere, heartbeatMs: now - LOCK_STALE_AFTER_MS - 1 }, context(true));
    expect(silent.stale).toBe(true);
    expect(silent.reason).toContain('no heartbeat from there');
  });
  it('stale when unreadable', () => {
    expect(assessLock({ holder: null, heartbeatMs: now }, context(true)).stale).toBe(true);
  });
  it('from another host, a holder that declares a faster heartbeat is stale after ten of its beats', () => {
    const worker = holder({ host: 'there', heartbeatMs: 2_000 });
    expect(assessLock({ holder: worker, heartbeatMs: now - 19_000 }, context(false)).stale).toBe(false);
    expect(assessLock({ holder: worker, heartbeatMs: now - 21_000 }, context(false))).toEqual({
      stale: true,
      reason: 'no heartbeat from there for 21 s',
    });
    // The usual pace when none is declared; never faster than the minimum, whatever is declared.
    expect(assessLock({ holder: holder({ host: 'there' }), heartbeatMs: now - 21_000 }, context(false)).stale).toBe(
      false,
    );
    const frantic = holder({ host: 'there', heartbeatMs: 1 });
    expect(assessLock({ holder: frantic, heartbeatMs: now - 5 * LOCK_MIN_HEARTBEAT_MS }, context(false)).stale).toBe(
      false,
    );
  });
  it('on this host a declared heartbeat changes nothing: a running process keeps its lock', () => {
    expect(assessLock({ holder: holder({ heartbeatMs: 1_000 }), heartbeatMs: 0 }, context(true)).stale).toBe(false);
  });
});

describe('acquireRunLock', () => {
  it('gives the lock to one holder at a time and names the holder to the next', async () => {
    const dir = folder();
    const lock = await acquireRunLock(dir, { command: 'paretoplan run a' });
    const recorded = JSON.parse(readFileSync(path.join(dir, RUN_LOCK_FILE), 'utf8')) as LockHolder;
    expect(recorded).toMatchObject({ pid: process.pid, host: os.hostname(), command: 'paretoplan run a' });
    const refused = await acquireRunLock(dir, { command: 'paretoplan resume a' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RunLockedError);
    expect((refused as Error).message).toContain(
      `is in use by process ${process.pid} on ${os.hostname()} (paretoplan run a`,
    );
    expect((refused as Error).message).toContain(`delete ${path.join(dir, RUN_LOCK_FILE)}`);
    await lock.release();
    const again = await acquireRunLock(dir, { command: 'paretoplan resume a' });
    await again.release();
  });

  it('takes over the lock of a process that no longer runs, and says so', async () => {
    const dir = folder();
    const pid = deadPid();
    writeFileSync(path.join(dir, RUN_LOCK_FILE), JSON.stringify(holder({ pid, host: os.hostname() })));
    const messages: string[] = [];
    const lock = await acquireRunLock(dir, { command: 'c', onMessage: (m) => messages.push(m) });
    expect(messages).toEqual([
      `Took over the lock of ${dir} from process ${pid} on ${os.hostname()} (paretoplan resume runs/x, since 2025-01-01T00:00:00.000Z): process ${pid} on ${os.hostname()} is no longer running.`,
    ]);
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock from another host only once its heartbeat is old', async () => {
    const dir = folder();
    const file = path.join(dir, RUN_LOCK_FILE);
    writeFileSync(file, JSON.stringify(holder({ host: 'another-host' })));
    await expect(acquireRunLock(dir, { command: 'c' })).rejects.toThrow(/refreshed it \d+ s ago/);
    const old = new Date(Date.now() - LOCK_STALE_AFTER_MS - 60_000);
    utimesSync(file, old, old);
    const lock = await acquireRunLock(dir, { command: 'c' });
    await lock.release();
  });

  it('records a declared heartbeat pace in the lock, and refreshes the lock at that pace', async () => {
    const dir = folder();
    const file = path.join(dir, RUN_LOCK_FILE);
    const lock = await acquireRunLock(dir, { command: 'c', heartbeatMs: LOCK_MIN_HEARTBEAT_MS });
    expect((JSON.parse(readFileSync(file, 'utf8')) as LockHolder).heartbeatMs).toBe(LOCK_MIN_HEARTBEAT_MS);
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    await expect
      .poll(() => statSync(file).mtimeMs, { timeout: 5 * LOCK_MIN_HEARTBEAT_MS })
      .toBeGreaterThan(old.getTime() + 30_000);
    await lock.release();
  });

  it('lets exactly one of many concurrent takeovers of a stale lock win', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, RUN_LOCK_FILE), JSON.stringify(holder({ pid: deadPid(), host: os.hostname() })));
    const attempts = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => acquireRunLock(dir, { command: `attempt ${i}` })),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of attempts.filter((a) => a.status === 'rejected')) {
      expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(RunLockedError);
    }
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireRunLock>>>).value.release();
  });

  it('takes over a stale lock even when a process died in the middle of an earlier takeover', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, RUN_LOCK_FILE), JSON.stringify(holder({ pid: deadPid(), host: os.hostname() })));
    writeFileSync(path.join(dir, TAKEOVER_LOCK_FILE), JSON.stringify(holder({ pid: deadPid(), host: os.hostname() })));
    const lock = await acquireRunLock(dir, { command: 'c' });
    expect(lock.holder.pid).toBe(process.pid);
    expect(existsSync(path.join(dir, TAKEOVER_LOCK_FILE))).toBe(false);
    await lock.release();
  });

  it('a holder whose lock was taken notices before writing, and release leaves the new lock alone', async () => {
    const dir = folder();
    const lock = await acquireRunLock(dir, { command: 'c' });
    await expect(lock.assertHeld()).resolves.toBeUndefined();
    const usurper = JSON.stringify(holder({ token: 'other' }));
    writeFileSync(path.join(dir, RUN_LOCK_FILE), usurper);
    await expect(lock.assertHeld()).rejects.toThrow(/was taken by process 4242 on here/);
    await lock.release();
    expect(readFileSync(path.join(dir, RUN_LOCK_FILE), 'utf8')).toBe(usurper);
  });

  it('treats an unreadable lock file as stale', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, RUN_LOCK_FILE), '{"pid": 12');
    const messages: string[] = [];
    const lock = await acquireRunLock(dir, { command: 'c', onMessage: (m) => messages.push(m) });
    expect(messages[0]).toContain('the lock file is unreadable');
    await lock.release();
  });
});

describe("a running holder's clean-up and another process's lock attempt", () => {
  // A manifest naming nothing: every generated or temporary file is a candidate for removal.
  const bareManifest = {
    scenario: { copy: 'scenario.yaml', sha256: '' },
    studyArea: { currentClasses: { file: 'current.tif', sha256: '' }, geneCells: { file: 'cells.bin', sha256: '' } },
    checkpoint: null,
    front: null,
  } as unknown as RunManifest;

  it('leaves a fresh lock candidate alone, so that the other process is refused by name, not by a vanished file', async () => {
    const dir = folder();
    const lock = await acquireRunLock(dir, { command: 'paretoplan resume a' });
    const fresh = path.join(dir, lockCandidateName('0b7a9c5e-1d2f-4e3a-9b8c-7d6e5f4a3b2c'));
    writeFileSync(fresh, JSON.stringify(holder()));
    const stray = path.join(dir, '.front-000003.csv.1234.tmp');
    writeFileSync(stray, 'half');
    await removeUnnamedOutputs(dir, bareManifest);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(stray)).toBe(false);
    // And the other process, asking now, is refused with the holder's name.
    await expect(acquireRunLock(dir, { command: 'paretoplan resume b' })).rejects.toThrow(
      `is in use by process ${process.pid}`,
    );
    await lock.release();
  });

  it('removes a candidate left by a process killed while taking the lock', async () => {
    const dir = folder();
    const abandoned = path.join(dir, lockCandidateName('5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f'));
    writeFileSync(abandoned, JSON.stringify(holder()));
    const old = (Date.now() - LOCK_CANDIDATE_ABANDONED_AFTER_MS - 5_000) / 1000;
    utimesSync(abandoned, old, old);
    expect(await removeUnnamedOutputs(dir, bareManifest)).toContain(path.basename(abandoned));
    expect(existsSync(abandoned)).toBe(false);
  });
});
