/**
 * Generate the Riverbend study area in memory: the DEM, today's land use and the vector layers
 * (in WGS 84, RFC 7946), plus facts about them. Pure and deterministic: the same seed gives the
 * same data, byte for byte once written. `generate.ts` writes the files.
 */
import { crsFromEpsg } from '../../engine/src/gis/crs.js';
import { coordinateTransformer } from '../../engine/src/gis/crs-transform.js';
import type { GridSpec } from '../../engine/src/gis/grid.js';
import { polygonize } from '../../engine/src/gis/polygonize.js';
import { LANDUSE_CLASSES } from './classes.js';
import { GRID_SIZE, gridToUtm, polylineLength, riverbendGrid, CELL_SIZE_M, type GridPoint } from './grid.js';
import { createLanduse, FLOOD_HEIGHT_M } from './landuse.js';
import { createLayout } from './layout.js';
import { centres, schools, transitStops, type Place } from './places.js';
import { floodZoneMask, reserveMask } from './protected.js';
import { localStreets, majorRoads, rasteriseRoads, type Road } from './roads.js';
import { createTerrain } from './terrain.js';

/** The seed of the committed study area (gis-data/riverbend). */
export const DEFAULT_SEED = 20260501;
/** Decimal places of WGS 84 coordinates: 1e-7 deg is about 1 cm. */
const COORDINATE_DECIMALS = 7;

export type Position = [number, number];
export type StudyAreaGeometry =
  | { readonly type: 'Point'; readonly coordinates: Position }
  | { readonly type: 'LineString'; readonly coordinates: Position[] }
  | { readonly type: 'Polygon'; readonly coordinates: Position[][] };
export interface StudyAreaFeature {
  readonly type: 'Feature';
  readonly properties: Readonly<Record<string, string | number>>;
  readonly geometry: StudyAreaGeometry;
}
export interface StudyAreaCollection {
  readonly type: 'FeatureCollection';
  readonly features: StudyAreaFeature[];
}

/** The vector layers, by file name without `.geojson`. */
export const VECTOR_LAYERS = [
  'boundary',
  'roads',
  'river',
  'floodzone',
  'protected',
  'schools',
  'transit',
  'centres',
] as const;
export type VectorLayerName = (typeof VECTOR_LAYERS)[number];

export interface ClassFact {
  readonly code: number;
  readonly id: string;
  readonly name: string;
  readonly cells: number;
  readonly hectares: number;
  readonly percent: number;
}

/** Numbers describing the generated area (quoted in gis-data/README.md). */
export interface StudyAreaFacts {
  readonly seed: number;
  readonly classes: ClassFact[];
  readonly elevation: { readonly min: number; readonly max: number; readonly mean: number };
  readonly slope: {
    readonly min: number;
    readonly max: number;
    readonly median: number;
    readonly percentOver20Deg: number;
  };
  readonly river: { readonly lengthKm: number; readonly fromElevation: number; readonly toElevation: number };
  readonly roadsKm: { readonly primary: number; readonly secondary: number; readonly local: number };
  readonly floodZoneHa: number;
  readonly reserveHa: number;
  readonly counts: {
    readonly roads: number;
    readonly schools: number;
    readonly transitStops: number;
    readonly floodZonePolygons: number;
  };
}

export interface StudyArea {
  readonly grid: GridSpec;
  /** Elevation, metres (float32). */
  readonly dem: Float32Array;
  /** Land-use class codes (uint8, 0 = nodata). */
  readonly landuse: Uint8Array;
  /** Slope in degrees (not written: planners derive it from the DEM). */
  readonly slope: Float32Array;
  readonly vectors: Record<VectorLayerName, StudyAreaCollection>;
  readonly facts: StudyAreaFacts;
}

/**
 * Generate Riverbend.
 * @param seed Any 32-bit integer; default DEFAULT_SEED (the committed data).
 * @param cellSize Metres per cell of the 240 x 240 grid; the default (25 m) is the committed
 *   area, another value stretches the same landscape horizontally (the vectors and the facts in
 *   hectares and kilometres follow; elevations do not).
 * @example const area = generateRiverbend(); area.landuse.length // 57600
 */
export function generateRiverbend(seed = DEFAULT_SEED, cellSize = CELL_SIZE_M): StudyArea {
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32) {
    throw new RangeError(`seed must be a 32-bit integer; got ${seed}.`);
  }
  const grid = riverbendGrid(cellSize);
  const hectaresPerCell = (cellSize * cellSize) / 10_000;
  const layout = createLayout(seed);
  const terrain = createTerrain(layout, seed);
  const major = majorRoads(layout);
  const { codes, townZone } = createLanduse(layout, terrain, rasteriseRoads(major), seed);
  const reserve = reserveMask(layout, terrain, codes, seed);
  const flood = floodZoneMask(terrain);
  const streets = localStreets(layout, townZone, terrain.water);
  const roads = [...major, ...streets];

  const toWgs84 = coordinateTransformer(grid.crs, crsFromEpsg(4326));
  const factor = 10 ** COORDINATE_DECIMALS;
  const position = (p: GridPoint): Position => {
    const [lon, lat] = toWgs84(gridToUtm(p, cellSize));
    return [Math.round(lon * factor) / factor, Math.round(lat * factor) / factor];
  };
  const line = (points: readonly GridPoint[]): StudyAreaGeometry => ({
    type: 'LineString',
    coordinates: points.map(position),
  });
  const pointFeature = (place: Place): StudyAreaFeature => ({
    type: 'Feature',
    properties: place.properties,
    geometry: { type: 'Point', coordinates: position(place.at) },
  });
  const collection = (features: StudyAreaFeature[]): StudyAreaCollection => ({ type: 'FeatureCollection', features });
  const maskPolygons = (
    mask: Uint8Array,
    properties: (areaHa: number) => Record<string, string | number>,
  ): StudyAreaFeature[] =>
    polygonize(grid, mask, { nodata: 0, precision: COORDINATE_DECIMALS }).features.map((f) => {
      if (f.geometry.type !== 'Polygon') throw new Error('polygonize returned a MultiPolygon in patch mode');
      const areaHa = Math.round(f.properties.cellCount * hectaresPerCell * 100) / 100;
      return {
        type: 'Feature',
        properties: properties(areaHa),
        geometry: { type: 'Polygon', coordinates: f.geometry.coordinates as Position[][] },
      };
    });

  // The study-area boundary is the raster's extent, a vertex every 250 m (a UTM square is
  // slightly curved in longitude/latitude). Counter-clockwise, as RFC 7946 asks.
  const boundaryRing: GridPoint[] = [];
  for (let k = 0; k < GRID_SIZE; k += 10) boundaryRing.push({ col: k, row: GRID_SIZE });
  for (let k = GRID_SIZE; k > 0; k -= 10) boundaryRing.push({ col: GRID_SIZE, row: k });
  for (let k = GRID_SIZE; k > 0; k -= 10) boundaryRing.push({ col: k, row: 0 });
  for (let k = 0; k < GRID_SIZE; k += 10) boundaryRing.push({ col: 0, row: k });
  boundaryRing.push(boundaryRing[0]!);

  const roadFeature = (road: Road): StudyAreaFeature => ({
    type: 'Feature',
    properties: { class: road.roadClass, name: road.name },
    geometry: line(road.line),
  });
  const schoolPlaces = schools(layout, codes);
  const stops = transitStops(layout, roads);
  const floodFeatures = maskPolygons(flood, (areaHa) => ({
    name: 'Riverbend flood zone',
    rule: `height above river < ${FLOOD_HEIGHT_M} m`,
    areaHa,
  }));
  const reserveFeatures = maskPolygons(reserve, (areaHa) => ({
    name: 'Alder Marshes and Hanging Wood Nature Reserve',
    designation: 'nature reserve',
    areaHa,
  }));

  const vectors: Record<VectorLayerName, StudyAreaCollection> = {
    boundary: collection([
      {
        type: 'Feature',
        properties: { name: 'Riverbend study area' },
        geometry: { type: 'Polygon', coordinates: [boundaryRing.map(position)] },
      },
    ]),
    roads: collection(roads.map(roadFeature)),
    river: collection([
      { type: 'Feature', properties: { name: 'River Alder', flow: 'west to east' }, geometry: line(layout.river) },
    ]),
    floodzone: collection(floodFeatures),
    protected: collection(reserveFeatures),
    schools: collection(schoolPlaces.map(pointFeature)),
    transit: collection(stops.map(pointFeature)),
    centres: collection(centres(layout).map(pointFeature)),
  };

  const roadKm = (roadClass: Road['roadClass']): number =>
    round2(
      (roads.filter((r) => r.roadClass === roadClass).reduce((sum, r) => sum + polylineLength(r.line), 0) * cellSize) /
        1000,
    );
  const facts: StudyAreaFacts = {
    seed,
    classes: classFacts(codes, hectaresPerCell),
    elevation: summary(terrain.dem),
    slope: slopeFacts(terrain.slope),
    river: {
      lengthKm: round2((polylineLength(layout.river) * cellSize) / 1000),
      fromElevation: round2(terrain.dem[Math.floor(layout.river[0]!.row) * GRID_SIZE]!),
      toElevation: round2(
        terrain.dem[Math.floor(layout.river[layout.river.length - 1]!.row) * GRID_SIZE + GRID_SIZE - 1]!,
      ),
    },
    roadsKm: { primary: roadKm('primary'), secondary: roadKm('secondary'), local: roadKm('local') },
    floodZoneHa: round2(count(flood) * hectaresPerCell),
    reserveHa: round2(count(reserve) * hectaresPerCell),
    counts: {
      roads: roads.length,
      schools: schoolPlaces.length,
      transitStops: stops.length,
      floodZonePolygons: floodFeatures.length,
    },
  };
  return { grid, dem: terrain.dem, landuse: codes, slope: terrain.slope, vectors, facts };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

function count(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) if (v) n++;
  return n;
}

export function classFacts(codes: Uint8Array, hectaresPerCell: number): ClassFact[] {
  const cells = new Array<number>(256).fill(0);
  for (const c of codes) cells[c]!++;
  return LANDUSE_CLASSES.map((c) => ({
    code: c.code,
    id: c.id,
    name: c.name,
    cells: cells[c.code]!,
    hectares: round2(cells[c.code]! * hectaresPerCell),
    percent: round2((100 * cells[c.code]!) / codes.length),
  }));
}

export function summary(values: Float32Array): { min: number; max: number; mean: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min: round2(min), max: round2(max), mean: round2(sum / values.length) };
}

export function slopeFacts(slope: Float32Array): StudyAreaFacts['slope'] {
  const sorted = Float32Array.from(slope).sort();
  let over20 = 0;
  for (const s of slope) if (s > 20) over20++;
  return {
    min: round2(sorted[0]!),
    max: round2(sorted[sorted.length - 1]!),
    median: round2(sorted[Math.floor(sorted.length / 2)]!),
    percentOver20Deg: round2((100 * over20) / slope.length),
  };
}
