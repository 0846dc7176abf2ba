/**
 * Read the feature tables of an OGC GeoPackage (.gpkg) into the same vector layer GeoJSON gives:
 * SQLite compiled to WebAssembly (sql.js; no native build, works offline) runs the queries, wkx
 * decodes the geometries' WKB. The CRS comes from the table's `gpkg_spatial_ref_sys` entry (its
 * EPSG code, or its WKT definition). A file with several feature tables needs the one to read.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import wkx from 'wkx';
import type { Crs } from './crs.js';
import { crsFromDefinition, crsFromEpsg } from './crs.js';
import { GisError } from './errors.js';
import type { VectorLayer } from './geojson.js';
import { validateGeoJson } from './geojson.js';
import { readGisFile } from './input-file.js';
import { MAX_VECTOR_FILE_BYTES } from './limits.js';

/** Options of `readGeoPackage`. */
export interface GeoPackageReadOptions {
  /** The feature table to read; required when the file has more than one. */
  readonly layer?: string;
}

/** A feature table of a GeoPackage. */
export interface GeoPackageLayer {
  readonly name: string;
  readonly geometryColumn: string;
  readonly geometryType: string;
  readonly srsId: number;
  readonly features: number;
}

const requireFromHere = createRequire(import.meta.url);
let sqlite: ReturnType<typeof initSqlJs> | null = null;

function sqlJs(): ReturnType<typeof initSqlJs> {
  sqlite ??= initSqlJs({
    locateFile: (file: string) => path.join(path.dirname(requireFromHere.resolve('sql.js')), file),
  });
  return sqlite;
}

/**
 * Read one feature table of a GeoPackage.
 * @throws GisError missing-file, invalid-data (not a GeoPackage, no or unknown feature table,
 *   damaged geometry), unsupported-crs — each naming the file and, where it applies, the table.
 * @example const zones = await readGeoPackage('plan.gpkg', { layer: 'zoning' });
 */
export async function readGeoPackage(filePath: string, options: GeoPackageReadOptions = {}): Promise<VectorLayer> {
  return withDatabase(filePath, (db) => {
    const layers = featureTables(db, filePath);
    const layer = chooseLayer(layers, options.layer, filePath);
    const label = layers.length > 1 || options.layer ? `${filePath} (layer "${layer.name}")` : filePath;
    const crs = crsOf(db, layer.srsId, label);
    const statement = db.prepare(`SELECT * FROM ${quote(layer.name)}`);
    const features: unknown[] = [];
    try {
      while (statement.step()) {
        const row = statement.getAsObject();
        const properties: Record<string, SqlValue> = {};
        let geometry: unknown = null;
        for (const [column, value] of Object.entries(row)) {
          if (column === layer.geometryColumn) geometry = decodeGeometry(value, label, features.length);
          else if (!(value instanceof Uint8Array)) properties[column] = value;
        }
        features.push({ type: 'Feature', geometry, properties });
      }
    } finally {
      statement.free();
    }
    return validateGeoJson({ type: 'FeatureCollection', features }, label, crs);
  });
}

/** The feature tables of a GeoPackage (for `inspect` and for messages). */
export async function listGeoPackageLayers(filePath: string): Promise<GeoPackageLayer[]> {
  return withDatabase(filePath, (db) => featureTables(db, filePath));
}

async function withDatabase<T>(filePath: string, use: (db: Database) => T): Promise<T> {
  const bytes = await readGisFile(filePath, MAX_VECTOR_FILE_BYTES, 'a GeoPackage (.gpkg)');
  if (Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== 'SQLite format 3\0') {
    throw new GisError(
      'invalid-data',
      `${filePath}: is not a GeoPackage (not an SQLite database). Give a .gpkg file.`,
      {
        file: filePath,
      },
    );
  }
  const SQL = await sqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (error) {
    throw new GisError('invalid-data', `${filePath}: the database cannot be opened (${reasonOf(error)}).`, {
      file: filePath,
      cause: error,
    });
  }
  try {
    return use(db);
  } catch (error) {
    if (error instanceof GisError) throw error;
    throw new GisError(
      'invalid-data',
      `${filePath}: cannot be read as a GeoPackage (${reasonOf(error)}); it is damaged.`,
      {
        file: filePath,
        cause: error,
      },
    );
  } finally {
    db.close();
  }
}

function featureTables(db: Database, filePath: string): GeoPackageLayer[] {
  let rows: SqlValue[][];
  try {
    rows =
      db.exec(
        `SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id
         FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
         WHERE c.data_type = 'features' ORDER BY c.table_name`,
      )[0]?.values ?? [];
  } catch {
    throw new GisError(
      'invalid-data',
      `${filePath}: is an SQLite database but not a GeoPackage (no gpkg_contents / gpkg_geometry_columns tables).`,
      { file: filePath },
    );
  }
  return rows.map(([name, column, type, srsId]) => {
    const count = db.exec(`SELECT COUNT(*) FROM ${quote(String(name))}`)[0]?.values[0]?.[0];
    return {
      name: String(name),
      geometryColumn: String(column),
      geometryType: String(type),
      srsId: Number(srsId),
      features: Number(count ?? 0),
    };
  });
}

function chooseLayer(layers: GeoPackageLayer[], wanted: string | undefined, filePath: string): GeoPackageLayer {
  const names = layers.map((l) => `"${l.name}"`).join(', ');
  if (layers.length === 0) {
    throw new GisError(
      'invalid-data',
      `${filePath}: the GeoPackage has no feature table (only rasters or attributes).`,
      {
        file: filePath,
      },
    );
  }
  if (wanted === undefined) {
    if (layers.length > 1) {
      throw new GisError(
        'invalid-data',
        `${filePath}: the GeoPackage has ${layers.length} feature tables (${names}); choose one with \`layer:\` in the scenario.`,
        { file: filePath },
      );
    }
    return layers[0]!;
  }
  const layer = layers.find((l) => l.name === wanted);
  if (!layer) {
    throw new GisError('invalid-data', `${filePath}: has no feature table "${wanted}"; it has ${names}.`, {
      file: filePath,
    });
  }
  return layer;
}

function crsOf(db: Database, srsId: number, label: string): Crs {
  const row = db.exec(
    `SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ${Number(srsId)}`,
  )[0]?.values[0];
  if (!row) {
    throw new GisError(
      'unsupported-crs',
      `${label}: its srs_id ${srsId} is not in gpkg_spatial_ref_sys; the file is damaged.`,
      {
        file: label,
      },
    );
  }
  const [name, organization, code, definition] = row;
  if (String(organization).toUpperCase() === 'EPSG' && Number(code) > 0) return crsFromEpsg(Number(code), label);
  if (typeof definition === 'string' && definition.trim() !== '' && definition.trim() !== 'undefined')
    return crsFromDefinition(definition, label);
  throw new GisError(
    'unsupported-crs',
    `${label}: its CRS "${String(name)}" (srs_id ${srsId}) has neither an EPSG code nor a definition. Assign one, e.g. ogr2ogr -a_srs EPSG:<code>.`,
    { file: label },
  );
}

/**
 * A GeoPackage geometry blob: "GP", version, flags (bit 0 byte order, bits 1-3 envelope size,
 * bit 4 empty), srs_id, envelope, then standard WKB.
 */
function decodeGeometry(value: SqlValue, label: string, index: number): unknown {
  if (value === null) return null;
  if (!(value instanceof Uint8Array) || value.length < 8 || value[0] !== 0x47 || value[1] !== 0x50) {
    throw new GisError('invalid-data', `${label}: feature ${index} has no GeoPackage geometry blob.`, { file: label });
  }
  const flags = value[3]!;
  if (flags & 0x20) {
    throw new GisError(
      'invalid-data',
      `${label}: feature ${index} uses an extended geometry type, which is not supported.`,
      {
        file: label,
      },
    );
  }
  if (flags & 0x10) return null;
  const envelopeBytes = [0, 32, 48, 48, 64][(flags >> 1) & 0x07];
  if (envelopeBytes === undefined) {
    throw new GisError('invalid-data', `${label}: feature ${index} has an invalid geometry header.`, { file: label });
  }
  try {
    const wkb = Buffer.from(value.buffer, value.byteOffset + 8 + envelopeBytes, value.byteLength - 8 - envelopeBytes);
    return wkx.Geometry.parse(wkb).toGeoJSON();
  } catch (error) {
    throw new GisError('invalid-data', `${label}: feature ${index} has a damaged geometry (${reasonOf(error)}).`, {
      file: label,
      cause: error,
    });
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
