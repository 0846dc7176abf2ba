/**
 * One ECharts instance on a canvas, sized to its container. Options come from the shared chart
 * specifications (engine/src/charts/front-charts.ts), so the app and the PDF report draw the same
 * charts. Only the chart types the app uses are bundled.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  BrushComponent,
  GridComponent,
  ParallelComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { scatterPairOption } from '../../../../engine/src/charts/front-charts.js';

echarts.use([
  ScatterChart,
  ParallelChart,
  LineChart,
  GridComponent,
  ParallelComponent,
  TooltipComponent,
  BrushComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
]);

export type ChartInstance = echarts.EChartsType;
/** The option type of the shared chart specifications (the engine resolves ECharts' types on its own). */
export type ChartOption = ReturnType<typeof scatterPairOption>;
type SetOptionArgument = Parameters<ChartInstance['setOption']>[0];

export interface EChartProps {
  option: ChartOption;
  /** Accessible description of what the chart shows. */
  label: string;
  className?: string;
  onReady?: (chart: ChartInstance) => void;
  /** Called after every option update (e.g. to re-arm a brush cursor). */
  afterUpdate?: (chart: ChartInstance) => void;
  onKeyDown?: (event: React.KeyboardEvent<HTMLDivElement>) => void;
  testId?: string;
}

export function EChart({ option, label, className, onReady, afterUpdate, onKeyDown, testId }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ChartInstance | null>(null);
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  const afterUpdateRef = useRef(afterUpdate);
  afterUpdateRef.current = afterUpdate;

  useEffect(() => {
    const chart = echarts.init(ref.current!, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    onReadyRef.current?.(chart);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current!);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.setOption(option as unknown as SetOptionArgument, { notMerge: true });
    afterUpdateRef.current?.(chart);
  }, [option]);

  return (
    <div
      ref={ref}
      className={className ?? 'chart'}
      role="img"
      aria-label={label}
      tabIndex={onKeyDown ? 0 : -1}
      onKeyDown={onKeyDown}
      data-testid={testId}
    />
  );
}
