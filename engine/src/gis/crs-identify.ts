/**
 * Identifying a WKT or PROJ definition (a `.prj`, a GeoPackage's or a GeoTIFF's) with an EPSG code:
 * the code it names, or a registry CRS of the same name (ESRI spellings normalised) projecting
 * like it within 1 m, or of the same ellipsoid and false origin projecting like it within 1 mm.
 */
import proj4 from 'proj4';
import { DATUM_SHIFTS } from './crs-data/datum-shifts.js';
import {
  allRegistryEntries,
  baseGeodeticCode,
  epsgEntry,
  kindOf,
  lonLatOf,
  withoutDatumShift,
} from './crs-registry.js';

/** The EPSG code a WKT names for the whole CRS (its last top-level AUTHORITY or ID), or null. */
export function epsgCodeInDefinition(text: string): number | null {
  if (/^\s*\+/.test(text)) {
    const init = /\+init=epsg:(\d+)/i.exec(text);
    return init ? Number(init[1]) : null;
  }
  const urn = /^(?:urn:ogc:def:crs:)?EPSG:{1,2}(\d+)$/i.exec(text.trim());
  if (urn) return Number(urn[1]);
  // The CRS's own identifier closes the outermost bracket: ...,AUTHORITY["EPSG","2056"]] or ...,ID["EPSG",2056]]
  const match = /(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text);
  return match ? Number(match[1]) : null;
}

export interface ParsedProjection {
  readonly projName: string;
  /** Semi-major axis of the ellipsoid (null when unknown), false easting and northing. */
  readonly a: number | null;
  readonly x0: number;
  readonly y0: number;
  readonly name: string | null;
  readonly units: string | null;
  readonly forward: (p: [number, number]) => [number, number];
}

export function parseDefinition(definition: string): ParsedProjection {
  const info = (proj4(definition) as unknown as { oProj?: Record<string, unknown> }).oProj ?? {};
  const projName = String(info.projName ?? '');
  if (!projName) throw new Error('no projection found');
  const name =
    /^\s*[A-Z_]+\[\s*"([^"]*)"/i.exec(definition)?.[1] ?? (typeof info.title === 'string' ? info.title : null);
  // The projection alone: from latitude/longitude on its own ellipsoid, datum terms removed (proj4
  // otherwise routes through WGS 84 and shifts).
  const a = Number(info.a);
  const b = Number(info.b);
  const lonLat =
    Number.isFinite(a) && Number.isFinite(b)
      ? `+proj=longlat +a=${a} +b=${b} +no_defs`
      : '+proj=longlat +ellps=WGS84 +no_defs';
  const converter = proj4(lonLat, projectionOnlyDefinition(definition));
  return {
    projName,
    a: Number.isFinite(a) ? a : null,
    x0: Number(info.x0 ?? 0),
    y0: Number(info.y0 ?? 0),
    name,
    units: typeof info.units === 'string' ? info.units : null,
    forward: (p) => {
      const [x, y] = converter.forward(p);
      return [x!, y!];
    },
  };
}

/** A WKT or PROJ definition without its datum terms (TOWGS84, grids, a datum name proj4 knows). */
function projectionOnlyDefinition(definition: string): string {
  if (/^\s*\+/.test(definition)) return withoutDatumShift(definition);
  return definition
    .replace(/,\s*TOWGS84\[[^\]]*\]/gi, '')
    .replace(/,\s*EXTENSION\["PROJ4_GRIDS"[^\]]*\]/gi, '')
    .replace(/\b(DATUM|GEODETICDATUM|TRF)\[\s*"[^"]*"/gi, '$1["none"');
}

interface RegistryIndex {
  /** Normalised full names and the part after " / " -> codes. */
  readonly names: Map<string, number[]>;
  /** Projected CRSs by "semi-major axis|false easting|false northing" -> codes. */
  readonly byParameters: Map<string, number[]>;
}

/** The whole registry, indexed (loaded once, only to identify a definition without a code). */
let registryIndex: RegistryIndex | null = null;

/** Names compared without case, punctuation or ESRI's spellings ("NAD_1983_UTM_Zone_12N" = "NAD83 / UTM zone 12N"). */
function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/^(gcs|d)_/, '')
    .replace(/(^|[^0-9])(?:19)([0-9]{2})(?![0-9])/g, '$1$2')
    .replace(/[^a-z0-9]/g, '');
}

function parameterKey(a: number, x0: number, y0: number): string {
  return `${a.toFixed(1)}|${x0.toFixed(2)}|${y0.toFixed(2)}`;
}

/** Semi-major axes of the ellipsoids epsg-index's proj4 strings name. */
function semiMajorOf(definition: string): number | null {
  const a = /\+a=(\S+)/.exec(definition);
  if (a) return Number(a[1]);
  const ellps = /\+ellps=(\S+)/.exec(definition)?.[1] ?? (/\+datum=(\S+)/.exec(definition) ? 'WGS84' : null);
  if (!ellps) return null;
  try {
    const info = (proj4(`+proj=longlat +ellps=${ellps} +no_defs`) as unknown as { oProj: { a: number } }).oProj;
    return info.a;
  } catch {
    return null;
  }
}

function registry(): RegistryIndex {
  if (registryIndex) return registryIndex;
  const names = new Map<string, number[]>();
  const byParameters = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, code: number): void => {
    const list = map.get(key) ?? [];
    list.push(code);
    map.set(key, list);
  };
  const all = allRegistryEntries();
  const axes = new Map<string, number | null>();
  for (const [text, entry] of Object.entries(all)) {
    if (entry.kind !== 'CRS-PROJCRS' && entry.kind !== 'CRS-GEOGCRS') continue;
    const code = Number(text);
    add(names, normaliseName(entry.name), code);
    const slash = entry.name.indexOf(' / ');
    if (slash > 0) add(names, normaliseName(entry.name.slice(slash + 3)), code);
    if (entry.kind !== 'CRS-PROJCRS' || !entry.proj4) continue;
    const figure = /\+(ellps|datum|a)=\S+/.exec(entry.proj4)?.[0] ?? '';
    if (!axes.has(figure)) axes.set(figure, semiMajorOf(entry.proj4));
    const a = axes.get(figure);
    const x0 = Number(/\+x_0=(\S+)/.exec(entry.proj4)?.[1] ?? 0);
    const y0 = Number(/\+y_0=(\S+)/.exec(entry.proj4)?.[1] ?? 0);
    if (a) add(byParameters, parameterKey(a, x0, y0), code);
  }
  registryIndex = { names, byParameters };
  return registryIndex;
}

/**
 * The EPSG code of a definition without one (typically an ESRI `.prj`): a registry CRS whose name
 * matches and whose projection puts three points of its area of use within 1 m of the definition's
 * (proj4 implements some ESRI projection names, e.g. Hotine oblique Mercator for the Swiss grid, a
 * few cm apart), or else whose ellipsoid and false origin match and whose projection agrees within 1 mm. When several registry CRSs fit
 * (SWEREF99 TM and ETRS89 / UTM 33N share every parameter), the one of the same name wins, else
 * the lowest code, provided they all shift to WGS 84 alike.
 */
export function identifyCode(parsed: ParsedProjection, definition: string): number | null {
  if (/^\s*\+/.test(definition)) return null;
  const index = registry();
  const byName = (parsed.name ? (index.names.get(normaliseName(parsed.name)) ?? []) : []).filter((code) =>
    sameProjection(code, parsed, 1),
  );
  if (byName.length === 1) return byName[0]!;
  if (parsed.projName === 'longlat' || parsed.a === null) return null;
  const key = parameterKey(parsed.a, parsed.x0, parsed.y0);
  const byParameters = (index.byParameters.get(key) ?? []).filter((code) => sameProjection(code, parsed, 1e-3));
  if (byParameters.length === 0) return null;
  const shifts = new Set(byParameters.map((code) => shiftSignature(code)));
  return shifts.size === 1 ? Math.min(...byParameters) : null;
}

/** How a registry CRS shifts to WGS 84, as text (to tell whether two CRSs differ only in name). */
function shiftSignature(code: number): string {
  const entry = epsgEntry(code);
  const datum = entry ? baseGeodeticCode(entry) : null;
  const rows = datum === null ? [] : (DATUM_SHIFTS[String(datum)] ?? []);
  return rows
    .map((row) => row[2])
    .filter((towgs84) => !/^0(,0)*$/.test(towgs84))
    .sort()
    .join(';');
}

function sameProjection(code: number, parsed: ParsedProjection, tolerance: number): boolean {
  const entry = epsgEntry(code);
  if (!entry || !entry.bbox || kindOf(entry) === null) return false;
  const isGeographic = kindOf(entry) === 'geographic';
  if (isGeographic !== (parsed.projName === 'longlat')) return false;
  if (isGeographic) return true;
  const [north, west, south, east] = entry.bbox;
  const span = east < west ? east + 360 - west : east - west;
  const points: [number, number][] = [0.5, 0.25, 0.75].map((f) => [west + f * span, south + f * (north - south)]);
  try {
    const base = withoutDatumShift(entry.proj4);
    const registered = proj4(lonLatOf(base), base);
    return points.every((p) => {
      const a = registered.forward(p);
      const b = parsed.forward(p);
      return Math.abs(a[0]! - b[0]!) < tolerance && Math.abs(a[1]! - b[1]!) < tolerance;
    });
  } catch {
    return false;
  }
}
