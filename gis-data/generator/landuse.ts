/**
 * Today's land use of Riverbend. The town (a commercial centre, housing around it, an industrial
 * estate downstream by the main road and the river, parks including a riverside park on the
 * floodplain) and two villages are placed first; the rest of the land follows the terrain the way
 * it does in a real valley: open water in the channel and the oxbow, marsh on the lowest
 * floodplain, meadows on the rest of it, arable fields in parcels on the flat floor and gentle
 * slopes, pasture on moderate slopes and forest on the steep ones and the hilltops.
 */
import { CODE } from './classes.js';
import { CELL_SIZE_M, GRID_SIZE, type GridPoint } from './grid.js';
import type { RiverbendLayout } from './layout.js';
import { createRandom, GradientNoise2D } from './random.js';
import type { Terrain } from './terrain.js';

/** Height above the river (m) below which land is flood-prone. */
export const FLOOD_HEIGHT_M = 2.5;
/** Steepest slope (deg) the town was built on. */
const TOWN_MAX_SLOPE = 12;

export interface Landuse {
  /** Class code per cell (see LANDUSE_CLASSES). */
  readonly codes: Uint8Array;
  /**
   * 1 for the town's built-up zone (houses, shops, industry, parks and the road cells inside
   * it): where the local street grid runs.
   */
  readonly townZone: Uint8Array;
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * Classify every cell.
 * @param majorRoads 1 for the cells of the primary and secondary roads.
 */
export function createLanduse(
  layout: RiverbendLayout,
  terrain: Terrain,
  majorRoads: Uint8Array,
  seed: number,
): Landuse {
  const n = GRID_SIZE * GRID_SIZE;
  const codes = new Uint8Array(n);
  const townZone = new Uint8Array(n);
  const noise = new GradientNoise2D(createRandom(seed, 'landuse'));
  const parcels = createParcels(seed);
  const { slope, heightAboveRiver, water, riverDistance, dem } = terrain;
  const centre = layout.townCentre;

  // The town: an ellipse along the valley centred just south of the centre, so it reaches over
  // the bridge to the south bank. Its edge is frayed by noise.
  const townCentreRow = centre.row + 3;
  const townScore = (p: GridPoint): number =>
    Math.hypot((p.col - centre.col) / 50, (p.row - townCentreRow) / 26) + 0.26 * noise.fbm(p.col / 24, p.row / 24, 3);
  const industrialStart = centre.col + 34;
  const industrialEnd = centre.col + 58;
  const parks = [
    { col: centre.col - 21, row: layout.primaryRow(centre.col - 21) - 9, radius: 5.5 },
    { col: centre.col + 15, row: layout.riverRow(centre.col + 15) + 10, radius: 3.8 },
  ];
  const local = createRandom(seed, 'farmsteads');
  const farmsteads: GridPoint[] = [];
  while (farmsteads.length < 9) {
    const col = local.range(8, GRID_SIZE - 8);
    const offset = local.range(4, 9) * (local.next() < 0.5 ? -1 : 1);
    farmsteads.push({ col, row: layout.primaryRow(col) + offset });
  }

  for (let row = 0; row < GRID_SIZE; row++) {
    for (let col = 0; col < GRID_SIZE; col++) {
      const i = row * GRID_SIZE + col;
      const p: GridPoint = { col: col + 0.5, row: row + 0.5 };
      const s = slope[i]!;
      const hand = heightAboveRiver[i]!;
      const flooded = hand < FLOOD_HEIGHT_M;
      if (water[i]) {
        codes[i] = CODE.water;
        continue;
      }
      const score = townScore(p);
      const inTownEllipse = score < 1 && s < TOWN_MAX_SLOPE;
      if (majorRoads[i]) {
        codes[i] = CODE.transport;
        if (inTownEllipse) townZone[i] = 1;
        continue;
      }

      // Industrial estate: flat, dry land between the main road and the river, east of town.
      const alongIndustrial = (p.col - industrialStart) / (industrialEnd - industrialStart);
      const industrialEdge = 0.08 * noise.fbm(p.col / 6 + 50, p.row / 6, 2);
      if (
        alongIndustrial > industrialEdge &&
        alongIndustrial < 1 + industrialEdge &&
        p.row > layout.primaryRow(p.col) - 5 &&
        p.row < layout.riverRow(p.col) - 2 &&
        !flooded &&
        s < 6
      ) {
        codes[i] = CODE.industrial;
        townZone[i] = 1;
        continue;
      }

      if (inTownEllipse) {
        townZone[i] = 1;
        const centreDistM = Math.hypot(p.col - centre.col, p.row - centre.row) * CELL_SIZE_M;
        const nearMainRoad = Math.abs(p.row - layout.primaryRow(p.col)) < 2.3;
        if (flooded) codes[i] = CODE.park;
        else if (centreDistM < 280 + 70 * noise.fbm(p.col / 8, p.row / 8 + 20, 2)) codes[i] = CODE.commercial;
        else if (nearMainRoad && score < 0.72 && noise.fbm(p.col / 5 + 30, p.row / 5, 2) > -0.15)
          codes[i] = CODE.commercial;
        else if (
          parks.some(
            (park) =>
              Math.hypot(p.col - park.col, p.row - park.row) <
              park.radius * (1 + 0.25 * noise.fbm(p.col / 4, p.row / 4 + 60, 2)),
          )
        )
          codes[i] = CODE.park;
        else codes[i] = CODE.residential;
        continue;
      }

      const village = layout.villages.some(
        (v) =>
          Math.hypot(p.col - v.centre.col, p.row - v.centre.row) <
          v.radius * (1 + 0.3 * noise.fbm(p.col / 5 + 80, p.row / 5, 2)),
      );
      if (village && s < 15 && !flooded) {
        codes[i] = CODE.residential;
        continue;
      }
      if (!flooded && s < 8 && farmsteads.some((f) => Math.abs(p.col - f.col) < 1.1 && Math.abs(p.row - f.row) < 0.8)) {
        codes[i] = CODE.residential;
        continue;
      }

      // The open landscape.
      const parcel = parcels.valueAt(p, noise);
      const oxbowDist = Math.hypot(p.col - layout.oxbow.centre.col, p.row - layout.oxbow.centre.row);
      const marshLimit = (oxbowDist < 16 ? 2.3 : 1.6) + 0.6 * noise.fbm(p.col / 7 + 90, p.row / 7, 3);
      if (hand < marshLimit && riverDistance[i]! < 600) {
        codes[i] = CODE.wetland;
        continue;
      }
      // Riverside woods on part of the banks.
      if (riverDistance[i]! < 48 && noise.fbm(p.col / 9 + 120, p.row / 9, 2) > 0.15) {
        codes[i] = CODE.forest;
        continue;
      }
      if (flooded) {
        codes[i] = parcel < 0.78 ? CODE.grassland : CODE.agriculture;
        continue;
      }
      // Height above the valley floor: hilltops are wooded whatever their slope.
      const relief = dem[i]! - layout.riverLevel(p.col);
      const forestSlope = 16 + 6 * noise.fbm(p.col / 14 + 140, p.row / 14, 3);
      const woodlot = noise.fbm(p.col / 11 + 160, p.row / 11, 3) > 0.5;
      const clearing = noise.fbm(p.col / 9 + 180, p.row / 9, 3) > 0.4;
      if (
        (s > forestSlope || relief > 250 + 50 * noise.fbm(p.col / 25, p.row / 25 + 200, 2) || woodlot) &&
        !(clearing && s < 16)
      ) {
        codes[i] = CODE.forest;
        continue;
      }
      const arableSlope = 7.5 + 1.5 * noise.fbm(p.col / 10 + 220, p.row / 10, 2);
      if (s < arableSlope) codes[i] = parcel < 0.74 ? CODE.agriculture : parcel < 0.95 ? CODE.grassland : CODE.forest;
      else codes[i] = parcel < 0.3 ? CODE.agriculture : parcel < 0.85 ? CODE.grassland : CODE.forest;
    }
  }

  smoothOpenLand(codes);

  return { codes, townZone };
}

/**
 * Field parcels: a Voronoi partition of the area (seeds about 300 m apart, boundaries warped by
 * noise so they are not straight), each parcel with a random value in [0, 1) that decides its use.
 */
function createParcels(seed: number): { valueAt(p: GridPoint, noise: GradientNoise2D): number } {
  const rng = createRandom(seed, 'parcels');
  const spacing = 12;
  const perSide = Math.ceil(GRID_SIZE / spacing);
  const seedCol = new Float64Array(perSide * perSide);
  const seedRow = new Float64Array(perSide * perSide);
  const value = new Float64Array(perSide * perSide);
  for (let gy = 0; gy < perSide; gy++) {
    for (let gx = 0; gx < perSide; gx++) {
      const k = gy * perSide + gx;
      seedCol[k] = (gx + rng.range(0.1, 0.9)) * spacing;
      seedRow[k] = (gy + rng.range(0.1, 0.9)) * spacing;
      value[k] = rng.next();
    }
  }
  return {
    valueAt(p, noise) {
      const col = p.col + 2.5 * noise.fbm(p.col / 15 + 300, p.row / 15, 2);
      const row = p.row + 2.5 * noise.fbm(p.col / 15, p.row / 15 + 300, 2);
      const gx = Math.floor(col / spacing);
      const gy = Math.floor(row / spacing);
      let best = Infinity;
      let bestValue = 0;
      for (let y = gy - 1; y <= gy + 1; y++) {
        for (let x = gx - 1; x <= gx + 1; x++) {
          if (x < 0 || y < 0 || x >= perSide || y >= perSide) continue;
          const k = y * perSide + x;
          const d = (seedCol[k]! - col) ** 2 + (seedRow[k]! - row) ** 2;
          if (d < best) {
            best = d;
            bestValue = value[k]!;
          }
        }
      }
      return clamp01(bestValue);
    },
  };
}

/**
 * Remove speckle from the open landscape: a single-cell of agriculture, forest or grassland
 * surrounded mostly by another of these classes takes the majority class of its 8 neighbours.
 */
function smoothOpenLand(codes: Uint8Array): void {
  const open = (c: number): boolean => c === CODE.agriculture || c === CODE.forest || c === CODE.grassland;
  const source = codes.slice();
  const counts = new Uint8Array(16);
  for (let row = 1; row < GRID_SIZE - 1; row++) {
    for (let col = 1; col < GRID_SIZE - 1; col++) {
      const i = row * GRID_SIZE + col;
      if (!open(source[i]!)) continue;
      counts.fill(0);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) if (dx !== 0 || dy !== 0) counts[source[i + dy * GRID_SIZE + dx]!]!++;
      if (counts[source[i]!]! >= 2) continue;
      let best = source[i]!;
      for (const c of [CODE.agriculture, CODE.forest, CODE.grassland]) if (counts[c]! > counts[best]!) best = c;
      if (counts[best]! >= 5) codes[i] = best;
    }
  }
}
