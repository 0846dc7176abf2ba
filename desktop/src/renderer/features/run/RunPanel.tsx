/**
 * Run: start the open scenario with a budget, watch generation, hypervolume, ETA and the front
 * forming, cancel, and reopen earlier run folders.
 */
import { useEffect, useMemo, useState } from 'react';
import type { OpenedScenario, RunListEntry } from '../../../../../engine/src/api/contract.js';
import { convergenceOption, scatterPairOption } from '../../../../../engine/src/charts/front-charts.js';
import { api } from '../../api/client.js';
import { EChart } from '../../components/EChart.js';
import { EmptyState, ErrorNotice } from '../../components/Notice.js';
import { NumberField } from '../../components/NumberField.js';
import { formatDuration, formatNumber } from '../../format.js';
import { shownElapsedMs, type RunState } from '../../state/run-state.js';
import { describeLimit } from '../../../../../engine/src/rules/index.js';
import { settingError } from '../scenario/settings-model.js';
import { AxisPicker } from '../../components/AxisPicker.js';

export interface RunPanelProps {
  scenario: OpenedScenario | null;
  run: RunState | null;
  runs: RunListEntry[];
  onStart: (budget: {
    population: number;
    generations: number;
    seed: number;
    workers: number | 'auto';
  }) => Promise<void>;
  onCancel: () => void;
  onOpenRun: (dir: string) => void;
  onRefreshRuns: () => void;
  error: string | null;
}

export function RunPanel(props: RunPanelProps) {
  const { scenario, run } = props;
  const defaults = scenario?.settings?.optimizer;
  const [population, setPopulation] = useState(String(defaults?.population ?? 60));
  const [generations, setGenerations] = useState(String(defaults?.generations ?? 100));
  const [seed, setSeed] = useState(String(defaults?.seed ?? 42));
  const [workers, setWorkers] = useState(String(defaults?.workers ?? 'auto'));
  const [runPath, setRunPath] = useState('');
  useEffect(() => {
    if (!defaults) return;
    setPopulation(String(defaults.population));
    setGenerations(String(defaults.generations));
    setSeed(String(defaults.seed));
    setWorkers(String(defaults.workers));
  }, [defaults]);

  const running = run !== null && (run.status === 'starting' || run.status === 'running');
  // The rules the scenario file, the CLI and the engine API obey (engine/src/rules/limits.ts).
  const budgetError = useMemo(
    () =>
      settingError('population', population) ??
      settingError('generations', generations) ??
      settingError('seed', seed) ??
      settingError('workers', workers),
    [population, generations, seed, workers],
  );

  return (
    <div className="run-layout">
      <section className="card" aria-labelledby="new-run-heading">
        <h3 id="new-run-heading">New run</h3>
        {!scenario ? (
          <EmptyState title="No scenario open">
            <p>Open a scenario first (Scenario tab), or reopen an earlier run below.</p>
          </EmptyState>
        ) : (
          <form
            className="budget"
            onSubmit={(e) => {
              e.preventDefault();
              if (!budgetError && !running)
                void props.onStart({
                  population: Number(population),
                  generations: Number(generations),
                  seed: Number(seed),
                  workers: workers === 'auto' ? 'auto' : Number(workers),
                });
            }}
          >
            <p className="muted">
              <strong>{scenario.name}</strong>
              {!scenario.ok && ' — fix its problems before running.'}
            </p>
            <div className="budget-fields">
              <label>
                Population
                <NumberField
                  label="Population"
                  inputMode="numeric"
                  size={5}
                  value={population}
                  onChange={setPopulation}
                />
              </label>
              <label>
                Generations
                <NumberField
                  label="Generations"
                  inputMode="numeric"
                  size={5}
                  value={generations}
                  onChange={setGenerations}
                />
              </label>
              <label>
                Seed
                <NumberField label="Seed" inputMode="numeric" size={5} value={seed} onChange={setSeed} />
              </label>
              <label>
                Workers
                <NumberField label="Workers" inputMode="text" size={5} value={workers} onChange={setWorkers} />
              </label>
            </div>
            <p className="muted hint" data-testid="budget-limits">
              Population: {describeLimit('population')}. Generations: {describeLimit('generations')}. Workers:{' '}
              {describeLimit('workers')}, or auto.
            </p>
            {budgetError && <p className="field-error">{budgetError}</p>}
            <div className="button-row">
              <button type="submit" className="primary" disabled={running || !scenario.ok || !!budgetError}>
                Start run
              </button>
              <button type="button" onClick={props.onCancel} disabled={!running}>
                Cancel run
              </button>
            </div>
          </form>
        )}
        <ErrorNotice error={props.error} />
      </section>
      {run && <RunProgressView run={run} onOpenRun={props.onOpenRun} />}
      <section className="card" aria-labelledby="earlier-runs-heading">
        <div className="card-head">
          <h3 id="earlier-runs-heading">Earlier runs</h3>
          <button type="button" className="link" onClick={props.onRefreshRuns}>
            Refresh
          </button>
        </div>
        <form
          className="input-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (runPath.trim()) props.onOpenRun(runPath.trim());
          }}
        >
          <label htmlFor="run-path" className="sr-only">
            Run folder
          </label>
          <input
            id="run-path"
            type="text"
            placeholder="/path/to/run-folder"
            value={runPath}
            onChange={(e) => setRunPath(e.target.value)}
            spellCheck={false}
          />
          <button type="submit" disabled={!runPath.trim()}>
            Open run folder
          </button>
          {window.paretoplan && (
            <button
              type="button"
              onClick={() => void api.chooseFile('open-run').then((dir) => dir && props.onOpenRun(dir))}
            >
              Browse…
            </button>
          )}
        </form>
        {props.runs.length === 0 ? (
          <p className="muted">No runs yet. Runs you start are saved in the app's folder and listed here.</p>
        ) : (
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">Scenario</th>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Generations
                </th>
                <th scope="col" className="num">
                  Front
                </th>
                <th scope="col">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.runs.map((r) => (
                <tr key={r.dir} title={r.dir}>
                  <td>{r.scenarioName}</td>
                  <td>{new Date(r.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</td>
                  <td>
                    <span className={`status-pill small ${r.status}`}>{r.status}</span>
                    {r.error && <span className="row-error">{r.error}</span>}
                  </td>
                  <td className="num">
                    {r.generation} / {r.generations}
                  </td>
                  <td className="num">{r.frontSize}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      disabled={r.frontSize === 0}
                      onClick={() => props.onOpenRun(r.dir)}
                      aria-label={`Open run of ${r.scenarioName} started ${r.createdAt}`}
                    >
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function RunProgressView({ run, onOpenRun }: { run: RunState; onOpenRun: (dir: string) => void }) {
  const [pair, setPair] = useState<[number, number]>([0, 1]);
  const share = run.generations > 0 ? run.generation / run.generations : 0;
  const running = run.status === 'starting' || run.status === 'running';
  // Elapsed ticks each second while the run is under way, between progress events too.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const scatter = useMemo(() => {
    if (run.objectives.length < 2 || run.points.length === 0) return null;
    return scatterPairOption(
      {
        objectives: run.objectives.map((o) => ({ label: o.label, unit: o.unit, direction: o.direction })),
        points: run.points.map((values, i) => ({ id: run.ids[i] ?? i, values })),
        marks: [],
      },
      pair[0],
      pair[1],
    );
  }, [run.points, run.ids, run.objectives, pair]);
  const convergence = useMemo(() => convergenceOption(run.history), [run.history]);

  return (
    <section className="card run-progress" aria-labelledby="progress-heading">
      <div className="card-head">
        <h3 id="progress-heading">
          Run <span className={`status-pill small ${run.status}`}>{run.status}</span>
        </h3>
        <span className="muted path">{run.dir}</span>
      </div>
      <progress max={1} value={share} aria-label="Run progress" />
      <dl className="stats" aria-live="polite" data-testid="run-stats">
        <div>
          <dt>Generation</dt>
          <dd>
            {run.generation} / {run.generations}
          </dd>
        </div>
        <div>
          <dt>Hypervolume</dt>
          <dd>{run.hypervolume === null ? '–' : formatNumber(run.hypervolume, 4)}</dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd>{running ? formatDuration(run.etaMs) : '–'}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd data-testid="run-elapsed">{formatDuration(shownElapsedMs(run, now))}</dd>
        </div>
        <div>
          <dt>Front</dt>
          <dd>{run.points.length || run.frontSize} layouts</dd>
        </div>
        <div>
          <dt>Evaluations</dt>
          <dd>{formatNumber(run.evaluations, 0)}</dd>
        </div>
      </dl>
      {running && run.activity && (
        <p className="muted run-activity" role="status" data-testid="run-activity">
          {run.activity}
        </p>
      )}
      {run.message && (
        <p className="notice" role="status">
          {run.message}{' '}
          {(run.status === 'complete' || run.status === 'interrupted') && (
            <button type="button" className="primary" onClick={() => onOpenRun(run.dir)}>
              Explore the front
            </button>
          )}
        </p>
      )}
      <ErrorNotice error={run.error} />
      <div className="two-col charts">
        <div>
          <div className="chart-controls">
            <span className="muted">Front so far</span>
            {run.objectives.length > 2 && (
              <AxisPicker
                objectives={run.objectives.map((o) => o.label)}
                pair={pair}
                onChange={setPair}
                idPrefix="live"
              />
            )}
          </div>
          {scatter ? (
            <EChart option={scatter} label="Live scatter of the current front" className="chart chart-medium" />
          ) : (
            <p className="muted chart-placeholder">The front appears after the first generations.</p>
          )}
        </div>
        <div>
          <div className="chart-controls">
            <span className="muted">Hypervolume by generation</span>
          </div>
          {run.history.length > 0 ? (
            <EChart option={convergence} label="Hypervolume by generation" className="chart chart-medium" />
          ) : (
            <p className="muted chart-placeholder">Waiting for the first generation…</p>
          )}
        </div>
      </div>
    </section>
  );
}
