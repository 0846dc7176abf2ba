/** What the engine lists for the app: its info, the bundled scenarios, the recent list and the runs. */
import { useCallback, useEffect, useState } from 'react';
import type { EngineInfo, RecentItem, RunListEntry, ScenarioEntry } from '../../../../engine/src/api/contract.js';
import { api } from '../api/client.js';
import { messageOf } from './errors.js';

export interface EngineLists {
  info: EngineInfo | null;
  scenarios: ScenarioEntry[];
  recent: RecentItem[];
  runs: RunListEntry[];
  /** Set when the engine cannot be reached at all. */
  fatal: string | null;
  /** Reads the recent list and the runs again (after opening, saving or finishing something). */
  refreshLists: () => void;
}

export function useEngineLists(): EngineLists {
  const [info, setInfo] = useState<EngineInfo | null>(null);
  const [scenarios, setScenarios] = useState<ScenarioEntry[]>([]);
  const [recent, setRecent] = useState<RecentItem[]>([]);
  const [runs, setRuns] = useState<RunListEntry[]>([]);
  const [fatal, setFatal] = useState<string | null>(null);

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

  return { info, scenarios, recent, runs, fatal, refreshLists };
}
