/**
 * Coordinate reference systems: the description carried by every grid and vector layer, and
 * where their definitions come from (transformations: crs-transform.ts).
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
import { epsgCodeInDefinition, identifyCode, parseDefinition, type ParsedProjection } from './crs-identify.js';
import { epsgEntry, kindOf, unitsOf, type EpsgEntry } from './crs-registry.js';
import { GisError } from './errors.js';

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

/** "<label>: " to start a message about a layer or file, or nothing. */
export function where(label: string | undefined): string {
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

function brief(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine);
}
