/**
 * Read ESRI Shapefiles (.shp with its .dbf attributes, .prj CRS and .cpg encoding) into the same
 * vector layer GeoJSON gives, with shpjs (pure JavaScript). Coordinates stay in the file's CRS,
 * read from the .prj (an ESRI WKT, identified to its EPSG code when the registry has it).
 * Attribute text is decoded as the .cpg says (UTF-8, 1252, ISO-8859-1...); without one, as the
 * .dbf header's language driver says (as GDAL maps it), and ISO-8859-1 when it says nothing.
 */
import { parseDbf, parseShp } from 'shpjs';
import { crsFromDefinition } from './crs.js';
import { GisError } from './errors.js';
import type { VectorLayer } from './geojson.js';
import { validateGeoJson } from './geojson.js';
import { readGisFile, siblingFile } from './input-file.js';
import { MAX_VECTOR_FILE_BYTES } from './limits.js';

/** Options of `readShapefile`. */
export interface ShapefileReadOptions {
  /** The attribute encoding, overriding the .cpg (e.g. "windows-1252", "UTF-8"). */
  readonly encoding?: string;
}

/** dBASE language driver ids (byte 29 of the .dbf header) of common code pages, as GDAL maps them. */
const LANGUAGE_DRIVERS: Readonly<Record<number, string>> = {
  0x01: 'ibm437',
  0x02: 'ibm850',
  0x03: 'windows-1252',
  0x57: 'iso-8859-1',
  0x58: 'windows-1252',
  0x59: 'windows-1252',
  0x64: 'ibm852',
  0x65: 'ibm866',
  0x7d: 'windows-1255',
  0x7e: 'windows-1256',
  0x87: 'ibm852',
  0xc8: 'windows-1250',
  0xc9: 'windows-1251',
  0xca: 'windows-1254',
  0xcb: 'windows-1253',
  0xcc: 'windows-1257',
};

/**
 * Read a Shapefile given the path of its .shp.
 * @throws GisError missing-file (the .shp or .dbf), unsupported-crs (no .prj, or one proj4 cannot
 *   read), invalid-data (a damaged file) — each naming the file.
 * @example const parcels = await readShapefile('data/parcels.shp'); // parcels.crs.epsg === 2056
 */
export async function readShapefile(filePath: string, options: ShapefileReadOptions = {}): Promise<VectorLayer> {
  const shp = await readGisFile(filePath, MAX_VECTOR_FILE_BYTES, 'a Shapefile (.shp)');
  const dbfPath = await siblingFile(filePath, 'dbf');
  if (!dbfPath) {
    throw new GisError(
      'missing-file',
      `${filePath}: the attribute table ${filePath.replace(/\.shp$/i, '.dbf')} is missing; a Shapefile is the .shp, .shx, .dbf and .prj files together.`,
      { file: filePath },
    );
  }
  const prjPath = await siblingFile(filePath, 'prj');
  if (!prjPath) {
    throw new GisError(
      'unsupported-crs',
      `${filePath}: has no .prj file, so its CRS is unknown. Add one, e.g. ogr2ogr -a_srs EPSG:<code> fixed.shp ${filePath}.`,
      { file: filePath },
    );
  }
  const dbf = await readGisFile(dbfPath, MAX_VECTOR_FILE_BYTES, 'a dBASE table (.dbf)');
  const prj = Buffer.from(await readGisFile(prjPath, MAX_VECTOR_FILE_BYTES, 'a CRS definition (.prj)')).toString(
    'utf8',
  );
  const cpgPath = await siblingFile(filePath, 'cpg');
  const encoding =
    options.encoding ??
    (cpgPath
      ? Buffer.from(await readGisFile(cpgPath, MAX_VECTOR_FILE_BYTES, 'an encoding (.cpg)'))
          .toString('latin1')
          .trim()
      : languageDriverEncoding(dbf));
  checkEncoding(encoding, cpgPath ?? filePath);
  const crs = crsFromDefinition(prj, prjPath);

  let geometries: unknown[];
  let rows: unknown[];
  try {
    geometries = parseShp(view(shp)) as unknown[];
    rows = parseDbf(view(dbf), encoding) as unknown[];
  } catch (error) {
    throw new GisError(
      'invalid-data',
      `${filePath}: the Shapefile cannot be read (${error instanceof Error ? error.message : String(error)}); it is damaged or incomplete. Re-export it.`,
      { file: filePath, cause: error },
    );
  }
  if (rows.length !== geometries.length) {
    throw new GisError(
      'invalid-data',
      `${filePath}: the .shp has ${geometries.length} shapes but the .dbf ${rows.length} rows; the files do not belong together. Re-export the layer.`,
      { file: filePath },
    );
  }
  const collection = {
    type: 'FeatureCollection',
    features: geometries.map((geometry, i) => ({ type: 'Feature', geometry, properties: unsetBlanks(rows[i]) })),
  };
  return validateGeoJson(collection, filePath, crs);
}

/** A blank dBASE field is unset (null), as GDAL reads it. */
function unsetBlanks(row: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((row ?? {}) as Record<string, unknown>))
    out[key] = value === '' ? null : value;
  return out;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function languageDriverEncoding(dbf: Uint8Array): string {
  return LANGUAGE_DRIVERS[dbf[29] ?? 0] ?? 'iso-8859-1';
}

/** A .cpg such as "1252" or "ANSI 1252" names a Windows code page. */
function checkEncoding(encoding: string, file: string): void {
  const candidates = [encoding, `windows-${/(\d+)$/.exec(encoding)?.[1] ?? ''}`];
  for (const name of candidates) {
    try {
      new TextDecoder(name.trim());
      return;
    } catch {
      // try the next spelling
    }
  }
  throw new GisError(
    'invalid-data',
    `${file}: the encoding "${encoding}" is not known. Write the .cpg as UTF-8, 1252 or ISO-8859-1, or re-export the layer as UTF-8 (ogr2ogr -lco ENCODING=UTF-8).`,
    { file },
  );
}
