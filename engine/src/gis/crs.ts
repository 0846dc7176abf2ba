/**
 * Coordinate reference systems: the description carried by every grid and vector layer, where
 * their definitions come from, and coordinate transformations between them.
 *
 * - Any EPSG code: the definitions (name, kind, units, proj4 string) come from the `epsg-index`
 *   package, a machine-readable copy of the EPSG registry, read one code at a time.
 * - Any WKT or PROJ definition (a `.prj`, a GeoTIFF's ESRI PE citation, a GeoPackage's
 *   `gpkg_spatial_ref_sys`): an EPSG code is taken from it when it names one (AUTHORITY/ID) or when
 *   its name and projection match a registry entry; otherwise proj4 uses the definition itself.
 * - Datum shifts as proj4 does them (a 3- or 7-parameter Helmert to WGS 84, `+towgs84`), choosing
 *   the transformation PROJ (and so GDAL) chooses when no datum grid is installed: among the EPSG
 *   Helmert transformations of the CRS's datum (crs-data/datum-shifts.ts, generated from PROJ's
 *   database), the most accurate one whose area of use contains the point, the smaller area on a
 *   tie. epsg-index's own `+towgs84`/`+nadgrids` terms are not used: epsg.io publishes some rotations
 *   in the wrong convention or unit, and names grid files planners do not have.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import proj4 from 'proj4';
import { DATUM_SHIFTS, type DatumShiftRow } from './crs-data/datum-shifts.js';
import { GisError } from './errors.js';
import type { Bounds } from './grid.js';

/** Linear or angular unit of a CRS's coordinates. */
export type CrsUnits = 'metre' | 'degree' | 'foot' | 'US survey foot' | 'unknown';

/** A coordinate reference system as read from (or written to) a file. */
export interface Crs {
  /** The EPSG code, or null for a CRS known only by its definition (or not at all). */
  readonly epsg: number | null;
  /** Projected (map units), geographic (degrees), or user-defined (no usable definition). */
  readonly kind: 'projected' | 'geographic' | 'user-defined';
  /** A human-readable name, e.g. "NAD83 / UTM zone 12N". */
  readonly name: string;
  /** Units of the coordinates. */
  readonly units: CrsUnits;
  /** For a CRS without an EPSG code: the WKT or PROJ string it was read from, which proj4 transforms with. */
  readonly definition?: string;
  /**
   * The raw GeoKeys as read (key id -> value), kept so a user-defined CRS can be written back
   * unchanged. Absent for CRSs built from an EPSG code.
   */
  readonly geoKeys?: Readonly<Record<number, number | string | readonly number[]>>;
}

/** One entry of the EPSG registry (the epsg-index package's per-code file). */
interface EpsgEntry {
  readonly code: string;
  readonly kind: string;
  readonly name: string;
  readonly wkt: string;
  readonly proj4: string;
  readonly unit: string | null;
  readonly bbox: readonly [number, number, number, number] | null;
}

const requireFromHere = createRequire(import.meta.url);
const entryCache = new Map<number, EpsgEntry | null>();

function epsgEntry(code: number): EpsgEntry | null {
  if (!Number.isSafeInteger(code) || code <= 0) return null;
  const cached = entryCache.get(code);
  if (cached !== undefined) return cached;
  let entry: EpsgEntry | null;
  try {
    const file = requireFromHere.resolve(`epsg-index/s/${code}.json`);
    entry = JSON.parse(readFileSync(file, 'utf8')) as EpsgEntry;
  } catch {
    entry = null; // not in the registry
  }
  entryCache.set(code, entry);
  return entry;
}

function kindOf(entry: EpsgEntry): 'projected' | 'geographic' | null {
  if (entry.kind === 'CRS-PROJCRS') return 'projected';
  if (entry.kind === 'CRS-GEOGCRS' || entry.kind === 'CRS-GEOG3DCRS') return 'geographic';
  return null;
}

function unitsOf(unit: string | null | undefined, kind: 'projected' | 'geographic'): CrsUnits {
  const text = (unit ?? '').toLowerCase();
  if (kind === 'geographic' || text.startsWith('degree')) return 'degree';
  if (text === 'metre' || text === 'meter' || text === '') return 'metre';
  if (text.includes('us survey foot') || text.includes('us_survey_foot')) return 'US survey foot';
  if (text.includes('foot') || text.includes('feet')) return 'foot';
  return 'unknown';
}

function where(label: string | undefined): string {
  return label ? `${label}: ` : '';
}

/** Whether an EPSG code is a 2-D projected or geographic CRS of the registry. */
export function isSupportedEpsg(code: number): boolean {
  const entry = epsgEntry(code);
  return entry !== null && kindOf(entry) !== null && entry.proj4 !== '';
}

/**
 * The CRS description for an EPSG code.
 * @param label the layer or file the code came from, named in errors.
 * @throws GisError('unsupported-crs') naming the layer and the code when the registry has no such
 *   projected or geographic CRS.
 * @example crsFromEpsg(2056) // { epsg: 2056, kind: 'projected', name: 'CH1903+ / LV95', units: 'metre' }
 */
export function crsFromEpsg(code: number, label?: string): Crs {
  const entry = epsgEntry(code);
  if (!entry) {
    throw new GisError(
      'unsupported-crs',
      `${where(label)}the CRS EPSG:${code} is not in the EPSG registry (epsg-index). Check the code, or give the ` +
        'data a CRS definition (a .prj file, or reproject it with gdalwarp/ogr2ogr -t_srs EPSG:<code>).',
      label === undefined ? {} : { file: label },
    );
  }
  const kind = kindOf(entry);
  if (kind === null || entry.proj4 === '') {
    throw new GisError(
      'unsupported-crs',
      `${where(label)}EPSG:${code} (${entry.name}) is a ${entry.kind.replace('CRS-', '').toLowerCase()} CRS, not a ` +
        'projected or geographic one; layers need a horizontal CRS such as a national grid or UTM zone.',
      label === undefined ? {} : { file: label },
    );
  }
  return { epsg: code, kind, name: entry.name, units: unitsOf(entry.unit, kind) };
}

/** The epsg-index record of a code (name, WKT, proj4, area) or null. */
export function epsgRecord(code: number): Readonly<EpsgEntry> | null {
  return epsgEntry(code);
}

/**
 * A CRS from a WKT (1 or 2, OGC or ESRI) or PROJ definition, e.g. a `.prj` file or a GeoPackage's
 * `gpkg_spatial_ref_sys.definition`. It becomes an EPSG CRS when the text names a code (a top-level
 * AUTHORITY["EPSG",...] or ID["EPSG",...]) or when its name matches a registry entry whose
 * projection gives the same coordinates; otherwise proj4 works from the definition itself.
 * @throws GisError('unsupported-crs') naming the layer and quoting the definition when proj4 cannot read it.
 */
export function crsFromDefinition(text: string, label?: string): Crs {
  const definition = text.trim().replace(/^ESRI PE String\s*=\s*/i, '');
  const code = epsgCodeInDefinition(definition);
  if (code !== null && isSupportedEpsg(code)) return crsFromEpsg(code, label);
  let parsed: ParsedProjection;
  try {
    parsed = parseDefinition(definition);
  } catch (error) {
    throw new GisError(
      'unsupported-crs',
      `${where(label)}cannot read the CRS definition ${brief(definition)} (${error instanceof Error ? error.message : String(error)}). ` +
        'Give the layer an EPSG code instead (e.g. gdal_edit.py -a_srs EPSG:<code>, or ogr2ogr -a_srs EPSG:<code>).',
      label === undefined ? {} : { file: label },
    );
  }
  const identified = identifyCode(parsed, definition);
  if (identified !== null) return crsFromEpsg(identified, label);
  const kind = parsed.projName === 'longlat' ? 'geographic' : 'projected';
  return {
    epsg: null,
    kind,
    name: parsed.name ?? 'unnamed CRS',
    units: kind === 'geographic' ? 'degree' : unitsOf(parsed.units, 'projected'),
    definition,
  };
}

/** The EPSG code a WKT names for the whole CRS (its last top-level AUTHORITY or ID), or null. */
function epsgCodeInDefinition(text: string): number | null {
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

interface ParsedProjection {
  readonly projName: string;
  /** Semi-major axis of the ellipsoid (null when unknown), false easting and northing. */
  readonly a: number | null;
  readonly x0: number;
  readonly y0: number;
  readonly name: string | null;
  readonly units: string | null;
  readonly forward: (p: [number, number]) => [number, number];
}

function parseDefinition(definition: string): ParsedProjection {
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
  const all = JSON.parse(readFileSync(requireFromHere.resolve('epsg-index/all.json'), 'utf8')) as Record<
    string,
    { name: string; kind: string; proj4: string }
  >;
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
function identifyCode(parsed: ParsedProjection, definition: string): number | null {
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

/** A proj4 string without its datum terms (`+towgs84`, `+nadgrids`, `+datum`), keeping the ellipsoid. */
function withoutDatumShift(definition: string): string {
  let text = definition.replace(/\s\+(towgs84|nadgrids)=\S+/g, '').replace(/\s\+type=crs/g, '');
  const datum = /\s\+datum=(\S+)/.exec(text);
  if (datum) {
    const ellipsoid = DATUM_ELLIPSOIDS[datum[1]!.toLowerCase()] ?? 'WGS84';
    text = text.replace(datum[0], ` +ellps=${ellipsoid}`);
  }
  return text;
}

/** The ellipsoid of every `+datum=` value epsg-index uses. */
const DATUM_ELLIPSOIDS: Readonly<Record<string, string>> = {
  wgs84: 'WGS84',
  nad83: 'GRS80',
  nad27: 'clrk66',
  potsdam: 'bessel',
  carthage: 'clrk80ign',
  hermannskogel: 'bessel',
  ire65: 'mod_airy',
  nzgd49: 'intl',
  osgb36: 'airy',
  ggrs87: 'GRS80',
};

/** A short label for messages: "EPSG:26912 (NAD83 / UTM zone 12N)" or "a user-defined CRS (...)". */
export function describeCrs(crs: Crs): string {
  return crs.epsg === null ? `a user-defined CRS (${crs.name})` : `EPSG:${crs.epsg} (${crs.name})`;
}

/** Whether two CRSs are the same: equal EPSG codes, equal definitions, or identical user-defined GeoKeys. */
export function sameCrs(a: Crs, b: Crs): boolean {
  if (a.epsg !== null || b.epsg !== null) return a.epsg === b.epsg;
  if (a.definition !== undefined || b.definition !== undefined) return a.definition === b.definition;
  return JSON.stringify(a.geoKeys ?? {}) === JSON.stringify(b.geoKeys ?? {});
}

/** Whether coordinates in this CRS can be transformed (it has an EPSG code or a definition proj4 reads). */
export function canTransform(crs: Crs): boolean {
  return crs.epsg !== null || crs.definition !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Transformations

/** A CRS prepared for proj4: its definition without datum terms, and how to shift its datum. */
interface PreparedCrs {
  /** proj4 definition with the ellipsoid but no datum shift. */
  readonly base: string;
  /** EPSG code of the geodetic CRS (datum) it is based on, when known. */
  readonly datumCode: number | null;
  /** Helmert candidates to WGS 84 (from PROJ's database); empty for WGS 84 itself. */
  readonly shifts: readonly DatumShiftRow[];
  /** True for WGS 84 (no shift needed). */
  readonly isWgs84: boolean;
  /** For user-defined CRSs: proj4 reads the definition whole (its own TOWGS84, if any). */
  readonly whole: string | null;
}

function prepare(crs: Crs, label?: string): PreparedCrs {
  if (crs.epsg === null) {
    if (crs.definition === undefined) {
      throw new GisError(
        'unsupported-crs',
        `${where(label)}cannot transform coordinates to or from ${crs.name}: it has neither an EPSG code nor a ` +
          'definition. Assign one, e.g. gdal_edit.py -a_srs EPSG:<code> (rasters) or ogr2ogr -a_srs EPSG:<code> (vectors).',
        label === undefined ? {} : { file: label },
      );
    }
    return { base: crs.definition, datumCode: null, shifts: [], isWgs84: false, whole: crs.definition };
  }
  const entry = epsgEntry(crs.epsg);
  if (!entry || kindOf(entry) === null) return prepare({ ...crsFromEpsg(crs.epsg, label) }, label);
  const datumCode = baseGeodeticCode(entry);
  const isWgs84 = datumCode === 4326 || /\+datum=WGS84\b/.test(entry.proj4);
  return {
    base: withoutDatumShift(entry.proj4),
    datumCode,
    shifts: datumCode === null ? [] : (DATUM_SHIFTS[String(datumCode)] ?? []),
    isWgs84,
    whole: null,
  };
}

/** The geodetic CRS (datum) a registry CRS is based on: its own code, or its GEOGCS's AUTHORITY. */
function baseGeodeticCode(entry: EpsgEntry): number | null {
  if (kindOf(entry) === 'geographic') return Number(entry.code);
  const start = entry.wkt.search(/(GEOGCS|BASEGEOGCRS)\[/);
  if (start < 0) return null;
  // The identifier at the GEOGCS's own level (depth 1), not those of its datum, meridian or unit.
  let depth = 0;
  let code: number | null = null;
  for (let i = entry.wkt.indexOf('[', start); i < entry.wkt.length; i++) {
    const char = entry.wkt[i];
    if (char === '[') {
      depth++;
      if (depth === 2) {
        const id = /^(?:AUTHORITY|ID)\["EPSG",\s*"?(\d+)"?\]/.exec(entry.wkt.slice(entry.wkt.lastIndexOf(',', i) + 1));
        if (id) code = Number(id[1]);
      }
    } else if (char === ']' && --depth === 0) break;
  }
  return code;
}

/** PROJ's choice for a point (lon, lat in degrees): the most accurate candidate containing it, the smaller area on a tie. */
function chooseShift(shifts: readonly DatumShiftRow[], lon: number, lat: number): DatumShiftRow | null {
  let best: DatumShiftRow | null = null;
  for (const row of shifts) {
    if (!inside(row, lon, lat)) continue;
    if (best === null) {
      best = row;
      continue;
    }
    const [accuracy, bestAccuracy] = [row[3], best[3]];
    if (accuracy < 0) continue;
    if (bestAccuracy < 0 || accuracy < bestAccuracy || (accuracy === bestAccuracy && areaOf(row) < areaOf(best)))
      best = row;
  }
  // Outside every area of use: PROJ falls back to the first (widest) candidate.
  return best ?? shifts[0] ?? null;
}

function inside(row: DatumShiftRow, lon: number, lat: number): boolean {
  const [, , , , west, south, east, north] = row;
  if (lat < south || lat > north) return false;
  return west <= east ? lon >= west && lon <= east : lon >= west || lon <= east;
}

function areaOf(row: DatumShiftRow): number {
  const [, , , , west, south, east, north] = row;
  return ((east >= west ? east - west : east + 360 - west) * (north - south)) as number;
}

/** Candidates sorted as PROJ lists them (larger area first, then better accuracy, then name descending). */
function sortedShifts(shifts: readonly DatumShiftRow[]): DatumShiftRow[] {
  return [...shifts].sort(
    (a, b) =>
      areaOf(b) - areaOf(a) ||
      (a[3] < 0 ? Infinity : a[3]) - (b[3] < 0 ? Infinity : b[3]) ||
      (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0),
  );
}

type Converter = (x: number, y: number) => [number, number];

/**
 * A function projecting [x, y] from one CRS to another (identity when they are the same CRS).
 * Same datum: projection only. Different datums: through WGS 84 with the Helmert PROJ would use
 * at that point (see the module comment).
 * @param label the layer being transformed, named in errors.
 * @param within the extent (in `from`'s CRS) the points will come from: when PROJ would choose the
 *   same transformation all over it, that one is used without a choice per point.
 * @throws GisError('unsupported-crs') naming the layer and the CRS that cannot be used.
 * @example const toGrid = coordinateTransformer(crsFromEpsg(4326), crsFromEpsg(2056), 'boundary.geojson');
 *          toGrid([8.5, 47.3]) // [2680270.551, 1239333.170]
 */
export function coordinateTransformer(
  from: Crs,
  to: Crs,
  label?: string,
  within?: Bounds,
): (position: readonly number[]) => [number, number] {
  if (sameCrs(from, to) && (from.epsg !== null || from.definition !== undefined || from.geoKeys !== undefined)) {
    return (p) => [p[0]!, p[1]!];
  }
  const source = prepare(from, label);
  const target = prepare(to, label);
  const convert = converterBetween(source, target, within);
  return (p) => convert(p[0]!, p[1]!);
}

function converterBetween(source: PreparedCrs, target: PreparedCrs, within?: Bounds): Converter {
  if (source.whole !== null || target.whole !== null) {
    // A definition without a code: proj4 reads it whole, with its own datum terms if any.
    const fromDef =
      source.whole ?? withDatum(source, source.shifts.length > 0 ? sortedShifts(source.shifts)[0]! : null);
    const toDef = target.whole ?? withDatum(target, target.shifts.length > 0 ? sortedShifts(target.shifts)[0]! : null);
    return converterOf(fromDef, toDef);
  }
  if (source.datumCode !== null && source.datumCode === target.datumCode) return converterOf(source.base, target.base);
  const sourceShifts = source.isWgs84 ? [] : sortedShifts(source.shifts);
  const targetShifts = target.isWgs84 ? [] : sortedShifts(target.shifts);
  if (sourceShifts.length <= 1 && targetShifts.length <= 1)
    return pairConverter(source, sourceShifts[0] ?? null, target, targetShifts[0] ?? null);
  // Several candidates: choose per point, as PROJ does, from the point's longitude and latitude.
  const sourceToLonLat = source.isWgs84 ? null : converterOf(source.base, lonLatOf(source.base));
  const toWgs84 = new Map<DatumShiftRow | null, Converter>();
  const choose = (x: number, y: number): [DatumShiftRow | null, DatumShiftRow | null] => {
    const [lon, lat] = sourceToLonLat ? sourceToLonLat(x, y) : [x, y];
    const s = sourceShifts.length > 0 ? chooseShift(sourceShifts, lon, lat) : null;
    if (targetShifts.length === 0) return [s, null];
    // The target's transformation is chosen at the point's position in WGS 84.
    let wgs = toWgs84.get(s);
    if (!wgs) {
      wgs = converterOf(withDatum(source, s), '+proj=longlat +datum=WGS84 +no_defs');
      toWgs84.set(s, wgs);
    }
    const [wlon, wlat] = wgs(x, y);
    return [s, chooseShift(targetShifts, wlon, wlat)];
  };
  const pairs = new Map<string, Converter>();
  const converterFor = ([s, t]: [DatumShiftRow | null, DatumShiftRow | null]): Converter => {
    const key = `${s?.[0] ?? '-'}>${t?.[0] ?? '-'}`;
    let convert = pairs.get(key);
    if (!convert) {
      convert = pairConverter(source, s, target, t);
      pairs.set(key, convert);
    }
    return convert;
  };
  if (within) {
    // The same choice all over the area (the usual case): one converter, no choice per point.
    const keys = new Set<string>();
    let sample: [DatumShiftRow | null, DatumShiftRow | null] = [null, null];
    for (let i = 0; i <= 8; i++) {
      for (let j = 0; j <= 8; j++) {
        sample = choose(
          within.minX + ((within.maxX - within.minX) * i) / 8,
          within.minY + ((within.maxY - within.minY) * j) / 8,
        );
        keys.add(`${sample[0]?.[0] ?? '-'}>${sample[1]?.[0] ?? '-'}`);
      }
    }
    if (keys.size === 1) return converterFor(sample);
  }
  return (x, y) => converterFor(choose(x, y))(x, y);
}

/**
 * Source to target with the chosen Helmerts. When one datum (not WGS 84) has no Helmert at all,
 * PROJ uses a "ballpark" transformation (latitude and longitude unchanged): proj4 would still
 * apply the other side's shift, so both are left out.
 */
function pairConverter(
  source: PreparedCrs,
  sourceShift: DatumShiftRow | null,
  target: PreparedCrs,
  targetShift: DatumShiftRow | null,
): Converter {
  const ballpark = (!source.isWgs84 && sourceShift === null) || (!target.isWgs84 && targetShift === null);
  if (ballpark) return converterOf(source.base, target.base);
  return converterOf(withDatum(source, sourceShift), withDatum(target, targetShift));
}

function lonLatOf(base: string): string {
  const ellps = /\+ellps=(\S+)/.exec(base)?.[1];
  const a = /\+a=(\S+)/.exec(base)?.[1];
  const b = /\+b=(\S+)/.exec(base)?.[1];
  const figure = ellps ? `+ellps=${ellps}` : a ? `+a=${a}${b ? ` +b=${b}` : ''}` : '+ellps=WGS84';
  return `+proj=longlat ${figure} +no_defs`;
}

function withDatum(crs: PreparedCrs, shift: DatumShiftRow | null): string {
  if (crs.isWgs84) return crs.base.replace(/\+ellps=WGS84/, '+datum=WGS84');
  // No Helmert known: a "ballpark" transformation, latitude and longitude unchanged (as PROJ).
  return shift ? `${crs.base} +towgs84=${shift[2]}` : crs.base;
}

function converterOf(from: string, to: string): Converter {
  const converter = proj4(from, to);
  return (x, y) => {
    const [a, b] = converter.forward([x, y]);
    return [a!, b!];
  };
}

function brief(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine);
}
