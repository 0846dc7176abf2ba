/** Cells as runs along the grid (engine/src/rules/cell-runs.ts): a mask and back, and runs refused with a reason. */
import { describe, expect, it } from 'vitest';
import { cellRuns, maskOfRuns } from '../../../engine/src/rules/index.js';

describe('cell runs', () => {
  it('turns a mask into runs and back, at the grid ends and across rows', () => {
    const mask = Uint8Array.from([1, 1, 0, 0, 7, 0, 1, 1, 1, 1, 0, 1]);
    const runs = cellRuns(mask);
    expect([...runs]).toEqual([0, 2, 4, 1, 6, 4, 11, 1]);
    expect(maskOfRuns(runs, mask.length)).toEqual(mask.map((v) => (v ? 1 : 0)));
    expect([...cellRuns(new Uint8Array(5))]).toEqual([]);
    expect(maskOfRuns([], 5)).toEqual(new Uint8Array(5));
    const full = new Uint8Array(10).fill(1);
    expect([...cellRuns(full)]).toEqual([0, 10]);
  });

  it('refuses runs that are not pairs, empty, out of order, overlapping or off the grid', () => {
    expect(() => maskOfRuns([1], 10)).toThrow(/not pairs/);
    expect(() => maskOfRuns([2, 0], 10)).toThrow(/run 1 is empty/);
    expect(() => maskOfRuns([2, 1.5], 10)).toThrow(/not whole cells/);
    expect(() => maskOfRuns([5, 2, 3, 1], 10)).toThrow(/run 2 \(first cell 3\) overlaps or comes before/);
    expect(() => maskOfRuns([5, 2, 6, 1], 10)).toThrow(/run 2 \(first cell 6\) overlaps/);
    expect(() => maskOfRuns([-1, 2], 10)).toThrow(/overlaps or comes before/);
    expect(() => maskOfRuns([8, 3], 10)).toThrow(/run 1 \(cells 8 to 10\) ends outside the 10 cells/);
    // Adjacent runs are accepted (they lock the same cells as one).
    expect([...maskOfRuns([2, 2, 4, 1], 6)]).toEqual([0, 0, 1, 1, 1, 0]);
  });
});
