/**
 * Whether two runs (or a run and a scenario) are on the same study area: the same grid (size,
 * cell size, origin, coordinate system), the same classes in the same order (ids and raster codes)
 * and the same land use today, cell by cell. Layouts compared cell by cell (agreement across runs,
 * the report's "Agreement across runs") and a run seeding another (steering) must be; otherwise a
 * cell index or a class index would not mean the same thing in both.
 *
 * One definition, used by runs/cross-run-agreement.ts and runs/steering.ts; each names the run
 * that differs in its own message.
 */
import { sameGrid, type GridSpec } from '../gis/index.js';

/** What the check compares; a run manifest's grid and classes fit, and so do a prepared scenario's. */
export interface StudyAreaShape {
  readonly grid: GridSpec;
  readonly classes: readonly { readonly id: string; readonly codes: readonly number[] }[];
}

/** The cheap part (no map read): why `other`'s grid or classes are not `reference`'s, or null. */
export function gridOrClassesDifference(reference: StudyAreaShape, other: StudyAreaShape): string | null {
  const [a, b] = [reference.grid, other.grid];
  if (!sameGrid(a, b) || a.crs.name !== b.crs.name) return `its grid is ${gridText(b)}, not ${gridText(a)}`;
  const classes = (shape: StudyAreaShape) => shape.classes.map((c) => `${c.id}=${c.codes.join('/')}`).join(', ');
  if (classes(reference) !== classes(other)) return `its classes are ${classes(other)}, not ${classes(reference)}`;
  return null;
}

/**
 * Why `other` is not on `reference`'s study area (grid, classes, today's land use), or null.
 * @param current today's class per grid cell of each (NO_CLASS outside)
 */
export function studyAreaDifference(
  reference: StudyAreaShape & { readonly current: Uint8Array },
  other: StudyAreaShape & { readonly current: Uint8Array },
): string | null {
  const differs = gridOrClassesDifference(reference, other);
  if (differs !== null) return differs;
  const width = reference.grid.width;
  const differing = reference.current.findIndex((c, i) => other.current[i] !== c);
  if (differing >= 0)
    return `today's land use differs (first at row ${Math.floor(differing / width)}, column ${differing % width})`;
  return null;
}

/** A grid in words, for messages. */
export function gridText(g: GridSpec): string {
  return `${g.width} x ${g.height} cells of ${g.pixelWidth} at (${g.originX}, ${g.originY}) in ${g.crs.name}`;
}
