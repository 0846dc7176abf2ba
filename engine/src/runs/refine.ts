/**
 * Coarse to fine (issue 20): a run on a coarser grid of the same area seeds a run on a finer one
 * (`paretoplan run <fine scenario> --seed-from <coarse run>`). The coarse run searches a
 * problem with fewer decision cells (16 times fewer at 4 times the cell size); the fine run starts
 * from its layouts and refines them.
 *
 * A coarse layout is carried onto the fine grid by its changes only: a fine cell takes the class
 * its coarse cell (the one holding the fine cell's centre: nearest neighbour) was changed to, and
 * keeps its own class today wherever the coarse layout keeps the coarse one. So the seed changes
 * what the coarse plan changes and leaves the fine map's detail (a road, a stream, a hamlet
 * smaller than a coarse cell) as it is. The fine run's repair then makes each seed feasible on the
 * fine grid, as it does any seed.
 */
import { cellCenterX, cellCenterY, columnOf, gridBounds, rowOf, type GridSpec } from '../gis/index.js';
import { NO_CLASS, type PreparedScenario } from '../landuse/index.js';
import { layoutOf, type LoadedFront } from './front-io.js';
import { gridOrClassesDifference, gridText, type StudyAreaShape } from './same-study-area.js';

/**
 * Why `coarse` is not a coarser grid of `fine`'s area with its classes, or null when it is: the
 * same coordinate system and classes (ids and codes), larger cells on both axes, and extents that
 * overlap.
 */
export function coarserGridDifference(fine: StudyAreaShape, coarse: StudyAreaShape): string | null {
  const [f, c] = [fine.grid, coarse.grid];
  if (f.crs.epsg !== c.crs.epsg || f.crs.name !== c.crs.name)
    return `its coordinate system is ${c.crs.name}, not ${f.crs.name}`;
  const classes = gridOrClassesDifference(fine, { ...coarse, grid: f });
  if (classes !== null) return classes;
  if (!(c.pixelWidth > f.pixelWidth && c.pixelHeight > f.pixelHeight))
    return `its cells (${c.pixelWidth} x ${c.pixelHeight}) are not larger than the scenario's (${f.pixelWidth} x ${f.pixelHeight})`;
  const [fb, cb] = [gridBounds(f), gridBounds(c)];
  if (cb.minX >= fb.maxX || cb.maxX <= fb.minX || cb.minY >= fb.maxY || cb.maxY <= fb.minY)
    return `its grid (${gridText(c)}) does not overlap the scenario's (${gridText(f)})`;
  return null;
}

/** Per fine cell, the coarse cell holding its centre (-1: outside the coarse grid). */
export function coarseCellOf(fine: GridSpec, coarse: GridSpec): Int32Array {
  const columns = Int32Array.from({ length: fine.width }, (_, col) => {
    const c = Math.floor(columnOf(coarse, cellCenterX(fine, col)));
    return c >= 0 && c < coarse.width ? c : -1;
  });
  const out = new Int32Array(fine.width * fine.height);
  for (let row = 0; row < fine.height; row++) {
    const r = Math.floor(rowOf(coarse, cellCenterY(fine, row)));
    const inside = r >= 0 && r < coarse.height;
    for (let col = 0; col < fine.width; col++) {
      const c = columns[col]!;
      out[row * fine.width + col] = inside && c >= 0 ? r * coarse.width + c : -1;
    }
  }
  return out;
}

/**
 * The layouts `ids` of a run on a coarser grid, carried onto the scenario's grid by their changes
 * (see the module comment): class index per fine cell, NO_CLASS outside the study area.
 */
export function refinedLayouts(front: LoadedFront, ids: readonly number[], prepared: PreparedScenario): Uint8Array[] {
  const fineToday = prepared.studyArea.current;
  const coarseToday = front.current;
  const coarseOf = coarseCellOf(prepared.grid, front.manifest.grid as GridSpec);
  const coarse = new Uint8Array(coarseToday.length);
  return ids.map((id) => {
    layoutOf(front, id, coarse);
    const fine = fineToday.slice();
    for (let i = 0; i < fine.length; i++) {
      const j = coarseOf[i]!;
      if (j < 0 || fine[i] === NO_CLASS) continue;
      const planned = coarse[j]!;
      if (planned !== coarseToday[j] && planned !== NO_CLASS) fine[i] = planned;
    }
    return fine;
  });
}
