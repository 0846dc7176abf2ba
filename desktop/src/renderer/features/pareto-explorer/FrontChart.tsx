/**
 * The front as a chart: a scatter of any two objectives (points coloured by a third) or parallel
 * coordinates over all of them. Brushing either sets the threshold filters, and the brushed range
 * is drawn from the filters after every redraw, so the band always shows what filters the table.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { parallelOption, scatterPairOption } from '../../../../../engine/src/charts/front-charts.js';
import { AxisPicker } from '../../components/AxisPicker.js';
import { EChart, type ChartInstance, type ChartOption } from '../../components/EChart.js';
import { idOfParams, tooltipText, type ChartEventParams } from './chart-events.js';
import { axisIntervalsToFilters, brushRectToFilters, chartData, type Filters, type frontMarks } from './front-model.js';
import { brushBandRects, styleBrushCovers } from './brush-covers.js';
import { MarkKey } from './MarkKey.js';
import type { PartyPick } from '../parties/parties-model.js';
import { colorByOption, parallelBrushStyle, parallelIntervals, thirdObjective } from './chart-options.js';

declare global {
  interface Window {
    /** Read-only chart geometry for the end-to-end tests (where a solution or an axis value is drawn). */
    __paretoplanExplorer?: {
      pointPixel(id: number): [number, number] | null;
      /** Parallel coordinates: the pixel of `value` on objective `dim`'s axis. */
      axisPixel(dim: number, value: number): [number, number] | null;
      /** The brushed bands drawn on the parallel axes, as pixel rectangles. */
      brushBands(): { x: number; y: number; width: number; height: number }[];
    };
  }
}

export type ChartView = 'scatter' | 'parallel';

export interface FrontChartProps {
  front: FrontView;
  selected: number | null;
  onSelect: (id: number) => void;
  filters: Filters;
  onFilters: (filters: Filters) => void;
  /** Layouts passing the filters (the rest are drawn faint). */
  passing: ReadonlySet<number>;
  /** Ids in the order the arrow keys step through (the filtered layouts). */
  stepOrder: readonly number[];
  marks: ReturnType<typeof frontMarks>;
  picks: readonly PartyPick[];
  /** What the heading says about the front (archive size and population). */
  heading: React.ReactNode;
}

export function FrontChart({
  front,
  selected,
  onSelect,
  filters,
  onFilters,
  passing,
  stepOrder,
  marks,
  picks,
  heading,
}: FrontChartProps) {
  const m = front.objectives.length;
  const [view, setView] = useState<ChartView>('scatter');
  const [pair, setPair] = useState<[number, number]>([0, Math.min(1, m - 1)]);
  const [brushing, setBrushing] = useState(false);
  const chartRef = useRef<ChartInstance | null>(null);
  const stateRef = useRef({ front, marks, pair, filters, view });
  stateRef.current = { front, marks, pair, filters, view };
  const third = thirdObjective(m, pair);

  const option = useMemo<ChartOption>(() => {
    const data = chartData(front, selected, picks);
    const tooltip = {
      trigger: 'item' as const,
      confine: true,
      formatter: (params: unknown) =>
        tooltipText(front, idOfParams(stateRef.current.front, stateRef.current.marks, params as ChartEventParams)),
    };
    if (view === 'parallel' && m >= 3) {
      const base = parallelOption(data);
      const series = base.series as { data?: unknown }[];
      series[0]!.data = front.solutions.map((s) => ({
        value: [...s.objectives],
        lineStyle: { opacity: passing.has(s.id) ? 0.55 : 0.06 },
      }));
      // realtime: false: the filter changes once, when the drag ends, so no redraw cuts the drag short.
      const axes = (base.parallelAxis as object[]).map((axis, j) => ({
        ...axis,
        id: `axis-${j}`,
        realtime: false,
        areaSelectStyle: parallelBrushStyle,
      }));
      return { ...base, parallelAxis: axes, tooltip } as ChartOption;
    }
    const base = scatterPairOption(data, pair[0], pair[1]);
    const series = base.series as { data?: unknown }[];
    series[0]!.data = front.solutions.map((s) => ({
      value: [s.objectives[pair[0]]!, s.objectives[pair[1]]!, ...(third === null ? [] : [s.objectives[third]!])],
      itemStyle: { opacity: passing.has(s.id) ? 0.85 : 0.12 },
    }));
    const colorBy = third === null ? {} : colorByOption(front, third);
    return {
      ...base,
      ...colorBy,
      ...(third === null ? {} : { grid: { ...(base.grid as object), right: 96 } }),
      tooltip,
      brush: {
        xAxisIndex: 'all',
        brushType: 'rect',
        brushMode: 'single',
        transformable: false,
        throttleType: 'debounce',
        throttleDelay: 200,
        brushStyle: { borderWidth: 1, color: 'rgba(31, 95, 139, 0.08)', borderColor: 'rgba(31, 95, 139, 0.6)' },
        outOfBrush: { colorAlpha: 1 },
      },
    } as ChartOption;
  }, [front, selected, view, pair, passing, m, picks, third]);

  const onReady = useCallback(
    (chart: ChartInstance) => {
      chartRef.current = chart;
      chart.on('click', (params) => {
        const id = idOfParams(stateRef.current.front, stateRef.current.marks, params as unknown as ChartEventParams);
        if (id !== null) onSelect(id);
      });
      chart.on('brushEnd', (params) => {
        const areas = (params as { areas?: { coordRange?: [[number, number], [number, number]] }[] }).areas ?? [];
        const range = areas[0]?.coordRange;
        if (!range) return;
        const { pair: p, filters: f } = stateRef.current;
        onFilters(brushRectToFilters(f, p[0], p[1], range));
      });
      chart.on('axisareaselected', (params) => {
        const { parallelAxisId, intervals } = params as { parallelAxisId?: string; intervals?: [number, number][] };
        const dim = Number(/axis-(\d+)/.exec(parallelAxisId ?? '')?.[1]);
        if (!Number.isInteger(dim)) return;
        onFilters(axisIntervalsToFilters(stateRef.current.filters, dim, intervals ?? []));
      });
      window.__paretoplanExplorer = {
        pointPixel(id) {
          const { front: fr, pair: p, view: v } = stateRef.current;
          const s = fr.solutions.find((x) => x.id === id);
          if (!s || v !== 'scatter') return null;
          const px = chart.convertToPixel({ seriesIndex: 0 }, [s.objectives[p[0]]!, s.objectives[p[1]]!]) as number[];
          return [px[0]!, px[1]!];
        },
        axisPixel(dim, value) {
          if (stateRef.current.view !== 'parallel') return null;
          // The parallel coordinate system maps a value on one dimension to its point on that axis.
          const parallel = (
            chart as unknown as {
              getModel(): {
                getComponent(type: string): {
                  coordinateSystem?: { dimensions: string[]; dataToPoint(v: number, dim: string): number[] };
                };
              };
            }
          )
            .getModel()
            .getComponent('parallel').coordinateSystem;
          const name = parallel?.dimensions[dim];
          const point = name === undefined ? null : parallel!.dataToPoint(value, name);
          return point ? [point[0]!, point[1]!] : null;
        },
        brushBands: () => brushBandRects(chart),
      };
    },
    [onSelect, onFilters],
  );

  // After every redraw: re-arm the rectangle brush while brushing is on, and draw the filters as
  // the parallel axes' brushed bands (silently: the filters are already what the bands say).
  const afterUpdate = useCallback(() => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.dispatchAction({
      type: 'takeGlobalCursor',
      key: 'brush',
      brushOption: brushing && view === 'scatter' ? { brushType: 'rect', brushMode: 'single' } : { brushType: false },
    });
    if (view === 'parallel' && m >= 3) {
      const bands = parallelIntervals(front, stateRef.current.filters);
      for (const [dim, intervals] of bands)
        chart.dispatchAction({ type: 'axisAreaSelect', parallelAxisId: `axis-${dim}`, intervals }, { silent: true });
      // The action sets the axes' intervals but redraws only the lines; a merge of nothing redraws
      // the axes, whose brush covers follow their intervals.
      if (bands.length > 0) {
        chart.setOption({});
        styleBrushCovers(chart);
      }
    }
  }, [brushing, view, m, front]);
  useEffect(afterUpdate, [afterUpdate]);

  const stepSelection = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const order = [...stepOrder].sort(
      (a, b) => front.solutions[a]!.objectives[pair[0]]! - front.solutions[b]!.objectives[pair[0]]!,
    );
    if (order.length === 0) return;
    const at = selected === null ? -1 : order.indexOf(selected);
    const next =
      event.key === 'ArrowRight' ? order[(at + 1) % order.length]! : order[(at - 1 + order.length) % order.length]!;
    onSelect(next);
  };

  return (
    <section className="card chart-card" aria-labelledby="chart-heading">
      <div className="card-head">
        <h3 id="chart-heading">Trade-offs {heading}</h3>
      </div>
      <div className="chart-controls">
        <div className="segmented" role="radiogroup" aria-label="Chart type">
          <button
            type="button"
            role="radio"
            aria-checked={view === 'scatter'}
            className={view === 'scatter' ? 'on' : ''}
            onClick={() => setView('scatter')}
          >
            Scatter
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={view === 'parallel'}
            className={view === 'parallel' ? 'on' : ''}
            onClick={() => setView('parallel')}
            disabled={m < 3}
          >
            Parallel coordinates
          </button>
        </div>
        {view === 'scatter' && (
          <>
            <AxisPicker
              objectives={front.objectives.map((o) => o.label)}
              pair={pair}
              onChange={setPair}
              idPrefix="explore"
            />
            <button
              type="button"
              aria-pressed={brushing}
              className={brushing ? 'on' : ''}
              onClick={() => setBrushing(!brushing)}
              title="Drag a rectangle on the chart to set thresholds on both axes"
            >
              Brush area
            </button>
            {third !== null && <span className="muted">Colour: {front.objectives[third]!.label.toLowerCase()}</span>}
          </>
        )}
        {view === 'parallel' && (
          <span className="muted">Drag along an axis to brush it; click the axis outside the band to clear it.</span>
        )}
      </div>
      <EChart
        option={option}
        onReady={onReady}
        afterUpdate={afterUpdate}
        label={`${view === 'scatter' ? 'Scatter plot' : 'Parallel coordinates'} of the front. Use the left and right arrow keys to step through the layouts.`}
        className="chart chart-large"
        onKeyDown={stepSelection}
        testId="front-chart"
      />
      <MarkKey front={front} marks={marks} onSelect={onSelect} />
    </section>
  );
}
