import { describe, expect, it } from 'vitest';
import {
  bestIndex,
  changedAreaHa,
  classAreasHa,
  demandStatus,
  fromToMatrixHa,
  markedSolutions,
  validateReportInput,
} from '../../../engine/src/report/analysis.js';
import { ReportInputError } from '../../../engine/src/report/errors.js';
import { buildReportInput } from '../../fixtures/report/build-report-input.js';

describe('report analysis', () => {
  it('sums areas per class and ignores cells outside the study area', () => {
    const layout = Uint8Array.from([0, 0, 1, 255, 2, 255]);
    expect(classAreasHa(layout, 3, 0.25)).toEqual([0.5, 0.25, 0.25]);
  });

  it('builds a from-to matrix whose off-diagonal is the changed area', () => {
    const today = Uint8Array.from([0, 1, 1, 2, 255]);
    const plan = Uint8Array.from([0, 0, 1, 0, 255]);
    const matrix = fromToMatrixHa(today, plan, 3, 1);
    expect(matrix).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [1, 0, 0],
    ]);
    expect(changedAreaHa(matrix)).toBe(2);
  });

  it('tells whether an area meets its demand range', () => {
    const demand = { classId: 'residential', minHa: 130, maxHa: 200 };
    expect(demandStatus(150, demand)).toEqual({ state: 'met', gapHa: 0 });
    expect(demandStatus(120, demand)).toEqual({ state: 'below', gapHa: 10 });
    expect(demandStatus(205, demand)).toEqual({ state: 'above', gapHa: 5 });
    expect(demandStatus(129.9, demand, 0.125).state).toBe('met');
    expect(demandStatus(5, undefined).state).toBe('none');
    expect(demandStatus(5, { classId: 'x', minHa: null, maxHa: null }).state).toBe('none');
  });

  it('finds the best value in either direction', () => {
    expect(bestIndex([3, 7, 7, 1], 'maximize')).toBe(1);
    expect(bestIndex([3, 7, NaN, 1], 'minimize')).toBe(3);
    expect(bestIndex([NaN], 'minimize')).toBe(-1);
  });

  it('marks the compromise (A) and the extremes (B, C, D) by role, then other selected layouts, each once', () => {
    const input = buildReportInput({ selectedIds: [5, 0] });
    const { knee, extremes } = input.highlights;
    const marks = markedSolutions(input);
    const highlighted = [knee, ...extremes.filter((id) => id !== knee)];
    expect(marks.map((m) => m.id)).toEqual([...new Set([...highlighted, 5, 0])]);
    expect(marks[0]).toMatchObject({
      id: knee,
      letter: 'A',
      kind: 'compromise',
      label: 'Compromise',
      color: '#c0392b',
    });
    const best = marks.find((m) => m.extremeOf.includes(1) && m.id !== knee)!;
    expect(best).toMatchObject({ letter: 'C', kind: 'extreme', label: 'Best social welfare' });
    const other = marks.find((m) => m.id === 5)!;
    expect(other).toMatchObject({ kind: 'selected', letter: 'E', shownInFull: true });
    expect(
      marks
        .filter((m) => m.shownInFull)
        .map((m) => m.id)
        .sort(),
    ).toEqual([0, 5]);
    expect(new Set(marks.map((m) => m.color)).size).toBe(marks.length);
  });

  it('accepts the fixture and names the field of inconsistent input', () => {
    expect(() => validateReportInput(buildReportInput())).not.toThrow();

    const shortLayout = buildReportInput();
    shortLayout.selected[0]!.layout = new Uint8Array(10);
    expect(() => validateReportInput(shortLayout)).toThrow(/selected layout \d+: 10 cells, expected 3600/);

    const unknownId = buildReportInput();
    unknownId.highlights.knee = 999;
    expect(() => validateReportInput(unknownId)).toThrow(ReportInputError);
    expect(() => validateReportInput(unknownId)).toThrow(/highlights.knee: solution 999 is not in the front/);

    const badClass = buildReportInput();
    badClass.current[0] = 17;
    expect(() => validateReportInput(badClass)).toThrow(/current: cell 0 has class index 17/);

    const badColor = buildReportInput();
    badColor.classes[0]!.color = 'red';
    expect(() => validateReportInput(badColor)).toThrow(/color must be #rrggbb, got "red"/);

    const badObjectives = buildReportInput();
    badObjectives.front[3]!.objectives = [1, 2];
    expect(() => validateReportInput(badObjectives)).toThrow(/solution 3 has 2 objective values, expected 3/);
  });
});
