/**
 * Chart specifications as pure functions from data to ECharts options. No rendering and no
 * Node imports here, so the desktop app can draw the very same charts with its own ECharts
 * instance (canvas or SVG), and the report renders them to SVG on the server (chart-svg.ts).
 */
import type { EChartsOption, ParallelSeriesOption, ScatterSeriesOption } from 'echarts';
import type { ObjectiveDirection } from '../optimizer/index.js';
import type { HighlightKind } from './highlights.js';

export interface ChartObjective {
  label: string;
  unit: string;
  direction: ObjectiveDirection;
}

export interface ChartPoint {
  id: number;
  /** Objective values in natural units, in the order of the objectives. */
  values: readonly number[];
}

/** A solution drawn prominently and labelled with its letter (highlights: see highlights.ts). */
export interface ChartMark {
  id: number;
  letter: string;
  label: string;
  color: string;
  kind: HighlightKind | 'selected';
}

export interface FrontChartData {
  objectives: readonly ChartObjective[];
  points: readonly ChartPoint[];
  marks: readonly ChartMark[];
}

export interface ChartStyle {
  fontFamily: string;
  fontSize: number;
  /** Colour of the ordinary front points and lines. */
  frontColor: string;
  axisColor: string;
  textColor: string;
}

export const DEFAULT_CHART_STYLE: ChartStyle = {
  // Single quotes: ECharts' SSR writes the family into a double-quoted style attribute unescaped.
  fontFamily: "'Segoe UI', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif",
  fontSize: 11,
  frontColor: '#7f96b2',
  axisColor: '#8a8f98',
  textColor: '#2b2f36',
};

/** ECharts symbol per mark kind: the compromise a diamond, extremes triangles, other selections circles. */
export const MARK_SYMBOLS: Record<ChartMark['kind'], string> = {
  compromise: 'diamond',
  extreme: 'triangle',
  selected: 'circle',
};

/** `Economic return (M€/yr) ↑` – the arrow points towards better values. */
export function axisTitle(objective: ChartObjective): string {
  const unit = objective.unit ? ` (${objective.unit})` : '';
  return `${objective.label}${unit} ${objective.direction === 'maximize' ? '↑ max' : '↓ min'}`;
}

function baseOption(style: ChartStyle): EChartsOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: style.fontFamily, fontSize: style.fontSize, color: style.textColor },
  };
}

function valueAxis(name: string, style: ChartStyle, nameGap: number) {
  return {
    type: 'value' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap,
    nameTextStyle: { fontSize: style.fontSize, color: style.textColor, fontWeight: 'bold' as const },
    scale: true,
    axisLine: { show: true, lineStyle: { color: style.axisColor } },
    axisTick: { show: true, lineStyle: { color: style.axisColor } },
    axisLabel: { color: style.textColor, fontSize: style.fontSize - 1 },
    splitLine: { show: true, lineStyle: { color: '#e6e8eb', width: 0.8 } },
  };
}

/**
 * A scatter plot of objective `xIndex` against objective `yIndex`: every front solution as a
 * small point, the marked solutions as larger coloured symbols labelled with their letters.
 * @example scatterPairOption(data, 0, 1) // economic return vs social welfare
 */
export function scatterPairOption(
  data: FrontChartData,
  xIndex: number,
  yIndex: number,
  style: ChartStyle = DEFAULT_CHART_STYLE,
): EChartsOption {
  const x = data.objectives[xIndex]!;
  const y = data.objectives[yIndex]!;
  const pointsById = new Map(data.points.map((p) => [p.id, p]));
  const series: ScatterSeriesOption[] = [
    {
      type: 'scatter',
      name: 'Pareto front',
      symbolSize: 6,
      itemStyle: { color: style.frontColor, opacity: 0.75, borderColor: '#ffffff', borderWidth: 0.5 },
      data: data.points.map((p) => [p.values[xIndex]!, p.values[yIndex]!]),
      z: 2,
    },
  ];
  for (const mark of data.marks) {
    const point = pointsById.get(mark.id);
    if (!point) continue;
    series.push({
      type: 'scatter',
      name: `${mark.letter} – ${mark.label}`,
      symbol: MARK_SYMBOLS[mark.kind],
      symbolSize: mark.kind === 'compromise' ? 14 : 12,
      itemStyle: { color: mark.color, borderColor: '#ffffff', borderWidth: 1 },
      label: {
        show: true,
        formatter: mark.letter,
        position: 'right',
        distance: 4,
        color: mark.color,
        fontWeight: 'bold',
        fontSize: style.fontSize + 1,
      },
      data: [[point.values[xIndex]!, point.values[yIndex]!]],
      z: 5,
    });
  }
  return {
    ...baseOption(style),
    grid: { left: 64, right: 24, top: 16, bottom: 50 },
    xAxis: valueAxis(axisTitle(x), style, 30),
    yAxis: valueAxis(axisTitle(y), style, 48),
    series,
  };
}

/**
 * Parallel coordinates over all objectives. Axes of minimised objectives are inverted, so
 * better is always at the top and crossing lines show trade-offs.
 */
export function parallelOption(data: FrontChartData, style: ChartStyle = DEFAULT_CHART_STYLE): EChartsOption {
  const pointsById = new Map(data.points.map((p) => [p.id, p]));
  const series: ParallelSeriesOption[] = [
    {
      type: 'parallel',
      name: 'Pareto front',
      lineStyle: { color: style.frontColor, width: 1, opacity: 0.5 },
      data: data.points.map((p) => [...p.values]),
      z: 2,
    },
  ];
  for (const mark of data.marks) {
    const point = pointsById.get(mark.id);
    if (!point) continue;
    series.push({
      type: 'parallel',
      name: `${mark.letter} – ${mark.label}`,
      lineStyle: { color: mark.color, width: 3, opacity: 1 },
      data: [[...point.values]],
      z: 5,
    });
  }
  return {
    ...baseOption(style),
    parallel: { left: 70, right: 100, top: 62, bottom: 24 },
    parallelAxis: data.objectives.map((objective, dim) => ({
      dim,
      type: 'value' as const,
      name: `${objective.label}\n(${objective.unit}) ${objective.direction === 'maximize' ? '↑' : '↓'}`,
      // The name sits above the axis whichever way the axis runs.
      nameLocation: objective.direction === 'minimize' ? ('start' as const) : ('end' as const),
      nameGap: 16,
      nameTextStyle: { fontSize: style.fontSize, color: style.textColor, fontWeight: 'bold' as const },
      inverse: objective.direction === 'minimize',
      scale: true,
      axisLine: { lineStyle: { color: style.axisColor } },
      axisLabel: { color: style.textColor, fontSize: style.fontSize - 1 },
    })),
    series,
  };
}

export interface ConvergencePoint {
  generation: number;
  hypervolume: number;
}

/** Hypervolume by generation, as a line. */
export function convergenceOption(
  history: readonly ConvergencePoint[],
  style: ChartStyle = DEFAULT_CHART_STYLE,
): EChartsOption {
  return {
    ...baseOption(style),
    grid: { left: 72, right: 24, top: 16, bottom: 46 },
    xAxis: { ...valueAxis('Generation', style, 28), scale: false, minInterval: 1 },
    yAxis: valueAxis('Hypervolume', style, 56),
    series: [
      {
        type: 'line',
        name: 'Hypervolume',
        showSymbol: history.length <= 30,
        symbolSize: 4,
        lineStyle: { color: '#1f618d', width: 2 },
        itemStyle: { color: '#1f618d' },
        areaStyle: { color: '#1f618d', opacity: 0.08 },
        data: history.map((row) => [row.generation, row.hypervolume]),
      },
    ],
  };
}

/** Every pair (i, j) with i < j, in reading order: (0,1), (0,2), (1,2), … */
export function objectivePairs(count: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) pairs.push([i, j]);
  return pairs;
}
