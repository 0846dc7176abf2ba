/**
 * One entry point for vector layers, whatever the format: GeoJSON, Shapefile or GeoPackage,
 * chosen by the file's extension (as geotiff.js's entry points converge on one path). Each format
 * has its own module; all give the same `VectorLayer` (GeoJSON features and their CRS).
 */
import { GisError } from './errors.js';
import type { VectorLayer } from './geojson.js';
import { readGeoJson } from './geojson.js';
import { readGeoPackage } from './geopackage.js';
import { readShapefile } from './shapefile.js';

/** The vector formats read, by extension. */
export const VECTOR_FORMATS = {
  geojson: { extensions: ['.geojson', '.json'], name: 'GeoJSON' },
  shapefile: { extensions: ['.shp'], name: 'Shapefile' },
  geopackage: { extensions: ['.gpkg'], name: 'GeoPackage' },
} as const;

export type VectorFormat = keyof typeof VECTOR_FORMATS;

/** Options of `readVector`. */
export interface VectorReadOptions {
  /** GeoPackage: the feature table (required when there are several). */
  readonly layer?: string;
  /** Shapefile: the attribute encoding, overriding the .cpg. */
  readonly encoding?: string;
}

/** The vector format of a path by its extension, or null. */
export function vectorFormatOf(filePath: string): VectorFormat | null {
  const lower = filePath.toLowerCase();
  for (const [format, spec] of Object.entries(VECTOR_FORMATS))
    if (spec.extensions.some((ext) => lower.endsWith(ext))) return format as VectorFormat;
  return null;
}

/**
 * Read a vector layer from a GeoJSON, Shapefile (.shp) or GeoPackage (.gpkg) file.
 * @throws GisError naming the file (and the GeoPackage table) for every problem.
 * @example const zones = await readVector('plan.gpkg', { layer: 'zoning' });
 */
export async function readVector(filePath: string, options: VectorReadOptions = {}): Promise<VectorLayer> {
  const format = vectorFormatOf(filePath);
  if (options.layer !== undefined && format !== 'geopackage') {
    throw new GisError(
      'invalid-data',
      `${filePath}: "layer" picks a table of a GeoPackage; this file has a single layer.`,
      {
        file: filePath,
      },
    );
  }
  switch (format) {
    case 'geojson':
      return readGeoJson(filePath);
    case 'shapefile':
      return readShapefile(filePath, options.encoding === undefined ? {} : { encoding: options.encoding });
    case 'geopackage':
      return readGeoPackage(filePath, options.layer === undefined ? {} : { layer: options.layer });
    default:
      throw new GisError(
        'invalid-data',
        `${filePath}: is not a vector format read here; give GeoJSON (.geojson), a Shapefile (.shp) or a GeoPackage (.gpkg). Convert others with ogr2ogr.`,
        { file: filePath },
      );
  }
}
