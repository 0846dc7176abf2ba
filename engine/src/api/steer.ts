/**
 * The explorer's Steer action: the steering of a new run (runs/steering.ts) from layouts picked in
 * a run's front — they seed the new run — and a lock: the cells where they agree, a rectangle of
 * cells or polygons drawn on the map (sent as runs of cells), or nothing; and optionally narrowed
 * objective ranges (`--min`/`--max`).
 */
import { checkObjectiveBounds, NO_CLASS } from '../landuse/index.js';
import { layoutOf, loadFront, RunInputError, type LoadedFront } from '../runs/index.js';
import type { SteeringOptions } from '../runs/steering.js';
import type { SteerRunRequest } from './contract.js';
import { maskOfRuns } from '../rules/index.js';
import { int32sOf } from './request-bytes.js';

/** The lock label a run folder records for the agreement of its seeding layouts. */
export const AGREEMENT_LOCK_LABEL = 'the cells where the seeding layouts agree';

/** What a steered run starts from: its scenario, its steering, and how many cells it locks. */
export interface SteeringPlan {
  scenario: string;
  steering: SteeringOptions;
  lockedCells: number;
}

/**
 * The steering of a request on run `dir` (a checked run folder).
 * @throws RunInputError for unknown ids, an agreement of fewer than two layouts, a rectangle off the grid.
 */
export async function planSteering(
  dir: string,
  request: Pick<SteerRunRequest, 'ids' | 'lock' | 'layouts' | 'objectiveBounds'>,
): Promise<SteeringPlan> {
  const front = await loadFront(dir);
  const ids = [...new Set(request.ids)];
  const layouts = request.layouts ?? [];
  if (ids.length === 0 && layouts.length === 0) throw new RunInputError('Pick at least one layout to steer from.');
  const unknown = ids.filter((id) => !Number.isInteger(id) || id < 0 || id >= front.rows);
  if (unknown.length > 0)
    throw new RunInputError(
      `Layout${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not on the front of ${dir} (ids 0 to ${front.rows - 1}).`,
    );
  const seeds = {
    ...(ids.length > 0 ? { seedFrom: { dir: front.dir, ids } } : {}),
    ...(layouts.length > 0 ? { seedLayouts: layouts } : {}),
  };
  let mask: Uint8Array | null = null;
  let label = '';
  if (request.lock === 'agreement') {
    if (ids.length < 2)
      throw new RunInputError('Locking the cells where layouts agree needs two or more layouts: pick another one.');
    mask = agreementMask(front, ids);
    label = AGREEMENT_LOCK_LABEL;
  } else if (request.lock !== 'none' && 'runs' in request.lock) {
    mask = drawnMask(front, request.lock.runs);
    const shapes = request.lock.shapes;
    label = `${shapes === 1 ? 'a polygon' : `${shapes} polygons`} drawn on the map`;
  } else if (request.lock !== 'none') {
    mask = rectangleMask(front, request.lock.rect);
    const { col, row, width, height } = request.lock.rect;
    label = `the rectangle of ${width} x ${height} cells from column ${col}, row ${row}`;
  }
  const lockedCells = mask ? countInside(front, mask) : 0;
  if (mask && lockedCells === 0)
    throw new RunInputError(`${label[0]!.toUpperCase()}${label.slice(1)}: no cell to lock.`);
  const bounds = request.objectiveBounds?.filter((b) => b.min !== null || b.max !== null) ?? [];
  // Checked now, against the run's objectives, so that the Steer card shows a mistake at once.
  checkObjectiveBounds(
    front.manifest.objectives.map((o) => o.id),
    bounds,
    'The objective {side}imum',
  );
  return {
    scenario: front.manifest.scenario.path,
    steering: {
      ...seeds,
      ...(mask ? { lock: { mask, label } } : {}),
      ...(bounds.length > 0 ? { objectiveBounds: bounds } : {}),
    },
    lockedCells,
  };
}

/** 1 where every one of the layouts has the same class (study-area cells only). */
export function agreementMask(front: LoadedFront, ids: readonly number[]): Uint8Array {
  const [first, ...others] = ids.map((id) => layoutOf(front, id));
  const mask = new Uint8Array(front.current.length);
  for (let i = 0; i < mask.length; i++) {
    if (front.current[i] === NO_CLASS) continue;
    const c = first![i];
    mask[i] = others.every((layout) => layout[i] === c) ? 1 : 0;
  }
  return mask;
}

function rectangleMask(
  front: LoadedFront,
  rect: { col: number; row: number; width: number; height: number },
): Uint8Array {
  const { width: W, height: H } = front.manifest.grid;
  const { col, row, width, height } = rect;
  if (col < 0 || row < 0 || width < 1 || height < 1 || col + width > W || row + height > H)
    throw new RunInputError(
      `The rectangle to lock (column ${col}, row ${row}, ${width} x ${height} cells) is not inside the ${W} x ${H} grid.`,
    );
  const mask = new Uint8Array(W * H);
  for (let y = row; y < row + height; y++) mask.fill(1, y * W + col, y * W + col + width);
  return mask;
}

/** Cells drawn on the map, sent as runs of Int32 little-endian pairs in base64 (rules/cell-runs.ts), as a mask of the grid. */
function drawnMask(front: LoadedFront, encoded: string): Uint8Array {
  const { width: W, height: H } = front.manifest.grid;
  const bytes = Buffer.from(encoded, 'base64');
  const runs = int32sOf(bytes);
  if (!runs || runs.length % 2 !== 0)
    throw new RunInputError(
      `lock.runs must be pairs of Int32 (first cell, number of cells) as base64: ${bytes.length} bytes is not a multiple of 8.`,
    );
  try {
    return maskOfRuns(runs, W * H);
  } catch (error) {
    throw new RunInputError(
      `lock.runs does not fit the ${W} x ${H} grid of ${front.dir}: ${(error as Error).message}.`,
    );
  }
}

function countInside(front: LoadedFront, mask: Uint8Array): number {
  let cells = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] && front.current[i] !== NO_CLASS) cells++;
  return cells;
}
