/**
 * Travel time to a layer over roads and terrain (a `derive: travelTime` layer), by accumulated
 * cost distance over a friction surface (GIS `costDistance`: Dijkstra on the 8-connected grid, a
 * step costs its length times the mean friction of its two cells).
 *
 * Friction of a cell, in minutes per metre = 60 / (1000 * speed in km/h):
 * - a barrier layer (> 0) makes it impassable;
 * - else the first `speeds` layer covering it (> 0) gives its speed (roads by type);
 * - else the off-road speed, slowed on steep ground by Tobler's hiking function
 *   v(s) = 6 exp(-3.5 |s + 0.05|) km/h with s = tan(slope): a cell's slope has no direction, so the
 *   factor is the mean of uphill and downhill, (v(s) + v(-s)) / 2, relative to flat ground v(0).
 *
 * The layer's values are the times expressed as the distance walked in the same time at the off-road
 * speed (minutes x metres per minute), so the access indicators' distances ("within 800 m") read as
 * times ("within 10 minutes" at 4.8 km/h) without a unit of their own. Unreachable cells: Infinity.
 */
import { costDistance, type GridSpec } from '../../gis/index.js';
import type { ResolvedTravel } from '../scenario/types.js';
import { fillBy } from '../../io/typed-map.js';

const toblerKmh = (tangent: number): number => 6 * Math.exp(-3.5 * Math.abs(tangent + 0.05));

/** Off-road speed factor on a slope (degrees): 1 on flat ground, smaller on steep ground. */
export function toblerFactor(slopeDegrees: number): number {
  if (!Number.isFinite(slopeDegrees)) return 1;
  const s = Math.tan((Math.min(Math.abs(slopeDegrees), 89) * Math.PI) / 180);
  return (toblerKmh(s) + toblerKmh(-s)) / 2 / toblerKmh(0);
}

/** Minutes per metre at a speed in km/h. */
const minutesPerMetre = (kmh: number): number => 60 / (kmh * 1000);

/**
 * The friction surface (minutes per metre; -1 impassable) of a travel specification.
 * @param layers every layer of the scenario on the grid, by name.
 */
export function frictionSurface(
  size: number,
  travel: ResolvedTravel,
  layers: Readonly<Record<string, Float32Array>>,
): Float32Array {
  const friction = new Float32Array(size);
  const barriers = travel.barriers.map((name) => layers[name]!);
  const speeds = travel.speeds.map(({ layer, kmh }) => ({ values: layers[layer]!, perMetre: minutesPerMetre(kmh) }));
  const slope = travel.slope === null ? null : layers[travel.slope]!;
  const offRoad = minutesPerMetre(travel.offRoad);
  for (let i = 0; i < size; i++) {
    if (barriers.some((b) => b[i]! > 0)) {
      friction[i] = -1;
      continue;
    }
    const road = speeds.find((s) => s.values[i]! > 0);
    friction[i] = road ? road.perMetre : slope ? offRoad / toblerFactor(slope[i]!) : offRoad;
  }
  return friction;
}

/** Walking-equivalent travel distance (m) from every cell to the cells > 0 of `sources`. */
export function travelTime(
  grid: GridSpec,
  sources: Float32Array,
  travel: ResolvedTravel,
  layers: Readonly<Record<string, Float32Array>>,
): Float32Array {
  const friction = frictionSurface(sources.length, travel, layers);
  const isSource = fillBy(new Uint8Array(sources.length), (i) => (sources[i]! > 0 ? 1 : 0));
  const minutes = costDistance(grid, friction, isSource);
  const metresPerMinute = (travel.offRoad * 1000) / 60;
  return fillBy(new Float32Array(minutes.length), (i) => minutes[i]! * metresPerMinute);
}
