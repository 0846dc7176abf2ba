/**
 * Opening a finished run decodes no layout it does not show: the run records the groups of
 * similar layouts with its final front, a layout map decodes its own row only, and every row
 * read alone equals the one decoded with the whole front (issue 20: a 2000 x 2000 front of 200
 * layouts took 4.5 s to open when every layout was decoded first). The run also records the
 * agreement of all its layouts, the map a planner opens first (1.9 s to count at that size).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementMaps } from '../../../engine/src/api/explore.js';
import { chooseGroups, frontDistances, geneAgreement } from '../../../engine/src/decision/index.js';
import { genomeOf, layoutOf, loadFront } from '../../../engine/src/runs/front-io.js';
import { frontGroups } from '../../../engine/src/runs/groups.js';
import { readManifest, runScenario } from '../../../engine/src/runs/index.js';
import { balancedScenario } from '../cli/cli-helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-open-'));
const dir = path.join(tmp, 'run');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await runScenario({ scenario: balancedScenario, outDir: dir, population: 16, generations: 8, workers: 1, seed: 3 });
});

describe('opening a finished run', () => {
  it('records the groups of similar layouts with the final front, as they are computed from its layouts', async () => {
    const manifest = await readManifest(dir);
    const recorded = manifest.front!.groups;
    expect(recorded).toBeDefined();
    const front = await loadFront(dir);
    const genes = manifest.studyArea.genes;
    expect(recorded).toEqual(chooseGroups(frontDistances(front.genomes, front.rows, genes), front.rows));
    expect(recorded!.clusters.flatMap((c) => c.members).sort((a, b) => a - b)).toEqual(
      Array.from({ length: front.rows }, (_, i) => i),
    );
  });

  it('shows the groups and a layout without decoding the whole front, and each row alone equals the decoded front', async () => {
    const front = await loadFront(dir);
    expect(front.genomesDecoded).toBe(false);
    expect(frontGroups(front)).toEqual(front.manifest.front!.groups);
    const knee = front.manifest.front!.highlights.knee;
    const map = layoutOf(front, knee);
    const alone = Array.from({ length: front.rows }, (_, id) => genomeOf(front, id).slice());
    expect(front.genomesDecoded).toBe(false);
    // The whole front, decoded at once, holds the same rows; the map is today's with the knee's genes.
    const genes = front.manifest.studyArea.genes;
    alone.forEach((row, id) => expect(row).toEqual(front.genomes.subarray(id * genes, (id + 1) * genes)));
    expect(front.genomesDecoded).toBe(true);
    expect(layoutOf(front, knee)).toEqual(map);
    const expected = front.current.slice();
    front.geneCells.forEach((cell, g) => (expected[cell] = alone[knee]![g]!));
    expect(map).toEqual(expected);
  });

  it('computes the groups of a front that has none recorded (a live run, an older folder) from its rows one at a time', async () => {
    const front = await loadFront(dir);
    const { groups, ...rest } = front.manifest.front!;
    const older = { ...front, manifest: { ...front.manifest, front: rest } } as typeof front;
    Object.defineProperty(older, 'genomesDecoded', { get: () => false });
    expect(frontGroups(older)).toEqual(groups);
  });

  it("draws an agreement map from the layouts' changes, equal to the one from the decoded front", async () => {
    const front = await loadFront(dir);
    const ids = [0, front.rows - 1, 1, 0];
    const maps = await agreementMaps(front, ids, 2);
    expect(front.genomesDecoded).toBe(false);
    // The same maps from the decoded genomes (geneAgreement over the rows x genes matrix).
    const genes = front.manifest.studyArea.genes;
    const whole = geneAgreement(front.genomes, genes, ids, front.manifest.classes.length, 2);
    const scale = 255 / ids.length;
    const mode = maps.mode.slice();
    const frequency = maps.frequency.slice();
    const classShare = maps.classShare!.slice();
    front.geneCells.forEach((cell, g) => {
      mode[cell] = whole.mode[g]!;
      frequency[cell] = Math.round(whole.modeCount[g]! * scale);
      classShare[cell] = Math.round(whole.classCount![g]! * scale);
    });
    expect(maps).toEqual({ mode, frequency, classShare });
    // And the same once the front is decoded.
    expect(await agreementMaps(front, ids, 2)).toEqual(maps);
  });

  it('records the agreement of every layout with the final front, equal to the one counted from the layouts', async () => {
    const manifest = await readManifest(dir);
    expect(manifest.front!.agreement?.file).toMatch(/^agreement-\d{6}\.bin$/);
    const front = await loadFront(dir);
    const every = Array.from({ length: front.rows }, (_, id) => front.rows - 1 - id);
    // The record serves the whole front: rows that could not be read are never asked for.
    const unreadable = {
      ...front,
      layouts: {
        ...front.layouts,
        rowChanges: () => {
          throw new Error('the record should serve the whole front');
        },
      },
    } as unknown as typeof front;
    const recorded = await agreementMaps(unreadable, every);
    const genes = front.manifest.studyArea.genes;
    const whole = geneAgreement(front.genomes, genes, every, front.manifest.classes.length);
    const mode = recorded.mode.slice();
    const frequency = recorded.frequency.slice();
    front.geneCells.forEach((cell, g) => {
      mode[cell] = whole.mode[g]!;
      frequency[cell] = Math.round((whole.modeCount[g]! * 255) / every.length);
    });
    expect(recorded).toEqual({ mode, frequency, classShare: null });
    // Without a record (a live run, an older folder), or with a damaged one, it is counted: the same maps.
    const { agreement: _agreement, ...rest } = front.manifest.front!;
    const older = { ...front, manifest: { ...front.manifest, front: rest } } as typeof front;
    expect(await agreementMaps(older, every)).toEqual(recorded);
    writeFileSync(path.join(dir, manifest.front!.agreement!.file), 'damaged');
    expect(await agreementMaps(await loadFront(dir), every)).toEqual(recorded);
  });
});
