/**
 * The app shell: the header (AppHeader: tabs and what is open) and one panel per planner's step,
 * with the state the panels share: the open scenario, the watched run, the open front, the selected
 * layout, the filters, the layouts being compared, the parties' analysis (useParties) and the files
 * exported (kept while the app is open). Lists from the engine come from useEngineLists.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FrontView, OpenedScenario, PaintSnapshot } from '../../../engine/src/api/contract.js';
import { api, bridge } from './api/client.js';
import { AppHeader } from './app/AppHeader.js';
import type { Tab } from './app/tabs.js';
import { ErrorNotice } from './components/Notice.js';
import { ComparePanel } from './features/compare/ComparePanel.js';
import { ExportPanel, type Written } from './features/export/ExportPanel.js';
import { MonitorPanel } from './features/monitor/MonitorPanel.js';
import { ScorePanel } from './features/monitor/ScorePanel.js';
import { ExplorerPanel } from './features/pareto-explorer/ExplorerPanel.js';
import type { Filters } from './features/pareto-explorer/front-model.js';
import { PaintPanel } from './features/paint/PaintPanel.js';
import { PartiesPanel } from './features/parties/PartiesPanel.js';
import { RunPanel } from './features/run/RunPanel.js';
import { ScenarioPanel } from './features/scenario/ScenarioPanel.js';
import { SteerPanel } from './features/steer/SteerPanel.js';
import { messageOf } from './state/errors.js';
import { forgetLayouts } from './state/layouts.js';
import { NO_RUN_WATCHED, watchEvent, watchRun, type RunWatch } from './state/run-state.js';
import { useEngineLists } from './state/use-engine-lists.js';
import { useParties } from './state/use-parties.js';

export function App() {
  const [tab, setTab] = useState<Tab>('scenario');
  const { info, scenarios, recent, runs, fatal, refreshLists } = useEngineLists();
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
  /** A plan painted in the Paint tab and added to the comparison. */
  const [painted, setPainted] = useState<PaintSnapshot | null>(null);
  const [written, setWritten] = useState<Written[]>([]);
  const current = front?.current ?? null;
  const { parties, partiesFile, partiesBusy, partiesError, picks, loadParties } = useParties(front);

  // A new tab starts at its top, not at the scroll position of the last one.
  // (A block body: Chromium's scrollTo may return a promise, which an effect must not return.)
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [tab]);

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
        setPainted((plan) => (plan && plan.run === view.dir ? plan : null));
        setTab('explore');
        refreshLists();
      } catch (e) {
        setFrontError(messageOf(e));
        setTab('run');
      }
    },
    [refreshLists],
  );

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

  const running = run?.status === 'running' || run?.status === 'starting';

  return (
    <div className="app">
      <AppHeader
        tab={tab}
        onTab={setTab}
        info={info}
        scenario={scenario}
        front={front}
        running={running}
        compareCount={compare.length + (painted && painted.run === front?.dir ? 1 : 0)}
      />
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
          {tab === 'explore' && front && (
            <SteerPanel
              key={front.dir}
              front={front}
              ids={compare}
              onStarted={(started, generations) =>
                setWatch((state) => watchRun(state, started.runId, started.dir, generations))
              }
            />
          )}
          {tab === 'compare' && (
            <ComparePanel
              front={front}
              current={current}
              ids={compare}
              onIds={setCompare}
              onGoToExplore={() => setTab('explore')}
              painted={painted}
              onRemovePainted={() => setPainted(null)}
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
          {tab === 'score' && <ScorePanel front={front} scenario={scenario} nativeDialogs={!!info?.nativeDialogs} />}
          {tab === 'monitor' && (
            <MonitorPanel front={front} scenario={scenario} selected={selected} nativeDialogs={!!info?.nativeDialogs} />
          )}
          {tab === 'paint' && (
            <PaintPanel
              front={front}
              selected={selected}
              onGoToRun={() => setTab('run')}
              onAddToComparison={setPainted}
              inComparison={painted?.snapshot ?? null}
              onGoToCompare={() => setTab('compare')}
              onRunStarted={(started, generations) =>
                setWatch((state) => watchRun(state, started.runId, started.dir, generations))
              }
            />
          )}
          {tab === 'export' && (
            <ExportPanel
              front={front}
              selected={selected}
              compare={compare}
              written={written}
              onWritten={(files) => setWritten((w) => [...files, ...w])}
            />
          )}
        </div>
      </main>
    </div>
  );
}
