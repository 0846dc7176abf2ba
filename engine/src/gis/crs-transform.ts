/**
 * Coordinate transformations between CRSs with proj4: projection alone between CRSs on one datum;
 * otherwise through WGS 84 with the 3- or 7-parameter Helmert PROJ (and so GDAL) chooses when no
 * datum grid is installed: among the EPSG Helmert transformations of each datum
 * (crs-data/datum-shifts.ts, generated from PROJ's database), the most accurate one whose area of
 * use contains the point, the smaller area on a tie. epsg-index's own `+towgs84`/`+nadgrids` terms
 * are not used: epsg.io publishes some rotations in the wrong convention or unit, and names grid
 * files planners do not have.
 */
import proj4 from 'proj4';
import type { Crs } from './crs.js';
import { crsFromEpsg, sameCrs, where } from './crs.js';
import { DATUM_SHIFTS, type DatumShiftRow } from './crs-data/datum-shifts.js';
import { baseGeodeticCode, epsgEntry, kindOf, lonLatOf, withoutDatumShift } from './crs-registry.js';
import { GisError } from './errors.js';
import type { Bounds } from './grid.js';

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
