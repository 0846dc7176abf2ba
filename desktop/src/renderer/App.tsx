import { useEffect, useState } from 'react';
import type { EngineInfo, ScenarioEntry } from '../../../engine/src/api/contract.js';
import { api } from './api/client.js';

export function App() {
  const [info, setInfo] = useState<EngineInfo | null>(null);
  const [scenarios, setScenarios] = useState<ScenarioEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([api.info(), api.listScenarios()])
      .then(([engineInfo, entries]) => {
        setInfo(engineInfo);
        setScenarios(entries);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Pareto Plan</h1>
        <span className="muted">{info ? `engine ${info.engineVersion}` : 'connecting to the engine…'}</span>
      </header>
      <main className="app-main">
        {error && (
          <p role="alert" className="error">
            The engine could not be reached: {error}
          </p>
        )}
        <section aria-labelledby="scenarios-heading">
          <h2 id="scenarios-heading">Scenarios</h2>
          {scenarios === null && !error && <p className="muted">Loading scenarios…</p>}
          {scenarios?.length === 0 && <p className="muted">No scenarios found in {info?.scenariosDir}.</p>}
          <ul className="scenario-list">
            {scenarios?.map((s) => (
              <li key={s.file}>
                <strong>{s.name}</strong>
                <span className="muted"> {s.file}</span>
                {s.description && <p>{s.description}</p>}
              </li>
            ))}
          </ul>
        </section>
      </main>
    </div>
  );
}
