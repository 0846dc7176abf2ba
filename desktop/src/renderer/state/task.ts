/** One request to the engine at a time from a form: whether it runs, its result and its error. */
import { useCallback, useState } from 'react';
import { messageOf } from './errors.js';

export interface Task<T> {
  busy: boolean;
  error: string | null;
  /** The last successful result (kept while a new request runs or fails). */
  result: T | null;
  run: (work: () => Promise<T>) => Promise<void>;
}

export function useTask<T>(): Task<T> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<T | null>(null);
  const run = useCallback(async (work: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await work());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, result, run };
}
