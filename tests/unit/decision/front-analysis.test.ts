import { describe, expect, it } from 'vitest';
import { frontHighlights, normaliseToUnitCost } from '../../../engine/src/decision/front-analysis.js';
import { parseCsv, toCsv } from '../../../engine/src/runs/csv.js';

describe('front highlights', () => {
  it('find the extremes and the knee of a convex two-objective front (both minimised)', () => {
    // f2 = (1 - sqrt(f1))^2-like bend: the knee sits where the curve turns.
    const points = [
      [0, 1],
      [0.05, 0.5],
      [0.2, 0.2],
      [0.5, 0.05],
      [1, 0],
    ];
    const { extremes, knee } = frontHighlights(new Float64Array(points.flat()), points.length, [
      'minimize',
      'minimize',
    ]);
    expect(extremes).toEqual([0, 4]);
    expect(knee).toBe(2);
  });

  it('respect maximised objectives in natural units', () => {
    // Same front as above with both objectives negated and declared maximised.
    const points = [
      [0, -1],
      [-0.05, -0.5],
      [-0.2, -0.2],
      [-0.5, -0.05],
      [-1, 0],
    ];
    const { extremes, knee } = frontHighlights(new Float64Array(points.flat()), 5, ['maximize', 'maximize']);
    expect(extremes).toEqual([0, 4]);
    expect(knee).toBe(2);
  });

  it('fall back to the point nearest the ideal when the extremes coincide', () => {
    const points = [
      [0, 0, 1],
      [0, 0, 1],
      [0.4, 0.4, 0.3],
      [1, 1, 0],
    ];
    const { knee } = frontHighlights(new Float64Array(points.flat()), 4, ['minimize', 'minimize', 'minimize']);
    expect(knee).toBe(2);
  });

  it('normalise each objective between the best (0) and worst (1) value', () => {
    const out = normaliseToUnitCost(new Float64Array([10, 1, 20, 3]), 2, ['maximize', 'minimize']);
    expect(Array.from(out)).toEqual([1, 0, 0, 1]);
  });

  it('handle an empty front', () => {
    expect(frontHighlights(new Float64Array(0), 0, ['minimize', 'maximize'])).toEqual({ extremes: [-1, -1], knee: -1 });
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and reads back what it wrote', () => {
    const text = toCsv(
      ['id', 'name', 'value'],
      [
        [1, 'plain', 0.5],
        [2, 'with, comma', -3],
        [3, 'say "hi"\nbye', null],
      ],
    );
    expect(text.split('\n')[0]).toBe('id,name,value');
    expect(parseCsv(text)).toEqual([
      ['id', 'name', 'value'],
      ['1', 'plain', '0.5'],
      ['2', 'with, comma', '-3'],
      ['3', 'say "hi"\nbye', ''],
    ]);
  });
});
