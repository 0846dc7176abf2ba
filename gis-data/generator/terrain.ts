/**
 * Riverbend's terrain: a flat valley floor that rises gently away from the river, hills on both
 * sides (a smooth rise plus fractal noise and gullies, so slopes run from flat to over 20 deg),
 * three side valleys carved into the hills, and the river channel carved along the floor at a
 * water level that falls steadily downstream. Also derives slope, distance to the river and the
 * height above the river (the flood-risk measure).
 */
import { CELL_SIZE_M, GRID_SIZE, nearestOnPolyline, type GridPoint } from './grid.js';
import type { RiverbendLayout, Side } from './layout.js';
import { createRandom, GradientNoise2D } from './random.js';

export interface Terrain {
  /** Elevation in metres, rounded to centimetres. */
  readonly dem: Float32Array;
  /** Slope in degrees (Horn's method, edges replicated). */
  readonly slope: Float32Array;
  /** Distance from the cell centre to the river centreline, metres. */
  readonly riverDistance: Float32Array;
  /** Height of the cell above the river's water level nearest to it, metres. */
  readonly heightAboveRiver: Float32Array;
  /** 1 where the cell is open water (the river channel or the oxbow lake). */
  readonly water: Uint8Array;
}

/** Half-width of the river channel in metres: channel cells are those whose centre lies within it. */
export const RIVER_HALF_WIDTH_M = 19;
/** Half-width of the oxbow lake's water arc, in cells. */
const OXBOW_HALF_WIDTH = 0.8;

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
const smoothStep = (s: number): number => {
  const c = clamp01(s);
  return c * c * (3 - 2 * c);
};
/** Polynomial smooth minimum: like min(a, b) but rounded over a band of width k. */
const smoothMin = (a: number, b: number, k: number): number => {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
};

/**
 * Build the terrain of a layout.
 * @param layout The valley layout (river, side valleys, oxbow).
 * @param seed The study-area seed (drives the terrain noise).
 */
export function createTerrain(layout: RiverbendLayout, seed: number): Terrain {
  const n = GRID_SIZE * GRID_SIZE;
  const noise = new GradientNoise2D(createRandom(seed, 'terrain'));
  const gullyNoise = new GradientNoise2D(createRandom(seed, 'gullies'));
  const floorNoise = new GradientNoise2D(createRandom(seed, 'floodplain'));
  const dem = new Float32Array(n);
  const riverDistance = new Float32Array(n);
  const heightAboveRiver = new Float32Array(n);
  const water = new Uint8Array(n);
  const river = layout.river;

  /** Fractal roughness of the hills at p (m), growing from nothing on the floor to +-85 m. */
  const roughness = (p: GridPoint, beyondFloor: number): number =>
    (2 + 85 * smoothStep(beyondFloor / 900)) * noise.fbm(p.col / 60, p.row / 60, 5, 0.55) -
    40 * smoothStep(beyondFloor / 500) * gullyNoise.ridged(p.col / 34, p.row / 34, 3);

  /** How far p lies beyond the edge of the valley floor (m; negative on the floor). */
  const beyondFloorAt = (p: GridPoint): { beyondFloor: number; side: Side } => {
    const offsetM = (p.row - layout.axisRow(p.col)) * CELL_SIZE_M;
    const side: Side = offsetM < 0 ? -1 : 1;
    // Spurs and bays along the foot of the hills.
    const lobes = 140 * noise.fbm(p.col / 22 + 100, p.row / 22, 3);
    return { beyondFloor: Math.abs(offsetM) - layout.floorHalfWidth(p.col, side) + lobes, side };
  };

  /** Elevation before the side valleys are carved. */
  const baseElevation = (p: GridPoint, riverDistM: number, level: number): number => {
    const col = p.col;
    const { beyondFloor, side } = beyondFloorAt(p);
    const nearRiver = smoothStep((riverDistM - 40) / 80);
    // Floodplain: a low bank, then a gentle rise away from the river, with small hummocks.
    // The rise saturates about 1 km out, so kinks of the distance field (where the nearest point
    // of the river jumps from one meander to the next) do not scar the hills.
    const fromBank = Math.max(0, riverDistM - RIVER_HALF_WIDTH_M);
    let elevation = level + 0.8 + layout.floodplainGradient(col) * 1000 * (1 - Math.exp(-fromBank / 1000));
    elevation +=
      nearRiver *
      (0.45 * floorNoise.fbm(p.col / 10, p.row / 10, 3) + 0.9 * floorNoise.fbm(p.col / 36 + 9.1, p.row / 36, 2));
    // The backswamp around the oxbow lake: a shallow basin that holds the marsh.
    const oxbowDist = Math.hypot(p.col - layout.oxbow.centre.col, p.row - layout.oxbow.centre.row);
    elevation -= 2.4 * (1 - smoothStep(oxbowDist / 17)) * nearRiver;
    // Hills: a smooth rise from the foot of the slope, rugged with fractal noise and gullies.
    if (beyondFloor > 0) {
      const foot = layout.hillHeight(col, side);
      // Smooth everywhere (softplus for the gentle rise beyond the main slope): kinks would show
      // as lines in a hillshade.
      elevation += foot * smoothStep(beyondFloor / 1150) + 6 * Math.log1p(Math.exp((beyondFloor - 1150) / 150));
    }
    return elevation + roughness(p, beyondFloor);
  };

  const mouthElevations = layout.sideValleys.map((valley) => {
    const mouth = valley.axis[0]!;
    const nearest = nearestRiver(mouth, river);
    // A few metres up, so the side valley does not dig a hollow into the main floor at its mouth.
    return baseElevation(mouth, nearest.distance * CELL_SIZE_M, layout.riverLevel(nearest.col)) + 4;
  });

  // Side valleys only reach cells near their axis: beyond 25 cells (625 m) the carved floor is
  // hundreds of metres above the hills, so skip the distance computation there.
  const reach = 25;
  const valleyBoxes = layout.sideValleys.map((valley) => ({
    minCol: Math.min(...valley.axis.map((p) => p.col)) - reach,
    maxCol: Math.max(...valley.axis.map((p) => p.col)) + reach,
    minRow: Math.min(...valley.axis.map((p) => p.row)) - reach,
    maxRow: Math.max(...valley.axis.map((p) => p.row)) + reach,
  }));

  for (let row = 0; row < GRID_SIZE; row++) {
    for (let col = 0; col < GRID_SIZE; col++) {
      const i = row * GRID_SIZE + col;
      const p: GridPoint = { col: col + 0.5, row: row + 0.5 };
      const nearest = nearestRiver(p, river);
      const distM = nearest.distance * CELL_SIZE_M;
      const level = layout.riverLevel(nearest.col);
      // The terrain is built on the water level of the nearest river point near the river, and of
      // the cell's own column further out: the nearest point jumps between meanders, and its level
      // with it, which would leave steps in the hills.
      const terrainLevel = layout.riverLevel(nearest.col + (p.col - nearest.col) * smoothStep((distM - 100) / 300));
      riverDistance[i] = distM;
      let elevation: number;
      if (distM <= RIVER_HALF_WIDTH_M) {
        elevation = level;
        water[i] = 1;
      } else {
        elevation = baseElevation(p, distM, terrainLevel);
        if (distM > 60) {
          let wallRoughness: number | null = null;
          layout.sideValleys.forEach((valley, v) => {
            const box = valleyBoxes[v]!;
            if (p.col < box.minCol || p.col > box.maxCol || p.row < box.minRow || p.row > box.maxRow) return;
            const { distance, along } = nearestOnPolyline(p, valley.axis);
            const crossM = distance * CELL_SIZE_M;
            // A U-shaped floor 80 m wide whose walls steepen outwards; the walls carry the
            // hills' own roughness, so they are not planes.
            const wall = Math.max(0, crossM - 40);
            wallRoughness ??= roughness(p, 900);
            const floor =
              mouthElevations[v]! +
              valley.gradient * along * CELL_SIZE_M +
              0.22 * wall +
              0.0011 * wall * wall +
              smoothStep(wall / 120) * wallRoughness;
            elevation = smoothMin(elevation, floor, 20);
          });
        }
        // Never below the bank: the river is the lowest ground across the valley.
        elevation = Math.max(elevation, level + 0.3);
      }
      const oxbow = layout.oxbow;
      const oxbowRadial = Math.abs(Math.hypot(p.col - oxbow.centre.col, p.row - oxbow.centre.row) - oxbow.radius);
      if (!water[i] && oxbowRadial <= OXBOW_HALF_WIDTH) {
        const oxbowAngle = Math.atan2(-(p.row - oxbow.centre.row), p.col - oxbow.centre.col);
        if (angleWithin(oxbowAngle, oxbow.fromAngle, oxbow.toAngle)) {
          water[i] = 1;
          elevation = level + 0.2;
        }
      }
      dem[i] = Math.round(elevation * 100) / 100;
      heightAboveRiver[i] = dem[i]! - level;
    }
  }
  return { dem, slope: slopeDegrees(dem), riverDistance, heightAboveRiver, water };
}

/** Whether angle a (radians) lies on the counter-clockwise arc from `from` to `to`. */
function angleWithin(a: number, from: number, to: number): boolean {
  const twoPi = 2 * Math.PI;
  const span = (((to - from) % twoPi) + twoPi) % twoPi;
  const offset = (((a - from) % twoPi) + twoPi) % twoPi;
  return offset <= span;
}

/**
 * Nearest river vertex segment to p, searching the river's vertices within 24 columns (the river
 * has one vertex per column, so that window holds the nearest point for any cell in the valley).
 */
function nearestRiver(p: GridPoint, river: readonly GridPoint[]): { distance: number; col: number } {
  const centre = Math.min(river.length - 1, Math.max(0, Math.floor(p.col)));
  const from = Math.max(0, centre - 24);
  const to = Math.min(river.length - 1, centre + 24);
  let best = Infinity;
  let bestCol = river[centre]!.col;
  for (let k = from + 1; k <= to; k++) {
    const a = river[k - 1]!;
    const b = river[k]!;
    const dx = b.col - a.col;
    const dy = b.row - a.row;
    const t = Math.max(0, Math.min(1, ((p.col - a.col) * dx + (p.row - a.row) * dy) / (dx * dx + dy * dy)));
    const d = Math.hypot(p.col - (a.col + t * dx), p.row - (a.row + t * dy));
    if (d < best) {
      best = d;
      bestCol = a.col + t * dx;
    }
  }
  return { distance: best, col: bestCol };
}

/**
 * Slope in degrees by Horn's method (the one GDAL's `gdaldem slope` uses), with edge cells
 * replicated outwards.
 */
export function slopeDegrees(dem: Float32Array, size = GRID_SIZE, cellSize = CELL_SIZE_M): Float32Array {
  const slope = new Float32Array(size * size);
  const at = (col: number, row: number): number =>
    dem[Math.min(size - 1, Math.max(0, row)) * size + Math.min(size - 1, Math.max(0, col))]!;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const a = at(col - 1, row - 1);
      const b = at(col, row - 1);
      const c = at(col + 1, row - 1);
      const d = at(col - 1, row);
      const f = at(col + 1, row);
      const g = at(col - 1, row + 1);
      const h = at(col, row + 1);
      const k = at(col + 1, row + 1);
      const dzdx = (c + 2 * f + k - (a + 2 * d + g)) / (8 * cellSize);
      const dzdy = (g + 2 * h + k - (a + 2 * b + c)) / (8 * cellSize);
      slope[row * size + col] = (Math.atan(Math.hypot(dzdx, dzdy)) * 180) / Math.PI;
    }
  }
  return slope;
}
