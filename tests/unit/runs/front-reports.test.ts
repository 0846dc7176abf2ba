/**
 * The front's reports kept between checkpoints (runs/outputs.ts, FrontReports): a layout already
 * reported is not evaluated again, the values (and the cells per class) are those of a fresh report, and layouts that left
 * the front are forgotten.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createLandUseProblem, LAYOUT_CHANGES_ENCODING } from '../../../engine/src/landuse/index.js';
import { ChangeRecorder } from '../../../engine/src/landuse/model/change-record.js';
import { classCounts, currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import { FrontReports, writeFrontFiles } from '../../../engine/src/runs/outputs.js';
import type { RunManifest } from '../../../engine/src/runs/run-folder.js';
import { randomLandscape } from '../landuse/fixtures.js';

describe('front reports kept between checkpoints', () => {
  const area = randomLandscape(24, 20, 7);
  const setup = createLandUseProblem(area, { seedSearchSteps: 0 });
  const today = currentGenome(area);
  const changed = today.slice();
  // Another layout: a few genes in another allowed class.
  for (let g = 0, done = 0; g < changed.length && done < 5; g++) {
    const other = (changed[g]! + 1) % area.classes.length;
    if ((area.allowed[g]! >> other) & 1) {
      changed[g] = other;
      done++;
    }
  }

  test('values equal a fresh report; a layout seen before is not evaluated again', () => {
    const reports = new FrontReports();
    const fresh = setup.evaluator.report(changed);
    const first = reports.report(setup, changed);
    expect(first.objectives).toEqual(fresh.objectives);
    expect(first.values).toEqual(fresh.indicators.map((i) => i.value));
    // Cells per class from the evaluation: the whole study area's, as classCounts counts them.
    expect([...first.classCells]).toEqual([...classCounts(area, changed)]);
    // The same genome in another buffer (as the archive moves rows): found, not computed.
    const again = reports.report(setup, changed.slice());
    expect(again).toEqual(first);
    reports.report(setup, today);
    expect(reports.computed).toBe(2);
  });

  test('reports computed elsewhere (the workers) in groups of bounded size are the reports computed here', async () => {
    const n = setup.problem.numberOfVariables;
    // A third layout: today's with only the first of `changed`'s changes.
    const third = today.slice();
    const firstChange = changed.findIndex((c, g) => c !== today[g]);
    third[firstChange] = changed[firstChange]!;
    const genomes = [changed, today, changed.slice(), third];
    const calls: number[] = [];
    const elsewhere = async (variables: Uint8Array, rows: number) => {
      calls.push(rows);
      const { width } = setup.details;
      const out = new Float64Array(rows * width);
      for (let r = 0; r < rows; r++)
        setup.details.compute(variables.subarray(r * n, (r + 1) * n), out.subarray(r * width, (r + 1) * width));
      return out;
    };
    const reports = new FrontReports();
    // Each layout given in one buffer that the next overwrites (as a run's front writer reads its archive).
    const buffer = new Uint8Array(n);
    const genomeOf = (i: number) => {
      buffer.set(genomes[i]!);
      return buffer;
    };
    const keys = reports.keysOf(genomes.length, genomeOf);
    // A layout's key is its genome's, whichever buffer it is read into.
    expect(keys[2]).toBe(keys[0]);
    expect(new Set(keys).size).toBe(3);
    await reports.prefetch(setup, keys, genomeOf, elsewhere, 2 * n);
    // Each distinct layout once (the copy of `changed` is the same layout), two layouts per call.
    const distinct = 3;
    expect(calls).toEqual([2, 1]);
    expect(reports.computed).toBe(distinct);
    const local = new FrontReports();
    for (const genome of genomes) expect(reports.report(setup, genome)).toEqual(local.report(setup, genome));
    expect(reports.computed).toBe(distinct);
    // Without a way to compute elsewhere, or when it declines, nothing is prefetched.
    const none = new FrontReports();
    await none.prefetch(setup, keys, (i) => genomes[i]!);
    await none.prefetch(
      setup,
      keys,
      (i) => genomes[i]!,
      async () => null,
    );
    expect(none.computed).toBe(0);
  });

  test('retain forgets the layouts that left the front', () => {
    const reports = new FrontReports();
    const kept = reports.report(setup, today).key;
    reports.report(setup, changed);
    reports.retain(new Set([kept]));
    reports.report(setup, today);
    expect(reports.computed).toBe(2);
    reports.report(setup, changed);
    expect(reports.computed).toBe(3);
  });

  describe('writing the front files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paretoplan-front-files-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const n = setup.problem.numberOfVariables;
    const genomes = [today, changed];
    const m = setup.evaluator.numberOfObjectives;
    const objectives = new Float64Array(genomes.length * m);
    genomes.forEach((genome, r) => objectives.set(setup.evaluator.report(genome).objectives, r * m));
    const solutions = {
      size: genomes.length,
      numberOfVariables: n,
      numberOfObjectives: m,
      numberOfConstraints: 0,
      objectives,
      violations: new Float64Array(0),
      row: (i: number, out?: Uint8Array) => (out ? (out.set(genomes[i]!), out) : genomes[i]!),
    };
    // What writeFrontFiles reads of a manifest.
    const manifest = {
      objectives: setup.problem.directions.map((direction, j) => ({ id: `objective${j}`, direction })),
      indicators: setup.evaluator
        .report(today)
        .indicators.map((i) => ({ objective: i.objective, indicator: i.indicator })),
      classes: area.classes.map((c) => ({ id: c.id })),
      cellAreaHa: 0.01,
      scenario: { copy: 'scenario.yaml', sha256: '' },
      studyArea: { currentClasses: { file: 'current.bin', sha256: '' }, geneCells: { file: 'genes.bin', sha256: '' } },
      checkpoint: null,
      front: null,
    } as unknown as RunManifest;

    test("the caller's other work is done while the workers compute the reports", async () => {
      const events: string[] = [];
      let release = () => {};
      const elsewhere = async (variables: Uint8Array, rows: number) => {
        events.push('reports sent');
        await new Promise<void>((resolve) => (release = resolve));
        events.push('reports back');
        const { width } = setup.details;
        const out = new Float64Array(rows * width);
        for (let r = 0; r < rows; r++)
          setup.details.compute(variables.subarray(r * n, (r + 1) * n), out.subarray(r * width, (r + 1) * width));
        return out;
      };
      const written = await writeFrontFiles(
        dir,
        manifest,
        setup,
        solutions,
        1,
        new FrontReports(),
        elsewhere,
        async () => {
          events.push('meanwhile');
          release();
        },
      );
      expect(events).toEqual(['reports sent', 'meanwhile', 'reports back']);
      // The same files as without the workers.
      const local = await writeFrontFiles(dir, manifest, setup, solutions, 2);
      expect(written.ref.sha256).toBe(local.ref.sha256);
      expect(written.ref.csv.sha256).toBe(local.ref.csv.sha256);
      // And from the archive's records (keys and layouts file records without decoding): the same files.
      const recorder = new ChangeRecorder(today);
      const records = genomes.map((genome) => recorder.record(genome));
      const fromRecords = await writeFrontFiles(
        dir,
        manifest,
        setup,
        { ...solutions, encoded: { encoding: LAYOUT_CHANGES_ENCODING, row: (i: number) => records[i]! } },
        3,
      );
      expect(fromRecords.ref.sha256).toBe(local.ref.sha256);
      expect(fromRecords.ref.csv.sha256).toBe(local.ref.csv.sha256);
    });

    test('keys by record: one per layout, the same for the same layout', () => {
      const recorder = new ChangeRecorder(today);
      const layouts = [today, changed, changed.slice()];
      const keys = new FrontReports().keysOf(
        layouts.length,
        (i) => layouts[i]!,
        (i) => recorder.record(layouts[i]!),
      );
      expect(keys[2]).toBe(keys[1]);
      expect(keys[0]).not.toBe(keys[1]);
    });

    test('a failure of any part is thrown once every part has settled', async () => {
      let reportsSettled = false;
      const slow = async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        reportsSettled = true;
        return null;
      };
      const failing = async () => {
        throw new Error('no space left');
      };
      await expect(
        writeFrontFiles(dir, manifest, setup, solutions, 4, new FrontReports(), slow, failing),
      ).rejects.toThrow('no space left');
      expect(reportsSettled).toBe(true);
      // Nothing of generation 4 was written.
      expect(readdirSync(dir).filter((f) => f.includes('000004'))).toEqual([]);
    });
  });
});
