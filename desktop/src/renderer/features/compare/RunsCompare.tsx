/**
 * Compare across runs: layouts picked from the open run and from other runs of the same study
 * area (other seeds, scenarios or steered runs, opened alongside), side by side with their
 * objectives and areas, a swipe view between two of them, and the agreement of the picked layouts
 * cell by cell (the engine's agreement across runs, as `paretoplan agreement` computes it).
 */
import { useEffect, useMemo, useState } from 'react';
import type {
  CrossRunAgreementView,
  FrontView,
  LayoutRef,
  RelatedRun,
} from '../../../../../engine/src/api/contract.js';
import { NO_CLASS } from '../../../../../engine/src/rules/index.js';
import { api } from '../../api/client.js';
import { LayoutOptions } from '../../components/LayoutOptions.js';
import { ErrorNotice } from '../../components/Notice.js';
import { formatAuto, formatNumber } from '../../format.js';
import { messageOf } from '../../state/errors.js';
import { fetchLayout } from '../../state/layouts.js';
import { ClassLegend } from '../map/Legend.js';
import { MapCanvas } from '../map/MapCanvas.js';
import { paintAgreement, paintClasses } from '../map/render.js';
import { useClassPalettes } from '../map/use-class-palettes.js';
import type { MapView } from '../map/view.js';
import { solutionRole } from '../pareto-explorer/front-model.js';
import { SwipeView } from './SwipeView.js';

/** A layout of one of the opened runs. */
interface Pick {
  dir: string;
  id: number;
}

const MAX_PICKS = 4;

export function RunsCompare({ front, ids }: { front: FrontView; ids: number[] }) {
  const [others, setOthers] = useState<FrontView[]>([]);
  const [related, setRelated] = useState<RelatedRun[]>([]);
  const [chosenRun, setChosenRun] = useState('');
  const [typedRun, setTypedRun] = useState('');
  const [picks, setPicks] = useState<Pick[]>([]);
  const [error, setError] = useState<string | null>(null);
  const runs = useMemo(() => [front, ...others], [front, others]);
  const runIndex = (dir: string) => runs.findIndex((r) => r.dir === dir);
  const seedOf = (dir: string) => {
    const seed = related.find((r) => r.dir === dir)?.seed;
    return seed === undefined ? '' : ` · seed ${seed}`;
  };

  useEffect(() => {
    setOthers([]);
    setPicks([]);
    void api.relatedRuns(front.dir).then(
      (list) => {
        setRelated(list);
        setChosenRun(list.find((r) => r.dir !== front.dir)?.dir ?? '');
      },
      () => setRelated([]),
    );
  }, [front.dir]);

  const openAlongside = async (dir: string) => {
    setError(null);
    try {
      const view = await api.loadFront(dir);
      if (view.dir === front.dir || others.some((o) => o.dir === view.dir)) return;
      setOthers((list) => [...list, view]);
      // Start with this run's first compared layout against the other run's compromise.
      setPicks((list) => {
        const base = list.length > 0 ? list : [{ dir: front.dir, id: ids[0] ?? front.highlights.knee }];
        return [...base, { dir: view.dir, id: view.highlights.knee }].slice(0, MAX_PICKS);
      });
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <section className="card" aria-labelledby="runs-compare-heading" data-testid="runs-compare">
      <div className="card-head">
        <h3 id="runs-compare-heading">Compare across runs</h3>
        <span className="muted">Runs of the same study area: other seeds, scenarios or steered runs</span>
      </div>
      <div className="button-row">
        <label htmlFor="related-run">
          Another run{' '}
          <select id="related-run" value={chosenRun} onChange={(e) => setChosenRun(e.target.value)}>
            {others.length === 0 && related.every((r) => r.dir === front.dir) && (
              <option value="">(no other run of this study area is known)</option>
            )}
            {related
              .filter((r) => r.dir !== front.dir)
              .map((r) => (
                <option key={r.dir} value={r.dir}>
                  {runLabel(r.scenarioName, r.createdAt)} · seed {r.seed} · {r.frontSize} layouts
                </option>
              ))}
          </select>
        </label>
        <button type="button" disabled={!chosenRun} onClick={() => void openAlongside(chosenRun)}>
          Open alongside
        </button>
        <label htmlFor="typed-run">
          or a run folder{' '}
          <input
            id="typed-run"
            type="text"
            value={typedRun}
            spellCheck={false}
            placeholder="/path/to/run-folder"
            onChange={(e) => setTypedRun(e.target.value)}
          />
        </label>
        <button type="button" disabled={!typedRun.trim()} onClick={() => void openAlongside(typedRun.trim())}>
          Open
        </button>
      </div>
      <ErrorNotice error={error} />
      {others.length === 0 ? (
        <p className="muted">Open another run of this study area to pick its layouts beside this run's.</p>
      ) : (
        <>
          <ol className="run-list" aria-label="Opened runs">
            {runs.map((r, k) => (
              <li key={r.dir} title={r.dir}>
                <strong>Run {k + 1}</strong> {runLabel(r.scenarioName, r.createdAt)}
                {seedOf(r.dir)}
                {k === 0 ? ' (open run)' : ''}
              </li>
            ))}
          </ol>
          <PickedLayouts runs={runs} picks={picks} onPicks={setPicks} runIndex={runIndex} />
        </>
      )}
    </section>
  );
}

function runLabel(scenarioName: string, createdAt: string): string {
  return `${scenarioName} · ${new Date(createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' })}`;
}

/** "Run 2 #5 compromise". */
function pickName(runs: FrontView[], pick: Pick, runIndex: (dir: string) => number): string {
  const run = runs[runIndex(pick.dir)];
  const role = run ? solutionRole(run, pick.id) : '';
  return `Run ${runIndex(pick.dir) + 1} #${pick.id}${role ? ` ${role}` : ''}`;
}

/** The class maps of the picks, fetched per run (null while loading). */
function usePickMaps(picks: readonly Pick[]): { maps: (Uint8Array | null)[]; error: string | null } {
  const key = picks.map((p) => `${p.dir}\u0000${p.id}`).join('\u0001');
  const [state, setState] = useState<{ key: string; maps: (Uint8Array | null)[]; error: string | null }>({
    key: '',
    maps: [],
    error: null,
  });
  useEffect(() => {
    let live = true;
    Promise.all(picks.map((p) => fetchLayout(p.dir, p.id as LayoutRef)))
      .then((maps) => live && setState({ key, maps, error: null }))
      .catch((e: unknown) => live && setState({ key, maps: [], error: messageOf(e) }));
    return () => {
      live = false;
    };
  }, [key]);
  return state.key === key ? state : { maps: picks.map(() => null), error: state.error };
}

function PickedLayouts({
  runs,
  picks,
  onPicks,
  runIndex,
}: {
  runs: FrontView[];
  picks: Pick[];
  onPicks: (picks: Pick[]) => void;
  runIndex: (dir: string) => number;
}) {
  const first = runs[0]!;
  const [view, setView] = useState<MapView | null>(null);
  const { maps, error } = usePickMaps(picks);
  const { palette } = useClassPalettes(first.classes);
  const pixels = useMemo(
    () =>
      maps.map((map) => {
        if (!map) return null;
        const out = new Uint32Array(map.length);
        paintClasses(map, palette, out);
        return out;
      }),
    [maps, palette],
  );
  const setPick = (slot: number, pick: Pick) => onPicks(picks.map((p, i) => (i === slot ? pick : p)));
  const scenarios = new Set(picks.map((p) => runs[runIndex(p.dir)]?.scenarioName));
  return (
    <>
      <div className={`compare-maps n${Math.max(2, picks.length)}`}>
        {picks.map((pick, slot) => {
          const run = runs[runIndex(pick.dir)]!;
          return (
            <div key={slot} className="compare-slot" data-testid="run-pick">
              <div className="slot-head">
                <select
                  aria-label={`Run of layout ${slot + 1}`}
                  value={pick.dir}
                  onChange={(e) => {
                    const next = runs[runIndex(e.target.value)]!;
                    setPick(slot, { dir: next.dir, id: next.highlights.knee });
                  }}
                >
                  {runs.map((r, k) => (
                    <option key={r.dir} value={r.dir}>
                      Run {k + 1}
                    </option>
                  ))}
                </select>
                <select
                  aria-label={`Layout ${slot + 1}`}
                  value={pick.id}
                  onChange={(e) => setPick(slot, { dir: pick.dir, id: Number(e.target.value) })}
                >
                  <LayoutOptions front={run} />
                </select>
                <button
                  type="button"
                  className="link"
                  disabled={picks.length <= 2}
                  onClick={() => onPicks(picks.filter((_, i) => i !== slot))}
                >
                  Remove
                </button>
              </div>
              <MapCanvas
                width={first.grid.width}
                height={first.grid.height}
                pixels={pixels[slot] ?? null}
                label={`Map of ${pickName(runs, pick, runIndex)}`}
                view={view}
                onViewChange={setView}
                emptyText="Loading…"
                describeCell={(i) => {
                  const c = maps[slot]?.[i];
                  return c === undefined || c === NO_CLASS ? '' : first.classes[c]!.name;
                }}
              />
            </div>
          );
        })}
      </div>
      <div className="button-row">
        <button
          type="button"
          disabled={picks.length >= MAX_PICKS}
          onClick={() => {
            const last = runs[runs.length - 1]!;
            onPicks([...picks, { dir: last.dir, id: last.highlights.extremes[0] ?? last.highlights.knee }]);
          }}
        >
          Add layout
        </button>
      </div>
      <ClassLegend classes={first.classes} />
      <ErrorNotice error={error} />
      {scenarios.size > 1 && (
        <p className="muted">
          The runs come from different scenarios: each layout's objective values are its own run's (other weights or
          demands give other values for the same map).
        </p>
      )}
      <PickTable runs={runs} picks={picks} runIndex={runIndex} />
      {picks.length >= 2 && (
        <SwipeView
          classes={first.classes}
          width={first.grid.width}
          height={first.grid.height}
          layouts={picks.map((p, k) => ({ name: pickName(runs, p, runIndex), map: maps[k] ?? null }))}
        />
      )}
      {picks.length >= 1 && <AcrossRunsAgreement runs={runs} picks={picks} />}
    </>
  );
}

function PickTable({ runs, picks, runIndex }: { runs: FrontView[]; picks: Pick[]; runIndex: (dir: string) => number }) {
  const first = runs[0]!;
  const row = (pick: Pick) => runs[runIndex(pick.dir)]!;
  return (
    <div className="table-scroll">
      <table className="dense compare-table" data-testid="runs-table">
        <thead>
          <tr>
            <th scope="col">Objective / class</th>
            {picks.map((p, k) => (
              <th key={k} scope="col" className="num">
                {pickName(runs, p, runIndex)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first.objectives.map((o) => (
            <tr key={o.id} className="objective-row">
              <th scope="row">
                {o.label} <span className="muted">{o.unit}</span>
              </th>
              {picks.map((p, k) => {
                const run = row(p);
                const j = run.objectives.findIndex((x) => x.id === o.id);
                return (
                  <td key={k} className="num">
                    {j < 0 ? '–' : formatAuto(run.solutions[p.id]?.objectives[j])}
                  </td>
                );
              })}
            </tr>
          ))}
          {first.classes.map((c, j) => (
            <tr key={c.id}>
              <th scope="row">
                <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name} (ha)
              </th>
              {picks.map((p, k) => (
                <td key={k} className="num">
                  {formatNumber(row(p).solutions[p.id]?.areaHa[j], 1)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Agreement of the picked layouts cell by cell, across their runs. */
function AcrossRunsAgreement({ runs, picks }: { runs: FrontView[]; picks: Pick[] }) {
  const first = runs[0]!;
  const grouped = useMemo(() => {
    const byRun = new Map<string, number[]>();
    for (const p of picks) byRun.set(p.dir, [...(byRun.get(p.dir) ?? []), p.id]);
    return [...byRun].map(([dir, ids]) => ({ dir, ids }));
  }, [picks]);
  const key = JSON.stringify(grouped);
  const [result, setResult] = useState<{ view: CrossRunAgreementView; mode: Uint8Array; frequency: Uint8Array } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .crossRunAgreement(grouped)
      .then((view) => {
        if (!live) return;
        setResult({ view, mode: view.mode, frequency: view.frequency });
        setError(null);
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [key]);
  const pixels = useMemo(() => {
    if (!result) return null;
    const out = new Uint32Array(result.mode.length);
    paintAgreement(
      result.mode,
      result.frequency,
      first.classes.map((c) => c.color),
      out,
    );
    return out;
  }, [result, first.classes]);
  return (
    <section className="card" aria-labelledby="runs-agreement-heading">
      <h3 id="runs-agreement-heading">Agreement of the picked layouts across runs</h3>
      <ErrorNotice error={error} />
      <div className="two-col difference">
        <MapCanvas
          width={first.grid.width}
          height={first.grid.height}
          pixels={pixels}
          label="Agreement across runs"
          emptyText="Computing…"
          testId="runs-agreement-map"
          describeCell={(i) =>
            result && result.mode[i] !== NO_CLASS
              ? `${first.classes[result.mode[i]!]?.name}: ${formatNumber((result.frequency[i]! / 255) * 100, 0)} % of ${result.view.layouts} layouts`
              : ''
          }
        />
        <div>
          {result && (
            <p role="status" data-testid="runs-agreement">
              {result.view.layouts} layouts from {result.view.picks.length} run
              {result.view.picks.length === 1 ? '' : 's'}: every layout gives the same class on{' '}
              <strong>{formatNumber(result.view.unanimousHa, 1)} ha</strong>; they differ on{' '}
              <strong>{formatNumber(result.view.contestedHa, 1)} ha</strong>.
            </p>
          )}
          <ClassLegend classes={first.classes} title="Most common class" />
          <p className="muted legend-note">Paler cells: fewer of the layouts agree.</p>
        </div>
      </div>
    </section>
  );
}
