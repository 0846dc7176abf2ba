import { readFile, writeFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { balancedScenario, runCli, sameFront, SMALL_BUDGET, startCli } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('paretoplan run / resume', () => {
  it('a run interrupted with SIGINT and resumed ends with exactly the front of an uninterrupted run', async () => {
    const straight = path.join(tmp, 'straight');
    const interrupted = path.join(tmp, 'interrupted');
    const budget = [...SMALL_BUDGET, '--checkpoint-every', '3'];

    const uninterrupted = await runCli(['run', balancedScenario, '--out', straight, ...budget, '--json']);
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
    const summary = JSON.parse(uninterrupted.stdout) as { status: string; generation: number; frontSize: number };
    expect(summary).toMatchObject({ status: 'complete', generation: 8 });
    expect(summary.frontSize).toBeGreaterThan(0);

    // Interrupt once generation 2 has been reported: the run stops at the end of a generation.
    const { child, done } = startCli(['run', balancedScenario, '--out', interrupted, ...budget]);
    let sent = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      if (!sent && /generation 2\/8/.test(chunk.toString())) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const stopped = await done;
    expect(sent).toBe(true);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('Stopping after this generation');
    expect(stopped.stderr).toContain(`paretoplan resume ${interrupted}`);
    const halfway = await readJson(path.join(interrupted, 'manifest.json'));
    expect(halfway.status).toBe('interrupted');
    const stoppedAt = (halfway.checkpoint as { generation: number }).generation;
    expect(stoppedAt).toBeGreaterThanOrEqual(2);
    expect(stoppedAt).toBeLessThan(8);

    const resumed = await runCli(['resume', interrupted, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`from generation ${stoppedAt}`);

    expect(sameFront(interrupted, straight), 'the front differs after resume').toBe(true);
    const history = async (dir: string) =>
      (await readFile(path.join(dir, 'history.csv'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => line.split(',').slice(0, -1).join(',')); // elapsed time differs, nothing else
    expect(await history(interrupted)).toEqual(await history(straight));
    const final = await readJson(path.join(interrupted, 'manifest.json'));
    expect(final.status).toBe('complete');
    expect(final.finishedAt).toEqual(expect.any(String));

    const again = await runCli(['resume', interrupted]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already complete');
  });

  it('a run killed with SIGKILL leaves a folder that resume completes with the same front', async () => {
    const straight = path.join(tmp, 'straight');
    const killed = path.join(tmp, 'killed');
    const { child, done } = startCli([
      'run',
      balancedScenario,
      '--out',
      killed,
      ...SMALL_BUDGET,
      '--checkpoint-every',
      '1',
    ]);
    let sent = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      if (!sent && /generation 4\/8/.test(chunk.toString())) {
        sent = true;
        child.kill('SIGKILL');
      }
    });
    const result = await done;
    expect(sent).toBe(true);
    expect(result.code).toBeNull(); // killed, no clean-up ran
    const manifest = await readJson(path.join(killed, 'manifest.json'));
    expect(manifest.status).toBe('running');

    // The report of a killed run is written from its last checkpoint's front.
    const report = await runCli(['report', killed, '--format', 'html']);
    expect(report.code, report.stderr).toBe(0);

    const resumed = await runCli(['resume', killed, '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(sameFront(killed, straight), 'the front differs after a kill and resume').toBe(true);
  });

  it('repairs a damaged checkpoint: report says resume repairs it, and resume restarts to the same front', async () => {
    const damaged = path.join(tmp, 'interrupted');
    const straight = path.join(tmp, 'straight');
    const manifest = await readJson(path.join(damaged, 'manifest.json'));
    const checkpoint = path.join(damaged, (manifest.checkpoint as { file: string }).file);
    await writeFile(checkpoint, 'truncated');
    const front = manifest.front as { csv: { file: string } };
    await writeFile(path.join(damaged, front.csv.file), 'id\n');

    const report = await runCli(['report', damaged, '--format', 'html']);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('does not match its manifest');
    expect(report.stderr).toContain(`paretoplan resume ${damaged}\` to repair it`);

    const result = await runCli(['resume', damaged]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('checkpoint');
    expect(result.stderr).toContain('from the start');
    expect(sameFront(damaged, straight), 'the repaired front differs').toBe(true);
    const repaired = await readJson(path.join(damaged, 'manifest.json'));
    expect(repaired.status).toBe('complete');
  });
});
