/**
 * Picking the rows to finish ahead (core/finish-ahead.ts): by the archive's members, or in row
 * order on a replay of the archive's offers (the first generation), where only the rows certain to
 * be finished are picked, one at a time.
 */
import { describe, expect, it } from 'vitest';
import {
  FinishInOrderSelector,
  NonDominatedArchive,
  finishAheadPicker,
  type FinishAhead,
  type FinishedAheadRow,
} from '../../../engine/src/optimizer/index.js';

const EMPTY = new Uint8Array(0);
const directions = ['minimize', 'minimize'] as const;
const feasible = new Float64Array(1);
const infeasible = Float64Array.of(1);
const emptyReplay = () => new NonDominatedArchive<Uint8Array>(10, 0, 2, () => EMPTY);
const finishedAs = (...objectives: number[]): FinishedAheadRow => ({
  changed: { variables: new Float64Array(1), objectives: Float64Array.from(objectives), violations: feasible },
});

describe('finishing ahead in row order (the first generation)', () => {
  it('picks a row only once every row before it is evaluated and the admitted ones finished, and none for nothing', () => {
    const picker = new FinishInOrderSelector(emptyReplay(), directions, 5);
    // Row 1 came back first: row 0 is not evaluated yet, so nothing is certain.
    expect(picker.evaluated(1, Float64Array.of(4, 6), feasible)).toEqual([]);
    // Row 0 is the first the (empty) archive admits.
    expect(picker.evaluated(0, Float64Array.of(5, 5), feasible)).toEqual([0]);
    // Rows after it wait for its finished version, which may dominate them.
    expect(picker.evaluated(3, Float64Array.of(6, 6), feasible)).toEqual([]);
    expect(picker.evaluated(2, Float64Array.of(0, 0), infeasible)).toEqual([]);
    // Finished, row 0 is (4, 4): it dominates rows 1 and 3, row 2 is infeasible, row 4 is not back.
    expect(picker.finished(0, finishedAs(4, 4))).toEqual([]);
    expect(picker.evaluated(4, Float64Array.of(3, 7), feasible)).toEqual([4]);
    // Left as it was by `finish`, row 4 is offered itself; the batch is done.
    expect(picker.finished(4, { changed: null })).toEqual([]);
  });

  it('converts maximised objectives, and a finished row made infeasible is not offered', () => {
    const picker = new FinishInOrderSelector(emptyReplay(), ['maximize', 'minimize'], 3);
    expect(picker.evaluated(0, Float64Array.of(5, 5), feasible)).toEqual([0]);
    const broken: FinishedAheadRow = {
      changed: { variables: new Float64Array(1), objectives: Float64Array.of(9, 0), violations: infeasible },
    };
    // Row 0's finished version is infeasible: nothing enters the replay, so row 1 (worse than
    // row 0 as evaluated) is still admitted and picked.
    expect(picker.evaluated(1, Float64Array.of(4, 6), feasible)).toEqual([]);
    expect(picker.finished(0, broken)).toEqual([1]);
    // Row 1 finished at (8, 1) in natural units: row 2 at (7, 2) is dominated (8 > 7 maximised).
    expect(picker.evaluated(2, Float64Array.of(7, 2), feasible)).toEqual([]);
    expect(picker.finished(1, finishedAs(8, 1))).toEqual([]);
  });

  it('a request with a replay gets the in-order picker; one without, the members alone', () => {
    const request = (replay?: NonDominatedArchive<Uint8Array>): FinishAhead => ({
      improvement: 'x',
      encoding: null,
      members: new Float64Array(0),
      rows: new Map(),
      ...(replay ? { replay } : {}),
    });
    expect(finishAheadPicker(request(emptyReplay()), directions, 3)).toBeInstanceOf(FinishInOrderSelector);
    // By the (no) members alone, every feasible row no earlier pick weakly dominates is picked at once.
    const byMembers = finishAheadPicker(request(), directions, 3);
    expect(byMembers.evaluated(1, Float64Array.of(4, 6), feasible)).toEqual([1]);
    expect(byMembers.evaluated(0, Float64Array.of(5, 5), feasible)).toEqual([0]);
    expect(byMembers.finished(0, finishedAs(1, 1))).toEqual([]);
  });
});
