/**
 * Monitor a plan: a plan layout (a GeoTIFF, or a layout of the open run) against a later observed
 * land cover on the same grid. Shows where the plan was followed and where not (a map, and a table
 * by class in ha), the objectives of the observed state against the plan's and the baseline's, and
 * each demand met or missed. The numbers are `paretoplan monitor`'s (docs/scoring.md).
 */
import { useMemo, useState } from 'react';
import type { FrontView, MonitorView, OpenedScenario } from '../../../../../engine/src/api/contract.js';
import { NO_CLASS } from '../../../../../engine/src/rules/index.js';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/Notice.js';
import { formatNumber } from '../../format.js';
import { useTask } from '../../state/task.js';
import { LayoutOptions } from '../../components/LayoutOptions.js';
import { Segmented } from '../../components/Segmented.js';
import { ClassLegend } from '../map/Legend.js';
import { MapCanvas } from '../map/MapCanvas.js';
import { classPalette, paintClasses, TRANSPARENT } from '../map/render.js';
import { useClassPalettes } from '../map/use-class-palettes.js';
import { departureValues, RING_FADE, ringDepartures } from './monitor-map.js';
import { DemandsTable, ObjectivesTable, ViolationsTable } from './evaluation-tables.js';
import { GeoTiffField } from './GeoTiffField.js';

export interface MonitorPanelProps {
  front: FrontView | null;
  scenario: OpenedScenario | null;
  /** The layout selected in the explorer: the default plan from the open run. */
  selected: number | null;
  nativeDialogs: boolean;
}

type PlanKind = 'file' | 'run';
type MapShows = 'monitor' | 'plan' | 'observed';

export function MonitorPanel({ front, scenario, selected, nativeDialogs }: MonitorPanelProps) {
  const [scenarioPath, setScenarioPath] = useState(scenario?.path ?? front?.scenarioPath ?? '');
  const [planKind, setPlanKind] = useState<PlanKind>(front ? 'run' : 'file');
  const [planFile, setPlanFile] = useState('');
  const [planId, setPlanId] = useState<number>(selected ?? front?.highlights.knee ?? 0);
  const [observed, setObserved] = useState('');
  const [baseline, setBaseline] = useState('');
  const { busy, error, result, run } = useTask<MonitorView>();

  const compare = () =>
    run(() =>
      api.monitorPlan({
        scenario: scenarioPath,
        plan: planKind === 'run' && front ? { run: front.dir, id: planId } : { file: planFile },
        observed,
        ...(baseline.trim() ? { baseline } : {}),
      }),
    );

  return (
    <div className="monitor stack">
      <section className="card" aria-labelledby="monitor-heading">
        <h3 id="monitor-heading">Monitor a plan</h3>
        <p className="muted">
          Did the plan happen? Compare a plan layout with a later land-cover map on the same grid, in the scenario's
          land-use codes (for example a later CORINE or NLCD map, recoded).
        </p>
        <div className="form-grid">
          <div className="path-field">
            <label htmlFor="monitor-scenario">Scenario</label>
            <input
              id="monitor-scenario"
              type="text"
              value={scenarioPath}
              spellCheck={false}
              onChange={(e) => setScenarioPath(e.target.value)}
            />
            <span className="muted hint">Its grid, class codes, objectives and demands apply.</span>
          </div>
          <fieldset className="plan-source">
            <legend>Plan</legend>
            <label className="check">
              <input
                type="radio"
                name="plan-kind"
                checked={planKind === 'run'}
                disabled={!front}
                onChange={() => setPlanKind('run')}
              />{' '}
              A layout of the open run
            </label>
            {planKind === 'run' && front && (
              <select aria-label="Plan layout" value={planId} onChange={(e) => setPlanId(Number(e.target.value))}>
                <LayoutOptions front={front} />
              </select>
            )}
            <label className="check">
              <input type="radio" name="plan-kind" checked={planKind === 'file'} onChange={() => setPlanKind('file')} />{' '}
              A GeoTIFF
            </label>
            {planKind === 'file' && (
              <GeoTiffField
                id="monitor-plan"
                label="Plan GeoTIFF"
                value={planFile}
                onChange={setPlanFile}
                nativeDialogs={nativeDialogs}
              />
            )}
          </fieldset>
          <GeoTiffField
            id="monitor-observed"
            label="Observed land cover (GeoTIFF)"
            value={observed}
            onChange={setObserved}
            nativeDialogs={nativeDialogs}
          />
          <GeoTiffField
            id="monitor-baseline"
            label="Baseline (optional GeoTIFF)"
            value={baseline}
            onChange={setBaseline}
            nativeDialogs={nativeDialogs}
            hint="The land cover the plan started from; empty: the scenario's land use."
          />
        </div>
        <div className="button-row">
          <button
            type="button"
            className="primary"
            onClick={() => void compare()}
            disabled={busy || !scenarioPath.trim() || !observed.trim() || (planKind === 'file' && !planFile.trim())}
          >
            {busy ? 'Comparing…' : 'Compare plan and observed'}
          </button>
        </div>
        <ErrorNotice error={error} />
      </section>
      {result && <MonitorResult view={result} />}
    </div>
  );
}

function MonitorResult({ view }: { view: MonitorView }) {
  const [shows, setShows] = useState<MapShows>('monitor');
  const maps = useMemo(
    () => ({
      monitor: view.map,
      plan: view.planMap,
      observed: view.observedMap,
      baseline: view.baselineMap,
    }),
    [view],
  );
  const { palette } = useClassPalettes(view.classes);
  const categoryPalette = useMemo(() => {
    const colors = ['#000000', ...view.categories.map((c) => c.color)];
    const p = classPalette(colors);
    p[0] = TRANSPARENT;
    return p;
  }, [view.categories]);
  const haloPalette = useMemo(() => {
    const colors = ['#000000', ...view.categories.map((c) => c.color)];
    return classPalette(colors, RING_FADE);
  }, [view.categories]);
  const [ring, setRing] = useState(true);
  const { width, height } = view.grid;
  const pixels = useMemo(() => {
    const out = new Uint32Array(width * height);
    if (shows === 'monitor') {
      paintClasses(maps.monitor, categoryPalette, out);
      if (ring) ringDepartures(maps.monitor, width, height, departureValues(view.categories), haloPalette, out);
    } else paintClasses(shows === 'plan' ? maps.plan : maps.observed, palette, out);
    return out;
  }, [shows, maps, palette, categoryPalette, haloPalette, ring, width, height, view.categories]);
  const className = (map: Uint8Array, i: number) => (map[i] === NO_CLASS ? '' : (view.classes[map[i]!]?.name ?? ''));
  const describe = (i: number) => {
    const category = view.categories.find((c) => c.value === maps.monitor[i]);
    if (!category) return '';
    return `${category.name}: plan ${className(maps.plan, i)}, observed ${className(maps.observed, i)}, baseline ${className(maps.baseline, i)}`;
  };
  const rows = view.byClass.filter((c) => c.plannedHa > 0 || c.unplannedGainHa > 0 || c.unplannedLossHa > 0);
  const observedBroken = view.scores.observed.violations.reduce((sum, v) => sum + v.ha, 0);
  return (
    <>
      <section className="card" aria-labelledby="monitor-result-heading">
        <div className="card-head">
          <h3 id="monitor-result-heading">
            Plan followed on <span data-testid="followed-share">{formatNumber(view.followedShare * 100, 2)} %</span> of
            the study area
          </h3>
          <Segmented
            label="What the map shows"
            value={shows}
            onChange={setShows}
            options={[
              ['monitor', 'Followed or not'],
              ['plan', 'Plan'],
              ['observed', 'Observed'],
            ]}
          />
        </div>
        <p className="muted small" data-testid="monitor-sources">
          Plan: {view.plan} · observed: {view.observed} · baseline:{' '}
          {view.baseline ?? `the land use of "${view.scenario.name}"`}
        </p>
        {view.warnings.map((w) => (
          <p key={w} className="notice notice-warn">
            {w}
          </p>
        ))}
        <div className="two-col">
          <MapCanvas
            width={width}
            height={height}
            pixels={pixels}
            label={`Monitoring map: ${shows}`}
            describeCell={describe}
            testId="monitor-map"
          />
          <div className="stack">
            {shows === 'monitor' ? (
              <figure className="legend" aria-label="Monitoring legend">
                <figcaption>Where the plan was followed</figcaption>
                <label className="check">
                  <input type="checkbox" checked={ring} onChange={(e) => setRing(e.target.checked)} /> Ring departures
                  from the plan (so single cells stay visible)
                </label>
                <table className="dense" data-testid="monitor-totals">
                  <tbody>
                    {view.categories.map((c) => (
                      <tr key={c.id}>
                        <th scope="row">
                          <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
                        </th>
                        <td className="num">{formatNumber(view.totals[c.id], 2)} ha</td>
                        <td className="num muted">{formatNumber(view.totals[c.id] / view.cellAreaHa, 0)} cells</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </figure>
            ) : (
              <ClassLegend classes={view.classes} title={shows === 'plan' ? 'Plan' : 'Observed land cover'} />
            )}
            <h4>By class (ha)</h4>
            {rows.length === 0 ? (
              <p className="muted">No change was planned or observed.</p>
            ) : (
              <table className="dense" data-testid="monitor-classes">
                <thead>
                  <tr>
                    <th scope="col">Class</th>
                    <th scope="col" className="num">
                      Planned gain
                    </th>
                    <th scope="col" className="num">
                      Realised
                    </th>
                    <th scope="col" className="num">
                      Not realised
                    </th>
                    <th scope="col" className="num">
                      Unplanned gain
                    </th>
                    <th scope="col" className="num">
                      Unplanned loss
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <tr key={c.id} data-class={c.id}>
                      <th scope="row">{c.name}</th>
                      {[c.plannedHa, c.realisedHa, c.notRealisedHa, c.unplannedGainHa, c.unplannedLossHa].map(
                        (ha, k) => (
                          <td key={k} className="num">
                            {formatNumber(ha, 2)}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      </section>
      <div className="two-col">
        <section className="card" aria-labelledby="monitor-objectives-heading">
          <h3 id="monitor-objectives-heading">Objectives: observed against the plan</h3>
          <ObjectivesTable
            testId="monitor-objectives"
            columns={[
              { name: 'Observed', evaluation: view.scores.observed },
              { name: 'Plan', evaluation: view.scores.plan },
              { name: 'Baseline', evaluation: view.scores.baseline },
            ]}
          />
        </section>
        <section className="card" aria-labelledby="monitor-demands-heading">
          <h3 id="monitor-demands-heading">Demands met or missed</h3>
          <DemandsTable
            columns={[
              { name: 'Observed', evaluation: view.scores.observed },
              { name: 'Plan', evaluation: view.scores.plan },
            ]}
          />
          {observedBroken > 0 && (
            <>
              <h4>Rules the observed state breaks ({formatNumber(observedBroken, 2)} ha)</h4>
              <ViolationsTable evaluation={view.scores.observed} />
            </>
          )}
        </section>
      </div>
    </>
  );
}
