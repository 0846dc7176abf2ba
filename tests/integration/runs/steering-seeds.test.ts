/**
 * A steered run keeps its seeding layouts in its folder for `resume` (runs/steering.ts): stored as
 * a front's layouts are (changes against today, each compressed), read back equal, and older
 * folders' raw genomes still read (at 2000 x 2000, 100 raw seeds took 369 MB of the folder, 9.5 MB now).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareScenario } from '../../../engine/src/landuse/index.js';
import { runScenario } from '../../../engine/src/runs/index.js';
import { resolveSteering, restoreSteering, steeringFiles } from '../../../engine/src/runs/steering.js';
import { balancedScenario } from '../cli/cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-seeds-'));
const parent = path.join(tmp, 'parent');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await runScenario({
    scenario: balancedScenario,
    outDir: parent,
    population: 12,
    generations: 4,
    workers: 1,
    seed: 5,
  });
});

describe("a steered run's seeding layouts", () => {
  it('are stored compressed and read back equal; raw genomes of older folders still read', async () => {
    const prepared = await prepareScenario(balancedScenario);
    const steering = await resolveSteering({ seedFrom: { dir: parent } }, prepared, 12, path.join(tmp, 'child'));
    expect(steering.seedRows).toBeGreaterThan(1);
    const { files, refs } = steeringFiles(steering);
    const [name, bytes] = files.find(([file]) => file === refs.seeds!.file)!;
    expect(name).toBe('steering-seeds.bin');
    expect(Buffer.from(bytes.subarray(1, 7)).toString('latin1')).toBe('PPLAY2');
    expect(bytes.length).toBeLessThan(steering.seeds!.length / 4);
    const restore = (stored: Uint8Array) =>
      restoreSteering({ ...steering.record, files: refs } as never, prepared, async () => stored);
    expect((await restore(bytes)).seeds).toEqual(steering.seeds);
    expect((await restore(steering.seeds!)).seeds).toEqual(steering.seeds);
    await expect(restore(bytes.subarray(0, bytes.length - 10))).rejects.toThrow(
      /The seeding layouts \(steering-seeds\.bin\) cannot be read .*the run folder is damaged\./,
    );
  });
});
