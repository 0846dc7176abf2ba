import { describe, expect, it } from 'vitest';
import type { ScatterSeriesOption } from 'echarts';
import {
  axisTitle,
  convergenceOption,
  objectivePairs,
  parallelOption,
  scatterPairOption,
} from '../../../engine/src/charts/front-charts.js';
import type { FrontChartData } from '../../../engine/src/charts/front-charts.js';
import { renderChartSvg } from '../../../engine/src/report/chart-svg.js';

const data: FrontChartData = {
  objectives: [
    { label: 'Economic return', unit: 'M€/yr', direction: 'maximize' },
    { label: 'Social welfare', unit: 'index 0–1', direction: 'maximize' },
    { label: 'Ecological impact', unit: 'index 0–1', direction: 'minimize' },
  ],
  points: [
    { id: 0, values: [45, 0.42, 0.58] },
    { id: 1, values: [18, 0.83, 0.58] },
    { id: 2, values: [30, 0.6, 0.3] },
  ],
  marks: [{ id: 2, letter: 'A', label: 'Compromise', color: '#c0392b', kind: 'compromise' }],
};

describe('chart options', () => {
  it('lists every pair of objectives once', () => {
    expect(objectivePairs(3)).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(objectivePairs(5)).toHaveLength(10);
  });

  it('draws the front and each marked solution as its own labelled series', () => {
    const option = scatterPairOption(data, 0, 2);
    const series = option.series as ScatterSeriesOption[];
    expect(series).toHaveLength(2);
    expect(series[0]!.data).toEqual([
      [45, 0.58],
      [18, 0.58],
      [30, 0.3],
    ]);
    expect(series[1]).toMatchObject({ symbol: 'diamond', data: [[30, 0.3]], label: { formatter: 'A' } });
    expect(axisTitle(data.objectives[2]!)).toBe('Ecological impact (index 0–1) ↓ min');
  });

  it('inverts the axes of minimised objectives in parallel coordinates', () => {
    const option = parallelOption(data);
    const axes = option.parallelAxis as { inverse: boolean }[];
    expect(axes.map((a) => a.inverse)).toEqual([false, false, true]);
  });

  it('renders to inline SVG without a browser: no namespace URLs, prefixed ids, an accessible name', () => {
    const scatter = renderChartSvg(
      scatterPairOption(data, 0, 1),
      { width: 380, height: 300 },
      'Social against economic',
    );
    const line = renderChartSvg(
      convergenceOption([
        { generation: 1, hypervolume: 0.2 },
        { generation: 2, hypervolume: 0.5 },
      ]),
      { width: 600, height: 240 },
      'Convergence',
    );
    for (const svg of [scatter, line]) {
      expect(svg.startsWith('<svg class="chart" role="img" aria-label=')).toBe(true);
      expect(svg).not.toMatch(/https?:|xmlns/);
      expect(svg).toContain('viewBox=');
    }
    expect(scatter).toContain('>A<');
    const ids = [...(scatter + line).matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
