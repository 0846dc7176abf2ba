/**
 * Coordinate reference systems: the description carried by every grid, and the EPSG codes the
 * project supports with their proj4 definitions (for transforming WGS84 GeoJSON to a grid's CRS).
 *
 * Supported: WGS 84 (4326), NAD83 (4269), ETRS89 (4258), Web Mercator (3857), ETRS89-LAEA Europe
 * (3035), every WGS 84 UTM zone (32601-32660 north, 32701-32760 south), NAD83 UTM zones 1-23 north
 * (26901-26923) and ETRS89 UTM zones 28-38 north (25828-25838).
 */
import { GisError } from './errors.js';

/** A coordinate reference system as read from (or written to) a GeoTIFF's GeoKeys. */
export interface Crs {
  /** The EPSG code, or null for a user-defined CRS. */
  readonly epsg: number | null;
  /** Projected (map units, usually metres), geographic (degrees) or user-defined. */
  readonly kind: 'projected' | 'geographic' | 'user-defined';
  /** A human-readable name, e.g. "NAD83 / UTM zone 12N". */
  readonly name: string;
  /** Units of the coordinates. */
  readonly units: 'metre' | 'degree' | 'unknown';
  /**
   * The raw GeoKeys as read (key id -> value), kept so a user-defined CRS can be written back
   * unchanged. Absent for CRSs built from an EPSG code.
   */
  readonly geoKeys?: Readonly<Record<number, number | string | readonly number[]>>;
}

interface EpsgEntry {
  name: string;
  kind: 'projected' | 'geographic';
  proj4: string;
}

const ETRS89_DATUM = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';

function buildEpsgTable(): Map<number, EpsgEntry> {
  const table = new Map<number, EpsgEntry>();
  table.set(4326, { name: 'WGS 84', kind: 'geographic', proj4: '+proj=longlat +datum=WGS84 +no_defs' });
  table.set(4269, { name: 'NAD83', kind: 'geographic', proj4: '+proj=longlat +datum=NAD83 +no_defs' });
  table.set(4258, { name: 'ETRS89', kind: 'geographic', proj4: `+proj=longlat ${ETRS89_DATUM} +no_defs` });
  table.set(3857, {
    name: 'WGS 84 / Pseudo-Mercator',
    kind: 'projected',
    proj4:
      '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
  });
  table.set(3035, {
    name: 'ETRS89-extended / LAEA Europe',
    kind: 'projected',
    proj4: `+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 ${ETRS89_DATUM} +units=m +no_defs`,
  });
  for (let zone = 1; zone <= 60; zone++) {
    table.set(32600 + zone, {
      name: `WGS 84 / UTM zone ${zone}N`,
      kind: 'projected',
      proj4: `+proj=utm +zone=${zone} +datum=WGS84 +units=m +no_defs`,
    });
    table.set(32700 + zone, {
      name: `WGS 84 / UTM zone ${zone}S`,
      kind: 'projected',
      proj4: `+proj=utm +zone=${zone} +south +datum=WGS84 +units=m +no_defs`,
    });
  }
  for (let zone = 1; zone <= 23; zone++) {
    table.set(26900 + zone, {
      name: `NAD83 / UTM zone ${zone}N`,
      kind: 'projected',
      proj4: `+proj=utm +zone=${zone} +datum=NAD83 +units=m +no_defs`,
    });
  }
  for (let zone = 28; zone <= 38; zone++) {
    table.set(25800 + zone, {
      name: `ETRS89 / UTM zone ${zone}N`,
      kind: 'projected',
      proj4: `+proj=utm +zone=${zone} ${ETRS89_DATUM} +units=m +no_defs`,
    });
  }
  return table;
}

const EPSG_TABLE = buildEpsgTable();

/** Whether an EPSG code is one the project knows (see the module comment for the list). */
export function isSupportedEpsg(code: number): boolean {
  return EPSG_TABLE.has(code);
}

/** All supported EPSG codes, ascending. */
export function supportedEpsgCodes(): number[] {
  return [...EPSG_TABLE.keys()].sort((a, b) => a - b);
}

function unsupported(code: number, file?: string): GisError {
  const where = file ? `${file}: ` : '';
  return new GisError(
    'unsupported-crs',
    `${where}the CRS EPSG:${code} is not supported. Supported: EPSG:4326, 4269, 4258, 3857, 3035, ` +
      'WGS 84 UTM (32601-32660, 32701-32760), NAD83 UTM (26901-26923) and ETRS89 UTM (25828-25838). ' +
      'Reproject the data to one of these (e.g. with gdalwarp -t_srs EPSG:326xx).',
    file === undefined ? {} : { file },
  );
}

/**
 * The CRS description for an EPSG code.
 * @throws GisError('unsupported-crs') for a code outside the supported list.
 * @example crsFromEpsg(26912) // { epsg: 26912, kind: 'projected', name: 'NAD83 / UTM zone 12N', units: 'metre' }
 */
export function crsFromEpsg(code: number, file?: string): Crs {
  const entry = EPSG_TABLE.get(code);
  if (!entry) throw unsupported(code, file);
  return { epsg: code, kind: entry.kind, name: entry.name, units: entry.kind === 'geographic' ? 'degree' : 'metre' };
}

/**
 * The proj4 definition string of a supported EPSG code.
 * @throws GisError('unsupported-crs') naming the code otherwise.
 */
export function proj4Definition(code: number, file?: string): string {
  const entry = EPSG_TABLE.get(code);
  if (!entry) throw unsupported(code, file);
  return entry.proj4;
}

/** A short label for messages: "EPSG:26912 (NAD83 / UTM zone 12N)" or "a user-defined CRS (...)". */
export function describeCrs(crs: Crs): string {
  return crs.epsg === null ? `a user-defined CRS (${crs.name})` : `EPSG:${crs.epsg} (${crs.name})`;
}

/** Whether two CRSs are the same: equal EPSG codes, or identical user-defined GeoKeys. */
export function sameCrs(a: Crs, b: Crs): boolean {
  if (a.epsg !== null || b.epsg !== null) return a.epsg === b.epsg;
  return JSON.stringify(a.geoKeys ?? {}) === JSON.stringify(b.geoKeys ?? {});
}
