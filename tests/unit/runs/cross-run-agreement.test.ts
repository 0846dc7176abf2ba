/**
 * Agreement across runs, the pure computation: layouts picked from runs with different changeable
 * cells, counted cell by cell against a brute-force count over their full class maps.
 */
import { describe, expect, it } from 'vitest';
import { layoutChangesOf } from '../../../engine/src/decision/index.js';
import {
  crossRunAgreement,
  SHARE_NODATA,
  shareRaster,
  type PickedLayouts,
} from '../../../engine/src/runs/cross-run-agreement.js';
import { NO_CLASS } from '../../../engine/src/landuse/index.js';
import { RunInputError } from '../../../engine/src/runs/errors.js';

/** Today's map of 6 cells: cell 5 outside the study area. */
const current = Uint8Array.from([0, 1, 2, 0, 1, NO_CLASS]);

/** A run's picked layouts from its genomes (rows x genes) over its changeable cells. */
function picked(today: Uint8Array, run: { geneCells: Int32Array; genomes: Uint8Array; ids: number[] }): PickedLayouts {
  const rows = run.geneCells.length === 0 ? 0 : run.genomes.length / run.geneCells.length;
  const todayGenes = Uint8Array.from(run.geneCells, (cell) => today[cell]!);
  return { geneCells: run.geneCells, layouts: layoutChangesOf(run.genomes, rows, todayGenes), ids: run.ids };
}

describe('crossRunAgreement', () => {
  it('counts the most common class, its count and the changes over the union of changeable cells', () => {
    // Run A may change cells 0 and 1; run B cells 1 and 3.
    const runA = { geneCells: Int32Array.from([0, 1]), genomes: Uint8Array.from([2, 1, 2, 2, 0, 0]), ids: [0, 1] };
    const runB = { geneCells: Int32Array.from([1, 3]), genomes: Uint8Array.from([2, 0, 1, 1]), ids: [0, 1] };
    const a = crossRunAgreement(current, [picked(current, runA), picked(current, runB)], 3);
    expect(a.layouts).toBe(4);
    expect([...a.cells]).toEqual([0, 1, 3]);
    // Cell 0: A gives 2, 2; B keeps today's 0, 0 -> tie 2 against 2, the lower class (0) wins.
    // Cell 1: A gives 1, 2; B gives 2, 1 -> tie, class 1; changes from today (1): two.
    // Cell 3: A keeps 0, 0; B gives 0, 1 -> class 0 by three; one change.
    expect([...a.mode]).toEqual([0, 1, 0]);
    expect([...a.modeCount]).toEqual([2, 2, 3]);
    expect([...a.changeCount]).toEqual([2, 2, 1]);
  });

  it('agrees with a brute-force count over the full class maps of random layouts', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cellsN = 400;
    const K = 4;
    const today = Uint8Array.from({ length: cellsN }, (_, i) => (i % 37 === 0 ? NO_CLASS : Math.floor(random() * K)));
    const inside = [...today.keys()].filter((i) => today[i] !== NO_CLASS);
    const runs = [0, 1, 2].map(() => {
      const geneCells = Int32Array.from(inside.filter(() => random() < 0.6));
      const rows = 5;
      const genomes = Uint8Array.from({ length: rows * geneCells.length }, () => Math.floor(random() * K));
      return { geneCells, genomes, ids: [0, 2, 4].slice(0, 1 + Math.floor(random() * 3)) };
    });
    const maps = runs.flatMap((run) =>
      run.ids.map((id) => {
        const map = today.slice();
        run.geneCells.forEach((cell, g) => (map[cell] = run.genomes[id * run.geneCells.length + g]!));
        return map;
      }),
    );
    const a = crossRunAgreement(
      today,
      runs.map((run) => picked(today, run)),
      K,
    );
    const agree = shareRaster(today, a, a.modeCount, 100);
    const change = shareRaster(today, a, a.changeCount, 0);
    for (let i = 0; i < cellsN; i++) {
      if (today[i] === NO_CLASS) {
        expect(agree[i]).toBe(SHARE_NODATA);
        expect(change[i]).toBe(SHARE_NODATA);
        continue;
      }
      const counts = new Array<number>(K).fill(0);
      for (const map of maps) counts[map[i]!]!++;
      const most = Math.max(...counts);
      const changed = maps.filter((m) => m[i] !== today[i]).length;
      expect(agree[i]).toBe(Math.round((100 * most) / maps.length));
      expect(change[i]).toBe(Math.round((100 * changed) / maps.length));
      const k = a.cells.indexOf(i);
      if (k >= 0) expect(a.mode[k]).toBe(counts.indexOf(most));
      else expect(most).toBe(maps.length);
    }
  });

  it('refuses an empty pick', () => {
    expect(() =>
      crossRunAgreement(
        current,
        [picked(current, { geneCells: new Int32Array(), genomes: new Uint8Array(), ids: [] })],
        3,
      ),
    ).toThrow(RunInputError);
  });
});
