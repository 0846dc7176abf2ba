/** Layout class maps fetched from the engine once and kept (most recently used) in memory. */
import { useEffect, useState } from 'react';
import type { LayoutRef } from '../../../../engine/src/api/contract.js';
import { api } from '../api/client.js';
import { messageOf } from './errors.js';

const cache = new Map<string, Promise<Uint8Array>>();
const LIMIT = 48;

export function fetchLayout(dir: string, id: LayoutRef): Promise<Uint8Array> {
  const key = `${dir}\u0000${id}`;
  let hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  hit = api.layoutMap(dir, id).then((view) => view.classes);
  hit.catch(() => cache.delete(key));
  cache.set(key, hit);
  while (cache.size > LIMIT) cache.delete(cache.keys().next().value!);
  return hit;
}

/** Forget a run's maps (its front changed). */
export function forgetLayouts(dir: string): void {
  for (const key of [...cache.keys()]) if (key.startsWith(`${dir}\u0000`)) cache.delete(key);
}

/** The class maps of some layouts of a run; entries are null while loading. */
export function useLayouts(
  dir: string | null,
  ids: readonly LayoutRef[],
): { maps: (Uint8Array | null)[]; error: string | null } {
  const key = ids.join(',');
  const [state, setState] = useState<{ key: string; maps: (Uint8Array | null)[]; error: string | null }>({
    key: '',
    maps: [],
    error: null,
  });
  useEffect(() => {
    if (!dir) return;
    let live = true;
    const list = key === '' ? [] : key.split(',').map((k) => (k === 'today' ? 'today' : Number(k)));
    setState((s) => ({ key, maps: list.map((_, i) => (s.key === key ? (s.maps[i] ?? null) : null)), error: null }));
    Promise.all(list.map((id) => fetchLayout(dir, id)))
      .then((maps) => live && setState({ key, maps, error: null }))
      .catch((e: unknown) => live && setState({ key, maps: list.map(() => null), error: messageOf(e) }));
    return () => {
      live = false;
    };
  }, [dir, key]);
  return state.key === key ? state : { maps: ids.map(() => null), error: null };
}
