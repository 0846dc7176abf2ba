/** Painting the Monitor view's map: pure functions over typed arrays, as in features/map/render.ts. */
import type { MonitorCategoryView } from '../../../../../engine/src/api/contract.js';

/** How far a ring cell's colour fades towards white. */
export const RING_FADE = 0.55;
/** Width of the ring, in cells. */
export const RING_CELLS = 2;

/** The map values of the departures from the plan (not realised, unplanned) and of "kept" cells. */
export function departureValues(categories: readonly MonitorCategoryView[]): { departures: Set<number>; kept: number } {
  const value = (id: MonitorCategoryView['id']) => categories.find((c) => c.id === id)?.value ?? -1;
  return { departures: new Set([value('notRealised'), value('unplanned')]), kept: value('kept') };
}

/**
 * Draws a ring of `RING_CELLS` cells in `halo[value]` (a pale tint of the category's colour)
 * around every departure from the plan, over kept cells only, so that single cells stay visible
 * when the whole study area is shown. Departures and other categories are left as painted.
 */
export function ringDepartures(
  map: Uint8Array,
  width: number,
  height: number,
  values: { departures: ReadonlySet<number>; kept: number },
  halo: Uint32Array,
  out: Uint32Array,
): void {
  for (let i = 0; i < map.length; i++) {
    const value = map[i]!;
    if (!values.departures.has(value)) continue;
    const row = Math.floor(i / width);
    const col = i % width;
    for (let r = Math.max(0, row - RING_CELLS); r <= Math.min(height - 1, row + RING_CELLS); r++)
      for (let c = Math.max(0, col - RING_CELLS); c <= Math.min(width - 1, col + RING_CELLS); c++) {
        const j = r * width + c;
        if (map[j] === values.kept) out[j] = halo[value]!;
      }
  }
}
