/**
 * Coarse to fine (runs/refine.ts, issue 20): a run on a coarser grid of the same area seeds a run
 * on a finer one. Each seed is the fine map of today with the coarse layout's changes carried onto
 * the fine cells whose centres lie in the changed coarse cells (checked here against the grid
 * arithmetic written out), the run records where its seeds came from, and a run on a finer grid
 * or of another area is refused with a message saying what to seed from.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScaledStudyArea } from '../../../gis-data/generator/generate.js';
import { DEFAULT_SEED } from '../../../gis-data/generator/riverbend.js';
import { genomeOfLayout, NO_CLASS, prepareScenario } from '../../../engine/src/landuse/index.js';
import { layoutOf, loadFront } from '../../../engine/src/runs/front-io.js';
import { readManifest, runScenario } from '../../../engine/src/runs/index.js';
import { resolveSteering } from '../../../engine/src/runs/steering.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-coarse-'));
const coarseData = path.join(tmp, 'coarse');
const fineData = path.join(tmp, 'fine');
const coarseRun = path.join(tmp, 'coarse-run');
const fineScenario = path.join(fineData, 'riverbend-balanced.yaml');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  // The same 6 x 6 km Riverbend at 125 m and at 62.5 m cells.
  await writeScaledStudyArea(DEFAULT_SEED, 48, coarseData);
  await writeScaledStudyArea(DEFAULT_SEED, 96, fineData);
  await runScenario({
    scenario: path.join(coarseData, 'riverbend-balanced.yaml'),
    outDir: coarseRun,
    population: 12,
    generations: 4,
    workers: 1,
    seed: 5,
  });
}, 120_000);

describe('coarse to fine', () => {
  it("seeds a fine run with the coarse layouts' changes carried onto the fine cells, today's fine map elsewhere", async () => {
    const prepared = await prepareScenario(fineScenario);
    const steering = await resolveSteering({ seedFrom: { dir: coarseRun } }, prepared, 12, path.join(tmp, 'x'));
    const front = await loadFront(coarseRun);
    expect(steering.record.parent).toEqual({
      dir: coarseRun,
      ids: Array.from({ length: Math.min(front.rows, 12) }, (_, i) => i),
      refinedFrom: '48 x 48 cells of 125 at (500000, 5760000) in WGS 84 / UTM zone 33N',
    });
    const fine = prepared.grid;
    const coarse = front.manifest.grid;
    const today = prepared.studyArea.current;
    const genes = prepared.studyArea.geneCells.length;
    let carried = 0;
    steering.record.parent!.ids.forEach((id, row) => {
      const coarseLayout = layoutOf(front, id);
      const expected = today.slice();
      for (let r = 0; r < fine.height; r++)
        for (let c = 0; c < fine.width; c++) {
          // The coarse cell holding the fine cell's centre: 2 x 2 fine cells a coarse one here.
          const x = fine.originX + (c + 0.5) * fine.pixelWidth;
          const y = fine.originY - (r + 0.5) * fine.pixelHeight;
          const j =
            Math.floor((coarse.originY - y) / coarse.pixelHeight) * coarse.width +
            Math.floor((x - coarse.originX) / coarse.pixelWidth);
          const i = r * fine.width + c;
          if (today[i] === NO_CLASS || coarseLayout[j] === front.current[j]) continue;
          expected[i] = coarseLayout[j]!;
          carried++;
        }
      const genome = genomeOfLayout(prepared.studyArea, expected, new Uint8Array(genes));
      expect(steering.seeds!.subarray(row * genes, (row + 1) * genes)).toEqual(genome);
    });
    expect(carried).toBeGreaterThan(0);
  });

  it('runs seeded from the coarse run and records it; a finer run cannot seed a coarser one', async () => {
    const messages: string[] = [];
    const fineRun = path.join(tmp, 'fine-run');
    await runScenario({
      scenario: fineScenario,
      outDir: fineRun,
      population: 12,
      generations: 2,
      workers: 1,
      seed: 5,
      steering: { seedFrom: { dir: coarseRun } },
      onMessage: (m) => messages.push(m),
    });
    const manifest = await readManifest(fineRun);
    expect(manifest.status).toBe('complete');
    expect(manifest.steering?.parent?.refinedFrom).toMatch(/^48 x 48 cells of 125 /);
    expect(messages.join('\n')).toMatch(
      /Seeded with \d+ layouts of .*coarse-run, refined from its coarser grid \(48 x 48/,
    );
    await expect(
      runScenario({
        scenario: path.join(coarseData, 'riverbend-balanced.yaml'),
        outDir: path.join(tmp, 'refused'),
        population: 12,
        generations: 1,
        workers: 1,
        steering: { seedFrom: { dir: fineRun } },
      }),
    ).rejects.toThrow(
      /its grid is 96 x 96 cells of 62\.5 .*on a coarser grid \(the same classes and coordinate system, larger cells: coarse to fine\)/,
    );
  });
});
