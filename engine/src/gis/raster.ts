/**
 * One entry point for rasters, chosen by extension like `readVector`. GeoTIFF is the raster
 * format read (Cloud-Optimised GeoTIFFs are GeoTIFFs: the full-resolution image is read, the
 * overviews are skipped); multi-band files need an explicit band.
 */
import { GisError } from './errors.js';
import type { GeoTiffReadResult } from './geotiff-read.js';
import { readGeoTiff } from './geotiff-read.js';

/** The raster formats read, by extension. */
export const RASTER_FORMATS = { geotiff: { extensions: ['.tif', '.tiff'], name: 'GeoTIFF / COG' } } as const;

/** Options of `readRaster`. */
export interface RasterReadOptions {
  /** The band (1-based); required for multi-band files. */
  readonly band?: number;
  /** A nodata value overriding the file's (for files that do not declare theirs, e.g. a DEM with 0 fill). */
  readonly nodata?: number;
  readonly signal?: AbortSignal;
}

/** Whether a path names a raster format read here. */
export function isRasterPath(filePath: string): boolean {
  const lower = filePath.toLowerCase();
  return RASTER_FORMATS.geotiff.extensions.some((ext) => lower.endsWith(ext));
}

/**
 * Read one band of a raster, with an optional nodata override.
 * @throws GisError naming the file (see readGeoTiff).
 * @example const dem = await readRaster('srtm.tif', { nodata: 0 });
 */
export async function readRaster(filePath: string, options: RasterReadOptions = {}): Promise<GeoTiffReadResult> {
  if (!isRasterPath(filePath)) {
    throw new GisError(
      'not-tiff',
      `${filePath}: is not a raster format read here; give a GeoTIFF (.tif). Convert others with gdal_translate -of GTiff.`,
      { file: filePath },
    );
  }
  const raster = await readGeoTiff(filePath, {
    ...(options.band === undefined ? {} : { band: options.band }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return options.nodata === undefined ? raster : { ...raster, nodata: options.nodata };
}
