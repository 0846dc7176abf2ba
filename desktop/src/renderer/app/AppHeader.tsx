/**
 * The app's header: the tabs, and what is open: the scenario being edited and, when a run is open
 * too, the run being explored (each named, since they may differ).
 */
import type { EngineInfo, FrontView, OpenedScenario } from '../../../../engine/src/api/contract.js';
import { TABS, tabAfterKey, type Tab } from './tabs.js';

export interface AppHeaderProps {
  tab: Tab;
  onTab: (tab: Tab) => void;
  info: EngineInfo | null;
  scenario: OpenedScenario | null;
  front: FrontView | null;
  running: boolean;
  compareCount: number;
}

export function AppHeader({ tab, onTab, info, scenario, front, running, compareCount }: AppHeaderProps) {
  const onTabKey = (event: React.KeyboardEvent, index: number) => {
    const next = tabAfterKey(event.key, index);
    if (!next) return;
    event.preventDefault();
    onTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
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
            onClick={() => onTab(id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {label}
            {id === 'run' && running && <span className="dot" aria-label="running" />}
            {id === 'compare' && compareCount > 0 && <span className="count">{compareCount}</span>}
          </button>
        ))}
      </nav>
      <div className="context muted" data-testid="header-context">
        {scenario ? (
          <span title={scenario.path}>Editing: {scenario.name}</span>
        ) : (
          !front && <span>No scenario open</span>
        )}
        {front && (
          <span title={front.dir}>
            Exploring: run of {front.scenarioName},{' '}
            {new Date(front.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
          </span>
        )}
        <span className="version">{info ? `engine ${info.engineVersion}` : 'connecting…'}</span>
      </div>
    </header>
  );
}
