/**
 * The prepared-layer cache through the installed CLI with two workers: a run whose layers and
 * distance layers come from the cache writes the same front, byte for byte, as runs that built
 * them from the files (cache off, and the run that filled the cache). Riverbend is cached here by
 * lowering the size threshold; by default only grids of a million cells or more are.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { balancedScenario, runCli, sameFront } from './cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-cli-layer-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BUDGET = ['--population', '12', '--generations', '4', '--seed', '5', '--workers', '2', '--quiet'];

describe('the prepared-layer cache', () => {
  it('gives the same front whether the layers come from the files or from the cache', async () => {
    const cache = path.join(tmp, 'cache');
    const env = { PARETOPLAN_CACHE_DIR: cache, PARETOPLAN_CACHE_MIN_CELLS: '0' };
    const run = (name: string, extra: Record<string, string>) =>
      runCli(['run', balancedScenario, '--out', path.join(tmp, name), ...BUDGET], { env: { ...env, ...extra } });

    const off = await run('off', { PARETOPLAN_CACHE_DIR: 'off' });
    expect(off.code, off.stderr).toBe(0);
    expect(() => readdirSync(cache)).toThrow(); // nothing written with the cache off

    const filling = await run('filling', {});
    expect(filling.code, filling.stderr).toBe(0);
    const entries = readdirSync(path.join(cache, 'layers'));
    const layersEntry = entries.find((name) => name.endsWith('.layers.bin'));
    expect(layersEntry).toBeDefined();
    // The economic objective's distances to the centre and to roads, and the other objectives' own.
    expect(entries.filter((name) => name.includes('.distance-')).length).toBeGreaterThanOrEqual(2);
    const filled = statSync(path.join(cache, 'layers', layersEntry!)).mtimeMs;

    await new Promise((resolve) => setTimeout(resolve, 20));
    const reading = await run('reading', {});
    expect(reading.code, reading.stderr).toBe(0);
    // Read, not written again: the entry was only marked as used.
    expect(readdirSync(path.join(cache, 'layers')).sort()).toEqual([...entries].sort());
    expect(statSync(path.join(cache, 'layers', layersEntry!)).mtimeMs).toBeGreaterThan(filled);

    expect(sameFront(path.join(tmp, 'off'), path.join(tmp, 'filling'))).toBe(true);
    expect(sameFront(path.join(tmp, 'off'), path.join(tmp, 'reading'))).toBe(true);

    // `paretoplan cache` shows what it holds, and clears it.
    const bytes = entries.reduce((sum, name) => sum + statSync(path.join(cache, 'layers', name)).size, 0);
    const shown = await runCli(['cache', '--json'], { env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({
      dir: cache,
      files: entries.length,
      bytes,
      maxBytes: 2048 * 1024 * 1024,
      minCells: 0,
      problems: [],
    });
    const text = await runCli(['cache'], { env });
    expect(text.stdout).toContain(`Prepared-layer cache: ${cache}`);
    expect(text.stdout).toContain(`Holds ${entries.length} files`);
    const cleared = await runCli(['cache', '--clear', '--json'], { env });
    expect(JSON.parse(cleared.stdout)).toMatchObject({ files: 0, bytes: 0, removed: { files: entries.length, bytes } });
    expect(readdirSync(path.join(cache, 'layers'))).toEqual([]);
    const misread = await runCli(['cache'], { env: { ...env, PARETOPLAN_CACHE_MAX_MB: '512MB' } });
    expect(misread.stdout).toContain(
      'Ignored: PARETOPLAN_CACHE_MAX_MB=512MB is not a positive number of MiB; the default, 2048, is used.',
    );
    const cacheOff = await runCli(['cache'], { env: { PARETOPLAN_CACHE_DIR: 'off' } });
    expect(cacheOff.stdout.trim()).toBe('The prepared-layer cache is off (PARETOPLAN_CACHE_DIR=off).');
  });
});
