import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { benchmarkProblems, formatBenchmark, runBenchmark } from '../../../engine/src/api/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

describe('benchmark API and command', () => {
  it('runs a short benchmark and scores it against the reference front', async () => {
    const report = await runBenchmark({ problem: 'zdt1', populationSize: 20, generations: 100, seed: 4 });
    expect(report.problem).toBe('ZDT1');
    expect(report.evaluations).toBe(2000);
    expect(report.hypervolume).toBeGreaterThan(0);
    expect(report.hypervolume).toBeLessThan(report.referenceFrontHypervolume!);
    expect(report.igd).toBeGreaterThan(0);
    expect(report.front.length).toBeGreaterThan(0);
    expect(formatBenchmark(report)).toMatch(/hypervolume\s+0\.\d+/);
    const again = await runBenchmark({ problem: 'ZDT1', populationSize: 20, generations: 100, seed: 4 });
    expect(again.front).toEqual(report.front);
  });

  it('uses the README reference point for DTLZ7 and lists all problems', async () => {
    const report = await runBenchmark({ problem: 'DTLZ7', populationSize: 20, generations: 20 });
    expect(report.referencePoint).toEqual([1.1, 1.1, 6.6]);
    expect(benchmarkProblems).toHaveLength(12);
  });

  it('prints JSON with the front, and exits 2 naming the valid problems for an unknown one', async () => {
    const cli = path.join(repoRoot, 'engine/src/cli/main.ts');
    const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
    const { stdout } = await run(
      tsx,
      [cli, 'benchmark', 'ZDT1', '--population', '12', '--generations', '5', '--json'],
      { cwd: repoRoot },
    );
    const report = JSON.parse(stdout) as { evaluations: number; front: number[][]; igd: number };
    expect(report.evaluations).toBe(60);
    expect(report.front[0]).toHaveLength(2);
    const failure = await run(tsx, [cli, 'benchmark', 'ZDT5'], { cwd: repoRoot }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failure as { code: number }).code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(
      /unknown benchmark problem "ZDT5"; valid names: ZDT1, .*DTLZ7/,
    );
  });
});
