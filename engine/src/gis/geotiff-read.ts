/**
 * Read single-band rasters from GeoTIFF with geotiff.js: every common sample type, strips or
 * tiles, none/LZW/deflate/packbits/zstd compression, GDAL_NODATA, a north-up geotransform and the
 * CRS from the GeoKeys. Every way a file can be wrong ends in a GisError naming the file.
 */
// `geotiff` is loaded on first use, never at import time: it pulls in the `web-worker` package,
// whose Node build inspects `worker_threads.workerData` as soon as it is imported inside any
// worker thread. Evaluation workers import the land-use model (and so this module) but never read
// a raster (their static data arrives through shared memory), so they must not load it at all.
import type { GeoTIFFImage, Pool } from 'geotiff';
import type { Crs } from './crs.js';
import { crsFromDefinition, crsFromEpsg, isSupportedEpsg } from './crs.js';
import { GisError } from './errors.js';
import type { GisErrorCode } from './errors.js';
import type { GridSpec, RasterArray, SampleType } from './grid.js';
import { sampleTypeOf } from './grid.js';
import { readGisFile } from './input-file.js';
import { maxRasterBytes } from './limits.js';
import { readBand, type BlockDecoders } from './tiff-band.js';
import { BOUNDED_DECODERS, BlockDecodeError } from './tiff-decode.js';
import { checkTiffStructure, TiffStructureError, type TiffLayout } from './tiff-structure.js';

/** Compression schemes read (TIFF tag 259 values). */
const SUPPORTED_COMPRESSION: Readonly<Record<number, string>> = {
  1: 'none',
  5: 'LZW',
  8: 'deflate',
  32946: 'deflate',
  32773: 'packbits',
  50000: 'zstd',
};

/** Names of compression schemes that exist but are not read, for clearer messages. */
const KNOWN_COMPRESSION: Readonly<Record<number, string>> = {
  2: 'CCITT RLE',
  3: 'CCITT fax 3',
  4: 'CCITT fax 4',
  6: 'old-style JPEG',
  7: 'JPEG',
  34676: 'SGI LogLuv',
  34887: 'LERC',
  34925: 'LZMA',
  50001: 'WebP',
  50002: 'JPEG XL',
};

/** Options of `readGeoTiff`. */
export interface GeoTiffReadOptions {
  /** The band to read, 1-based as in GDAL. Required when the file has more than one band. */
  readonly band?: number;
  /** Cancels the decoding. */
  readonly signal?: AbortSignal;
  /**
   * The most bytes the file and its decoded band may take (default: PARETOPLAN_MAX_RASTER_MB, or
   * 1 GiB). Larger rasters are refused before anything is allocated.
   */
  readonly maxBytes?: number;
}

/** A single-band raster on its own grid. */
export interface Raster {
  readonly grid: GridSpec;
  /** Row-major cell values. */
  readonly data: RasterArray;
  /** The nodata value, or null when the file declares none. */
  readonly nodata: number | null;
  /** GDAL name of the sample type. */
  readonly sampleType: SampleType;
}

/** What `readGeoTiff` returns: the raster and how it was stored. */
export interface GeoTiffReadResult extends Raster {
  /** The file read. */
  readonly file: string;
  /** Number of bands in the file. */
  readonly bandCount: number;
  /** The band read (1-based). */
  readonly band: number;
  /** Compression name: 'none', 'LZW', 'deflate', 'packbits' or 'zstd'. */
  readonly compression: string;
  /** Striped or tiled storage, and the block size. */
  readonly layout: 'strips' | 'tiles';
  readonly blockWidth: number;
  readonly blockHeight: number;
  /** The palette (value -> '#rrggbb') when the file has one. */
  readonly colorTable: ReadonlyMap<number, string> | null;
}

/**
 * Load geotiff.js ahead of the first raster (about 0.1 s), in a thread that will read rasters and
 * has time now. Never in an evaluation worker (see the note on imports above).
 */
export async function preloadGeoTiff(): Promise<void> {
  await import('geotiff');
}

/**
 * Read one band of a GeoTIFF with its georeferencing.
 *
 * @param filePath The `.tif` file.
 * @param options `band` (1-based, required for multi-band files), `signal`.
 * @throws GisError with code missing-file, not-a-file, unreadable-file, too-large, not-tiff,
 *   corrupt-tiff, unsupported-compression, unsupported-sample-type, no-georeferencing,
 *   rotated-grid, band-required or band-out-of-range.
 * @example
 * const { grid, data, nodata } = await readGeoTiff('landcover.tif');
 * console.log(grid.width, grid.height, grid.crs.epsg); // 1073 1359 26912
 */
export async function readGeoTiff(filePath: string, options: GeoTiffReadOptions = {}): Promise<GeoTiffReadResult> {
  const bytes = await readGisFile(filePath, options.maxBytes ?? maxRasterBytes(), 'a raster');
  return decodeGeoTiff(bytes, filePath, options);
}

/**
 * Decode GeoTIFF bytes already in memory; `label` names the source in error messages.
 * Same contract as `readGeoTiff`.
 */
export async function decodeGeoTiff(
  bytes: Uint8Array,
  label: string,
  options: GeoTiffReadOptions = {},
): Promise<GeoTiffReadResult> {
  checkSignature(bytes, label);
  const fail: (code: GisErrorCode, message: string, cause?: unknown) => never = (code, message, cause) => {
    throw new GisError(code, `${label}: ${message}`, cause === undefined ? { file: label } : { file: label, cause });
  };
  const maxBytes = options.maxBytes ?? maxRasterBytes();
  let layout: TiffLayout;
  try {
    // Before any decoder allocates: every size the header claims, against the file and the cap.
    layout = checkTiffStructure(bytes, maxBytes);
  } catch (error) {
    if (!(error instanceof TiffStructureError)) throw error;
    return error.tooLarge
      ? fail('too-large', `${error.message}.`)
      : fail('corrupt-tiff', `the TIFF structure is damaged or truncated: ${error.message}. Re-export the file.`);
  }

  const { fromArrayBuffer } = await import('geotiff');
  let image: GeoTIFFImage;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const tiff = await fromArrayBuffer(buffer, options.signal);
    image = await tiff.getImage(0);
  } catch (error) {
    return fail(
      'corrupt-tiff',
      `the TIFF structure is damaged or truncated (${reasonOf(error)}). Re-export the file.`,
      error,
    );
  }
  const directory = image.getFileDirectory();

  const compressionCode = Number(directory.getValue('Compression') ?? 1);
  const compression = SUPPORTED_COMPRESSION[compressionCode];
  if (compression === undefined) {
    const name = KNOWN_COMPRESSION[compressionCode] ?? `code ${compressionCode}`;
    fail(
      'unsupported-compression',
      `compression ${name} is not supported (supported: none, LZW, deflate, packbits, zstd). ` +
        'Convert it, e.g. gdal_translate -co COMPRESS=DEFLATE in.tif out.tif.',
    );
  }

  const width = image.getWidth();
  const height = image.getHeight();
  const bandCount = image.getSamplesPerPixel();
  let band = options.band;
  if (band === undefined) {
    if (bandCount > 1)
      fail('band-required', `the file has ${bandCount} bands; choose one explicitly (band 1 to ${bandCount}).`);
    band = 1;
  }
  if (!Number.isInteger(band) || band < 1 || band > bandCount) {
    fail(
      'band-out-of-range',
      `band ${band} does not exist; the file has ${bandCount} band${bandCount === 1 ? '' : 's'} (1 to ${bandCount}).`,
    );
  }
  const sampleIndex = band - 1;
  const bits = image.getBitsPerSample(sampleIndex);
  const format = image.getSampleFormat(sampleIndex);
  const sampleType = sampleTypeFor(bits, format);
  if (sampleType === null) {
    const formatName = format === 3 ? 'floating-point' : format === 2 ? 'signed integer' : 'unsigned integer';
    fail(
      'unsupported-sample-type',
      `${bits}-bit ${formatName} samples are not supported (supported: 8/16/32-bit integers, 32/64-bit floats).`,
    );
  }

  const grid = gridOf(image, width, height, label);

  let data: RasterArray;
  try {
    data = await readBand(image, sampleIndex, sampleType, await boundedDecoders(layout, image), options.signal);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return fail(
      'corrupt-tiff',
      error instanceof BlockDecodeError
        ? `the image data cannot be decoded: ${error.message}. Re-export the file.`
        : `the image data cannot be decoded (${reasonOf(error)}); the file is damaged or truncated. Re-export it.`,
      error,
    );
  }
  if (data.length !== width * height || sampleTypeOf(data) !== sampleType) {
    fail(
      'corrupt-tiff',
      `decoding gave ${data.length} ${sampleTypeOf(data)} values for a ${width} x ${height} ${sampleType} band.`,
    );
  }

  const tiled = image.isTiled;
  return {
    file: label,
    grid,
    data,
    nodata: parseNodata(directory.getValue('GDAL_NODATA')),
    sampleType,
    bandCount,
    band,
    compression,
    layout: tiled ? 'tiles' : 'strips',
    blockWidth: tiled ? image.getTileWidth() : width,
    blockHeight: tiled ? image.getTileHeight() : Math.min(height, Number(directory.getValue('RowsPerStrip') ?? height)),
    colorTable: await colorTableOf(image, bits, label),
  };
}

/**
 * Decoders that bound every block's output to the size of a block of this image (tiff-decode.ts);
 * geotiff.js still applies the predictor: `pool` for its `readRasters` (its decoder-pool
 * interface), `block` for one block of this image (`getTileOrStrip`). geotiff.js is loaded here,
 * when a raster is decoded.
 */
async function boundedDecoders(layout: TiffLayout, image: GeoTIFFImage): Promise<BlockDecoders> {
  const geotiff = await import('geotiff');
  const limit = layout.blockBytes;
  const rowBytes = limit / layout.blockHeight;
  class BoundedDecoder extends geotiff.BaseDecoder {
    constructor(
      parameters: ConstructorParameters<typeof geotiff.BaseDecoder>[0],
      private readonly compression: number,
    ) {
      super(parameters);
    }

    override async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
      const decode = BOUNDED_DECODERS[this.compression];
      if (!decode) throw new BlockDecodeError(`compression ${this.compression} is not supported`);
      const out = await decode(new Uint8Array(buffer), limit);
      // Tiles are always whole; strips hold whole rows (the last one fewer). Uncompressed blocks
      // are checked against their byte counts before reading (tiff-structure.ts).
      const whole = layout.tiled ? out.length === limit : out.length > 0 && out.length % rowBytes === 0;
      if (this.compression !== 1 && !whole) {
        throw new BlockDecodeError(
          `a block decodes to ${out.length.toLocaleString('en-GB')} bytes, not ${layout.tiled ? `the ${limit.toLocaleString('en-GB')} bytes of a tile` : `whole rows of ${rowBytes.toLocaleString('en-GB')} bytes`}; the block is damaged`,
        );
      }
      // Exactly the decoded bytes: zlib's output is a Node Buffer viewing a larger chunk, whose
      // slice() is a view too; the rest of that chunk must never be read as cells.
      return out.byteOffset === 0 && out.byteLength === out.buffer.byteLength
        ? out.buffer
        : out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
    }
  }
  const pool = {
    bindParameters(compression: number, parameters: ConstructorParameters<typeof geotiff.BaseDecoder>[0]) {
      const decoder = new BoundedDecoder(parameters, compression);
      return { decode: (buffer: ArrayBufferLike) => decoder.decode(buffer) };
    },
  };
  // The parameters geotiff.js's readRasters gives its decoders (its defaultDecoderParameterFn).
  const directory = image.getFileDirectory();
  const block = new BoundedDecoder(
    {
      tileWidth: image.getTileWidth(),
      tileHeight: image.getTileHeight(),
      planarConfiguration: image.planarConfiguration,
      bitsPerSample: (await directory.loadValue('BitsPerSample')) as number[],
      predictor: Number((await directory.loadValue('Predictor')) ?? 1) || 1,
    },
    layout.compression,
  );
  return { pool: pool as unknown as Pool, block };
}

function checkSignature(bytes: Uint8Array, label: string): void {
  const isTiff =
    bytes.length >= 8 &&
    ((bytes[0] === 0x49 && bytes[1] === 0x49 && (bytes[2] === 42 || bytes[2] === 43) && bytes[3] === 0) ||
      (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && (bytes[3] === 42 || bytes[3] === 43)));
  if (!isTiff) {
    const hint =
      bytes.length === 0
        ? 'the file is empty'
        : `it starts with ${JSON.stringify(Buffer.from(bytes.subarray(0, 8)).toString('latin1'))}`;
    throw new GisError('not-tiff', `${label}: is not a TIFF file (${hint}). Give a GeoTIFF (.tif) raster.`, {
      file: label,
    });
  }
}

function sampleTypeFor(bits: number, format: number): SampleType | null {
  if (format === 1 || format === 4 /* undefined: read as unsigned */) {
    return bits === 8 ? 'Byte' : bits === 16 ? 'UInt16' : bits === 32 ? 'UInt32' : null;
  }
  if (format === 2) return bits === 8 ? 'Int8' : bits === 16 ? 'Int16' : bits === 32 ? 'Int32' : null;
  if (format === 3) return bits === 32 ? 'Float32' : bits === 64 ? 'Float64' : null;
  return null;
}

function gridOf(image: GeoTIFFImage, width: number, height: number, label: string): GridSpec {
  const directory = image.getFileDirectory();
  const scale = directory.getValue('ModelPixelScale') as ArrayLike<number> | undefined;
  const tiepoint = directory.getValue('ModelTiepoint') as ArrayLike<number> | undefined;
  const transformation = directory.getValue('ModelTransformation') as ArrayLike<number> | undefined;
  let originX: number;
  let originY: number;
  let pixelWidth: number;
  let pixelHeight: number;
  if (transformation && transformation.length >= 16) {
    const [a, b, , d, e, f, , h] = Array.from(transformation);
    if (b !== 0 || e !== 0) {
      throw new GisError(
        'rotated-grid',
        `${label}: the grid is rotated or sheared (geotransform terms ${b}, ${e}); only north-up rasters are supported. ` +
          'Warp it to a north-up grid first, e.g. gdalwarp in.tif out.tif.',
        { file: label },
      );
    }
    originX = d!;
    originY = h!;
    pixelWidth = a!;
    pixelHeight = -f!;
  } else if (scale && tiepoint && scale.length >= 2 && tiepoint.length >= 6) {
    if (tiepoint.length > 6) {
      throw new GisError(
        'rotated-grid',
        `${label}: the raster is georeferenced by ${tiepoint.length / 6} ground control points, not an affine grid. Warp it first (gdalwarp).`,
        { file: label },
      );
    }
    pixelWidth = scale[0]!;
    pixelHeight = scale[1]!;
    originX = tiepoint[3]! - tiepoint[0]! * pixelWidth;
    originY = tiepoint[4]! + tiepoint[1]! * pixelHeight;
  } else {
    throw new GisError(
      'no-georeferencing',
      `${label}: has no georeferencing (no ModelPixelScale/ModelTiepoint or ModelTransformation tags). ` +
        'Assign a CRS and extent, e.g. gdal_translate -a_srs EPSG:32634 -a_ullr ... in.tif out.tif.',
      { file: label },
    );
  }
  if (!(pixelWidth > 0) || !(pixelHeight > 0) || !Number.isFinite(originX) || !Number.isFinite(originY)) {
    throw new GisError(
      pixelHeight < 0 ? 'rotated-grid' : 'no-georeferencing',
      `${label}: unusable geotransform (origin ${originX}, ${originY}; pixel size ${pixelWidth} x ${-pixelHeight}); ` +
        'only north-up rasters with positive cell sizes are supported.',
      { file: label },
    );
  }
  const keys = parseGeoKeys(image);
  if (keys === null) {
    throw new GisError(
      'no-georeferencing',
      `${label}: has a geotransform but no CRS (no GeoKeys). Assign one, e.g. gdal_edit.py -a_srs EPSG:32634 ${label}.`,
      { file: label },
    );
  }
  // PixelIsPoint: the tiepoint is the centre of the first cell; GDAL shifts it by half a cell.
  if (keys[GT_RASTER_TYPE] === 2) {
    originX -= pixelWidth / 2;
    originY += pixelHeight / 2;
  }
  return { width, height, originX, originY, pixelWidth, pixelHeight, crs: crsOfGeoKeys(keys, label) };
}

const GT_MODEL_TYPE = 1024;
const GT_RASTER_TYPE = 1025;
const GT_CITATION = 1026;
const GEOGRAPHIC_TYPE = 2048;
const GEOG_CITATION = 2049;
const PROJECTED_CS_TYPE = 3072;
const PCS_CITATION = 3073;
const USER_DEFINED = 32767;

type GeoKeyValue = number | string | readonly number[];

/** The GeoKey directory as key id -> value, or null without one. */
function parseGeoKeys(image: GeoTIFFImage): Record<number, GeoKeyValue> | null {
  const directory = image.getFileDirectory();
  const raw = directory.getValue('GeoKeyDirectory') as ArrayLike<number> | undefined;
  if (!raw || raw.length < 4) return null;
  const doubles = directory.getValue('GeoDoubleParams') as ArrayLike<number> | undefined;
  const ascii = directory.getValue('GeoAsciiParams') as string | undefined;
  const keys: Record<number, GeoKeyValue> = {};
  const count = raw[3]!;
  for (let i = 0; i < count; i++) {
    const at = 4 + i * 4;
    if (at + 3 >= raw.length) break;
    const id = raw[at]!;
    const location = raw[at + 1]!;
    const n = raw[at + 2]!;
    const offset = raw[at + 3]!;
    if (location === 0) keys[id] = offset;
    else if (location === 34737 && typeof ascii === 'string')
      keys[id] = ascii.substring(offset, offset + n).replace(/[|\0]+$/, '');
    else if (location === 34736 && doubles) {
      const values = Array.from(doubles).slice(offset, offset + n);
      keys[id] = values.length === 1 ? values[0]! : values;
    } else if (location === 34735) keys[id] = Array.from(raw).slice(offset, offset + n);
  }
  return keys;
}

function crsOfGeoKeys(keys: Record<number, GeoKeyValue>, label: string): Crs {
  const model = keys[GT_MODEL_TYPE];
  const citations = [keys[PCS_CITATION], keys[GT_CITATION], keys[GEOG_CITATION]].filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  const citation = citations[0];
  const fromCode = (code: GeoKeyValue | undefined, kind: 'projected' | 'geographic'): Crs | null => {
    if (typeof code !== 'number' || code === USER_DEFINED || code <= 0) return null;
    if (isSupportedEpsg(code)) return crsFromEpsg(code, label);
    // Known to the file but not to the registry: still a valid grid description (transforming fails, naming it).
    return { epsg: code, kind, name: citation ?? `EPSG:${code}`, units: kind === 'geographic' ? 'degree' : 'metre' };
  };
  // GDAL's ESRI flavour marks the model user-defined but may still carry the code.
  const projected = model !== 2 ? fromCode(keys[PROJECTED_CS_TYPE], 'projected') : null;
  if (projected) return projected;
  const geographic = model === 2 ? fromCode(keys[GEOGRAPHIC_TYPE], 'geographic') : null;
  if (geographic) return geographic;
  // A CRS carried only as WKT: "ESRI PE String = PROJCS[...]" in a citation (GEOTIFF_KEYS_FLAVOR=ESRI_PE).
  const wkt = citations.find((text) => /^ESRI PE String\s*=/i.test(text));
  if (wkt) {
    const crs = crsFromDefinition(wkt, label);
    return crs.epsg === null ? { ...crs, geoKeys: keys } : crs;
  }
  const modelName =
    model === 1 ? 'projected' : model === 2 ? 'geographic' : model === 3 ? 'geocentric' : 'unknown model';
  return {
    epsg: null,
    kind: 'user-defined',
    name: `${citation ?? 'unnamed'} (${modelName}, no EPSG code)`,
    units: model === 2 ? 'degree' : model === 1 ? 'metre' : 'unknown',
    geoKeys: keys,
  };
}

async function colorTableOf(
  image: GeoTIFFImage,
  bits: number,
  label: string,
): Promise<ReadonlyMap<number, string> | null> {
  const directory = image.getFileDirectory();
  // Palettes exist for 1- to 16-bit samples (TIFF 6.0 section 5).
  if (Number(directory.getValue('PhotometricInterpretation')) !== 3 || !directory.hasTag('ColorMap') || bits > 16)
    return null;
  const map = (await directory.loadValue('ColorMap')) as ArrayLike<number> | undefined;
  const size = 1 << bits;
  if (!map || map.length !== 3 * size) {
    throw new GisError(
      'corrupt-tiff',
      `${label}: its colour table (ColorMap) has ${map?.length ?? 0} values; a ${bits}-bit palette has 3 x ${size} = ${3 * size}. ` +
        'The file is damaged; re-export it.',
      { file: label },
    );
  }
  const table = new Map<number, string>();
  const hex = (v: number): string => (v >> 8).toString(16).padStart(2, '0'); // as GDAL: the high byte
  for (let i = 0; i < size; i++) table.set(i, `#${hex(map[i]!)}${hex(map[size + i]!)}${hex(map[2 * size + i]!)}`);
  return table;
}

/** GDAL writes nodata as text ("255", "-9999", "nan", "-3.40282346638529e+38"). */
function parseNodata(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const text = String(value).replace(/\0/g, '').trim().toLowerCase();
  if (text === '') return null;
  if (text === 'nan' || text === '-nan') return Number.NaN;
  if (text === 'inf' || text === '+inf') return Infinity;
  if (text === '-inf') return -Infinity;
  const number = Number(text);
  return Number.isNaN(number) ? null : number;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
