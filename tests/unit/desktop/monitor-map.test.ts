/** The Monitor view's ring around departures from the plan (desktop/src/renderer/features/monitor/monitor-map.ts). */
import { describe, expect, it } from 'vitest';
import { MONITOR_CATEGORIES } from '../../../engine/src/api/index.js';
import {
  departureValues,
  RING_CELLS,
  ringDepartures,
} from '../../../desktop/src/renderer/features/monitor/monitor-map.js';

describe('ringDepartures', () => {
  const values = departureValues(MONITOR_CATEGORIES.map((c) => ({ ...c })));

  it('takes the departures and the kept cells from the engine categories', () => {
    expect([...values.departures].sort()).toEqual([3, 4]);
    expect(values.kept).toBe(1);
  });

  it('rings a single departure over kept cells only, within the grid', () => {
    const width = 9;
    const height = 7;
    const map = new Uint8Array(width * height).fill(1);
    map[0] = 0; // outside the study area
    map[1 * width + 1] = 2; // a realised change
    map[1 * width + 2] = 4; // one unplanned cell near the corner
    const halo = Uint32Array.from({ length: 256 }, (_, v) => 1000 + v);
    const out = new Uint32Array(map.length).fill(7);
    ringDepartures(map, width, height, values, halo, out);
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) {
        const i = r * width + c;
        const near = Math.abs(r - 1) <= RING_CELLS && Math.abs(c - 2) <= RING_CELLS;
        expect(out[i], `cell ${r},${c}`).toBe(near && map[i] === 1 ? 1004 : 7);
      }
  });
});
