/**
 * The front's reports kept between checkpoints (runs/outputs.ts, FrontReports): a layout already
 * reported is not evaluated again, the values are those of a fresh report, and layouts that left
 * the front are forgotten.
 */
import { describe, expect, test } from 'vitest';
import { createLandUseProblem } from '../../../engine/src/landuse/index.js';
import { currentGenome } from '../../../engine/src/landuse/model/study-area.js';
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
    // The same genome in another buffer (as the archive moves rows): found, not computed.
    const again = reports.report(setup, changed.slice());
    expect(again).toEqual(first);
    reports.report(setup, today);
    expect(reports.computed).toBe(2);
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
