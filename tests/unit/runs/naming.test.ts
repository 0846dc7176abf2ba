import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultRunFolder, unusedFolder } from '../../../engine/src/runs/naming.js';

describe('run folder names', () => {
  const made: string[] = [];
  afterAll(async () => {
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  it('names a run by scenario and second, and numbers a second run started within that second', async () => {
    const runs = await mkdtemp(path.join(os.tmpdir(), 'pareto-naming-'));
    made.push(runs);
    const first = defaultRunFolder('scenarios/Riverbend 2040.yaml', runs, new Date('2026-12-03T08:17:51Z'));
    expect(path.basename(first)).toBe('riverbend-2040-20261203-081751');
    expect(await unusedFolder(first)).toBe(first);
    await mkdir(first);
    expect(await unusedFolder(first)).toBe(`${first}-2`);
    await mkdir(`${first}-2`);
    expect(await unusedFolder(first)).toBe(`${first}-3`);
  });
});
