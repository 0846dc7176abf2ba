/**
 * Explore the front: a scatter of any two objectives or parallel coordinates over all of them,
 * threshold filters (also set by brushing the chart), the compromise and extremes marked, hover values,
 * click to select; the linked map; representative layouts (clusters of similar maps with their
 * medoids, one of which can narrow the view); a dense table of the layouts passing the filters.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FrontView } from '../../../../../engine/src/api/contract.js';
import { parallelOption, scatterPairOption } from '../../../../../engine/src/charts/front-charts.js';
import { EChart, type ChartInstance, type ChartOption } from '../../components/EChart.js';
import { EmptyState } from '../../components/Notice.js';
import { formatAuto } from '../../format.js';
import { FrontMap } from '../map/FrontMap.js';
import type { PartyPick } from '../parties/parties-model.js';
import { AxisPicker } from '../run/RunPanel.js';
import {
  axisIntervalsToFilters,
  brushRectToFilters,
  chartData,
  filteredIds,
  frontMarks,
  solutionRole,
  withinGroup,
  withThreshold,
  type Filters,
} from './front-model.js';

const NO_PICKS: readonly PartyPick[] = [];

declare global {
  interface Window {
    /** Read-only chart geometry for the end-to-end tests (where a solution is drawn). */
    __paretoplanExplorer?: { pointPixel(id: number): [number, number] | null };
  }
}

export interface ExplorerPanelProps {
  front: FrontView | null;
  current: Uint8Array | null;
  selected: number | null;
  onSelect: (id: number) => void;
  filters: Filters;
  onFilters: (filters: Filters) => void;
  compare: number[];
  onToggleCompare: (id: number) => void;
  /** The parties' picks (Parties view), marked on the charts. */
  picks?: readonly PartyPick[];
  onGoToRun: () => void;
}

export function ExplorerPanel(props: ExplorerPanelProps) {
  const { front, current } = props;
  if (!front || !current) {
    return (
      <EmptyState title="No front to explore">
        <p>Run a scenario, or open an earlier run folder, to explore its trade-offs.</p>
        <button type="button" onClick={props.onGoToRun}>
          Go to runs
        </button>
      </EmptyState>
    );
  }
  return <Explorer {...props} front={front} current={current} />;
}

function Explorer({
  front,
  current,
  selected,
  onSelect,
  filters,
  onFilters,
  compare,
  onToggleCompare,
  picks = NO_PICKS,
}: ExplorerPanelProps & { front: FrontView; current: Uint8Array }) {
  const m = front.objectives.length;
  const [view, setView] = useState<'scatter' | 'parallel'>('scatter');
  const [pair, setPair] = useState<[number, number]>([0, Math.min(1, m - 1)]);
  const [brushing, setBrushing] = useState(false);
  const chartRef = useRef<ChartInstance | null>(null);
  // A representative's cluster shown on its own (index into front.representatives), or all layouts.
  const [groupIndex, setGroupIndex] = useState<number | null>(null);
  const group = groupIndex === null ? null : (front.representatives[groupIndex]?.members ?? null);
  useEffect(() => setGroupIndex(null), [front]);
  const filtered = useMemo(
    () => withinGroup(filteredIds(front.solutions, filters), group),
    [front.solutions, filters, group],
  );
  const passing = useMemo(() => new Set(filtered), [filtered]);
  const marks = useMemo(() => frontMarks(front, selected, picks), [front, selected, picks]);
  const stateRef = useRef({ front, marks, pair, filters, view, brushing });
  stateRef.current = { front, marks, pair, filters, view, brushing };

  const option = useMemo<ChartOption>(() => {
    const data = chartData(front, selected, picks);
    const dim = (id: number) => (passing.has(id) ? 1 : 0.12);
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
      const axes = (base.parallelAxis as object[]).map((axis, j) => ({ ...axis, id: `axis-${j}` }));
      return { ...base, parallelAxis: axes, tooltip } as ChartOption;
    }
    const base = scatterPairOption(data, pair[0], pair[1]);
    const series = base.series as { data?: unknown }[];
    series[0]!.data = front.solutions.map((s) => ({
      value: [s.objectives[pair[0]]!, s.objectives[pair[1]]!],
      itemStyle: { opacity: dim(s.id) },
    }));
    return {
      ...base,
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
  }, [front, selected, view, pair, passing, m, picks]);

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
      };
    },
    [onSelect, onFilters],
  );

  // Re-arm the rectangle brush after every redraw while brushing is on.
  const armBrush = useCallback(() => {
    chartRef.current?.dispatchAction({
      type: 'takeGlobalCursor',
      key: 'brush',
      brushOption: brushing ? { brushType: 'rect', brushMode: 'single' } : { brushType: false },
    });
  }, [brushing]);
  useEffect(armBrush, [armBrush]);

  const stepSelection = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const order = [...filtered].sort(
      (a, b) => front.solutions[a]!.objectives[pair[0]]! - front.solutions[b]!.objectives[pair[0]]!,
    );
    if (order.length === 0) return;
    const at = selected === null ? -1 : order.indexOf(selected);
    const next =
      event.key === 'ArrowRight' ? order[(at + 1) % order.length]! : order[(at - 1 + order.length) % order.length]!;
    onSelect(next);
  };

  return (
    <div className="explorer">
      <div className="explorer-top">
        <section className="card chart-card" aria-labelledby="chart-heading">
          <div className="card-head">
            <h3 id="chart-heading">
              Trade-offs{' '}
              <span className="muted">
                {front.solutions.length} layouts on the front · {front.scenarioName}
              </span>
            </h3>
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
              </>
            )}
            {view === 'parallel' && <span className="muted">Drag along an axis to brush it.</span>}
          </div>
          <EChart
            option={option}
            onReady={onReady}
            afterUpdate={armBrush}
            label={`${view === 'scatter' ? 'Scatter plot' : 'Parallel coordinates'} of the front. Use the left and right arrow keys to step through the layouts.`}
            className="chart chart-large"
            onKeyDown={stepSelection}
            testId="front-chart"
          />
          <MarkKey front={front} marks={marks} onSelect={onSelect} />
        </section>
        <FrontMap front={front} current={current} selected={selected} filtered={filtered} />
      </div>
      <section className="card" aria-labelledby="filters-heading">
        <div className="card-head">
          <h3 id="filters-heading">
            Filters{' '}
            <span className="muted" role="status" data-testid="filter-count">
              {filtered.length} of {front.solutions.length} layouts match
              {groupIndex !== null && ` (group R${groupIndex + 1} only)`}
            </span>
          </h3>
          <button
            type="button"
            className="link"
            onClick={() => onFilters({})}
            disabled={Object.keys(filters).length === 0}
          >
            Clear filters
          </button>
        </div>
        <div className="filters">
          {front.objectives.map((o, j) => (
            <ThresholdInputs
              key={o.id}
              label={o.label}
              unit={o.unit}
              direction={o.direction}
              value={filters[j] ?? { min: null, max: null }}
              onChange={(t) => onFilters(withThreshold(filters, j, t))}
            />
          ))}
        </div>
      </section>
      <Representatives
        front={front}
        selected={selected}
        onSelect={onSelect}
        groupIndex={groupIndex}
        onGroup={setGroupIndex}
      />
      <SolutionTable
        front={front}
        ids={filtered}
        selected={selected}
        onSelect={onSelect}
        compare={compare}
        onToggleCompare={onToggleCompare}
      />
    </div>
  );
}

interface ChartEventParams {
  seriesIndex?: number;
  dataIndex?: number;
}

/** Series 0 holds every solution in front order; later series hold one mark each. */
function idOfParams(front: FrontView, marks: ReturnType<typeof frontMarks>, params: ChartEventParams): number | null {
  if (params.seriesIndex === undefined || params.dataIndex === undefined) return null;
  if (params.seriesIndex === 0) return front.solutions[params.dataIndex]?.id ?? null;
  return marks[params.seriesIndex - 1]?.id ?? null;
}

function tooltipText(front: FrontView, id: number | null): string {
  if (id === null) return '';
  const s = front.solutions.find((x) => x.id === id);
  if (!s) return '';
  const role = solutionRole(front, id);
  const lines = front.objectives.map(
    (o, j) => `${escapeHtml(o.label)}: <b>${formatAuto(s.objectives[j]!)}</b> ${escapeHtml(o.unit)}`,
  );
  return `<b>Layout #${id}</b>${role ? ` · ${escapeHtml(role)}` : ''}<br/>${lines.join('<br/>')}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function MarkKey({
  front,
  marks,
  onSelect,
}: {
  front: FrontView;
  marks: ReturnType<typeof frontMarks>;
  onSelect: (id: number) => void;
}) {
  return (
    <ul className="mark-key" aria-label="Marked layouts">
      {marks.map((mark) => (
        <li key={mark.id}>
          <button
            type="button"
            className="link"
            onClick={() => onSelect(mark.id)}
            aria-label={`Select ${mark.label} (layout #${mark.id})`}
          >
            <span className="mark-letter" style={{ color: mark.color }}>
              {mark.letter}
            </span>{' '}
            {mark.label} <span className="muted">#{mark.id}</span>
          </button>
        </li>
      ))}
      {front.status !== 'complete' && (
        <li className="muted">
          Run {front.status}: front of generation {front.generation}.
        </li>
      )}
    </ul>
  );
}

/**
 * Clusters of similar layouts, largest first, each with its medoid: the few layouts to look at
 * first. "Show group" narrows the chart, the agreement map and the table to one cluster.
 */
function Representatives({
  front,
  selected,
  onSelect,
  groupIndex,
  onGroup,
}: {
  front: FrontView;
  selected: number | null;
  onSelect: (id: number) => void;
  groupIndex: number | null;
  onGroup: (index: number | null) => void;
}) {
  if (front.representatives.length === 0) return null;
  return (
    <section className="card" aria-labelledby="representatives-heading">
      <div className="card-head">
        <h3 id="representatives-heading">Representative layouts</h3>
        <span className="muted">
          Groups of similar maps (k-medoids on the cells that differ); each is shown by its medoid, the layout closest
          to the rest of its group.
        </span>
      </div>
      <div className="table-scroll">
        <table className="dense representatives" aria-label="Representative layouts">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Medoid</th>
              <th scope="col" className="num">
                Layouts
              </th>
              <th scope="col" className="num">
                Cells differing from the medoid <span className="muted">mean</span>
              </th>
              {front.objectives.map((o) => (
                <th key={o.id} scope="col" className="num">
                  {o.label} <span className="muted">{o.unit}</span>
                </th>
              ))}
              <th scope="col">View</th>
            </tr>
          </thead>
          <tbody>
            {front.representatives.map((cluster, index) => {
              const medoid = front.solutions[cluster.medoid]!;
              const name = `R${index + 1}`;
              const shown = groupIndex === index;
              return (
                <tr key={cluster.medoid} className={cluster.medoid === selected ? 'selected' : ''}>
                  <th scope="row">{name}</th>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => onSelect(cluster.medoid)}
                      aria-label={`Select the medoid of group ${name} (layout #${cluster.medoid})`}
                    >
                      #{cluster.medoid}
                    </button>{' '}
                    <span className="muted">{solutionRole(front, cluster.medoid)}</span>
                  </td>
                  <td className="num">{cluster.members.length}</td>
                  <td className="num">{(cluster.meanDifference * 100).toFixed(1)} %</td>
                  {medoid.objectives.map((v, j) => (
                    <td key={j} className="num">
                      {formatAuto(v)}
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-pressed={shown}
                      onClick={() => {
                        onGroup(shown ? null : index);
                        if (!shown) onSelect(cluster.medoid);
                      }}
                    >
                      {shown ? 'Show all' : 'Show group'}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ThresholdInputs({
  label,
  unit,
  direction,
  value,
  onChange,
}: {
  label: string;
  unit: string;
  direction: string;
  value: { min: number | null; max: number | null };
  onChange: (t: { min: number | null; max: number | null }) => void;
}) {
  const parse = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? null : Number(s));
  const show = (v: number | null) => (v === null ? '' : String(Number(v.toPrecision(6))));
  return (
    <fieldset className="threshold">
      <legend>
        {label}{' '}
        <span className="muted">
          {unit} {direction === 'maximize' ? '↑' : '↓'}
        </span>
      </legend>
      {(['min', 'max'] as const).map((bound) => {
        const side = bound === 'min' ? 'at least' : 'at most';
        return (
          <label key={bound}>
            {side}
            <input
              type="number"
              step="any"
              aria-label={`${label}: ${side}`}
              value={show(value[bound])}
              onChange={(e) => onChange({ ...value, [bound]: parse(e.target.value) })}
            />
          </label>
        );
      })}
    </fieldset>
  );
}

function SolutionTable({
  front,
  ids,
  selected,
  onSelect,
  compare,
  onToggleCompare,
}: {
  front: FrontView;
  ids: number[];
  selected: number | null;
  onSelect: (id: number) => void;
  compare: number[];
  onToggleCompare: (id: number) => void;
}) {
  return (
    <section className="card" aria-labelledby="table-heading">
      <div className="card-head">
        <h3 id="table-heading">Layouts</h3>
        <span className="muted">Select a row to map it; tick up to four to compare.</span>
      </div>
      {ids.length === 0 ? (
        <p className="muted">No layout passes the filters.</p>
      ) : (
        <div className="table-scroll">
          <table className="dense solutions" aria-label="Layouts passing the filters">
            <thead>
              <tr>
                <th scope="col">Layout</th>
                <th scope="col">Role</th>
                {front.objectives.map((o) => (
                  <th key={o.id} scope="col" className="num">
                    {o.label} <span className="muted">{o.unit}</span>
                  </th>
                ))}
                <th scope="col">Compare</th>
              </tr>
            </thead>
            <tbody>
              {ids.map((id) => {
                const s = front.solutions[id]!;
                const isSelected = id === selected;
                return (
                  <tr key={id} className={isSelected ? 'selected' : ''} aria-selected={isSelected}>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => onSelect(id)}
                        aria-label={`Select layout #${id}`}
                        aria-pressed={isSelected}
                      >
                        #{id}
                      </button>
                    </td>
                    <td>{solutionRole(front, id)}</td>
                    {s.objectives.map((v, j) => (
                      <td key={j} className="num">
                        {formatAuto(v)}
                      </td>
                    ))}
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Compare layout #${id}`}
                        checked={compare.includes(id)}
                        disabled={!compare.includes(id) && compare.length >= 4}
                        onChange={() => onToggleCompare(id)}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
