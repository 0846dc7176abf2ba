/**
 * Scenario: open a file (system dialog in Electron, a path in browser mode, the bundled examples,
 * the recent list), see every validation problem with its line, today's land use with overlays,
 * and edit demands, weights and optimiser settings before saving a copy.
 */
import { useEffect, useMemo, useState } from 'react';
import type {
  EngineInfo,
  OpenedScenario,
  RecentItem,
  ScenarioEntry,
  StudyAreaView,
} from '../../../../../engine/src/api/contract.js';
import { api } from '../../api/client.js';
import { ErrorNotice, EmptyState } from '../../components/Notice.js';
import { formatNumber } from '../../format.js';
import { messageOf } from '../../state/errors.js';
import { ClassLegend } from '../map/Legend.js';
import { MapCanvas } from '../map/MapCanvas.js';
import { classPalette, paintClasses, paintMask, paintMaskOutline } from '../map/render.js';
import { SettingsForm } from './SettingsForm.js';

export interface ScenarioPanelProps {
  info: EngineInfo | null;
  scenarios: ScenarioEntry[];
  recent: RecentItem[];
  scenario: OpenedScenario | null;
  onOpen: (path: string) => Promise<void>;
  onOpenRun: (dir: string) => void;
  onOpened: (scenario: OpenedScenario) => void;
  onGoToRun: () => void;
  busy: boolean;
  error: string | null;
}

export function ScenarioPanel(props: ScenarioPanelProps) {
  const { info, scenarios, recent, scenario } = props;
  const [path, setPath] = useState('');

  const browse = async () => {
    const chosen = await api.chooseFile('open-scenario', scenario?.path);
    if (chosen) await props.onOpen(chosen);
  };

  return (
    <div className="scenario-layout">
      <aside className="sidebar" aria-label="Open a scenario">
        <form
          className="open-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (path.trim()) void props.onOpen(path.trim());
          }}
        >
          <label htmlFor="scenario-path">Scenario file</label>
          <div className="input-row">
            <input
              id="scenario-path"
              type="text"
              placeholder="/path/to/scenario.yaml"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              spellCheck={false}
            />
            <button type="submit" disabled={!path.trim() || props.busy}>
              Open
            </button>
          </div>
          {info?.nativeDialogs && (
            <button type="button" onClick={() => void browse()}>
              Browse…
            </button>
          )}
        </form>
        <section aria-labelledby="examples-heading">
          <h3 id="examples-heading">Bundled examples</h3>
          {scenarios.length === 0 ? (
            <p className="muted">No example scenarios found{info ? ` in ${info.scenariosDir}` : ''}.</p>
          ) : (
            <ul className="pick-list">
              {scenarios.map((s) => (
                <li key={s.path}>
                  <button
                    type="button"
                    className={scenario?.path === s.path ? 'pick active' : 'pick'}
                    onClick={() => void props.onOpen(s.path)}
                    aria-label={`Open example ${s.name}`}
                  >
                    <span className="pick-title">{s.name}</span>
                    <span className="pick-sub">{s.file}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="recent-heading">
          <h3 id="recent-heading">Recent</h3>
          {recent.length === 0 ? (
            <p className="muted">Scenarios and runs you open appear here.</p>
          ) : (
            <ul className="pick-list">
              {recent.map((r) => (
                <li key={`${r.kind}:${r.path}`}>
                  <button
                    type="button"
                    className="pick"
                    onClick={() => (r.kind === 'scenario' ? void props.onOpen(r.path) : props.onOpenRun(r.path))}
                    aria-label={`Open recent ${r.kind} ${r.name}`}
                    title={r.path}
                  >
                    <span className="pick-title">
                      <span className={`tag tag-${r.kind}`}>{r.kind}</span> {r.name}
                    </span>
                    <span className="pick-sub">{r.path}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </aside>
      <section className="content" aria-label="Scenario details">
        <ErrorNotice error={props.error} />
        {props.busy && (
          <p className="muted" role="status">
            Reading the scenario and its layers…
          </p>
        )}
        {!scenario && !props.busy && (
          <EmptyState title="No scenario open">
            <p>Open one of the bundled examples on the left, or type the path of a scenario file.</p>
          </EmptyState>
        )}
        {scenario && <ScenarioDetails scenario={scenario} onOpened={props.onOpened} onGoToRun={props.onGoToRun} />}
      </section>
    </div>
  );
}

function ScenarioDetails({
  scenario,
  onOpened,
  onGoToRun,
}: {
  scenario: OpenedScenario;
  onOpened: (s: OpenedScenario) => void;
  onGoToRun: () => void;
}) {
  return (
    <>
      <header className="content-header">
        <div>
          <h2>{scenario.name}</h2>
          <p className="muted path">{scenario.path}</p>
        </div>
        <div className="header-actions">
          <span className={`status-pill ${scenario.ok ? 'ok' : 'bad'}`} role="status">
            {scenario.ok ? 'Valid' : `${scenario.errors.length} problem${scenario.errors.length === 1 ? '' : 's'}`}
          </span>
          <button type="button" className="primary" disabled={!scenario.ok} onClick={onGoToRun}>
            Run this scenario…
          </button>
        </div>
      </header>
      {scenario.description && <p className="description">{scenario.description}</p>}
      {scenario.errors.length > 0 && <IssueList title="Problems" issues={scenario.errors} kind="error" />}
      {scenario.warnings.length > 0 && <IssueList title="Warnings" issues={scenario.warnings} kind="warning" />}
      {scenario.summary && (
        <div className="two-col">
          <StudyAreaMap path={scenario.path} />
          <div className="stack">
            <ClassTable scenario={scenario} />
            {scenario.settings && <SettingsForm scenario={scenario} onSaved={onOpened} />}
          </div>
        </div>
      )}
    </>
  );
}

function IssueList({
  title,
  issues,
  kind,
}: {
  title: string;
  issues: OpenedScenario['errors'];
  kind: 'error' | 'warning';
}) {
  return (
    <section className={`issues issues-${kind}`} aria-label={title} role={kind === 'error' ? 'alert' : undefined}>
      <h3>
        {title} ({issues.length})
      </h3>
      <table className="dense">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Field</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, i) => (
            <tr key={i} data-testid="issue">
              <td className="num">{issue.line ?? '–'}</td>
              <td className="mono">{issue.path || '–'}</td>
              <td>{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ClassTable({ scenario }: { scenario: OpenedScenario }) {
  const s = scenario.summary!;
  return (
    <section aria-labelledby="classes-heading" className="card">
      <h3 id="classes-heading">
        Study area{' '}
        <span className="muted">
          {s.grid.width} × {s.grid.height} cells of {formatNumber(s.grid.cellSizeM, 0)} m ·{' '}
          {formatNumber(s.studyAreaHa, 0)} ha, {formatNumber(s.changeableHa, 0)} ha may change
        </span>
      </h3>
      <table className="dense">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">
              Today ha
            </th>
            <th scope="col" className="num">
              Locked ha
            </th>
            <th scope="col" className="num">
              Demand ha
            </th>
          </tr>
        </thead>
        <tbody>
          {s.classes.map((c) => (
            <tr key={c.id}>
              <td>
                <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
              </td>
              <td className="num">{formatNumber(c.todayHa, 0)}</td>
              <td className="num">{formatNumber(c.lockedHa, 0)}</td>
              <td className="num">
                {c.minHa === null && c.maxHa === null
                  ? '–'
                  : `${c.minHa === null ? '' : formatNumber(c.minHa, 0)} – ${c.maxHa === null ? '' : formatNumber(c.maxHa, 0)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function StudyAreaMap({ path }: { path: string }) {
  const [area, setArea] = useState<{ view: StudyAreaView; current: Uint8Array; masks: Uint8Array[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Record<string, boolean>>({});

  useEffect(() => {
    let live = true;
    setArea(null);
    api
      .studyArea(path)
      .then((view) => {
        if (!live) return;
        setArea({ view, current: view.current, masks: view.overlays.map((o) => o.mask) });
        setShown(Object.fromEntries(view.overlays.map((o) => [o.id, o.role === 'protected' || o.id === 'roads'])));
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [path]);

  const pixels = useMemo(() => {
    if (!area) return null;
    const out = new Uint32Array(area.view.width * area.view.height);
    paintClasses(area.current, classPalette(area.view.classes.map((c) => c.color)), out);
    // Areas as a light tint with a solid edge (readable on any class); features (roads, points) solid.
    area.view.overlays.forEach((o, i) => {
      if (!shown[o.id]) return;
      if (o.role === 'feature') paintMask(area.masks[i]!, o.color, 1, out);
      else {
        paintMask(area.masks[i]!, o.color, 0.3, out);
        paintMaskOutline(area.masks[i]!, area.view.width, o.color, out);
      }
    });
    return out;
  }, [area, shown]);

  return (
    <section className="card map-card" aria-labelledby="today-heading">
      <h3 id="today-heading">Land use today</h3>
      <ErrorNotice error={error} />
      <MapCanvas
        width={area?.view.width ?? 240}
        height={area?.view.height ?? 240}
        pixels={pixels}
        label="Map of today's land use"
        emptyText="Loading the study area…"
        testId="study-area-map"
        georeference={area?.view.georeference}
        describeCell={(i) => (area && area.current[i]! < 255 ? area.view.classes[area.current[i]!]!.name : '')}
      />
      {area && (
        <div className="legend-row">
          <ClassLegend classes={area.view.classes} />
          <fieldset className="legend overlays">
            <legend>Overlays</legend>
            {area.view.overlays.map((o) => (
              <label key={o.id} className="check">
                <input
                  type="checkbox"
                  checked={!!shown[o.id]}
                  onChange={(e) => setShown({ ...shown, [o.id]: e.target.checked })}
                />
                <span className="swatch" style={{ background: o.color }} aria-hidden="true" /> {o.label}
              </label>
            ))}
          </fieldset>
        </div>
      )}
    </section>
  );
}
