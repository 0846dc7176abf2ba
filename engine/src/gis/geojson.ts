/**
 * Read and validate GeoJSON (RFC 7946): a FeatureCollection, a Feature or a bare geometry with
 * Point, LineString, Polygon, their Multi* forms and GeometryCollection. Coordinates are WGS 84
 * longitude/latitude (a legacy `crs` member naming any EPSG code, as ogr2ogr writes, is honoured),
 * and are projected to a grid's CRS (crs-transform.ts). Every problem names the file and the feature index.
 * The vector layer type here is also what the Shapefile and GeoPackage readers produce.
 */
import type { Crs } from './crs.js';
import { crsFromDefinition, crsFromEpsg, sameCrs } from './crs.js';
import { coordinateTransformer } from './crs-transform.js';
import { GisError } from './errors.js';
import { readGisFile } from './input-file.js';
import { MAX_GEOJSON_BYTES } from './limits.js';

export type Position = readonly number[];
export interface PointGeometry {
  readonly type: 'Point';
  readonly coordinates: Position;
}
export interface MultiPointGeometry {
  readonly type: 'MultiPoint';
  readonly coordinates: readonly Position[];
}
export interface LineStringGeometry {
  readonly type: 'LineString';
  readonly coordinates: readonly Position[];
}
export interface MultiLineStringGeometry {
  readonly type: 'MultiLineString';
  readonly coordinates: readonly (readonly Position[])[];
}
export interface PolygonGeometry {
  readonly type: 'Polygon';
  readonly coordinates: readonly (readonly Position[])[];
}
export interface MultiPolygonGeometry {
  readonly type: 'MultiPolygon';
  readonly coordinates: readonly (readonly (readonly Position[])[])[];
}
export interface GeometryCollectionGeometry {
  readonly type: 'GeometryCollection';
  readonly geometries: readonly Geometry[];
}
export type Geometry =
  | PointGeometry
  | MultiPointGeometry
  | LineStringGeometry
  | MultiLineStringGeometry
  | PolygonGeometry
  | MultiPolygonGeometry
  | GeometryCollectionGeometry;
export type GeometryType = Geometry['type'];

export interface Feature {
  readonly type: 'Feature';
  readonly id?: string | number;
  /** Null geometries are allowed by RFC 7946; they are skipped when rasterising. */
  readonly geometry: Geometry | null;
  readonly properties: Readonly<Record<string, unknown>> | null;
}

/** A validated vector layer. */
export interface VectorLayer {
  /** The file (or label) it came from. */
  readonly file: string;
  readonly features: readonly Feature[];
  /** The CRS of the coordinates: WGS 84 (EPSG:4326) unless a legacy `crs` member says otherwise. */
  readonly crs: Crs;
}

/**
 * Read and validate a GeoJSON file.
 * @throws GisError('missing-file') or GisError('invalid-geojson') naming the file, the feature
 *   index and the problem (unclosed ring, wrong nesting, bad coordinates...).
 * @example const roads = await readGeoJson('roads.geojson'); // roads.features.length
 */
export async function readGeoJson(filePath: string): Promise<VectorLayer> {
  const bytes = await readGisFile(filePath, MAX_GEOJSON_BYTES, 'a GeoJSON layer');
  return parseGeoJson(bytes.toString('utf8'), filePath);
}

/**
 * Parse and validate GeoJSON text; `label` names it in messages.
 * @throws GisError('invalid-geojson').
 */
export function parseGeoJson(text: string, label: string): VectorLayer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GisError(
      'invalid-geojson',
      `${label}: is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
      {
        file: label,
        cause: error,
      },
    );
  }
  return validateGeoJson(value, label);
}

/**
 * Validate an already-parsed GeoJSON object.
 * @param crs the CRS of the coordinates when known from elsewhere (a Shapefile's .prj, a
 *   GeoPackage's srs_id); by default WGS 84 or the legacy `crs` member.
 */
export function validateGeoJson(value: unknown, label: string, crs?: Crs): VectorLayer {
  const fail = (message: string): never => {
    throw new GisError('invalid-geojson', `${label}: ${message}`, { file: label });
  };
  if (!isObject(value)) return fail('the top level is not a GeoJSON object.');
  crs ??= legacyCrs(value, label);
  const checkLonLat = crs.epsg === 4326;
  const features: Feature[] = [];
  if (value.type === 'FeatureCollection') {
    if (!Array.isArray(value.features)) return fail('"features" of the FeatureCollection is not an array.');
    value.features.forEach((feature: unknown, index: number) =>
      features.push(validateFeature(feature, index, label, checkLonLat)),
    );
  } else if (value.type === 'Feature') {
    features.push(validateFeature(value, 0, label, checkLonLat));
  } else if (typeof value.type === 'string' && GEOMETRY_TYPES.has(value.type)) {
    features.push({
      type: 'Feature',
      geometry: validateGeometry(value, `the geometry`, label, checkLonLat),
      properties: {},
    });
  } else {
    return fail(
      `unknown GeoJSON type ${JSON.stringify(value.type)}; expected FeatureCollection, Feature or a geometry.`,
    );
  }
  return { file: label, features, crs };
}

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7946 dropped `crs`, but ogr2ogr and older exports still write e.g. "urn:ogc:def:crs:EPSG::2056". */
function legacyCrs(value: Record<string, unknown>, label: string): Crs {
  const member = value.crs;
  if (!isObject(member) || !isObject(member.properties)) return crsFromEpsg(4326);
  const name = String(member.properties.name ?? '');
  if (/CRS84$/i.test(name)) return crsFromEpsg(4326);
  const match = /EPSG:{1,2}(\d+)$/i.exec(name);
  if (match) return crsFromEpsg(Number(match[1]), label);
  return crsFromDefinition(name, label);
}

function validateFeature(feature: unknown, index: number, label: string, checkLonLat: boolean): Feature {
  const where = `feature ${index}`;
  if (!isObject(feature) || feature.type !== 'Feature') {
    throw new GisError(
      'invalid-geojson',
      `${label}: ${where} is not a GeoJSON Feature (its "type" must be "Feature").`,
      { file: label },
    );
  }
  const properties = feature.properties;
  if (properties !== null && properties !== undefined && !isObject(properties)) {
    throw new GisError('invalid-geojson', `${label}: ${where}: "properties" must be an object or null.`, {
      file: label,
    });
  }
  const id = feature.id;
  const geometry =
    feature.geometry === null || feature.geometry === undefined
      ? null
      : validateGeometry(feature.geometry, where, label, checkLonLat);
  const base = {
    type: 'Feature' as const,
    geometry,
    properties: (properties as Record<string, unknown> | undefined) ?? null,
  };
  return typeof id === 'string' || typeof id === 'number' ? { ...base, id } : base;
}

function validateGeometry(geometry: unknown, where: string, label: string, checkLonLat: boolean): Geometry {
  const fail = (message: string): never => {
    throw new GisError('invalid-geojson', `${label}: ${where}: ${message}`, { file: label });
  };
  if (!isObject(geometry)) return fail('the geometry is not an object.');
  const type = geometry.type;
  if (type === 'GeometryCollection') {
    if (!Array.isArray(geometry.geometries)) return fail('GeometryCollection without a "geometries" array.');
    return {
      type,
      geometries: geometry.geometries.map((g: unknown, i: number) =>
        validateGeometry(g, `${where}, geometry ${i}`, label, checkLonLat),
      ),
    };
  }
  if (typeof type !== 'string' || !GEOMETRY_TYPES.has(type))
    return fail(`unknown geometry type ${JSON.stringify(type)}.`);
  const coordinates = geometry.coordinates;
  const position = (value: unknown, path: string): Position => {
    if (!Array.isArray(value) || value.length < 2 || value.length > 3 || !value.every((n) => typeof n === 'number')) {
      return fail(
        `${type} coordinates${path} should be a position [x, y] but is ${brief(value)} (wrong nesting or bad coordinates).`,
      );
    }
    const numbers = value as number[];
    if (!numbers.every(Number.isFinite))
      return fail(`${type} coordinates${path} ${brief(value)} are not finite numbers.`);
    if (checkLonLat && (Math.abs(numbers[0]!) > 180 || Math.abs(numbers[1]!) > 90)) {
      return fail(
        `${type} coordinates${path} ${brief(value)} are not longitude/latitude in degrees (RFC 7946 GeoJSON is WGS 84). ` +
          'Export with ogr2ogr -t_srs EPSG:4326 -lco RFC7946=YES.',
      );
    }
    return numbers;
  };
  const list = (value: unknown, path: string, minimum: number, what: string): Position[] => {
    if (!Array.isArray(value) || typeof value[0] === 'number') {
      return fail(`${type} coordinates${path} should be an array of positions but is ${brief(value)} (wrong nesting).`);
    }
    if (value.length < minimum)
      return fail(`${type} coordinates${path}: ${what} needs at least ${minimum} positions, has ${value.length}.`);
    return value.map((p: unknown, i: number) => position(p, `${path}[${i}]`));
  };
  const ring = (value: unknown, path: string): Position[] => {
    const positions = list(value, path, 4, 'a polygon ring');
    const first = positions[0]!;
    const last = positions[positions.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      return fail(
        `${type} ring${path} is not closed: it starts at ${brief(first)} and ends at ${brief(last)} (the first and last positions must be equal).`,
      );
    }
    return positions;
  };
  const arrayOf = <T>(value: unknown, path: string, item: (v: unknown, p: string) => T, what: string): T[] => {
    if (!Array.isArray(value) || typeof value[0] === 'number') {
      return fail(`${type} coordinates${path} should be an array of ${what} but is ${brief(value)} (wrong nesting).`);
    }
    return value.map((v: unknown, i: number) => item(v, `${path}[${i}]`));
  };
  const polygon = (value: unknown, path: string): Position[][] => {
    const rings = arrayOf(value, path, ring, 'rings');
    if (rings.length === 0) return fail(`${type} coordinates${path}: a polygon needs an exterior ring.`);
    return rings;
  };
  switch (type) {
    case 'Point':
      return { type, coordinates: position(coordinates, '') };
    case 'MultiPoint':
      return { type, coordinates: list(coordinates, '', 0, 'a MultiPoint') };
    case 'LineString':
      return { type, coordinates: list(coordinates, '', 2, 'a LineString') };
    case 'MultiLineString':
      return { type, coordinates: arrayOf(coordinates, '', (v, p) => list(v, p, 2, 'a LineString'), 'LineStrings') };
    case 'Polygon':
      return { type, coordinates: polygon(coordinates, '') };
    default:
      return { type: 'MultiPolygon', coordinates: arrayOf(coordinates, '', polygon, 'polygons') };
  }
}

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Apply `transform` to every position of a geometry. */
export function mapGeometry(geometry: Geometry, transform: (position: Position) => Position): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: transform(geometry.coordinates) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: geometry.coordinates.map(transform) };
    case 'LineString':
      return { type: 'LineString', coordinates: geometry.coordinates.map(transform) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: geometry.coordinates.map((line) => line.map(transform)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(transform)) };
    case 'MultiPolygon':
      return {
        type: 'MultiPolygon',
        coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map(transform))),
      };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: geometry.geometries.map((g) => mapGeometry(g, transform)) };
  }
}

/**
 * Project a vector layer to a CRS (usually the study-area grid's).
 * @example const roadsUtm = projectVectorLayer(roads, grid.crs);
 */
export function projectVectorLayer(layer: VectorLayer, to: Crs): VectorLayer {
  if (sameCrs(layer.crs, to)) return { ...layer, crs: to };
  const transform = coordinateTransformer(layer.crs, to, layer.file);
  const features = layer.features.map((feature) =>
    feature.geometry ? { ...feature, geometry: mapGeometry(feature.geometry, transform) } : feature,
  );
  return { file: layer.file, features, crs: to };
}

/** Bounding box [minX, minY, maxX, maxY] of every position of the layer (null when empty). */
export function vectorBounds(features: readonly Feature[]): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (geometry: Geometry): void => {
    mapGeometry(geometry, (p) => {
      if (p[0]! < minX) minX = p[0]!;
      if (p[0]! > maxX) maxX = p[0]!;
      if (p[1]! < minY) minY = p[1]!;
      if (p[1]! > maxY) maxY = p[1]!;
      return p;
    });
  };
  for (const feature of features) if (feature.geometry) visit(feature.geometry);
  return minX === Infinity ? null : [minX, minY, maxX, maxY];
}
