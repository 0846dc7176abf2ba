/**
 * The front's reports kept between checkpoints (runs/outputs.ts, FrontReports): a layout already
 * reported is not evaluated again, the values (and the cells per class) are those of a fresh report, and layouts that left
 * the front are forgotten.
 */
import { describe, expect, test } from 'vitest';
import { createLandUseProblem } from '../../../engine/src/landuse/index.js';
import { classCounts, currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import { FrontReports } from '../../../engine/src/runs/outputs.js';
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
    await reports.prefetch(setup, genomes.length, genomeOf, elsewhere, 2 * n);
    // Each distinct layout once (the copy of `changed` is the same layout), two layouts per call.
    const distinct = 3;
    expect(calls).toEqual([2, 1]);
    expect(reports.computed).toBe(distinct);
    const local = new FrontReports();
    for (const genome of genomes) expect(reports.report(setup, genome)).toEqual(local.report(setup, genome));
    expect(reports.computed).toBe(distinct);
    // Without a way to compute elsewhere, or when it declines, nothing is prefetched.
    const none = new FrontReports();
    await none.prefetch(setup, genomes.length, (i) => genomes[i]!);
    await none.prefetch(
      setup,
      genomes.length,
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
});
