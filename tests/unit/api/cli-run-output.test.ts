import { describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../../engine/src/cli/run-output.js';

describe('the CLI run summary', () => {
  it('lines up every value after its label, whatever the objectives are called', () => {
    const text = formatRunSummary(
      {
        dir: '/tmp/run',
        status: 'complete',
        scenarioName: 'Riverbend',
        generation: 2,
        generations: 2,
        evaluations: 120,
        elapsedMs: 1000,
        hypervolume: 1.5,
        frontSize: 2,
        objectives: [
          { id: 'economic', label: 'Economic', direction: 'maximize' },
          { id: 'ecological', label: 'Ecological', direction: 'maximize' },
        ],
        highlights: { extremes: { economic: 0, ecological: 1 }, knee: 1 },
      },
      {
        table: [
          [0, 105.8, 6670.5],
          [1, 101.2, 6797],
        ],
      },
    );
    const rows = text.split('\n').filter((line) => line.startsWith('  '));
    expect(rows.map((line) => line.trim().split(/\s{2,}/)[0])).toEqual([
      'folder:',
      'generations:',
      'front:',
      'compromise:',
      'best economic:',
      'best ecological:',
    ]);
    const columns = new Set(rows.map((line) => line.search(/(?<=:\s+)\S/)));
    expect(columns.size).toBe(1);
    expect(text).toContain('best ecological:  #1  economic 101.2, ecological 6,797');
  });
});
