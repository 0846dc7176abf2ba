/**
 * Compare two to four layouts: maps side by side with one shared zoom and pan, objectives and
 * sub-indicators with differences from the first layout, area per class against the demands, and
 * a difference map between any two (or a layout and today).
 */
import { NO_CLASS } from '../../../../../engine/src/rules/index.js';
import { useEffect, useMemo, useState } from 'react';
import type { DifferenceMapView, FrontView, LayoutRef } from '../../../../../engine/src/api/contract.js';
import { api } from '../../api/client.js';
import { decodeBytes } from '../../api/bytes.js';
import { EmptyState, ErrorNotice } from '../../components/Notice.js';
import { formatAuto, formatNumber, formatSigned } from '../../format.js';
import { messageOf } from '../../state/errors.js';
import { useLayouts } from '../../state/layouts.js';
import { ClassLegend, UNCHANGED_ENTRY } from '../map/Legend.js';
import { MapCanvas } from '../map/MapCanvas.js';
import { packColor, paintChange, paintClasses, paintDifference } from '../map/render.js';
import { useClassPalettes } from '../map/use-class-palettes.js';
import type { MapView } from '../map/view.js';
import { layoutName } from '../pareto-explorer/front-model.js';
import { RunsCompare } from './RunsCompare.js';

export interface ComparePanelProps {
  front: FrontView | null;
  current: Uint8Array | null;
  ids: number[];
  onIds: (ids: number[]) => void;
  onGoToExplore: () => void;
}

export function ComparePanel(props: ComparePanelProps) {
  const { front, current } = props;
  if (!front || !current) {
    return (
      <EmptyState title="Nothing to compare yet">
        <p>Open a run, then tick two to four layouts in the explorer's table.</p>
      </EmptyState>
    );
  }
  return <Compare {...props} front={front} current={current} />;
}

function Compare({
  front,
  current,
  ids,
  onIds,
  onGoToExplore,
}: ComparePanelProps & { front: FrontView; current: Uint8Array }) {
  const [view, setView] = useState<MapView | null>(null);
  const [showChange, setShowChange] = useState(false);
  const { maps, error } = useLayouts(front.dir, ids);
  const { palette, unchanged } = useClassPalettes(front.classes);
  const pixels = useMemo(
    () =>
      maps.map((map) => {
        if (!map) return null;
        const out = new Uint32Array(map.length);
        if (showChange) paintChange(current, map, palette, unchanged, out);
        else paintClasses(map, palette, out);
        return out;
      }),
    [maps, showChange, current, palette, unchanged],
  );
  const options = front.solutions.map((s) => s.id);

  const setSlot = (slot: number, id: number) => onIds(ids.map((x, i) => (i === slot ? id : x)));

  return (
    <div className="compare">
      <section className="card" aria-labelledby="compare-heading">
        <div className="card-head">
          <h3 id="compare-heading">Compare layouts</h3>
          <div className="button-row">
            <label className="check">
              <input type="checkbox" checked={showChange} onChange={(e) => setShowChange(e.target.checked)} /> Change
              from today
            </label>
            <button
              type="button"
              onClick={() => onIds([...ids, options.find((o) => !ids.includes(o)) ?? 0])}
              disabled={ids.length >= 4}
            >
              Add layout
            </button>
            <button type="button" className="link" onClick={onGoToExplore}>
              Pick in the explorer
            </button>
          </div>
        </div>
        {ids.length < 2 && (
          <p className="muted">Choose at least two layouts: tick them in the explorer's table, or add one here.</p>
        )}
        <ErrorNotice error={error} />
        <div className={`compare-maps n${ids.length}`}>
          {ids.map((id, slot) => (
            <div key={slot} className="compare-slot" data-testid="compare-slot">
              <div className="slot-head">
                <label htmlFor={`slot-${slot}`} className="sr-only">
                  Layout {slot + 1}
                </label>
                <select id={`slot-${slot}`} value={id} onChange={(e) => setSlot(slot, Number(e.target.value))}>
                  {options.map((o) => (
                    <option key={o} value={o}>
                      {layoutName(front, o)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="link"
                  onClick={() => onIds(ids.filter((_, i) => i !== slot))}
                  aria-label={`Remove layout #${id} from the comparison`}
                  disabled={ids.length <= 1}
                >
                  Remove
                </button>
              </div>
              <MapCanvas
                width={front.grid.width}
                height={front.grid.height}
                pixels={pixels[slot] ?? null}
                label={`Map of layout #${id}`}
                view={view}
                onViewChange={setView}
                emptyText="Loading…"
                georeference={front.grid.georeference}
                describeCell={(i) => {
                  const c = maps[slot]?.[i];
                  return c === undefined || c === NO_CLASS ? '' : front.classes[c]!.name;
                }}
              />
            </div>
          ))}
        </div>
        <ClassLegend
          classes={front.classes}
          title={showChange ? 'New class where changed' : 'Land use'}
          extra={showChange ? [UNCHANGED_ENTRY] : []}
        />
      </section>
      {ids.length > 0 && (
        <div className="two-col">
          <IndicatorTable front={front} ids={ids} />
          <AreaTable front={front} ids={ids} />
        </div>
      )}
      {ids.length > 0 && <DifferencePanel front={front} ids={ids} current={current} />}
      <RunsCompare front={front} ids={ids} />
    </div>
  );
}

function IndicatorTable({ front, ids }: { front: FrontView; ids: number[] }) {
  const rows = front.solutions;
  const first = rows[ids[0]!]!;
  const cell = (value: number, base: number, k: number) => (
    <td key={k} className="num">
      {formatAuto(value)}
      {k > 0 && (
        <span className={`delta ${value > base ? 'up' : value < base ? 'down' : ''}`}>
          {formatSigned(value - base)}
        </span>
      )}
    </td>
  );
  return (
    <section className="card" aria-labelledby="indicators-heading">
      <h3 id="indicators-heading">
        Objectives and sub-indicators <span className="muted">differences from {layoutName(front, ids[0]!)}</span>
      </h3>
      <div className="table-scroll">
        <table className="dense compare-table">
          <thead>
            <tr>
              <th scope="col">Indicator</th>
              {ids.map((id, k) => (
                <th key={k} scope="col" className="num">
                  {layoutName(front, id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {front.objectives.map((o, j) => (
              <tr key={o.id} className="objective-row">
                <th scope="row">
                  {o.label}{' '}
                  <span className="muted">
                    {o.unit} {o.direction === 'maximize' ? '↑' : '↓'}
                  </span>
                </th>
                {ids.map((id, k) => cell(rows[id]!.objectives[j]!, first.objectives[j]!, k))}
              </tr>
            ))}
            {front.indicators.map((ind, j) => (
              <tr key={`${ind.objective}.${ind.indicator}`}>
                <th scope="row" className="sub" title={`${ind.objective}.${ind.indicator}`}>
                  {ind.label}{' '}
                  <span className="muted">
                    {ind.unit} ×{ind.weight}
                  </span>
                </th>
                {ids.map((id, k) => cell(rows[id]!.indicators[j]!, first.indicators[j]!, k))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AreaTable({ front, ids }: { front: FrontView; ids: number[] }) {
  const demands = new Map(front.demands.map((d) => [d.classId, d]));
  return (
    <section className="card" aria-labelledby="areas-heading">
      <h3 id="areas-heading">Area per class (ha) against demands</h3>
      <div className="table-scroll">
        <table className="dense compare-table">
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                Demand
              </th>
              {ids.map((id, k) => (
                <th key={k} scope="col" className="num">
                  {layoutName(front, id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {front.classes.map((c, j) => {
              const d = demands.get(c.id);
              return (
                <tr key={c.id}>
                  <th scope="row">
                    <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
                  </th>
                  <td className="num muted">
                    {d
                      ? `${d.minHa === null ? '' : formatNumber(d.minHa, 0)} – ${d.maxHa === null ? '' : formatNumber(d.maxHa, 0)}`
                      : ''}
                  </td>
                  {ids.map((id, k) => {
                    const ha = front.solutions[id]!.areaHa[j]!;
                    const outside =
                      d && ((d.minHa !== null && ha < d.minHa - 1e-6) || (d.maxHa !== null && ha > d.maxHa + 1e-6));
                    return (
                      <td
                        key={k}
                        className={`num ${outside ? 'bad' : ''}`}
                        title={outside ? 'Outside the demand' : undefined}
                      >
                        {formatNumber(ha, 1)}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function DifferencePanel({ front, ids, current }: { front: FrontView; ids: number[]; current: Uint8Array }) {
  const [a, setA] = useState<LayoutRef>(ids[0]!);
  const [b, setB] = useState<LayoutRef>(ids[1] ?? 'today');
  const [diff, setDiff] = useState<{ view: DifferenceMapView; changed: Uint8Array } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { maps } = useLayouts(front.dir, [b]);
  useEffect(() => {
    // Keep the choices among the compared layouts.
    if (a !== 'today' && !ids.includes(a)) setA(ids[0]!);
    if (b !== 'today' && !ids.includes(b)) setB(ids[1] ?? 'today');
  }, [ids, a, b]);
  useEffect(() => {
    let live = true;
    api
      .differenceMap(front.dir, a, b)
      .then((view) => live && (setDiff({ view, changed: decodeBytes(view.changed) }), setError(null)))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [front.dir, a, b]);
  const { palette } = useClassPalettes(front.classes);
  const pixels = useMemo(() => {
    const layoutB = maps[0];
    if (!diff || !layoutB) return null;
    const out = new Uint32Array(diff.changed.length);
    paintDifference(diff.changed, layoutB, palette, packColor(234, 236, 239), out);
    return out;
  }, [diff, maps, palette]);
  const names = new Map(front.classes.map((c) => [c.id, c.name]));
  const choice = (id: string, label: string, value: LayoutRef, onChange: (v: LayoutRef) => void) => (
    <label htmlFor={id}>
      {label}{' '}
      <select
        id={id}
        value={String(value)}
        onChange={(e) => onChange(e.target.value === 'today' ? 'today' : Number(e.target.value))}
      >
        <option value="today">Today</option>
        {ids.map((x) => (
          <option key={x} value={x}>
            {layoutName(front, x)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="card" aria-labelledby="difference-heading">
      <div className="card-head">
        <h3 id="difference-heading">Difference map</h3>
        <div className="button-row">
          {choice('diff-a', 'From', a, setA)}
          {choice('diff-b', 'to', b, setB)}
        </div>
      </div>
      <ErrorNotice error={error} />
      <div className="two-col difference">
        <MapCanvas
          width={front.grid.width}
          height={front.grid.height}
          pixels={pixels}
          label={`Difference map from ${String(a)} to ${String(b)}`}
          emptyText="Computing…"
          testId="difference-map"
          describeCell={(i) =>
            diff && diff.changed[i] === 1 && maps[0]
              ? `changed to ${front.classes[maps[0][i]!]!.name} (today ${front.classes[current[i]!]?.name ?? ''})`
              : ''
          }
        />
        <div>
          {diff && (
            <>
              <p role="status" data-testid="changed-ha">
                <strong>{formatNumber(diff.view.changedHa, 1)} ha</strong> differ. Changed cells show their class in
                “to”; the rest is grey.
              </p>
              <table className="dense">
                <thead>
                  <tr>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                    <th scope="col" className="num">
                      ha
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {diff.view.transitions.slice(0, 12).map((t) => (
                    <tr key={`${t.from}>${t.to}`}>
                      <td>{names.get(t.from)}</td>
                      <td>{names.get(t.to)}</td>
                      <td className="num">{formatNumber(t.ha, 1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
