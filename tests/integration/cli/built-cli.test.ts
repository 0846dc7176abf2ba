/**
 * What users run: the installed CLI (`bin/paretoplan.js` -> dist/, built by the integration
 * project's global set-up) with worker threads. The sources path keeps its own, smaller test.
 * Runs must be byte-identical whichever way the CLI is started and however many workers evaluate.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { balancedScenario, runCli, sameFront } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-built-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BUDGET = ['--population', '12', '--generations', '4', '--seed', '7', '--quiet'];

describe('the installed CLI runs with worker threads', () => {
  it('run with 2 workers: the same front as from the sources, and as with 1 and "auto" workers', async () => {
    const folders = {
      built2: path.join(tmp, 'built-2'),
      built1: path.join(tmp, 'built-1'),
      builtAuto: path.join(tmp, 'built-auto'),
      sources2: path.join(tmp, 'sources-2'),
    };
    const results = [
      await runCli(['run', balancedScenario, '--out', folders.built2, ...BUDGET, '--workers', '2']),
      await runCli(['run', balancedScenario, '--out', folders.built1, ...BUDGET, '--workers', '1']),
      await runCli(['run', balancedScenario, '--out', folders.builtAuto, ...BUDGET, '--workers', 'auto']),
      await runCli(['run', balancedScenario, '--out', folders.sources2, ...BUDGET, '--workers', '2'], {
        from: 'sources',
      }),
    ];
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
    for (const dir of [folders.built1, folders.builtAuto, folders.sources2]) {
      expect(sameFront(folders.built2, dir), `the front of ${dir} differs`).toBe(true);
    }
  });

  it('demo with 2 workers writes its run folder and report', async () => {
    const out = path.join(tmp, 'demo');
    const result = await runCli(['demo', '--out', out, '--workers', '2', '--population', '12', '--generations', '3']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Run folder: ${out}`);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('complete');
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
  });
});
