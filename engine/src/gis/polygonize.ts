/**
 * Turn a class raster into polygons (GeoJSON in WGS 84, RFC 7946): one Polygon per patch (a
 * 4-connected group of cells with the same value, as `gdal_polygonize` makes them), or one
 * MultiPolygon per class. Exterior rings run counter-clockwise and holes clockwise.
 *
 * Boundaries are traced along cell sides with the patch on the left. Where a patch touches itself
 * only at a corner the tracer turns right, across the contact: the rings on either side of the
 * corner (the exterior and a hole, or two holes) then touch at that point, as OGC simple features
 * allow, and no ring touches itself.
 */
import type { Crs } from './crs.js';
import { crsFromEpsg } from './crs.js';
import { coordinateTransformer } from './crs-transform.js';
import type { Position } from './geojson.js';
import { GisError } from './errors.js';
import type { GridSpec } from './grid.js';
import { cellCenterY, cellCount } from './grid.js';

export interface PolygonizeOptions {
  /** Cells with this value are left out. */
  readonly nodata?: number | null;
  /** 'patches' (default): one Polygon per patch; 'classes': one MultiPolygon per class. */
  readonly mode?: 'patches' | 'classes';
  /** Class names, added as the `name` property. */
  readonly classNames?: ReadonlyMap<number, string> | Readonly<Record<number, string>>;
  /** Output CRS, default WGS 84 (EPSG:4326) as RFC 7946 requires. */
  readonly to?: Crs;
  /** Decimal places kept in output coordinates (default 8 for degrees, 3 otherwise). */
  readonly precision?: number;
}

export interface PolygonFeature {
  readonly type: 'Feature';
  readonly geometry:
    | { readonly type: 'Polygon'; readonly coordinates: Position[][] }
    | { readonly type: 'MultiPolygon'; readonly coordinates: Position[][][] };
  readonly properties: { class: number; name?: string; areaHa: number; cellCount: number; patches?: number };
}

export interface PolygonFeatureCollection {
  readonly type: 'FeatureCollection';
  readonly features: PolygonFeature[];
}

// Sides in counter-clockwise order (map orientation, north up): west, south, east, north.
const SIDE_DC = [-1, 0, 1, 0];
const SIDE_DR = [0, 1, 0, -1];
// Start vertex of each side, as (col, row) offsets of the cell's top-left corner.
const START_DC = [0, 0, 1, 1];
const START_DR = [0, 1, 1, 0];

/**
 * Polygonise a class raster.
 * @example
 * const geojson = polygonize(grid, landuse, { nodata: 255, classNames: { 1: 'Housing', 2: 'Park' } });
 * await fs.writeFile('landuse.geojson', JSON.stringify(geojson));
 */
export function polygonize(
  grid: GridSpec,
  data: ArrayLike<number>,
  options: PolygonizeOptions = {},
): PolygonFeatureCollection {
  const { width, height } = grid;
  const size = cellCount(grid);
  if (data.length !== size)
    throw new GisError('invalid-data', `polygonize: the raster has ${data.length} values, the grid ${size} cells.`);
  const nodata = options.nodata ?? null;
  const skip = (v: number): boolean => Number.isNaN(v) || (nodata !== null && v === nodata);

  // 1. Label 4-connected patches.
  const label = new Int32Array(size).fill(-1);
  const patchValue: number[] = [];
  const patchCells: number[] = [];
  const patchAreaM2: number[] = [];
  const rowArea = new Float64Array(height);
  for (let row = 0; row < height; row++) rowArea[row] = cellAreaM2(grid, row);
  const stack = new Int32Array(size);
  for (let start = 0; start < size; start++) {
    if (label[start] !== -1 || skip(data[start]!)) continue;
    const id = patchValue.length;
    const value = data[start]!;
    let top = 0;
    let cells = 0;
    let area = 0;
    stack[top++] = start;
    label[start] = id;
    while (top > 0) {
      const cell = stack[--top]!;
      const row = (cell / width) | 0;
      const col = cell - row * width;
      cells++;
      area += rowArea[row]!;
      for (let side = 0; side < 4; side++) {
        const c = col + SIDE_DC[side]!;
        const r = row + SIDE_DR[side]!;
        if (c < 0 || r < 0 || c >= width || r >= height) continue;
        const next = r * width + c;
        if (label[next] === -1 && data[next] === value) {
          label[next] = id;
          stack[top++] = next;
        }
      }
    }
    patchValue.push(value);
    patchCells.push(cells);
    patchAreaM2.push(area);
  }

  // 2. Trace rings.
  const isBoundary = (col: number, row: number, side: number): boolean => {
    const c = col + SIDE_DC[side]!;
    const r = row + SIDE_DR[side]!;
    if (c < 0 || r < 0 || c >= width || r >= height) return true;
    return label[r * width + c] !== label[row * width + col];
  };
  const to = options.to ?? crsFromEpsg(4326);
  const transform = coordinateTransformer(grid.crs, to);
  const decimals = options.precision ?? (to.kind === 'geographic' ? 8 : 3);
  const factor = 10 ** decimals;
  const round = (v: number): number => Math.round(v * factor) / factor;
  const toPosition = (vc: number, vr: number): Position => {
    const [x, y] = transform([grid.originX + vc * grid.pixelWidth, grid.originY - vr * grid.pixelHeight]);
    return [round(x), round(y)];
  };

  const exterior: (Position[] | undefined)[] = new Array(patchValue.length);
  const holes: Position[][][] = patchValue.map(() => []);
  const visited = new Uint8Array(size);
  const vertexCols: number[] = [];
  const vertexRows: number[] = [];
  for (let cell = 0; cell < size; cell++) {
    const id = label[cell]!;
    if (id < 0) continue;
    const row0 = (cell / width) | 0;
    const col0 = cell - row0 * width;
    for (let side0 = 0; side0 < 4; side0++) {
      if (visited[cell]! & (1 << side0) || !isBoundary(col0, row0, side0)) continue;
      vertexCols.length = 0;
      vertexRows.length = 0;
      let col = col0;
      let row = row0;
      let side = side0;
      let previousSide = -1;
      for (;;) {
        visited[row * width + col]! |= 1 << side;
        // Record a vertex only where the direction changes.
        if (side !== previousSide) {
          vertexCols.push(col + START_DC[side]!);
          vertexRows.push(row + START_DR[side]!);
        }
        previousSide = side;
        // Next boundary side. N1 is the cell across this cell's next side, N2 the cell diagonal
        // to this one across the vertex. Turn left around this cell when N1 is outside the patch,
        // unless N2 is in it (a corner contact: turn right, so the ring stays simple); go
        // straight along N1 when N1 is in the patch; otherwise turn right onto N2.
        const left = (side + 1) & 3;
        const c1 = col + SIDE_DC[left]!;
        const r1 = row + SIDE_DR[left]!;
        const c2 = c1 + SIDE_DC[side]!;
        const r2 = r1 + SIDE_DR[side]!;
        const diagonalInPatch = c2 >= 0 && r2 >= 0 && c2 < width && r2 < height && label[r2 * width + c2] === id;
        if (isBoundary(col, row, left)) {
          if (diagonalInPatch) {
            col = c2;
            row = r2;
            side = (side + 3) & 3;
          } else side = left;
        } else if (isBoundary(c1, r1, side)) {
          col = c1;
          row = r1;
        } else {
          col = c2;
          row = r2;
          side = (side + 3) & 3;
        }
        if (col === col0 && row === row0 && side === side0) break;
      }
      // Drop the first vertex if the ring closes in a straight line through it.
      if (side0 === previousSide && vertexCols.length > 1) {
        vertexCols.shift();
        vertexRows.shift();
      }
      const ring: Position[] = vertexCols.map((vc, i) => toPosition(vc, vertexRows[i]!));
      ring.push(ring[0]!);
      // Signed area in lattice units (rows point south): negative means counter-clockwise on the map.
      let twiceArea = 0;
      for (let i = 0, n = vertexCols.length; i < n; i++) {
        const j = (i + 1) % n;
        twiceArea += vertexCols[i]! * vertexRows[j]! - vertexCols[j]! * vertexRows[i]!;
      }
      if (twiceArea < 0) exterior[id] = ring;
      else holes[id]!.push(ring);
    }
  }

  const name = (value: number): string | undefined => {
    const names = options.classNames;
    if (!names) return undefined;
    return names instanceof Map ? names.get(value) : (names as Readonly<Record<number, string>>)[value];
  };
  const hectares = (m2: number): number => Math.round((m2 / 10_000) * 10_000) / 10_000;
  const features: PolygonFeature[] = [];
  if ((options.mode ?? 'patches') === 'patches') {
    for (let id = 0; id < patchValue.length; id++) {
      const value = patchValue[id]!;
      const n = name(value);
      features.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [exterior[id]!, ...holes[id]!] },
        properties: {
          class: value,
          ...(n === undefined ? {} : { name: n }),
          areaHa: hectares(patchAreaM2[id]!),
          cellCount: patchCells[id]!,
        },
      });
    }
  } else {
    const byClass = new Map<number, number[]>();
    for (let id = 0; id < patchValue.length; id++) {
      const list = byClass.get(patchValue[id]!) ?? [];
      list.push(id);
      byClass.set(patchValue[id]!, list);
    }
    for (const value of [...byClass.keys()].sort((a, b) => a - b)) {
      const ids = byClass.get(value)!;
      const n = name(value);
      features.push({
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: ids.map((id) => [exterior[id]!, ...holes[id]!]) },
        properties: {
          class: value,
          ...(n === undefined ? {} : { name: n }),
          areaHa: hectares(ids.reduce((sum, id) => sum + patchAreaM2[id]!, 0)),
          cellCount: ids.reduce((sum, id) => sum + patchCells[id]!, 0),
          patches: ids.length,
        },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** Area of one cell of a row in square metres (planar for projected grids). */
function cellAreaM2(grid: GridSpec, row: number): number {
  if (grid.crs.kind !== 'geographic') return grid.pixelWidth * grid.pixelHeight;
  const latitude = (cellCenterY(grid, row) * Math.PI) / 180;
  return grid.pixelWidth * 111_320 * Math.cos(latitude) * grid.pixelHeight * 110_574;
}
