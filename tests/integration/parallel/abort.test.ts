/**
 * Cancellation: an AbortSignal stops the run within one generation, terminates the workers, and
 * leaves nothing that keeps Node alive. Each case runs a script in its own Node process (as the
 * CLI would) and expects it to exit by itself with code 0; a process that hangs is killed by the
 * spawn timeout and fails the test.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

const script = path.join(repoRoot, 'tests/integration/parallel/fixtures/abort-run.ts');

function runScript(
  mode: string,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, mode], { cwd: repoRoot, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('aborting a parallel run', () => {
  it.each(['between', 'during'])(
    'stops within one generation and Node exits by itself (abort %s a batch)',
    async (mode) => {
      const { code, signal, stdout, stderr } = await runScript(mode);
      expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      const report = JSON.parse(stdout.trim()) as { stopReason: string; generation: number; evaluatorClosed: boolean };
      expect(report.stopReason).toBe('aborted');
      // Aborted after generation 3 (between), or during generation 4's batch, which never completes.
      expect(report.generation).toBe(3);
      expect(report.evaluatorClosed).toBe(true);
    },
  );
});
