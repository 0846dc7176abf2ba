/**
 * A run that fills its disk: a small tmpfs is mounted as the run folder's file system, the run
 * stops with a clear error (exit code 2) once a write finds no space, nothing is left half-written,
 * and after space is made (the tmpfs is remounted larger) `resume` finishes with exactly the front
 * of an uninterrupted run.
 *
 * Mounting needs root on Linux (CI and the development VMs run as root). Elsewhere the test is
 * skipped and says why; ENOSPC is then only covered by `describeFsError`'s unit test.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { balancedScenario, runCli, sameFront, SMALL_BUDGET } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-disk-full-'));
const mountPoint = path.join(tmp, 'small-disk');

/** Mount a tmpfs of `size` at the mount point (or change its size); null when possible, else why not. */
function mountTmpfs(size: string, remount = false): string | null {
  if (process.platform !== 'linux') return 'mounting a small file system is done with Linux tmpfs';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  try {
    if (!remount) execFileSync('mkdir', ['-p', mountPoint]);
    const options = remount ? `remount,size=${size}` : `size=${size}`;
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mountPoint], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

// Sized so that the start files and the checkpoint of generation 3 fit but the next checkpoint's
// outputs do not (a run folder of this budget ends at 0.54 MB with the compact archive in its
// checkpoints; 500-600 KB all fail at generation 6, 650 KB at generation 8, 450 KB before
// generation 3).
const cannotMount = mountTmpfs('550k');
const mounted = cannotMount === null;

afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(tmp, { recursive: true, force: true });
});

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('paretoplan run on a full disk', () => {
  it.skipIf(cannotMount !== null)(
    `stops with a clear error, leaves nothing half-written, and resumes once there is space${cannotMount ? ` (skipped: ${cannotMount})` : ''}`,
    async () => {
      const budget = [...SMALL_BUDGET, '--checkpoint-every', '3'];
      const straight = path.join(tmp, 'straight');
      const full = path.join(mountPoint, 'run');

      const reference = await runCli(['run', balancedScenario, '--out', straight, ...budget, '--quiet']);
      expect(reference.code, reference.stderr).toBe(0);

      const failed = await runCli(['run', balancedScenario, '--out', full, ...budget, '--quiet']);
      expect(failed.code, failed.stderr).toBe(2);
      expect(failed.stderr).toMatch(/^paretoplan: Could not write .*: the disk is full\. Free some space/);
      expect(failed.stderr).toContain(`continue with: paretoplan resume ${full}`);
      expect(failed.stderr).not.toMatch(/\n\s+at /); // no stack trace

      // Nothing half-written: no temporary files, only the checkpoint the manifest names, and that
      // checkpoint and the files the run started with are exactly what the manifest says.
      const files = readdirSync(full);
      expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
      const manifest = JSON.parse(readFileSync(path.join(full, 'manifest.json'), 'utf8')) as {
        status: string;
        error: string;
        checkpoint: { file: string; sha256: string; generation: number };
        studyArea: { currentClasses: { file: string; sha256: string }; geneCells: { file: string; sha256: string } };
      };
      expect(manifest.status).toBe('failed');
      expect(manifest.error).toContain('the disk is full');
      expect(manifest.checkpoint.generation).toBeGreaterThanOrEqual(3);
      expect(files.filter((file) => file.startsWith('checkpoint-'))).toEqual([manifest.checkpoint.file]);
      expect(sha256(path.join(full, manifest.checkpoint.file))).toBe(manifest.checkpoint.sha256);
      for (const ref of [manifest.studyArea.currentClasses, manifest.studyArea.geneCells]) {
        expect(sha256(path.join(full, ref.file)), ref.file).toBe(ref.sha256);
      }

      // Space is made: the run continues from its checkpoint to the same front as the straight run.
      expect(mountTmpfs('64m', true)).toBeNull();
      const resumed = await runCli(['resume', full, '--quiet']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(sameFront(full, straight), 'the front differs after the disk was enlarged and the run resumed').toBe(true);
    },
  );
});
