/**
 * Compare two to four layouts, and a plan painted in the Paint tab: maps side by side with one
 * shared zoom and pan, a swipe between two, objectives and sub-indicators with differences from
 * the first layout, area per class against the demands, and a difference map between any two (or
 * a layout and today). The painted plan's values are the engine's (PlanApi.paintSnapshot).
 */
import { NO_CLASS } from '../../../../../engine/src/rules/index.js';
import { useEffect, useMemo, useState } from 'react';
import type {
  DifferenceMapView,
  DifferenceRef,
  FrontView,
  PaintSnapshot,
} from '../../../../../engine/src/api/contract.js';
import { api } from '../../api/client.js';
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
import { compareColumns, differenceRefKey, PAINTED_NAME, type CompareColumn } from './columns.js';
import { RunsCompare } from './RunsCompare.js';
import { SwipeView } from './SwipeView.js';

export interface ComparePanelProps {
  front: FrontView | null;
  current: Uint8Array | null;
  ids: number[];
  onIds: (ids: number[]) => void;
  onGoToExplore: () => void;
  /** A plan painted in the Paint tab and added to the comparison (shown when painted on this run). */
  painted?: PaintSnapshot | null;
  onRemovePainted?: () => void;
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
  painted: paintedPlan = null,
  onRemovePainted,
}: ComparePanelProps & { front: FrontView; current: Uint8Array }) {
  const [view, setView] = useState<MapView | null>(null);
  const [showChange, setShowChange] = useState(false);
  const painted = paintedPlan && paintedPlan.run === front.dir ? paintedPlan : null;
  const paintedMap = painted?.layout ?? null;
  const columns = compareColumns(front, ids, painted);
  const { maps: layoutMaps, error } = useLayouts(front.dir, ids);
  const maps = useMemo(() => (paintedMap ? [...layoutMaps, paintedMap] : layoutMaps), [layoutMaps, paintedMap]);
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

  /** The map of a slot (the painted plan's slot comes after the layouts'), zoomed and panned with the others. */
  const slotMap = (slot: number, label: string) => (
    <MapCanvas
      width={front.grid.width}
      height={front.grid.height}
      pixels={pixels[slot] ?? null}
      label={label}
      view={view}
      onViewChange={setView}
      emptyText="Loading…"
      georeference={front.grid.georeference}
      describeCell={(i) => {
        const c = maps[slot]?.[i];
        return c === undefined || c === NO_CLASS ? '' : front.classes[c]!.name;
      }}
    />
  );

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
        {columns.length < 2 && (
          <p className="muted">Choose at least two layouts: tick them in the explorer's table, or add one here.</p>
        )}
        <ErrorNotice error={error} />
        <div className={`compare-maps n${columns.length}`}>
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
                  disabled={columns.length <= 1}
                >
                  Remove
                </button>
              </div>
              {slotMap(slot, `Map of layout #${id}`)}
            </div>
          ))}
          {painted && (
            <div className="compare-slot painted-slot" data-testid="compare-slot">
              <div className="slot-head">
                <strong data-testid="painted-slot-name">{PAINTED_NAME}</strong>
                <span className="muted">
                  {painted.strokes} stroke{painted.strokes === 1 ? '' : 's'}, {formatNumber(painted.changedHa, 1)} ha
                  changed
                </span>
                <button
                  type="button"
                  className="link"
                  onClick={onRemovePainted}
                  aria-label="Remove the painted plan from the comparison"
                >
                  Remove
                </button>
              </div>
              {slotMap(ids.length, 'Map of the painted plan')}
            </div>
          )}
        </div>
        <ClassLegend
          classes={front.classes}
          title={showChange ? 'New class where changed' : 'Land use'}
          extra={showChange ? [UNCHANGED_ENTRY] : []}
        />
      </section>
      {columns.length >= 2 && (
        <SwipeView
          key={columns.map((c) => c.name).join('|')}
          classes={front.classes}
          width={front.grid.width}
          height={front.grid.height}
          layouts={columns.map((c, k) => ({ name: c.name, map: maps[k] ?? null }))}
          initialB={columns.length - 1}
        />
      )}
      {columns.length > 0 && (
        <div className="two-col">
          <IndicatorTable front={front} columns={columns} />
          <AreaTable front={front} columns={columns} />
        </div>
      )}
      {columns.length > 0 && (
        <DifferencePanel front={front} columns={columns} current={current} paintedMap={paintedMap} />
      )}
      <RunsCompare front={front} ids={ids} />
    </div>
  );
}

function IndicatorTable({ front, columns }: { front: FrontView; columns: CompareColumn[] }) {
  const first = columns[0]!.row;
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
        Objectives and sub-indicators <span className="muted">differences from {columns[0]!.name}</span>
      </h3>
      <div className="table-scroll">
        <table className="dense compare-table">
          <thead>
            <tr>
              <th scope="col">Indicator</th>
              {columns.map((column, k) => (
                <th key={k} scope="col" className="num">
                  {column.name}
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
                {columns.map((column, k) => cell(column.row.objectives[j]!, first.objectives[j]!, k))}
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
                {columns.map((column, k) => cell(column.row.indicators[j]!, first.indicators[j]!, k))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AreaTable({ front, columns }: { front: FrontView; columns: CompareColumn[] }) {
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
              {columns.map((column, k) => (
                <th key={k} scope="col" className="num">
                  {column.name}
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
                  {columns.map((column, k) => {
                    const ha = column.row.areaHa[j]!;
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

function DifferencePanel({
  front,
  columns,
  current,
  paintedMap,
}: {
  front: FrontView;
  columns: CompareColumn[];
  current: Uint8Array;
  paintedMap: Uint8Array | null;
}) {
  const refs = columns.map((c) => c.ref);
  const keys = refs.map(differenceRefKey);
  const [a, setA] = useState<DifferenceRef>(refs[0]!);
  const [b, setB] = useState<DifferenceRef>(refs[1] ?? 'today');
  const [diff, setDiff] = useState<{ view: DifferenceMapView; changed: Uint8Array } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { maps: layoutMaps } = useLayouts(front.dir, typeof b === 'object' ? [] : [b]);
  const mapB = typeof b === 'object' ? paintedMap : (layoutMaps[0] ?? null);
  const keyA = differenceRefKey(a);
  const keyB = differenceRefKey(b);
  useEffect(() => {
    // Keep the choices among the compared layouts.
    if (a !== 'today' && !keys.includes(keyA)) setA(refs[0]!);
    if (b !== 'today' && !keys.includes(keyB)) setB(refs[1] ?? 'today');
  }, [keys.join(','), keyA, keyB]);
  useEffect(() => {
    let live = true;
    api
      .differenceMap(front.dir, a, b)
      .then((view) => live && (setDiff({ view, changed: view.changed }), setError(null)))
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [front.dir, keyA, keyB]);
  const { palette } = useClassPalettes(front.classes);
  const pixels = useMemo(() => {
    if (!diff || !mapB) return null;
    const out = new Uint32Array(diff.changed.length);
    paintDifference(diff.changed, mapB, palette, packColor(234, 236, 239), out);
    return out;
  }, [diff, mapB, palette]);
  const names = new Map(front.classes.map((c) => [c.id, c.name]));
  const choice = (id: string, label: string, value: DifferenceRef, onChange: (v: DifferenceRef) => void) => (
    <label htmlFor={id}>
      {label}{' '}
      <select
        id={id}
        value={differenceRefKey(value)}
        onChange={(e) =>
          onChange(e.target.value === 'today' ? 'today' : (refs[keys.indexOf(e.target.value)] ?? 'today'))
        }
      >
        <option value="today">Today</option>
        {columns.map((column, k) => (
          <option key={keys[k]} value={keys[k]}>
            {column.name}
          </option>
        ))}
      </select>
    </label>
  );
  const nameOf = (ref: DifferenceRef) =>
    ref === 'today' ? 'today' : (columns[keys.indexOf(differenceRefKey(ref))]?.name ?? '');
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
          label={`Difference map from ${nameOf(a)} to ${nameOf(b)}`}
          emptyText="Computing…"
          testId="difference-map"
          describeCell={(i) =>
            diff && diff.changed[i] === 1 && mapB
              ? `changed to ${front.classes[mapB[i]!]!.name} (today ${front.classes[current[i]!]?.name ?? ''})`
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
