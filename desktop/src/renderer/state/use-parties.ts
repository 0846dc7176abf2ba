/**
 * The parties' analysis of the open run: loaded from a parties file, the scenario's `parties:`
 * section or edited parties; a newly opened run is judged by the parties file named like its
 * scenario (or its family's), else by the scenario's own section, quietly nothing when it has neither.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FrontView, PartiesView, PartyInput } from '../../../../engine/src/api/contract.js';
import { api } from '../api/client.js';
import { partiesFileCandidates, partyPicks } from '../features/parties/parties-model.js';
import { messageOf } from './errors.js';

export function useParties(front: FrontView | null) {
  const [parties, setParties] = useState<PartiesView | null>(null);
  const [partiesFile, setPartiesFile] = useState('');
  const [partiesBusy, setPartiesBusy] = useState(false);
  const [partiesError, setPartiesError] = useState<string | null>(null);
  const picks = useMemo(() => partyPicks(parties), [parties]);

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

  return { parties, partiesFile, partiesBusy, partiesError, picks, loadParties };
}
