/**
 * The flood zone and the nature reserve, as cell masks (polygonised later).
 */
import { CODE } from './classes.js';
import { GRID_SIZE, pointInRing } from './grid.js';
import { FLOOD_HEIGHT_M } from './landuse.js';
import type { RiverbendLayout } from './layout.js';
import { createRandom, GradientNoise2D } from './random.js';
import { fillHoles, labelComponents, largestComponent, morph } from './masks.js';
import type { Terrain } from './terrain.js';

/** Holes smaller than this (cells, 25 m each) are filled in the flood zone: about 1.9 ha. */
const FLOOD_ZONE_MIN_HOLE = 30;

/**
 * The flood zone: the river and every cell lower than FLOOD_HEIGHT_M above the river that is
 * connected to it through such cells (a "height above nearest drainage" rule), small islands of
 * higher ground filled in.
 */
export function floodZoneMask(terrain: Terrain): Uint8Array {
  const size = GRID_SIZE;
  const low = new Uint8Array(size * size);
  for (let i = 0; i < low.length; i++)
    low[i] = terrain.water[i] || terrain.heightAboveRiver[i]! < FLOOD_HEIGHT_M ? 1 : 0;
  const { labels, sizes } = labelComponents(low, size, size);
  const touchesWater = new Uint8Array(sizes.length);
  for (let i = 0; i < low.length; i++) if (terrain.water[i]) touchesWater[labels[i]!] = 1;
  const connected = low.map((v, i) => (v && touchesWater[labels[i]!] ? 1 : 0));
  return fillHoles(connected, size, size, FLOOD_ZONE_MIN_HOLE);
}

const NATURAL = new Set<number>([CODE.forest, CODE.grassland, CODE.wetland, CODE.water]);

/**
 * The nature reserve: the open land (forest, grassland, wetland, water and farmland) inside the
 * layout's reserve search area, closed over small gaps, as one region without holes; built land
 * stays out. The reserve's former fields have returned to nature: wet meadows and marsh on the
 * low ground, a mosaic of young woods and meadows above it. `codes` is updated in place.
 */
export function reserveMask(layout: RiverbendLayout, terrain: Terrain, codes: Uint8Array, seed: number): Uint8Array {
  const habitat = new GradientNoise2D(createRandom(seed, 'reserve-habitat'));
  const size = GRID_SIZE;
  const candidate = new Uint8Array(size * size);
  const searchArea = new Uint8Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const i = row * size + col;
      if (pointInRing({ col: col + 0.5, row: row + 0.5 }, layout.reserveSearchArea)) {
        searchArea[i] = 1;
        if (NATURAL.has(codes[i]!) || codes[i] === CODE.agriculture) candidate[i] = 1;
      }
    }
  }
  // Close gaps of a cell or two (a field corner, a track), but never beyond the search area.
  const closed = morph(morph(candidate, size, size, 1), size, size, 0).map((v, i) => v & searchArea[i]!);
  const reserve = fillHoles(largestComponent(closed, size, size), size, size);
  for (let i = 0; i < reserve.length; i++) {
    if (!reserve[i]) continue;
    if (codes[i] === CODE.agriculture) {
      const col = i % size;
      const row = (i - col) / size;
      const h = terrain.heightAboveRiver[i]!;
      if (h < 2.6) codes[i] = CODE.wetland;
      else codes[i] = habitat.fbm(col / 7, row / 7, 3) > 0.05 ? CODE.forest : CODE.grassland;
    } else if (!NATURAL.has(codes[i]!)) reserve[i] = 0;
  }
  return reserve;
}
