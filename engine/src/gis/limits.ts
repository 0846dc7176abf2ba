/**
 * How much memory reading one input file may take. A raster's decoded band and its file are both
 * checked against the raster cap before anything is allocated, so a header claiming 60000 x 60000
 * Float32 cells (13.4 GB) is refused at once instead of exhausting the machine.
 *
 * The raster cap is configurable per call (`readGeoTiff(file, { maxBytes })`) and per process with
 * the environment variable PARETOPLAN_MAX_RASTER_MB (for study areas beyond the default).
 */

/** Default cap of one raster, bytes: 1 GiB (a 16,000 x 16,000 Float32 band). */
export const DEFAULT_MAX_RASTER_BYTES = 1024 ** 3;

/** Cap of one GeoJSON file, bytes (its parsed features take several times more). */
export const MAX_GEOJSON_BYTES = 256 * 1024 ** 2;

/** Cap of one file of a Shapefile (.shp, .dbf, ...) or of a GeoPackage, bytes. */
export const MAX_VECTOR_FILE_BYTES = 1024 ** 3;

/** The raster cap of this process: PARETOPLAN_MAX_RASTER_MB when set to a positive number, else the default. */
export function maxRasterBytes(): number {
  const mb = Number(process.env.PARETOPLAN_MAX_RASTER_MB);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 ** 2) : DEFAULT_MAX_RASTER_BYTES;
}

/** A size for messages: `14.4 GB`, `3.2 MB`, `2,000 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${bytes.toLocaleString('en-GB')} bytes`;
}
