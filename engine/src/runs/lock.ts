/**
 * The exclusive lock of a run folder: only one `run` or `resume` may write a folder at a time.
 *
 * The lock is a file, `run.lock`, holding who took it (process id, host, a random token, the
 * command, when). It is created atomically: the content is written to a private temporary file
 * that is then hard-linked to `run.lock`, which fails if the lock exists, so a reader never sees a
 * half-written lock. While the lock is held its modification time is refreshed (the heartbeat).
 *
 * A lock is stale when its holder cannot be running any more (see {@link assessLock}): on this
 * host, when no process has its id; on another host (a shared disk), when it missed
 * {@link LOCK_MISSED_HEARTBEATS} heartbeats in a row ({@link LOCK_STALE_AFTER_MS} at the usual
 * pace; a queue worker declares a faster heartbeat in its lock, so that its job is taken over
 * sooner). A stale lock is taken over under a second, short-lived lock, `run.lock.takeover`
 * (created the same exclusive way): its holder alone checks again that the lock is still the one
 * judged stale, removes it and links its own. Without it two processes that judged the same lock
 * stale could each remove what the other had just linked, and both win. The holder checks its
 * token before every manifest switch, so even a lock lost to a mistaken takeover stops the run
 * before it writes anything.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RunInputError } from './errors.js';
import { describeFsError } from './files.js';

export const RUN_LOCK_FILE = 'run.lock';
/** How often the holder refreshes the lock's modification time, unless it declares its own pace. */
export const LOCK_HEARTBEAT_MS = 30_000;
/** A lock held from another host is stale once its holder missed this many heartbeats in a row. */
export const LOCK_MISSED_HEARTBEATS = 10;
/** A lock held from another host at the usual pace is stale after this long without a heartbeat. */
export const LOCK_STALE_AFTER_MS = LOCK_MISSED_HEARTBEATS * LOCK_HEARTBEAT_MS;
/** The fastest heartbeat a holder may declare (so that a lock is never stale within 10 s). */
export const LOCK_MIN_HEARTBEAT_MS = 1_000;

/** The private file a process writes before linking it as the lock: `.run.lock.<token>.tmp`. */
export function lockCandidateName(token: string): string {
  return `.${RUN_LOCK_FILE}.${token}.tmp`;
}
/** Names made by {@link lockCandidateName}. */
export const LOCK_CANDIDATE_NAME = /^\.run\.lock\.[0-9a-f-]+\.tmp$/;
/**
 * A candidate lives for the milliseconds an acquisition takes; one older than this was left by a
 * process killed while taking the lock. Younger ones belong to a process trying to lock the folder
 * right now (to be refused, or to take over a stale lock), and a running holder's clean-up of
 * temporary files must leave them alone, or that process's link fails as if the folder had gone.
 */
export const LOCK_CANDIDATE_ABANDONED_AFTER_MS = 60_000;

/** What a lock file records about its holder. */
export interface LockHolder {
  pid: number;
  host: string;
  token: string;
  command: string;
  acquiredAt: string;
  /** The holder's heartbeat pace (ms); absent in locks that keep the usual {@link LOCK_HEARTBEAT_MS}. */
  heartbeatMs?: number;
}

/** A lock found in a folder: its holder (null if the file cannot be read as one) and last heartbeat. */
export interface FoundLock {
  holder: LockHolder | null;
  heartbeatMs: number;
}

export interface LockContext {
  host: string;
  now: number;
  /** Whether a process with this id runs on this host. */
  isAlive(pid: number): boolean;
}

export type LockAssessment = { stale: boolean; reason: string };

/**
 * Decide whether a lock is stale. Pure, so that the rule is tested on its own and a later
 * distributed queue can reuse it with its own notion of liveness.
 */
export function assessLock(found: FoundLock, context: LockContext): LockAssessment {
  const { holder } = found;
  const silentMs = context.now - found.heartbeatMs;
  if (holder === null) {
    // Locks are written whole (see above), so an unreadable one was damaged by something else.
    return { stale: true, reason: 'the lock file is unreadable' };
  }
  if (holder.host === context.host) {
    return context.isAlive(holder.pid)
      ? { stale: false, reason: `process ${holder.pid} on this computer is running` }
      : { stale: true, reason: `process ${holder.pid} on ${holder.host} is no longer running` };
  }
  return silentMs > staleAfterMs(holder)
    ? { stale: true, reason: `no heartbeat from ${holder.host} for ${describeSilence(silentMs)}` }
    : { stale: false, reason: `its holder on ${holder.host} refreshed it ${Math.round(silentMs / 1000)} s ago` };
}

/** How long the holder may stay silent before its lock is stale: {@link LOCK_MISSED_HEARTBEATS} of its heartbeats. */
export function staleAfterMs(holder: Pick<LockHolder, 'heartbeatMs'>): number {
  return LOCK_MISSED_HEARTBEATS * heartbeatPace(holder.heartbeatMs);
}

/** A declared pace, bounded below by {@link LOCK_MIN_HEARTBEAT_MS}; the usual pace when none is declared. */
function heartbeatPace(declared: number | undefined): number {
  return declared === undefined || !Number.isFinite(declared)
    ? LOCK_HEARTBEAT_MS
    : Math.max(LOCK_MIN_HEARTBEAT_MS, declared);
}

function describeSilence(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} s`;
}

/** Whether a process with this id exists on this host (EPERM: it exists, owned by someone else). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function localLockContext(): LockContext {
  return { host: os.hostname(), now: Date.now(), isAlive: processIsAlive };
}

/** The folder is locked by a live holder. */
export class RunLockedError extends RunInputError {
  constructor(
    message: string,
    readonly holder: LockHolder | null,
  ) {
    super(message);
    this.name = 'RunLockedError';
  }
}

/** Read the lock of a folder, or null when there is none. */
export async function readLock(dir: string): Promise<FoundLock | null> {
  const file = path.join(dir, RUN_LOCK_FILE);
  let text: string;
  let heartbeatMs: number;
  try {
    [text, heartbeatMs] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file).then((s) => s.mtimeMs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return { holder: parseHolder(text), heartbeatMs };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.token === 'string' &&
      typeof value.command === 'string' &&
      typeof value.acquiredAt === 'string' &&
      (value.heartbeatMs === undefined || typeof value.heartbeatMs === 'number')
    ) {
      return value as LockHolder;
    }
  } catch {
    // fall through
  }
  return null;
}

export function describeHolder(holder: LockHolder | null): string {
  if (!holder) return 'an unknown process';
  return `process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.acquiredAt})`;
}

export interface AcquireOptions {
  /** What the holder is doing, recorded in the lock (e.g. `paretoplan resume runs/x`). */
  command: string;
  /** Told when a stale lock is taken over. */
  onMessage?: (message: string) => void;
  /** Liveness and clock; defaults to this process's view. */
  context?: () => LockContext;
  /**
   * How often to refresh the lock (default {@link LOCK_HEARTBEAT_MS}); recorded in the lock, so that
   * other hosts judge it stale after {@link LOCK_MISSED_HEARTBEATS} missed beats of this pace.
   */
  heartbeatMs?: number;
}

/** A held lock. `release` is idempotent; the lock also goes if the process exits normally. */
export class RunLock {
  private heartbeat: NodeJS.Timeout | null = null;
  private released = false;
  private readonly onExit = () => this.releaseSync();

  constructor(
    private dir: string,
    readonly holder: LockHolder,
  ) {
    this.heartbeat = setInterval(() => void this.touch(), heartbeatPace(holder.heartbeatMs));
    this.heartbeat.unref();
    process.on('exit', this.onExit);
  }

  get file(): string {
    return path.join(this.dir, RUN_LOCK_FILE);
  }

  /** The folder holding the lock was renamed (a new run folder being published). */
  movedTo(dir: string): void {
    this.dir = dir;
  }

  /** Throw unless the lock file is still ours: called before every manifest switch. */
  async assertHeld(): Promise<void> {
    const found = await readLock(this.dir).catch(() => null);
    if (found?.holder?.token !== this.holder.token) {
      throw new RunLockedError(
        `The lock of ${this.dir} was taken by ${describeHolder(found?.holder ?? null)}; this process stops without writing.`,
        found?.holder ?? null,
      );
    }
  }

  private async touch(): Promise<void> {
    const now = new Date();
    await fs.utimes(this.file, now, now).catch(() => undefined);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.stop();
    const found = await readLock(this.dir).catch(() => null);
    if (found?.holder?.token === this.holder.token) await fs.rm(this.file, { force: true }).catch(() => undefined);
  }

  private releaseSync(): void {
    if (this.released) return;
    this.stop();
    try {
      if (parseHolder(readFileSync(this.file, 'utf8'))?.token === this.holder.token) unlinkSync(this.file);
    } catch {
      // already gone
    }
  }

  private stop(): void {
    this.released = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    process.off('exit', this.onExit);
  }
}

/**
 * Take the lock of `dir`, taking over a stale one.
 * @throws RunLockedError naming the holder when a live process holds it.
 */
export async function acquireRunLock(dir: string, options: AcquireOptions): Promise<RunLock> {
  const context = options.context ?? localLockContext;
  const lockFile = path.join(dir, RUN_LOCK_FILE);
  const { host } = context();
  const holder: LockHolder = {
    pid: process.pid,
    host,
    token: randomUUID(),
    command: options.command,
    acquiredAt: new Date().toISOString(),
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: heartbeatPace(options.heartbeatMs) } : {}),
  };
  const candidate = path.join(dir, lockCandidateName(holder.token));
  try {
    await fs.writeFile(candidate, JSON.stringify(holder) + '\n', { flag: 'wx' });
  } catch (error) {
    throw new RunInputError(`Cannot lock ${dir}: ${describeFsError(error)}`, { cause: error });
  }
  try {
    // A few rounds: each lost race (another process taking or clearing the lock) costs one.
    for (let attempt = 0; attempt < 8; attempt++) {
      if (await linkExclusive(candidate, lockFile)) return new RunLock(dir, holder);
      const found = await readLock(dir);
      if (found === null) continue; // released meanwhile
      const verdict = assessLock(found, context());
      if (!verdict.stale) {
        throw new RunLockedError(
          `${dir} is in use by ${describeHolder(found.holder)}: ${verdict.reason}. ` +
            `Wait for it to finish or stop it. If you are sure no process uses the folder, delete ${lockFile}.`,
          found.holder,
        );
      }
      const outcome = await takeOverStaleLock(dir, candidate, found, context);
      if (outcome === 'won') {
        options.onMessage?.(`Took over the lock of ${dir} from ${describeHolder(found.holder)}: ${verdict.reason}.`);
        return new RunLock(dir, holder);
      }
    }
    throw new RunLockedError(`Cannot lock ${dir}: other processes keep taking its lock. Try again.`, null);
  } finally {
    await fs.rm(candidate, { force: true }).catch(() => undefined);
  }
}

/** Create `target` as a hard link to `source`; false if `target` exists. */
async function linkExclusive(source: string, target: string): Promise<boolean> {
  try {
    await fs.link(source, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') {
      // File systems without hard links (FAT, some network shares): exclusive create, then copy.
      try {
        await fs.copyFile(source, target, fs.constants.COPYFILE_EXCL);
        return true;
      } catch (copyError) {
        if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw new RunInputError(`Cannot lock ${path.dirname(target)}: ${describeFsError(copyError)}`);
      }
    }
    throw new RunInputError(`Cannot lock ${path.dirname(target)}: ${describeFsError(error)}`, { cause: error });
  }
}

/** The short-lived lock held while a stale `run.lock` is replaced. */
export const TAKEOVER_LOCK_FILE = `${RUN_LOCK_FILE}.takeover`;
/** How long a takeover waits for another process's takeover to finish before judging it. */
const TAKEOVER_WAIT_MS = 2_000;
/** A takeover lock lasts milliseconds; one this old was left by a process that died mid-takeover. */
const TAKEOVER_STALE_AFTER_MS = 10_000;

/**
 * Replace the stale lock `found` with `candidate`, holding `run.lock.takeover` meanwhile.
 * 'won' when `candidate` is now the lock; 'retry' when another process changed the lock first
 * (the caller reads it again and judges the new holder).
 */
async function takeOverStaleLock(
  dir: string,
  candidate: string,
  found: FoundLock,
  context: () => LockContext,
): Promise<'won' | 'retry'> {
  const lockFile = path.join(dir, RUN_LOCK_FILE);
  const takeoverFile = path.join(dir, TAKEOVER_LOCK_FILE);
  if (!(await linkExclusive(candidate, takeoverFile))) {
    await waitForTakeover(takeoverFile, context);
    return 'retry';
  }
  try {
    const now = await readLock(dir);
    if (now === null || !sameLock(now, found)) return 'retry';
    await fs.rm(lockFile, { force: true });
    return (await linkExclusive(candidate, lockFile)) ? 'won' : 'retry';
  } finally {
    await fs.rm(takeoverFile, { force: true }).catch(() => undefined);
  }
}

/** Whether two readings of a lock are the same lock (same holder token, or both unreadable and untouched). */
function sameLock(a: FoundLock, b: FoundLock): boolean {
  if (a.holder === null || b.holder === null) return a.holder === b.holder && a.heartbeatMs === b.heartbeatMs;
  return a.holder.token === b.holder.token;
}

/**
 * Wait until another process's takeover ends. A takeover lock whose holder is gone, or that is
 * older than {@link TAKEOVER_STALE_AFTER_MS}, is removed (a process died in the middle of one).
 */
async function waitForTakeover(takeoverFile: string, context: () => LockContext): Promise<void> {
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  while (Date.now() < deadline) {
    let stat;
    try {
      stat = await fs.stat(takeoverFile);
    } catch {
      return; // finished
    }
    const { isAlive, host, now } = context();
    const holder = parseHolder(await fs.readFile(takeoverFile, 'utf8').catch(() => ''));
    const abandoned =
      now - stat.mtimeMs > TAKEOVER_STALE_AFTER_MS || (holder !== null && holder.host === host && !isAlive(holder.pid));
    if (abandoned) {
      await fs.rm(takeoverFile, { force: true }).catch(() => undefined);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
