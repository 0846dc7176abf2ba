/**
 * Paint a plan: start from today's map or a layout of the open run, paint classes with a brush or
 * a polygon, and see the plan's scores, demands, change limit and place on the front after every
 * stroke (the engine scores each stroke incrementally: engine/src/api/paint.ts). Cells that
 * cannot change (fixed classes, protected areas) are hatched and refused. Save writes a GeoTIFF
 * like exported layouts, which `paretoplan score` reads. "Add to comparison" puts the plan as it is
 * (scored by the engine: PlanApi.paintSnapshot) beside the run's layouts in the Compare tab.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  FrontView,
  LayoutRef,
  PaintOpened,
  PaintSnapshot,
  PaintStatus,
  SteerStarted,
} from '../../../../../engine/src/api/contract.js';
import { scatterPairOption } from '../../../../../engine/src/charts/front-charts.js';
import { api } from '../../api/client.js';
import { EChart, type ChartOption } from '../../components/EChart.js';
import { EmptyState, ErrorNotice } from '../../components/Notice.js';
import { formatAuto, formatNumber, formatSigned } from '../../format.js';
import { messageOf } from '../../state/errors.js';
import { ClassLegend } from '../map/Legend.js';
import { MapCanvas } from '../map/MapCanvas.js';
import { classPalette } from '../map/render.js';
import type { MapView } from '../map/view.js';
import { chartData, solutionRole } from '../pareto-explorer/front-model.js';
import { PAINTED_NAME } from '../compare/columns.js';
import { polygonCells, segmentCells, type Cell } from '../map/cell-shapes.js';
import { changeFromToday, chunks, decodeCells, encodeCells, paintPlanPixels } from './paint-model.js';

/** Most cells sent in one request (the API's limit, REQUEST_LIMITS.paintCells, is higher). */
const CELLS_PER_REQUEST = 100_000;
const LOCK_REASONS = ['', 'fixed class', 'protected area', 'no other class allowed'];

type Tool = 'brush' | 'polygon' | 'pan';

export interface PaintPanelProps {
  front: FrontView | null;
  /** The explorer's selected layout: offered as a start. */
  selected: number | null;
  onGoToRun: () => void;
  /** The plan as it is now, scored by the engine, to show in the Compare tab. */
  onAddToComparison?: (snapshot: PaintSnapshot) => void;
  /** The painted plan the Compare tab holds (its snapshot id), or null after it was removed there. */
  inComparison?: string | null;
  onGoToCompare?: () => void;
  /** A run seeded with the saved plan started (steered run): watch it. */
  onRunStarted?: (started: SteerStarted, generations: number) => void;
}

/**
 * The plan being painted, kept while the Paint tab is closed (the app mounts only the open tab);
 * its session is closed when another run is opened.
 */
let kept: {
  dir: string;
  opened: PaintOpened;
  status: PaintStatus;
  layout: Uint8Array;
  savePath: string;
  version: number;
  compared: Compared | null;
} | null = null;

/** The plan added to the comparison, and the `version` of the layout it was taken at. */
interface Compared {
  snapshot: PaintSnapshot;
  version: number;
}

export function PaintPanel({
  front,
  selected,
  onGoToRun,
  onAddToComparison,
  inComparison = null,
  onGoToCompare,
  onRunStarted,
}: PaintPanelProps) {
  const restore = kept && front && kept.dir === front.dir ? kept : null;
  const [from, setFrom] = useState<LayoutRef>('today');
  const [opened, setOpened] = useState<PaintOpened | null>(restore?.opened ?? null);
  const [status, setStatus] = useState<PaintStatus | null>(restore?.status ?? null);
  const [layout, setLayout] = useState<Uint8Array | null>(restore?.layout ?? null);
  const [version, setVersion] = useState(restore?.version ?? 0);
  const [tool, setTool] = useState<Tool>('brush');
  const [radius, setRadius] = useState(2);
  const [classId, setClassId] = useState(restore?.opened.classes[0]!.id ?? '');
  const [showLocked, setShowLocked] = useState(true);
  const [pending, setPending] = useState<number[]>([]);
  const [vertices, setVertices] = useState<Cell[]>([]);
  const [busy, setBusy] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [savePath, setSavePath] = useState(restore?.savePath ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const [seeded, setSeeded] = useState<string | null>(null);
  const [compared, setCompared] = useState<Compared | null>(restore?.compared ?? null);
  const [view, setView] = useState<MapView | null>(null);
  const stroke = useRef<{ last: Cell; cells: Set<number> } | null>(null);

  // Another run: the plan painted on the previous one is closed.
  useEffect(() => {
    if (kept && kept.dir !== front?.dir) {
      void api.closePaintSession(kept.opened.session).catch(() => undefined);
      kept = null;
      setOpened(null);
      setStatus(null);
      setLayout(null);
    }
  }, [front?.dir]);

  useEffect(() => {
    if (front && opened && status && layout)
      kept = { dir: front.dir, opened, status, layout, savePath, version, compared };
  }, [front, opened, status, layout, savePath, version, compared]);

  const start = async () => {
    if (!front) return;
    setBusy(true);
    setStarting(true);
    setError(null);
    setSaved(null);
    setSeeded(null);
    setCompared(null);
    try {
      if (opened) await api.closePaintSession(opened.session).catch(() => undefined);
      const session = await api.openPaintSession({ run: front.dir, from });
      setOpened(session);
      setStatus(session);
      setLayout(session.layout.slice()); // painted in place; the session's starting layout stays as it was
      setClassId((id) => id || session.classes[0]!.id);
      setSavePath(`${front.dir}/exports/painted-plan.tif`);
      setView(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      setStarting(false);
    }
  };

  const locked = opened?.locked ?? null;
  const palette = useMemo(() => classPalette(opened?.classes.map((c) => c.color) ?? []), [opened]);
  const classIndex = opened ? opened.classes.findIndex((c) => c.id === classId) : -1;

  const pixels = useMemo(() => {
    if (!opened || !layout || !locked) return null;
    const out = new Uint32Array(layout.length);
    const marks = vertices.map((v) => v.row * opened.grid.width + v.col);
    paintPlanPixels(opened.grid.width, layout, locked, palette, out, {
      showLocked,
      pending,
      pendingClass: classIndex,
      marks,
    });
    return out;
    // `version` marks in-place changes of `layout`.
  }, [opened, layout, locked, palette, showLocked, pending, classIndex, vertices, version]);

  /** Send a stroke (in pieces when large) and write the cells the engine painted into the map. */
  const send = useCallback(
    async (cells: number[]) => {
      if (!opened || !layout || cells.length === 0 || classIndex < 0) return;
      setBusy(true);
      setError(null);
      setSaved(null);
      setSeeded(null);
      try {
        let last: PaintStatus | null = null;
        let locked = 0;
        let notAllowed = 0;
        let paintedHa = 0;
        for (const piece of chunks(cells, CELLS_PER_REQUEST)) {
          last = await api.applyStrokes(opened.session, encodeCells(piece), classId);
          for (const c of decodeCells(last.lastStroke!.painted)) layout[c] = classIndex;
          locked += last.lastStroke!.locked;
          notAllowed += last.lastStroke!.notAllowed;
          paintedHa += last.lastStroke!.paintedHa;
        }
        setStatus({ ...last!, lastStroke: { ...last!.lastStroke!, locked, notAllowed, paintedHa } });
        setVersion((v) => v + 1);
      } catch (e) {
        setError(messageOf(e));
      } finally {
        setPending([]);
        setBusy(false);
      }
    },
    [opened, layout, classIndex, classId],
  );

  const undo = async () => {
    if (!opened || !layout) return;
    try {
      const next = await api.undoStroke(opened.session);
      if (next.lastStroke) {
        // The cells taken back, with the classes they had before the stroke.
        const classes = next.lastStroke.classes;
        decodeCells(next.lastStroke.painted).forEach((c, k) => (layout[c] = classes[k]!));
      }
      setStatus(next);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const onCellPointer = (kind: 'down' | 'move' | 'up' | 'double', cell: Cell | null) => {
    if (!opened || busy) return;
    const { width, height } = opened.grid;
    if (tool === 'brush') {
      if (kind === 'down' && cell) {
        stroke.current = { last: cell, cells: new Set(segmentCells(width, height, cell, cell, radius)) };
        setPending([...stroke.current.cells]);
      } else if (kind === 'move' && cell && stroke.current) {
        for (const c of segmentCells(width, height, stroke.current.last, cell, radius)) stroke.current.cells.add(c);
        stroke.current.last = cell;
        setPending([...stroke.current.cells]);
      } else if (kind === 'up' && stroke.current) {
        const cells = [...stroke.current.cells];
        stroke.current = null;
        void send(cells);
      }
    } else if (tool === 'polygon') {
      if (kind === 'down' && cell) setVertices((v) => [...v, cell]);
      else if (kind === 'double' && vertices.length >= 3) {
        const cells = polygonCells(width, height, vertices);
        setVertices([]);
        void send(cells);
      }
    }
  };

  /** A new run of the open run's scenario with the saved plan in its first population (a steered run). */
  const seedRun = async (file: string) => {
    if (!front) return;
    setBusy(true);
    setError(null);
    try {
      const started = await api.startSteeredRun({ dir: front.dir, ids: [], lock: 'none', layouts: [file] });
      setSeeded(`Started a run seeded with this plan: ${started.dir}`);
      onRunStarted?.(started, front.generations);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  /** The plan as it is now, scored by the engine, into the comparison (a snapshot: later strokes do not change it). */
  const addToComparison = async () => {
    if (!opened) return;
    setBusy(true);
    setError(null);
    try {
      const snapshot = await api.paintSnapshot(opened.session);
      setCompared({ snapshot, version });
      onAddToComparison?.(snapshot);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!opened) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.savePaintLayout(opened.session, savePath, { overwrite: true });
      setSaved(result.file);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (!front)
    return (
      <EmptyState title="No run is open">
        <p>Open a run to paint a plan from today&apos;s map or one of its layouts and score it against its front.</p>
        <button type="button" onClick={onGoToRun}>
          Go to Run
        </button>
      </EmptyState>
    );

  const startOptions: { value: LayoutRef; label: string }[] = [
    { value: 'today' as LayoutRef, label: "Today's land use" },
    { value: front.highlights.knee, label: `#${front.highlights.knee} ${solutionRole(front, front.highlights.knee)}` },
    ...front.highlights.extremes.map((id) => ({ value: id as LayoutRef, label: `#${id} ${solutionRole(front, id)}` })),
    ...(selected !== null ? [{ value: selected as LayoutRef, label: `#${selected} (selected in Explore)` }] : []),
  ].filter((o, i, all) => all.findIndex((p) => p.value === o.value) === i);

  return (
    <div className="paint-panel">
      <section className="card paint-start" aria-label="Start painting">
        <label className="field">
          Start from
          <select
            value={String(from)}
            onChange={(e) => setFrom(e.target.value === 'today' ? 'today' : Number(e.target.value))}
          >
            {startOptions.map((o) => (
              <option key={String(o.value)} value={String(o.value)}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void start()} disabled={busy}>
          {opened ? 'Start again' : 'Start painting'}
        </button>
        {starting ? (
          // Opening builds the study area and scores the starting layout: seconds at 2000 x 2000.
          <span className="muted" role="status">
            Preparing the study area and scoring the starting layout (seconds on a large area)…
          </span>
        ) : (
          opened && (
            <span className="muted">
              Painting {opened.scenarioName}, from{' '}
              {'run' in opened.source && opened.source.from !== 'today'
                ? `layout #${opened.source.from}`
                : "today's land use"}
            </span>
          )
        )}
      </section>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {opened && status && layout && (
        <div className="paint-body">
          <section className="card paint-map" aria-label="Painted plan">
            <div className="paint-tools" role="toolbar" aria-label="Paint tools">
              <fieldset className="paint-classes">
                <legend>Class</legend>
                {opened.classes.map((c) => (
                  <label key={c.id} className={c.id === classId ? 'paint-class active' : 'paint-class'}>
                    <input
                      type="radio"
                      name="paint-class"
                      value={c.id}
                      checked={c.id === classId}
                      onChange={() => setClassId(c.id)}
                    />
                    <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
                  </label>
                ))}
              </fieldset>
              <fieldset className="paint-tool">
                <legend>Tool</legend>
                {(
                  [
                    ['brush', 'Brush'],
                    ['polygon', 'Polygon'],
                    ['pan', 'Pan'],
                  ] as const
                ).map(([id, label]) => (
                  <label key={id}>
                    <input
                      type="radio"
                      name="paint-tool"
                      checked={tool === id}
                      onChange={() => {
                        setTool(id);
                        setVertices([]);
                      }}
                    />{' '}
                    {label}
                  </label>
                ))}
                <label>
                  Radius (cells){' '}
                  <input
                    type="number"
                    min={0}
                    max={50}
                    value={radius}
                    aria-label="Brush radius in cells"
                    onChange={(e) => setRadius(Math.max(0, Math.min(50, Number(e.target.value) || 0)))}
                  />
                </label>
                <label>
                  <input type="checkbox" checked={showLocked} onChange={(e) => setShowLocked(e.target.checked)} /> Hatch
                  cells that cannot change
                </label>
                <button type="button" onClick={() => void undo()} disabled={busy || status.strokes === 0}>
                  Undo stroke
                </button>
              </fieldset>
            </div>
            <p className="muted paint-hint">
              {tool === 'brush'
                ? pending.length > 0
                  ? `Painting ${formatNumber(pending.filter((c) => locked![c] === 0).length * opened.cellAreaHa, 2)} ha…`
                  : 'Drag to paint; the scores follow each stroke.'
                : tool === 'polygon'
                  ? `Click the corners, double-click to fill (${vertices.length} corner${vertices.length === 1 ? '' : 's'}).`
                  : 'Drag to move the map; the wheel zooms.'}
            </p>
            <MapCanvas
              width={opened.grid.width}
              height={opened.grid.height}
              pixels={pixels}
              label="Painted plan"
              testId="paint-map"
              view={view}
              onViewChange={setView}
              onCellPointer={tool === 'pan' ? undefined : onCellPointer}
              describeCell={(i) => {
                const c = opened.classes[layout[i]!];
                const lock = locked![i]!;
                return c ? `${c.name}${lock > 0 && lock < 255 ? ` · cannot change (${LOCK_REASONS[lock]})` : ''}` : '';
              }}
            />
            <ClassLegend classes={opened.classes} />
            <p className="muted">
              Hatched: cells that cannot be painted (fixed classes, protected areas, no other class allowed).
            </p>
          </section>
          <PaintScores front={front} opened={opened} status={status} />
          <section className="card paint-compare" aria-label="Compare the plan">
            <button type="button" onClick={() => void addToComparison()} disabled={busy || !onAddToComparison}>
              {compared && compared.snapshot.snapshot === inComparison
                ? 'Add to comparison again'
                : 'Add to comparison'}
            </button>
            {compared && compared.snapshot.snapshot === inComparison && (
              <p role="status" data-testid="paint-compared">
                In the comparison as &ldquo;{PAINTED_NAME}&rdquo;: the plan after {compared.snapshot.strokes} stroke
                {compared.snapshot.strokes === 1 ? '' : 's'}
                {compared.version !== version && ' (painted further since: add it again to update)'}.{' '}
                {onGoToCompare && (
                  <button type="button" className="link" onClick={onGoToCompare}>
                    Open Compare
                  </button>
                )}
              </p>
            )}
          </section>
          <section className="card paint-save" aria-label="Save the plan">
            <label className="field">
              Save as GeoTIFF
              <input value={savePath} onChange={(e) => setSavePath(e.target.value)} aria-label="GeoTIFF file" />
            </label>
            <button type="button" onClick={() => void save()} disabled={busy}>
              Save plan
            </button>
            {saved && (
              <>
                <p role="status">
                  Saved {saved}. It can seed a new run of this scenario (<code>paretoplan run --seed-from</code> with
                  the file), or be scored with <code>paretoplan score</code>.
                </p>
                <button type="button" onClick={() => void seedRun(saved)} disabled={busy}>
                  Start a run seeded with this plan
                </button>
                {seeded && <p role="status">{seeded}</p>}
              </>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

function PaintScores({ front, opened, status }: { front: FrontView; opened: PaintOpened; status: PaintStatus }) {
  const stroke = status.lastStroke;
  const changes = changeFromToday(opened, status.areasHa);
  // A front layout to compare the plan with: by default the nearest that dominates it, else the compromise.
  const [versus, setVersus] = useState<number | null>(null);
  const shown = versus ?? status.front?.dominatedBy[0] ?? front.highlights.knee;
  const other = front.solutions[shown];
  const option = useMemo<ChartOption>(() => {
    const base = scatterPairOption(chartData(front, null), 0, 1);
    const series = base.series as object[];
    series.push(
      {
        type: 'scatter',
        name: 'Start',
        symbol: 'diamond',
        symbolSize: 11,
        itemStyle: { color: '#8c8c8c', borderColor: '#ffffff', borderWidth: 1 },
        data: [[opened.startValues[0]!, opened.startValues[1]!]],
        z: 6,
      },
      {
        type: 'scatter',
        name: 'Your plan',
        symbol: 'pin',
        symbolSize: 22,
        itemStyle: { color: '#111111' },
        label: { show: true, formatter: 'Plan', position: 'top', color: '#111111', fontWeight: 'bold' },
        data: [[status.values[0]!, status.values[1]!]],
        z: 7,
      },
    );
    return { ...base, series } as ChartOption;
  }, [front, opened, status]);
  return (
    <section className="card paint-scores" aria-label="Scores of the plan">
      <h3>Scores</h3>
      <table className="dense" data-testid="paint-scores">
        <thead>
          <tr>
            <th scope="col">Objective</th>
            <th scope="col" className="num">
              Start
            </th>
            <th scope="col" className="num">
              Plan
            </th>
            <th scope="col" className="num">
              Change
            </th>
            <th scope="col" className="num">
              <select
                aria-label="Front layout to compare with"
                value={String(shown)}
                onChange={(e) => setVersus(Number(e.target.value))}
              >
                {front.solutions.map((row) => (
                  <option key={row.id} value={String(row.id)}>
                    #{row.id} {solutionRole(front, row.id)}
                    {status.front?.dominatedBy.includes(row.id) ? ' (dominates the plan)' : ''}
                  </option>
                ))}
              </select>
            </th>
          </tr>
        </thead>
        <tbody>
          {opened.objectives.map((o, j) => (
            <tr key={o.id} data-objective={o.id}>
              <th scope="row">
                {o.label} <span className="muted">{o.unit}</span>
              </th>
              <td className="num">{formatAuto(opened.startValues[j]!)}</td>
              <td className="num plan-value">{formatAuto(status.values[j]!)}</td>
              <td className="num">{formatSigned(status.values[j]! - opened.startValues[j]!)}</td>
              <td className="num">{other ? formatAuto(other.objectives[j]!) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="paint-front">
        {status.front === null
          ? ''
          : status.front.nonDominated
            ? `No layout of the front dominates the plan${status.front.dominates > 0 ? `; it dominates ${status.front.dominates}` : ''}.`
            : `Dominated by ${status.front.dominatedBy.length} layout${status.front.dominatedBy.length === 1 ? '' : 's'} of the front (nearest: #${status.front.dominatedBy.slice(0, 3).join(', #')}).`}
      </p>
      <EChart option={option} label="The plan on the front's scatter (first two objectives)" className="paint-chart" />
      <h3>Constraints</h3>
      <p className={status.feasible ? 'ok' : 'warn'} data-testid="paint-feasible">
        {status.feasible ? 'Every demand met and the change limit kept.' : 'Not feasible yet: see below.'}
      </p>
      <p data-testid="paint-changed">
        Changed from today: {formatNumber(status.changedHa, 2)} ha
        {status.maxChangeHa !== null && ` of at most ${formatNumber(status.maxChangeHa, 2)} ha`}
        {status.maxChangeHa !== null && status.changedHa > status.maxChangeHa && ' (over the limit)'}
      </p>
      <table className="dense">
        <thead>
          <tr>
            <th scope="col">Demand</th>
            <th scope="col" className="num">
              Plan (ha)
            </th>
            <th scope="col" className="num">
              Range (ha)
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {status.demands.map((d) => (
            <tr key={d.classId}>
              <th scope="row">{d.className}</th>
              <td className="num">{formatNumber(d.ha, 2)}</td>
              <td className="num">
                {d.minHa !== null && d.maxHa !== null
                  ? `${formatNumber(d.minHa, 2)}–${formatNumber(d.maxHa, 2)}`
                  : d.minHa !== null
                    ? `at least ${formatNumber(d.minHa, 2)}`
                    : `at most ${formatNumber(d.maxHa, 2)}`}
              </td>
              <td className={d.status === 'met' ? 'ok' : 'warn'}>
                {d.status === 'met'
                  ? 'met'
                  : d.status === 'below'
                    ? `short by ${formatNumber(d.shortfallHa, 2)} ha`
                    : `${formatNumber(d.excessHa, 2)} ha too much`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {other && (
        <details>
          <summary>Area per class: the plan against #{shown}</summary>
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col" className="num">
                  Today
                </th>
                <th scope="col" className="num">
                  Plan
                </th>
                <th scope="col" className="num">
                  #{shown}
                </th>
              </tr>
            </thead>
            <tbody>
              {opened.classes.map((c, k) => (
                <tr key={c.id}>
                  <th scope="row">
                    <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
                  </th>
                  <td className="num">{formatNumber(opened.todayHa[k]!, 2)}</td>
                  <td className="num">{formatNumber(status.areasHa[k]!, 2)}</td>
                  <td className="num">{formatNumber(other.areaHa[k]!, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <h3>Change from today (ha)</h3>
      <ul className="paint-changes" data-testid="paint-class-changes">
        {changes.length === 0 && <li className="muted">No change yet.</li>}
        {changes.map((c) => (
          <li key={c.id}>
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}{' '}
            {formatSigned(Number(c.ha.toFixed(2)))}
          </li>
        ))}
      </ul>
      {stroke && (
        <p role="status" data-testid="paint-last-stroke">
          {stroke.undone ? 'Took back a stroke' : `Painted ${formatNumber(stroke.paintedHa, 2)} ha`}
          {stroke.locked > 0 && `; ${stroke.locked} cells refused: they cannot change (fixed class or protected area)`}
          {stroke.notAllowed > 0 && `; ${stroke.notAllowed} cells refused: the rules forbid this class there`}.
        </p>
      )}
    </section>
  );
}
