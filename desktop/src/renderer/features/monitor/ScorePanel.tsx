/**
 * Score a layout: a planner's own layout (a GeoTIFF of the scenario's land-use codes) on every
 * objective and sub-indicator, its demands and hard rules (violations with their areas), and its
 * position against the open run's front: which front layouts dominate it and by how much, which it
 * dominates. The numbers are `paretoplan score`'s (docs/scoring.md).
 */
import { useMemo, useState } from 'react';
import type { FrontView, OpenedScenario, ScoreView } from '../../../../../engine/src/api/contract.js';
import { NO_CLASS } from '../../../../../engine/src/rules/index.js';
import { api } from '../../api/client.js';
import { ErrorNotice } from '../../components/Notice.js';
import { formatNumber, formatSigned } from '../../format.js';
import { useTask } from '../../state/task.js';
import { ClassLegend } from '../map/Legend.js';
import { MapCanvas } from '../map/MapCanvas.js';
import { paintChange, paintClasses } from '../map/render.js';
import { useClassPalettes } from '../map/use-class-palettes.js';
import { solutionRole } from '../pareto-explorer/front-model.js';
import { DemandsTable, IndicatorsTable, ObjectivesTable, ViolationsTable } from './evaluation-tables.js';
import { GeoTiffField } from './GeoTiffField.js';
import { PlacementChart } from './PlacementChart.js';

export interface ScorePanelProps {
  front: FrontView | null;
  scenario: OpenedScenario | null;
  nativeDialogs: boolean;
}

/** Front layouts listed one by one (the rest are counted). */
const LISTED = 12;

export function ScorePanel({ front, scenario, nativeDialogs }: ScorePanelProps) {
  const [layout, setLayout] = useState('');
  const [scenarioPath, setScenarioPath] = useState(front ? '' : (scenario?.path ?? ''));
  const [place, setPlace] = useState(front !== null);
  const { busy, error, result, run } = useTask<ScoreView>();

  const score = () =>
    run(() =>
      api.scoreLayout({
        layout,
        ...(scenarioPath.trim() ? { scenario: scenarioPath } : {}),
        ...(place && front ? { run: front.dir } : {}),
      }),
    );

  return (
    <div className="score stack">
      <section className="card" aria-labelledby="score-heading">
        <h3 id="score-heading">Score a layout</h3>
        <p className="muted">
          How does your own plan score? Give a layout as a GeoTIFF of the scenario's land-use codes (as the Export tab
          writes a layout), on the scenario's grid (another grid is resampled by nearest neighbour, with a warning).
        </p>
        <div className="form-grid">
          <GeoTiffField
            id="score-layout"
            label="Layout GeoTIFF"
            value={layout}
            onChange={setLayout}
            nativeDialogs={nativeDialogs}
          />
          <div className="path-field">
            <label htmlFor="score-scenario">Scenario</label>
            <input
              id="score-scenario"
              type="text"
              value={scenarioPath}
              spellCheck={false}
              placeholder={front ? "the open run's scenario" : '/path/to/scenario.yaml'}
              onChange={(e) => setScenarioPath(e.target.value)}
            />
            <span className="muted hint">
              {front
                ? 'Empty: the scenario the open run was made with.'
                : 'Open a scenario or a run first, or type its path.'}
            </span>
          </div>
          {front && (
            <label className="check">
              <input type="checkbox" checked={place} onChange={(e) => setPlace(e.target.checked)} /> Place it against
              the open run's front ({front.solutions.length} layouts)
            </label>
          )}
        </div>
        <div className="button-row">
          <button
            type="button"
            className="primary"
            onClick={() => void score()}
            disabled={busy || !layout.trim() || (!scenarioPath.trim() && !(place && front))}
          >
            {busy ? 'Scoring…' : 'Score layout'}
          </button>
        </div>
        <ErrorNotice error={error} />
      </section>
      {result && <ScoreResult view={result} front={place ? front : null} />}
    </div>
  );
}

function ScoreResult({ view, front }: { view: ScoreView; front: FrontView | null }) {
  const [change, setChange] = useState(false);
  const maps = useMemo(() => ({ layout: view.map, current: view.current }), [view]);
  const { palette, unchanged } = useClassPalettes(view.classes);
  const { width, height } = view.grid;
  const pixels = useMemo(() => {
    const out = new Uint32Array(width * height);
    if (change) paintChange(maps.current, maps.layout, palette, unchanged, out);
    else paintClasses(maps.layout, palette, out);
    return out;
  }, [change, maps, palette, unchanged, width, height]);
  const name = (map: Uint8Array, i: number) => (map[i] === NO_CLASS ? '' : (view.classes[map[i]!]?.name ?? ''));
  const missed = view.demands.filter((d) => d.status !== 'met').length;
  const brokenHa = view.violations.reduce((sum, v) => sum + v.ha, 0);
  return (
    <>
      <section className="card" aria-labelledby="score-result-heading">
        <div className="card-head">
          <h3 id="score-result-heading">{view.layout.file.split(/[\\/]/).pop()}</h3>
          <label className="check">
            <input type="checkbox" checked={change} onChange={(e) => setChange(e.target.checked)} /> Change from today
          </label>
        </div>
        <p role="status" data-testid="score-summary">
          {view.feasible ? (
            <strong className="good">Feasible: every rule kept and every demand met.</strong>
          ) : (
            <strong className="bad">
              Not feasible: {missed} demand{missed === 1 ? '' : 's'} missed, {view.violations.length} rule violation
              {view.violations.length === 1 ? '' : 's'} ({formatNumber(brokenHa, 2)} ha).
            </strong>
          )}{' '}
          {formatNumber(view.changedHa, 1)} ha differ from today. Scenario "{view.scenario.name}".
        </p>
        {view.warnings.map((w) => (
          <p key={w} className="notice notice-warn">
            {w}
          </p>
        ))}
        <div className="two-col">
          <div className="stack">
            <MapCanvas
              width={width}
              height={height}
              pixels={pixels}
              label="Map of the scored layout"
              testId="score-map"
              describeCell={(i) => {
                const now = name(maps.layout, i);
                const today = name(maps.current, i);
                return now === today ? now : `${now} (today: ${today})`;
              }}
            />
            <ClassLegend classes={view.classes} title={change ? 'New class (unchanged cells grey)' : 'Land use'} />
          </div>
          <div className="stack">
            <ObjectivesTable testId="score-objectives" columns={[{ name: 'This layout', evaluation: view }]} />
            {view.front && front && <PlacementChart view={view} front={front} />}
            {view.front && <Placement view={view} front={front} />}
          </div>
        </div>
      </section>
      <div className="two-col">
        <section className="card" aria-labelledby="score-indicators-heading">
          <h3 id="score-indicators-heading">Sub-indicators</h3>
          <div className="table-scroll">
            <IndicatorsTable evaluation={view} />
          </div>
        </section>
        <section className="card" aria-labelledby="score-demands-heading">
          <h3 id="score-demands-heading">Demands and rules</h3>
          <DemandsTable columns={[{ name: 'This layout', evaluation: view }]} />
          <h4>Rule violations</h4>
          <ViolationsTable evaluation={view} />
        </section>
      </div>
    </>
  );
}

/** Where the layout stands against the run's front: dominated by which layouts and by how much, dominating which. */
function Placement({ view, front }: { view: ScoreView; front: FrontView | null }) {
  const placement = view.front!;
  const label = (id: number) => {
    const role = front ? solutionRole(front, id) : '';
    return role ? `#${id} ${role}` : `#${id}`;
  };
  return (
    <div data-testid="score-placement" className="stack">
      <h4>Against the open run's front ({placement.layouts} layouts)</h4>
      <p role="status">
        {placement.nonDominated
          ? 'No front layout dominates it: it would belong to the front.'
          : `Dominated by ${placement.dominatedBy.length} front layout${placement.dominatedBy.length === 1 ? '' : 's'}.`}{' '}
        {placement.dominates.length > 0 &&
          `It dominates ${placement.dominates.length} front layout${placement.dominates.length === 1 ? '' : 's'}.`}
        {placement.equals.length > 0 && ` Same values as ${placement.equals.map(label).join(', ')}.`}
        {!view.feasible && ' The front holds only layouts that keep every rule and demand.'}
      </p>
      {placement.dominatedBy.length > 0 && (
        <table className="dense" data-testid="dominated-by">
          <caption className="muted">
            Front layouts that beat it, nearest first: how much better on each objective
          </caption>
          <thead>
            <tr>
              <th scope="col">Layout</th>
              {view.objectives.map((o) => (
                <th key={o.id} scope="col" className="num">
                  {o.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {placement.dominatedBy.slice(0, LISTED).map((d) => (
              <tr key={d.id}>
                <th scope="row">{label(d.id)}</th>
                {d.advantage.map((a, j) => (
                  <td key={j} className="num">
                    {formatSigned(a)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {placement.dominatedBy.length > LISTED && (
        <p className="muted">… and {placement.dominatedBy.length - LISTED} more.</p>
      )}
      {placement.dominates.length > 0 && (
        <p data-testid="dominates">
          Dominates:{' '}
          {placement.dominates
            .slice(0, LISTED)
            .map((d) => label(d.id))
            .join(', ')}
          {placement.dominates.length > LISTED ? ', …' : ''}
        </p>
      )}
    </div>
  );
}
