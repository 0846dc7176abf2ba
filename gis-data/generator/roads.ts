/**
 * Riverbend's road network: the primary road along the valley, a secondary road up each side
 * valley (the southern one leaves the town centre and crosses the river by the bridge), and a
 * grid of local streets in town aligned with the main road. Local streets never cross the river,
 * and any street not connected to the rest of the network is dropped, so the network is one
 * connected graph.
 */
import { GRID_SIZE, rasteriseLine, type GridPoint } from './grid.js';
import type { RiverbendLayout } from './layout.js';

export type RoadClass = 'primary' | 'secondary' | 'local';

export interface Road {
  readonly roadClass: RoadClass;
  readonly name: string;
  readonly line: readonly GridPoint[];
}

/** Street spacing of the town grid, in cells: along the main road, and across it. */
const BLOCK_ALONG = 7;
const BLOCK_ACROSS = 6;

/** The primary and secondary roads. */
export function majorRoads(layout: RiverbendLayout): Road[] {
  return [
    { roadClass: 'primary', name: 'Valley Road', line: layout.primaryRoad },
    ...layout.sideValleys.map((valley) => ({
      roadClass: 'secondary' as const,
      name: `${valley.name.replace(/ valley$/, '')} Road`,
      line: valley.road,
    })),
  ];
}

/** 1 for every cell a primary or secondary road passes through. */
export function rasteriseRoads(roads: readonly Road[]): Uint8Array {
  const mask = new Uint8Array(GRID_SIZE * GRID_SIZE);
  for (const road of roads) rasteriseLine(mask, road.line);
  return mask;
}

/**
 * The town's street grid: lines parallel and perpendicular to the main road through the town
 * centre, kept where they run inside the town zone and do not cross water.
 * @param townZone 1 for cells of the built-up town (see Landuse.townZone).
 * @param water 1 for open water.
 */
export function localStreets(layout: RiverbendLayout, townZone: Uint8Array, water: Uint8Array): Road[] {
  const centre = layout.townCentre;
  const ahead = layout.primaryRow(centre.col + 4) - layout.primaryRow(centre.col - 4);
  const length = Math.hypot(8, ahead);
  const along = { col: 8 / length, row: ahead / length };
  const across = { col: -along.row, row: along.col };
  const node = (m: number, k: number): GridPoint => ({
    col: centre.col + m * BLOCK_ALONG * along.col + k * BLOCK_ACROSS * across.col,
    row: centre.row + m * BLOCK_ALONG * along.row + k * BLOCK_ACROSS * across.row,
  });
  const cellOf = (p: GridPoint): number => {
    const col = Math.floor(p.col);
    const row = Math.floor(p.row);
    return col < 0 || row < 0 || col >= GRID_SIZE || row >= GRID_SIZE ? -1 : row * GRID_SIZE + col;
  };
  const segmentInTown = (a: GridPoint, b: GridPoint): boolean => {
    for (let s = 0; s <= 20; s++) {
      const t = s / 20;
      const i = cellOf({ col: a.col + t * (b.col - a.col), row: a.row + t * (b.row - a.row) });
      if (i < 0 || !townZone[i] || water[i]) return false;
    }
    return true;
  };

  const streets: Road[] = [];
  const addRuns = (points: GridPoint[], name: string): void => {
    let run: GridPoint[] = [];
    const flush = (): void => {
      if (run.length >= 2) streets.push({ roadClass: 'local', name, line: run });
      run = [];
    };
    for (let j = 1; j < points.length; j++) {
      if (segmentInTown(points[j - 1]!, points[j]!)) {
        if (run.length === 0) run.push(points[j - 1]!);
        run.push(points[j]!);
      } else flush();
    }
    flush();
  };
  const span = 12;
  // Streets parallel to the main road (k = 0 is the main road itself).
  for (let k = -span; k <= span; k++) {
    if (k === 0) continue;
    const points: GridPoint[] = [];
    for (let m = -span; m <= span; m++) points.push(node(m, k));
    addRuns(points, k < 0 ? `North Street ${-k}` : `South Street ${k}`);
  }
  // Cross streets.
  for (let m = -span; m <= span; m++) {
    const points: GridPoint[] = [];
    for (let k = -span; k <= span; k++) points.push(node(m, k));
    addRuns(points, m < 0 ? `West Lane ${-m}` : m > 0 ? `East Lane ${m}` : 'Bridge Lane');
  }
  return connectedOnly(majorRoads(layout), streets);
}

/** The local streets that belong to the network component of the primary road. */
function connectedOnly(major: readonly Road[], streets: readonly Road[]): Road[] {
  const all = [...major, ...streets];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let a = 0; a < all.length; a++) {
    for (let b = a + 1; b < all.length; b++) {
      if (find(a) !== find(b) && linesTouch(all[a]!.line, all[b]!.line)) parent[find(a)] = find(b);
    }
  }
  const root = find(0);
  return streets.filter((_, s) => find(major.length + s) === root);
}

/** Whether two polylines intersect or share a vertex (within 1e-6 cells). */
export function linesTouch(a: readonly GridPoint[], b: readonly GridPoint[]): boolean {
  for (let i = 1; i < a.length; i++) {
    for (let j = 1; j < b.length; j++) {
      if (segmentsTouch(a[i - 1]!, a[i]!, b[j - 1]!, b[j]!)) return true;
    }
  }
  return false;
}

function segmentsTouch(p1: GridPoint, p2: GridPoint, q1: GridPoint, q2: GridPoint): boolean {
  const eps = 1e-6;
  const cross = (o: GridPoint, a: GridPoint, b: GridPoint): number =>
    (a.col - o.col) * (b.row - o.row) - (a.row - o.row) * (b.col - o.col);
  const d1 = cross(q1, q2, p1);
  const d2 = cross(q1, q2, p2);
  const d3 = cross(p1, p2, q1);
  const d4 = cross(p1, p2, q2);
  if (((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps)) && ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps)))
    return true;
  const near = (a: GridPoint, b: GridPoint): boolean => Math.abs(a.col - b.col) < eps && Math.abs(a.row - b.row) < eps;
  return near(p1, q1) || near(p1, q2) || near(p2, q1) || near(p2, q2);
}
