/**
 * Polygons drawn on the Steer card's map as a steered run's lock: their union as a mask of grid
 * cells (map/cell-shapes.ts), sent as runs of cells (rules/cell-runs.ts: tens of kB at 2000 x
 * 2000, where the mask would be 4 MB), and the study-area cells it locks.
 */
import type { FrontView, SteerRunRequest } from '../../../../../engine/src/api/contract.js';
import { cellRuns, NO_CLASS } from '../../../../../engine/src/rules/index.js';
import { encodeInt32 } from '../../api/bytes.js';
import { polygonsMask, type Cell } from '../map/cell-shapes.js';

/** Study-area cells of a mask (cells outside the study area are never locked). */
export function lockedCells(mask: Uint8Array, today: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] && today[i] !== NO_CLASS) count++;
  return count;
}

/** The lock of a steered run for polygons drawn on the map: the cells of their union, as runs. */
export function polygonLock(front: Pick<FrontView, 'grid'>, polygons: readonly Cell[][]): SteerRunRequest['lock'] {
  const mask = polygonsMask(front.grid.width, front.grid.height, polygons);
  return { runs: encodeInt32(cellRuns(mask)), shapes: polygons.length };
}
