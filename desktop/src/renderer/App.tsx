/**
 * The app shell: tabs for the planner's steps (Scenario, Run, Explore, Compare, Parties, Export)
 * and the state they share — the open scenario, the watched run, the open front, the selected
 * layout, the filters, the layouts being compared and the parties' analysis (whose picks the
 * explorer marks).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type {
  EngineInfo,
  FrontView,
  OpenedScenario,
  PartiesView,
  PartyInput,
  RecentItem,
  RunListEntry,
  ScenarioEntry,
} from '../../../engine/src/api/contract.js';
import { api, bridge } from './api/client.js';
import { decodeBytes } from './api/bytes.js';
import { ErrorNotice } from './components/Notice.js';
import { ComparePanel } from './features/compare/ComparePanel.js';
import { ExportPanel } from './features/export/ExportPanel.js';
import { ExplorerPanel } from './features/pareto-explorer/ExplorerPanel.js';
import type { Filters } from './features/pareto-explorer/front-model.js';
import { PaintPanel } from './features/paint/PaintPanel.js';
import { PartiesPanel } from './features/parties/PartiesPanel.js';
import { partiesFileCandidates, partyPicks } from './features/parties/parties-model.js';
import { RunPanel } from './features/run/RunPanel.js';
import { ScenarioPanel } from './features/scenario/ScenarioPanel.js';
import { messageOf } from './state/errors.js';
import { forgetLayouts } from './state/layouts.js';
import { NO_RUN_WATCHED, watchEvent, watchRun, type RunWatch } from './state/run-state.js';

const TABS = [
  ['scenario', 'Scenario'],
  ['run', 'Run'],
  ['explore', 'Explore'],
  ['compare', 'Compare'],
  ['parties', 'Parties'],
  ['paint', 'Paint'],
  ['export', 'Export'],
] as const;
type Tab = (typeof TABS)[number][0];

export function App() {
  const [tab, setTab] = useState<Tab>('scenario');
  const [info, setInfo] = useState<EngineInfo | null>(null);
  const [scenarios, setScenarios] = useState<ScenarioEntry[]>([]);
  const [recent, setRecent] = useState<RecentItem[]>([]);
  const [runs, setRuns] = useState<RunListEntry[]>([]);
  const [fatal, setFatal] = useState<string | null>(null);
  const [scenario, setScenario] = useState<OpenedScenario | null>(null);
  const [scenarioBusy, setScenarioBusy] = useState(false);
  const [scenarioError, setScenarioError] = useState<string | null>(null);
  const [watch, setWatch] = useState<RunWatch>(NO_RUN_WATCHED);
  const run = watch.run;
  const [runError, setRunError] = useState<string | null>(null);
  const [front, setFront] = useState<FrontView | null>(null);
  const [frontError, setFrontError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [filters, setFilters] = useState<Filters>({});
  const [compare, setCompare] = useState<number[]>([]);
  const current = useMemo(() => (front ? decodeBytes(front.current) : null), [front]);
  const [parties, setParties] = useState<PartiesView | null>(null);
  const [partiesFile, setPartiesFile] = useState('');
  const [partiesBusy, setPartiesBusy] = useState(false);
  const [partiesError, setPartiesError] = useState<string | null>(null);
  const picks = useMemo(() => partyPicks(parties), [parties]);

  const refreshLists = useCallback(() => {
    void api.listRecent().then(setRecent, () => undefined);
    void api.listRuns().then(setRuns, () => undefined);
  }, []);

  useEffect(() => {
    Promise.all([api.info(), api.listScenarios()])
      .then(([engineInfo, entries]) => {
        setInfo(engineInfo);
        setScenarios(entries);
      })
      .catch((e: unknown) => setFatal(messageOf(e)));
    refreshLists();
  }, [refreshLists]);

  useEffect(
    () =>
      bridge.onEvent((event) => {
        setWatch((state) => watchEvent(state, event));
        if (event.type === 'run-finished' || event.type === 'run-failed') refreshLists();
      }),
    [refreshLists],
  );

  const openScenario = useCallback(
    async (path: string) => {
      setScenarioBusy(true);
      setScenarioError(null);
      try {
        setScenario(await api.openScenario(path));
        refreshLists();
      } catch (e) {
        setScenarioError(messageOf(e));
      } finally {
        setScenarioBusy(false);
      }
    },
    [refreshLists],
  );

  const openRun = useCallback(
    async (dir: string) => {
      setFrontError(null);
      try {
        forgetLayouts(dir);
        const view = await api.loadFront(dir);
        setFront(view);
        setSelected(view.highlights.knee);
        setFilters({});
        setCompare([...new Set([view.highlights.knee, view.highlights.extremes[0]!])].slice(0, 4));
        setTab('explore');
        refreshLists();
      } catch (e) {
        setFrontError(messageOf(e));
        setTab('run');
      }
    },
    [refreshLists],
  );

  /** Judge the open run by a parties file ('' = the scenario's `parties:` section) or edited parties. */
  const loadParties = useCallback(
    async (source: string | PartyInput[]) => {
      if (!front) return;
      setPartiesBusy(true);
      setPartiesError(null);
      if (typeof source === 'string') setPartiesFile(source);
      try {
        setParties(await api.parties(front.dir, ...(source === '' ? [] : [source])));
      } catch (e) {
        // An edit the engine refuses keeps the last analysis on screen.
        if (typeof source === 'string') setParties(null);
        setPartiesError(messageOf(e));
      } finally {
        setPartiesBusy(false);
      }
    },
    [front],
  );

  // A newly opened run: judge it by the parties file named like its scenario (or its family's),
  // else by the scenario's own parties: section; quietly nothing when it has neither.
  useEffect(() => {
    setParties(null);
    setPartiesError(null);
    setPartiesFile('');
    if (!front) return;
    let cancelled = false;
    void (async () => {
      for (const file of [...partiesFileCandidates(front.scenarioPath), '']) {
        try {
          const view = await api.parties(front.dir, ...(file ? [file] : []));
          if (cancelled) return;
          setParties(view);
          setPartiesFile(file);
          return;
        } catch {
          // Not there, or not valid: try the next; the user can load a file and see its errors.
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [front]);

  const startRun = async (budget: {
    population: number;
    generations: number;
    seed: number;
    workers: number | 'auto';
  }) => {
    if (!scenario) return;
    setRunError(null);
    try {
      const started = await api.startRun({ scenario: scenario.path, ...budget });
      setWatch((state) => watchRun(state, started.runId, started.dir, budget.generations));
    } catch (e) {
      setRunError(messageOf(e));
    }
  };

  const toggleCompare = (id: number) =>
    setCompare((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : ids.length >= 4 ? ids : [...ids, id]));

  const onTabKey = (event: React.KeyboardEvent, index: number) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = TABS[(index + delta + TABS.length) % TABS.length]![0];
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  const running = run?.status === 'running' || run?.status === 'starting';

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <h1>Pareto Plan</h1>
        </div>
        <nav role="tablist" aria-label="Steps" className="tabs">
          {TABS.map(([id, label], i) => (
            <button
              key={id}
              id={`tab-${id}`}
              role="tab"
              type="button"
              aria-selected={tab === id}
              aria-controls={`panel-${id}`}
              tabIndex={tab === id ? 0 : -1}
              className={tab === id ? 'tab active' : 'tab'}
              onClick={() => setTab(id)}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {label}
              {id === 'run' && running && <span className="dot" aria-label="running" />}
              {id === 'compare' && compare.length > 0 && <span className="count">{compare.length}</span>}
            </button>
          ))}
        </nav>
        <div className="context muted">
          {front ? (
            <span title={front.dir}>
              {front.scenarioName} · run of{' '}
              {new Date(front.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
            </span>
          ) : scenario ? (
            <span title={scenario.path}>{scenario.name}</span>
          ) : (
            <span>No scenario open</span>
          )}
          <span className="version">{info ? `engine ${info.engineVersion}` : 'connecting…'}</span>
        </div>
      </header>
      <main className="app-main">
        {fatal && <ErrorNotice error={`The engine could not be reached: ${fatal}`} />}
        <div id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} className="panel">
          {tab === 'scenario' && (
            <ScenarioPanel
              info={info}
              scenarios={scenarios}
              recent={recent}
              scenario={scenario}
              onOpen={openScenario}
              onOpenRun={(dir) => void openRun(dir)}
              onOpened={(s) => {
                setScenario(s);
                refreshLists();
              }}
              onGoToRun={() => setTab('run')}
              busy={scenarioBusy}
              error={scenarioError}
            />
          )}
          {tab === 'run' && (
            <RunPanel
              scenario={scenario}
              run={run}
              runs={runs}
              onStart={startRun}
              onCancel={() => run && void api.cancelRun(run.runId)}
              onOpenRun={(dir) => void openRun(dir)}
              onRefreshRuns={refreshLists}
              error={runError ?? frontError}
            />
          )}
          {tab === 'explore' && (
            <ExplorerPanel
              front={front}
              current={current}
              selected={selected}
              onSelect={setSelected}
              filters={filters}
              onFilters={setFilters}
              compare={compare}
              onToggleCompare={toggleCompare}
              picks={picks}
              onGoToRun={() => setTab('run')}
            />
          )}
          {tab === 'compare' && (
            <ComparePanel
              front={front}
              current={current}
              ids={compare}
              onIds={setCompare}
              onGoToExplore={() => setTab('explore')}
            />
          )}
          {tab === 'parties' && (
            <PartiesPanel
              front={front}
              parties={parties}
              file={partiesFile}
              busy={partiesBusy}
              error={partiesError}
              onLoad={(file) => void loadParties(file)}
              onEdit={(edited) => void loadParties(edited)}
              selected={selected}
              onSelect={(id) => {
                setSelected(id);
                setTab('explore');
              }}
              onGoToRun={() => setTab('run')}
            />
          )}
          {tab === 'paint' && <PaintPanel front={front} selected={selected} onGoToRun={() => setTab('run')} />}
          {tab === 'export' && <ExportPanel front={front} selected={selected} compare={compare} />}
        </div>
      </main>
    </div>
  );
}
