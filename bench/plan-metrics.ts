/**
 * What a planner sees in a layout, measured the same way before and after a change of the
 * operators (bench only): the changed area, the changed patches (4-connected cells whose class
 * differs from today's, with one from -> to pair) and how much of their outline follows an edge
 * already on the map (a land-cover boundary, or a road or river line of the given layers).
 * Written from the definitions alone (it imports only the study-area type), so it measures old and
 * new code alike.
 */
import type { StudyArea } from '../engine/src/landuse/model/study-area.js';

export interface PlanMetrics {
  /** Changed cells and hectares (genes whose class differs from today's). */
  readonly changedCells: number;
  readonly changedHa: number;
  readonly patches: number;
  /** Patches of one or two cells. */
  readonly tinyPatches: number;
  /** 4-neighbour edges between a patch cell and a cell outside the patch (grid border excluded). */
  readonly boundaryEdges: number;
  /** Of those, edges where today's classes differ or exactly one side lies on a line layer. */
  readonly edgesOnMapEdges: number;
  /** edgesOnMapEdges / boundaryEdges (1 when there is no change). */
  readonly mapEdgeShare: number;
}

/**
 * @param lines per-cell layers of linear features (roads, rivers): a cell with a value > 0 lies on one.
 */
export function planMetrics(
  area: StudyArea,
  genome: ArrayLike<number>,
  lines: readonly Float32Array[] = [],
): PlanMetrics {
  const { width, height, current, geneOfCell } = area;
  const n = width * height;
  const classOf = (cell: number) => {
    const gene = geneOfCell[cell]!;
    return gene >= 0 ? genome[gene]! : current[cell]!;
  };
  const changed = (cell: number) => geneOfCell[cell]! >= 0 && classOf(cell) !== current[cell];
  const onLine = (cell: number) => lines.some((layer) => layer[cell]! > 0);
  const patchOf = new Int32Array(n).fill(-1);
  let patches = 0;
  let tiny = 0;
  let changedCells = 0;
  const stack: number[] = [];
  for (let cell = 0; cell < n; cell++) {
    if (patchOf[cell] !== -1 || !changed(cell)) continue;
    const from = current[cell];
    const to = classOf(cell);
    let size = 0;
    patchOf[cell] = patches;
    stack.push(cell);
    while (stack.length > 0) {
      const c = stack.pop()!;
      size++;
      const x = c % width;
      for (const next of [x + 1 < width ? c + 1 : -1, x > 0 ? c - 1 : -1, c + width < n ? c + width : -1, c - width]) {
        if (next < 0 || patchOf[next] !== -1 || !changed(next)) continue;
        if (current[next] !== from || classOf(next) !== to) continue;
        patchOf[next] = patches;
        stack.push(next);
      }
    }
    changedCells += size;
    if (size <= 2) tiny++;
    patches++;
  }
  let boundaryEdges = 0;
  let edgesOnMapEdges = 0;
  for (let cell = 0; cell < n; cell++) {
    const patch = patchOf[cell]!;
    if (patch < 0) continue;
    const x = cell % width;
    const y = (cell - x) / width;
    for (const next of [
      x + 1 < width ? cell + 1 : -1,
      x > 0 ? cell - 1 : -1,
      y + 1 < height ? cell + width : -1,
      cell - width,
    ]) {
      if (next < 0 || patchOf[next] === patch) continue;
      boundaryEdges++;
      if (current[next] !== current[cell] || onLine(next) !== onLine(cell)) edgesOnMapEdges++;
    }
  }
  return {
    changedCells,
    changedHa: changedCells * area.cellAreaHa,
    patches,
    tinyPatches: tiny,
    boundaryEdges,
    edgesOnMapEdges,
    mapEdgeShare: boundaryEdges > 0 ? edgesOnMapEdges / boundaryEdges : 1,
  };
}
