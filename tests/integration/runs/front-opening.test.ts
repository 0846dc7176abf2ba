/**
 * Opening a finished run decodes no layout it does not show: the run records the groups of
 * similar layouts with its final front, a layout map decodes its own row only, and every row
 * read alone equals the one decoded with the whole front (issue 20: a 2000 x 2000 front of 200
 * layouts took 4.5 s to open when every layout was decoded first). The run also records the
 * agreement of all its layouts, the map a planner opens first (1.9 s to count at that size), as
 * the counts per class it comes from, so a selection of more than half the layouts is counted as
 * the record less the layouts left out: no selection costs more than half the front.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementMaps } from '../../../engine/src/api/explore.js';
import { chooseGroups, frontDistances, geneAgreement } from '../../../engine/src/decision/index.js';
import { analysePartiesOfFront } from '../../../engine/src/api/parties.js';
import { crossRunAgreement } from '../../../engine/src/runs/cross-run-agreement.js';
import { frontLayoutChanges, genomeOf, layoutOf, loadFront } from '../../../engine/src/runs/front-io.js';
import { analyseGroups, frontGroups } from '../../../engine/src/runs/groups.js';
import { readManifest, runScenario } from '../../../engine/src/runs/index.js';
import { NO_CLASS } from '../../../engine/src/rules/index.js';
import { balancedScenario } from '../cli/cli-helpers.js';

const partiesFile = path.resolve(path.dirname(balancedScenario), 'riverbend.parties.yaml');
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

  it('explains the front without decoding it: the groups, the parties and the agreement across runs', async () => {
    const front = await loadFront(dir);
    const groups = await analyseGroups(front);
    const parties = await analysePartiesOfFront(front, { file: partiesFile });
    const agreement = crossRunAgreement(
      front.current,
      [{ geneCells: front.geneCells, layouts: frontLayoutChanges(front), ids: [0, 1, 2] }],
      front.manifest.classes.length,
    );
    // None of them decoded the whole front (200 layouts at 2000 x 2000 cells are 750 MB).
    expect(front.genomesDecoded).toBe(false);
    expect(groups.profiles.length).toBe(front.manifest.front!.groups!.clusters.length);
    expect(parties.agreement.disagreeing.length).toBe(front.geneCells.length);
    expect(agreement.layouts).toBe(3);
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
        countRowChanges: () => {
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
    const recordFile = path.join(dir, manifest.front!.agreement!.file);
    const record = readFileSync(recordFile);
    writeFileSync(recordFile, 'damaged');
    expect(await agreementMaps(await loadFront(dir), every)).toEqual(recorded);
    writeFileSync(recordFile, record);
  });
});

describe('the agreement of a selection', () => {
  /** The front with its rows' reads listed, and the maps geneAgreement gives over the decoded genomes. */
  async function watched(runDir: string) {
    const front = await loadFront(runDir);
    const read: number[] = [];
    /** Layouts whose reading fails (a damaged record). */
    const unreadable = new Set<number>();
    const layouts = front.layouts;
    const counting = {
      ...front,
      layouts: {
        today: layouts.today,
        countRowChanges: (...args: Parameters<typeof layouts.countRowChanges>) => {
          if (unreadable.has(args[0])) throw new Error(`layout ${args[0]} cannot be read`);
          read.push(args[0]);
          layouts.countRowChanges(...args);
        },
      },
    } as unknown as typeof front;
    const expected = (ids: readonly number[], classIndex: number | null) => {
      const genes = front.manifest.studyArea.genes;
      const whole = geneAgreement(front.genomes, genes, ids, front.manifest.classes.length, classIndex);
      const scale = 255 / ids.length;
      const mode = front.current.slice();
      const frequency = new Uint8Array(front.current.length);
      const classShare = classIndex === null ? null : new Uint8Array(front.current.length);
      front.current.forEach((c, cell) => {
        if (c === NO_CLASS) return;
        frequency[cell] = 255;
        if (classShare && c === classIndex) classShare[cell] = 255;
      });
      front.geneCells.forEach((cell, g) => {
        mode[cell] = whole.mode[g]!;
        frequency[cell] = Math.round(whole.modeCount[g]! * scale);
        if (classShare) classShare[cell] = Math.round(whole.classCount![g]! * scale);
      });
      return { mode, frequency, classShare };
    };
    return { front: counting, rows: front.rows, read, unreadable, expected };
  }

  it("counts more than half the front as the record less the layouts left out, with or without a class's share", async () => {
    const { front, rows, read, expected } = await watched(dir);
    expect(rows).toBeGreaterThan(4);
    const leftOut = [1, rows - 2];
    const most = Array.from({ length: rows }, (_, id) => id).filter((id) => !leftOut.includes(id));
    for (const classIndex of [null, 2]) {
      // A front just opened: no selection counted before.
      const opened = await watched(dir);
      expect(await agreementMaps(opened.front, most, classIndex)).toEqual(expected(most, classIndex));
      expect(opened.read.sort((a, b) => a - b)).toEqual(leftOut);
    }
    // A class's share of every layout: from the record alone.
    read.length = 0;
    const every = Array.from({ length: rows }, (_, id) => id);
    expect(await agreementMaps(front, every, 3)).toEqual(expected(every, 3));
    expect(read).toEqual([]);
    // Half the front or fewer, or layouts repeated: counted from the selected layouts.
    const half = every.slice(0, Math.floor(rows / 2));
    read.length = 0;
    expect(await agreementMaps(front, half, null)).toEqual(expected(half, null));
    expect(read.sort((a, b) => a - b)).toEqual(half);
    const repeated = [...most, 0];
    read.length = 0;
    expect(await agreementMaps(front, repeated, 1)).toEqual(expected(repeated, 1));
    expect(read.length).toBe(repeated.length);
  });

  it('counts a brushed selection from the last one: only the layouts added and dropped', async () => {
    const { front, rows, read, unreadable, expected } = await watched(dir);
    expect(rows).toBeGreaterThan(6);
    const first = Array.from({ length: Math.floor(rows / 2) }, (_, id) => id);
    expect(await agreementMaps(front, first, null)).toEqual(expected(first, null));
    expect(read.sort((a, b) => a - b)).toEqual(first);
    // One layout dropped, two added.
    const brushed = [...first.slice(1), rows - 1, rows - 2];
    read.length = 0;
    expect(await agreementMaps(front, brushed, 3)).toEqual(expected(brushed, 3));
    expect(read.sort((a, b) => a - b)).toEqual([0, rows - 2, rows - 1]);
    // The same selection in another order, with another class: nothing to count.
    read.length = 0;
    expect(await agreementMaps(front, [...brushed].reverse(), 0)).toEqual(expected([...brushed].reverse(), 0));
    expect(read).toEqual([]);
    // A selection with repeats is counted on its own and leaves the last selection as it was.
    read.length = 0;
    expect(await agreementMaps(front, [0, 0, 1], null)).toEqual(expected([0, 0, 1], null));
    expect(read.length).toBe(3);
    read.length = 0;
    const back = brushed.slice(0, -1);
    expect(await agreementMaps(front, back, null)).toEqual(expected(back, null));
    expect(read).toEqual([rows - 2]);
    // Far from the last selection and from the record: counted from its own layouts.
    const other = [rows - 3];
    read.length = 0;
    expect(await agreementMaps(front, other, null)).toEqual(expected(other, null));
    expect(read).toEqual(other);
    // A layout that cannot be read while the last counts are being updated: the request fails,
    // and the half-updated counts are not used again.
    unreadable.add(rows - 4);
    await expect(agreementMaps(front, [rows - 3, rows - 5, rows - 4], null)).rejects.toThrow(/cannot be read/);
    unreadable.clear();
    read.length = 0;
    const after = [rows - 3, rows - 5];
    expect(await agreementMaps(front, after, null)).toEqual(expected(after, null));
    expect(read.sort((a, b) => a - b)).toEqual([rows - 5, rows - 3]);
  });

  it('without a record, counts every layout once and then serves larger selections as with one', async () => {
    const { front, rows, read, expected } = await watched(dir);
    const { agreement: _agreement, ...rest } = front.manifest.front!;
    const older = { ...front, manifest: { ...front.manifest, front: rest } } as typeof front;
    const every = Array.from({ length: rows }, (_, id) => id);
    expect(await agreementMaps(older, every, null)).toEqual(expected(every, null));
    expect(read.length).toBe(rows);
    read.length = 0;
    const most = every.slice(1);
    expect(await agreementMaps(older, most, 0)).toEqual(expected(most, 0));
    expect(read).toEqual([0]);
  });
});
