/**
 * `inspect`: describe a raster (GeoTIFF, COG) or vector (GeoJSON, Shapefile, GeoPackage) file the
 * way gdalinfo / ogrinfo do, as a typed report for the CLI and the desktop app.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { GeoTiffReadResult } from '../gis/index.js';
import {
  GisError,
  gisFileError,
  inputFileProblem,
  gdalGeoTransform,
  isIntegerSampleType,
  listGeoPackageLayers,
  readGeoTiff,
  readVector,
  vectorBounds,
  vectorFormatOf,
  VECTOR_FORMATS,
  type GeoPackageLayer,
} from '../gis/index.js';

export interface RasterInspection {
  readonly kind: 'raster';
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly bandCount: number;
  readonly band: number;
  readonly crs: {
    readonly epsg: number | null;
    readonly name: string;
    readonly type: 'projected' | 'geographic' | 'user-defined';
  };
  /** GDAL order: [originX, pixelWidth, 0, originY, 0, -pixelHeight]. */
  readonly geoTransform: readonly number[];
  readonly nodata: number | null;
  /** GDAL type name: Byte, Int16, UInt16, Int32, UInt32, Float32, Float64, Int8. */
  readonly dataType: string;
  readonly compression: string;
  readonly layout: 'strips' | 'tiles';
  readonly blockSize: readonly [number, number];
  /** For integer rasters: the count of each value (nodata included, flagged), ascending. */
  readonly valueCounts: readonly { readonly value: number; readonly count: number; readonly nodata?: true }[] | null;
  /** Cells equal to nodata (or NaN). */
  readonly nodataCount: number;
  /** Minimum and maximum of the valid cells (null if none). */
  readonly min: number | null;
  readonly max: number | null;
  readonly hasColorTable: boolean;
}

export interface VectorInspection {
  readonly kind: 'vector';
  readonly file: string;
  /** GeoJSON, Shapefile or GeoPackage. */
  readonly format: string;
  /** GeoPackage: the table read, and every feature table of the file. */
  readonly layer?: string;
  readonly layers?: readonly GeoPackageLayer[];
  readonly featureCount: number;
  /** Count of features per geometry type ("None" for null geometries). */
  readonly geometryTypes: Readonly<Record<string, number>>;
  /** [minX, minY, maxX, maxY] in the layer's CRS, null when there is no geometry. */
  readonly bbox: readonly [number, number, number, number] | null;
  readonly crs: { readonly epsg: number | null; readonly name: string };
  /** Every property name, in order of first appearance. */
  readonly propertyNames: readonly string[];
}

export type Inspection = RasterInspection | VectorInspection;

export interface InspectOptions {
  /** Raster band (1-based), required for multi-band files. */
  readonly band?: number;
  /** GeoPackage feature table (default: the only one, else the first). */
  readonly layer?: string;
}

/**
 * Read a GeoTIFF or GeoJSON file and describe it.
 * @throws GisError (kind 'input') for a missing or invalid file.
 * @example const report = await inspectFile('gis-data/landuse.tif'); report.kind === 'raster'
 */
export async function inspectFile(filePath: string, options: InspectOptions = {}): Promise<Inspection> {
  const extension = path.extname(filePath).toLowerCase();
  let vector = vectorFormatOf(filePath) !== null;
  if (!vector && extension !== '.tif' && extension !== '.tiff') {
    // Unknown extension: a JSON document starts with "{".
    // Only a regular file: opening a named pipe would wait for a writer forever.
    const problem = inputFileProblem(filePath);
    if (problem) throw gisFileError(problem);
    const handle = await fs.open(filePath, 'r').catch((error: unknown) => {
      throw new GisError(
        'missing-file',
        `${filePath}: no such file or it cannot be read (${error instanceof Error ? error.message : String(error)}).`,
        {
          file: filePath,
        },
      );
    });
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0);
      vector = buffer.subarray(0, bytesRead).toString('utf8').trimStart().startsWith('{');
    } finally {
      await handle.close();
    }
  }
  return vector
    ? inspectVector(filePath, options.layer)
    : inspectRaster(await readGeoTiff(filePath, options.band === undefined ? {} : { band: options.band }));
}

function inspectRaster(raster: GeoTiffReadResult): RasterInspection {
  const { data, nodata } = raster;
  const isNodata = (v: number): boolean => Number.isNaN(v) || (nodata !== null && v === nodata);
  let nodataCount = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (isNodata(v)) nodataCount++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  let valueCounts: RasterInspection['valueCounts'] = null;
  if (isIntegerSampleType(raster.sampleType)) {
    const counts = new Map<number, number>();
    if (data instanceof Uint8Array) {
      const histogram = new Float64Array(256);
      for (let i = 0; i < data.length; i++) histogram[data[i]!]!++;
      histogram.forEach((count, value) => count > 0 && counts.set(value, count));
    } else {
      for (let i = 0; i < data.length; i++) counts.set(data[i]!, (counts.get(data[i]!) ?? 0) + 1);
    }
    valueCounts = [...counts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([value, count]) => (value === nodata ? { value, count, nodata: true as const } : { value, count }));
  }
  return {
    kind: 'raster',
    file: raster.file,
    width: raster.grid.width,
    height: raster.grid.height,
    bandCount: raster.bandCount,
    band: raster.band,
    crs: { epsg: raster.grid.crs.epsg, name: raster.grid.crs.name, type: raster.grid.crs.kind },
    geoTransform: gdalGeoTransform(raster.grid),
    nodata,
    dataType: raster.sampleType,
    compression: raster.compression,
    layout: raster.layout,
    blockSize: [raster.blockWidth, raster.blockHeight],
    valueCounts,
    nodataCount,
    min: min === Infinity ? null : min,
    max: max === -Infinity ? null : max,
    hasColorTable: raster.colorTable !== null,
  };
}

async function inspectVector(filePath: string, table?: string): Promise<VectorInspection> {
  const format = vectorFormatOf(filePath) ?? 'geojson';
  const tables = format === 'geopackage' ? await listGeoPackageLayers(filePath) : null;
  const chosen = table ?? tables?.[0]?.name;
  const layer = await readVector(filePath, format === 'geopackage' && chosen !== undefined ? { layer: chosen } : {});
  const geometryTypes: Record<string, number> = {};
  const propertyNames = new Set<string>();
  for (const feature of layer.features) {
    const type = feature.geometry?.type ?? 'None';
    geometryTypes[type] = (geometryTypes[type] ?? 0) + 1;
    for (const name of Object.keys(feature.properties ?? {})) propertyNames.add(name);
  }
  return {
    kind: 'vector',
    file: filePath,
    format: VECTOR_FORMATS[format].name,
    ...(tables && chosen !== undefined ? { layer: chosen, layers: tables } : {}),
    featureCount: layer.features.length,
    geometryTypes,
    bbox: vectorBounds(layer.features),
    crs: { epsg: layer.crs.epsg, name: layer.crs.name },
    propertyNames: [...propertyNames],
  };
}

/** A plain-text report, laid out like gdalinfo / ogrinfo summaries. */
export function formatInspection(report: Inspection): string {
  const lines: string[] = [];
  const crs = report.crs.epsg === null ? report.crs.name : `EPSG:${report.crs.epsg} (${report.crs.name})`;
  if (report.kind === 'raster') {
    const [ox, pw, , oy, , ph] = report.geoTransform;
    lines.push(
      `File: ${report.file}`,
      `Type: raster (GeoTIFF)`,
      `Size: ${report.width} x ${report.height}, ${report.bandCount} band(s); band ${report.band} read`,
    );
    lines.push(`CRS: ${crs}`);
    lines.push(`Origin: (${ox}, ${oy})`, `Pixel size: (${pw}, ${ph})`);
    lines.push(`GeoTransform: [${report.geoTransform.join(', ')}]`);
    lines.push(`Data type: ${report.dataType}`, `NoData: ${report.nodata === null ? 'none' : report.nodata}`);
    lines.push(
      `Compression: ${report.compression}, ${report.layout} of ${report.blockSize[0]} x ${report.blockSize[1]}${report.hasColorTable ? ', colour table' : ''}`,
    );
    lines.push(
      `Min/Max (valid cells): ${report.min ?? '-'} / ${report.max ?? '-'}; nodata cells: ${report.nodataCount}`,
    );
    if (report.valueCounts) {
      lines.push(`Value counts (${report.valueCounts.length} distinct):`);
      for (const { value, count, nodata } of report.valueCounts)
        lines.push(`  ${String(value).padStart(6)}: ${count}${nodata ? ' (nodata)' : ''}`);
    }
  } else {
    lines.push(
      `File: ${report.file}`,
      `Type: vector (${report.format}${report.layer ? `, table "${report.layer}"` : ''})`,
      ...(report.layers && report.layers.length > 1
        ? [`Tables: ${report.layers.map((l) => `${l.name} (${l.features} ${l.geometryType})`).join(', ')}`]
        : []),
      `CRS: ${crs}`,
      `Feature count: ${report.featureCount}`,
    );
    lines.push(
      `Geometry types: ${
        Object.entries(report.geometryTypes)
          .map(([type, n]) => `${type} ${n}`)
          .join(', ') || 'none'
      }`,
    );
    lines.push(
      report.bbox
        ? `Extent: (${report.bbox[0]}, ${report.bbox[1]}) - (${report.bbox[2]}, ${report.bbox[3]})`
        : 'Extent: empty',
    );
    lines.push(`Properties (${report.propertyNames.length}): ${report.propertyNames.join(', ') || 'none'}`);
  }
  return lines.join('\n');
}
