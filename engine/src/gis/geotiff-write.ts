/**
 * Write single-band GeoTIFFs that GDAL and QGIS read back with the same CRS and transform:
 * ModelPixelScale + ModelTiepoint + GeoKeys (EPSG code), GDAL_NODATA, deflate compression,
 * a palette colour table for categorical uint8 layers and a QGIS `.qml` style with class names
 * beside them. Writes are atomic: a temporary file in the same folder, then a rename.
 *
 * The TIFF is encoded here rather than with geotiff.js's `writeArrayBuffer`, which writes
 * neither compression nor a colour table.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Crs } from './crs.js';
import { writeFileAtomic as writeAtomically } from '../io/atomic-write.js';
import { GisError } from './errors.js';
import type { GridSpec, RasterArray } from './grid.js';
import { cellCount, sampleTypeOf, validateGrid } from './grid.js';

const deflateAsync = promisify(zlib.deflate);

/** One class of a categorical raster: its value, name and colour. */
export interface RasterClass {
  /** The cell value (0-255 for a colour table). */
  readonly value: number;
  /** Name shown in QGIS's legend. */
  readonly name: string;
  /** Colour as '#rrggbb'. */
  readonly color: string;
}

/** What to write. */
export interface GeoTiffWriteInput {
  /** The grid (size, transform, CRS) of `data`. */
  readonly grid: GridSpec;
  /** Row-major cell values, `grid.width * grid.height` of them. */
  readonly data: RasterArray;
  /** The nodata value, written as the GDAL_NODATA tag. */
  readonly nodata?: number;
  /**
   * Classes of a categorical raster. For uint8 data they become the palette colour table;
   * for any integer data a `.qml` style with their names and colours is written beside the file.
   */
  readonly classes?: readonly RasterClass[];
  /**
   * An explicit colour table (uint8 data only): value -> '#rrggbb'. Values not listed are black.
   * Overrides the colours of `classes` for the palette.
   */
  readonly colorTable?: ReadonlyMap<number, string> | Readonly<Record<number, string>>;
  /**
   * For continuous data: a QGIS style (`.qml`) stretching grey from `min` (black) to `max` (white).
   * Ignored when `classes` are given.
   */
  readonly stretch?: { readonly min: number; readonly max: number };
}

/** How to write it. */
export interface GeoTiffWriteOptions {
  /** 'deflate' (default) or 'none'. */
  readonly compression?: 'deflate' | 'none';
  /** zlib level 1-9, default 6. */
  readonly deflateLevel?: number;
  /** Strips (default) or square tiles. */
  readonly layout?: 'strips' | 'tiles';
  /** Tile edge in pixels, a multiple of 16 (default 256). */
  readonly tileSize?: number;
  /** Write the `.qml` style beside a file that has `classes` (default true). */
  readonly qml?: boolean;
}

/** What was written. */
export interface GeoTiffWriteResult {
  readonly path: string;
  /** Size of the GeoTIFF in bytes. */
  readonly bytes: number;
  /** The QGIS style written beside it, if any. */
  readonly qmlPath?: string;
}

// TIFF field types.
const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const DOUBLE = 12;
const TYPE_SIZE: Record<number, number> = { [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8 };

interface TiffEntry {
  tag: number;
  type: number;
  values: readonly number[] | string;
}

/** Target uncompressed size of one strip: large enough for deflate to work well. */
const STRIP_TARGET_BYTES = 256 * 1024;

/**
 * Write a georeferenced single-band GeoTIFF (atomically) and, for categorical data with
 * `classes`, a QGIS `.qml` style beside it (`landuse.tif` -> `landuse.qml`).
 *
 * @param filePath Destination `.tif` path; its folder must exist.
 * @param input Grid, data, optional nodata, classes or colour table.
 * @param options Compression (default deflate), layout (default strips).
 * @throws GisError('invalid-data') if the data length does not match the grid,
 *   GisError('write-failed') if the file cannot be written.
 * @example
 * await writeGeoTiff('out/landuse.tif', {
 *   grid, data: landuse, nodata: 255,
 *   classes: [{ value: 1, name: 'Housing', color: '#e31a1c' }, { value: 2, name: 'Park', color: '#33a02c' }],
 * });
 */
export async function writeGeoTiff(
  filePath: string,
  input: GeoTiffWriteInput,
  options: GeoTiffWriteOptions = {},
): Promise<GeoTiffWriteResult> {
  const bytes = await encodeGeoTiff(input, options, filePath);
  await writeFileAtomic(filePath, bytes);
  let qmlPath: string | undefined;
  const style =
    input.classes && input.classes.length > 0
      ? qgisPalettedStyle(input.classes)
      : input.stretch
        ? qgisStretchedStyle(input.stretch.min, input.stretch.max)
        : null;
  if (style !== null && options.qml !== false) {
    qmlPath = qmlPathOf(filePath);
    await writeFileAtomic(qmlPath, Buffer.from(style, 'utf8'));
  }
  return qmlPath === undefined
    ? { path: filePath, bytes: bytes.length }
    : { path: filePath, bytes: bytes.length, qmlPath };
}

/** Where QGIS looks for a raster's default style: `<name>.qml` beside `<name>.<any extension>`. */
export function qmlPathOf(filePath: string): string {
  return filePath.replace(/\.[^./\\]*$/, '') + '.qml';
}

/**
 * Encode a georeferenced single-band GeoTIFF in memory (the bytes `writeGeoTiff` writes).
 * @param label Used in error messages (a file name), default 'GeoTIFF'.
 */
export async function encodeGeoTiff(
  input: GeoTiffWriteInput,
  options: GeoTiffWriteOptions = {},
  label = 'GeoTIFF',
): Promise<Buffer> {
  const { grid, data } = input;
  validateGrid(grid, label);
  if (data.length !== cellCount(grid)) {
    throw new GisError(
      'invalid-data',
      `${label}: the data has ${data.length} values but the grid is ${grid.width} x ${grid.height} = ${cellCount(grid)} cells.`,
      { file: label },
    );
  }
  const compression = options.compression ?? 'deflate';
  const level = options.deflateLevel ?? 6;
  const tiled = options.layout === 'tiles';
  const tileSize = options.tileSize ?? 256;
  if (tiled && (tileSize <= 0 || tileSize % 16 !== 0)) {
    throw new GisError('invalid-data', `${label}: tileSize ${tileSize} must be a positive multiple of 16.`, {
      file: label,
    });
  }
  const bytesPerSample = data.BYTES_PER_ELEMENT;
  const sampleType = sampleTypeOf(data);
  const sampleFormat = sampleType.startsWith('Float') ? 3 : sampleType.startsWith('Int') ? 2 : 1;
  const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);

  // Cut the raster into blocks (strips or padded tiles), uncompressed.
  const blocks: Buffer[] = [];
  let rowsPerStrip = 0;
  if (tiled) {
    const tilesAcross = Math.ceil(grid.width / tileSize);
    const tilesDown = Math.ceil(grid.height / tileSize);
    const tileRowBytes = tileSize * bytesPerSample;
    for (let ty = 0; ty < tilesDown; ty++) {
      for (let tx = 0; tx < tilesAcross; tx++) {
        const tile = Buffer.alloc(tileSize * tileRowBytes);
        const cols = Math.min(tileSize, grid.width - tx * tileSize);
        const rows = Math.min(tileSize, grid.height - ty * tileSize);
        for (let r = 0; r < rows; r++) {
          const start = ((ty * tileSize + r) * grid.width + tx * tileSize) * bytesPerSample;
          raw.copy(tile, r * tileRowBytes, start, start + cols * bytesPerSample);
        }
        blocks.push(tile);
      }
    }
  } else {
    const rowBytes = grid.width * bytesPerSample;
    rowsPerStrip = Math.max(1, Math.min(grid.height, Math.floor(STRIP_TARGET_BYTES / rowBytes)));
    for (let row = 0; row < grid.height; row += rowsPerStrip) {
      const rows = Math.min(rowsPerStrip, grid.height - row);
      blocks.push(raw.subarray(row * rowBytes, (row + rows) * rowBytes));
    }
  }
  const encoded = compression === 'deflate' ? await deflateAll(blocks, level) : blocks;

  const entries: TiffEntry[] = [
    { tag: 256, type: LONG, values: [grid.width] },
    { tag: 257, type: LONG, values: [grid.height] },
    { tag: 258, type: SHORT, values: [bytesPerSample * 8] },
    { tag: 259, type: SHORT, values: [compression === 'deflate' ? 8 : 1] },
    { tag: 277, type: SHORT, values: [1] },
    { tag: 284, type: SHORT, values: [1] },
    { tag: 339, type: SHORT, values: [sampleFormat] },
  ];
  const palette = sampleType === 'Byte' ? paletteOf(input) : undefined;
  entries.push({ tag: 262, type: SHORT, values: [palette ? 3 : 1] });
  if (palette) entries.push({ tag: 320, type: SHORT, values: palette });
  const blockOffsetsTag = tiled ? 324 : 273;
  const blockCountsTag = tiled ? 325 : 279;
  if (tiled) {
    entries.push({ tag: 322, type: LONG, values: [tileSize] }, { tag: 323, type: LONG, values: [tileSize] });
  } else {
    entries.push({ tag: 278, type: LONG, values: [rowsPerStrip] });
  }
  // Offsets are filled in once the layout is known; the counts are known now.
  entries.push({ tag: blockOffsetsTag, type: LONG, values: new Array<number>(encoded.length).fill(0) });
  entries.push({ tag: blockCountsTag, type: LONG, values: encoded.map((b) => b.length) });
  entries.push(...georeferencingEntries(grid));
  if (input.nodata !== undefined) entries.push({ tag: 42113, type: ASCII, values: formatNodata(input.nodata) });
  entries.sort((a, b) => a.tag - b.tag);

  // Layout: header (8) | IFD | out-of-line values | blocks.
  const ifdSize = 2 + entries.length * 12 + 4;
  let cursor = 8 + ifdSize;
  const outOfLine = new Map<TiffEntry, number>();
  for (const entry of entries) {
    const size = entryByteSize(entry);
    if (size > 4) {
      cursor += cursor % 2; // word alignment
      outOfLine.set(entry, cursor);
      cursor += size;
    }
  }
  const blockOffsets: number[] = [];
  for (const block of encoded) {
    cursor += cursor % 2;
    blockOffsets.push(cursor);
    cursor += block.length;
  }
  if (cursor > 0xffffffff) {
    throw new GisError('invalid-data', `${label}: the raster is too large for a classic TIFF (over 4 GiB).`, {
      file: label,
    });
  }
  const offsetsEntry = entries.find((e) => e.tag === blockOffsetsTag)!;
  offsetsEntry.values = blockOffsets;

  const out = Buffer.alloc(cursor);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  let position = 8;
  out.writeUInt16LE(entries.length, position);
  position += 2;
  for (const entry of entries) {
    out.writeUInt16LE(entry.tag, position);
    out.writeUInt16LE(entry.type, position + 2);
    out.writeUInt32LE(entryCount(entry), position + 4);
    const valueOffset = outOfLine.get(entry);
    if (valueOffset === undefined) writeEntryValues(out, position + 8, entry);
    else {
      out.writeUInt32LE(valueOffset, position + 8);
      writeEntryValues(out, valueOffset, entry);
    }
    position += 12;
  }
  out.writeUInt32LE(0, position); // no next IFD
  encoded.forEach((block, i) => block.copy(out, blockOffsets[i]!));
  return out;
}

async function deflateAll(blocks: readonly Buffer[], level: number): Promise<Buffer[]> {
  // zlib runs on libuv's thread pool: a few blocks at a time keeps the cores busy without
  // holding every compressed block's working memory at once.
  const out: Buffer[] = new Array<Buffer>(blocks.length);
  const batch = 8;
  for (let start = 0; start < blocks.length; start += batch) {
    const part = blocks.slice(start, start + batch);
    const done = await Promise.all(part.map((block) => deflateAsync(block, { level })));
    done.forEach((buffer, i) => (out[start + i] = buffer));
  }
  return out;
}

function entryCount(entry: TiffEntry): number {
  return typeof entry.values === 'string' ? Buffer.byteLength(entry.values, 'latin1') + 1 : entry.values.length;
}

function entryByteSize(entry: TiffEntry): number {
  return entryCount(entry) * TYPE_SIZE[entry.type]!;
}

function writeEntryValues(out: Buffer, offset: number, entry: TiffEntry): void {
  if (typeof entry.values === 'string') {
    out.write(entry.values, offset, 'latin1');
    out.writeUInt8(0, offset + Buffer.byteLength(entry.values, 'latin1'));
    return;
  }
  const size = TYPE_SIZE[entry.type]!;
  entry.values.forEach((value, i) => {
    const at = offset + i * size;
    if (entry.type === SHORT) out.writeUInt16LE(value, at);
    else if (entry.type === LONG) out.writeUInt32LE(value, at);
    else out.writeDoubleLE(value, at);
  });
}

/** GDAL writes nodata as text: integers plainly, NaN as "nan". */
function formatNodata(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

/** The TIFF ColorMap (3 x 256 SHORTs: all reds, all greens, all blues) or undefined. */
function paletteOf(input: GeoTiffWriteInput): number[] | undefined {
  const colors = new Map<number, string>();
  for (const cls of input.classes ?? []) colors.set(cls.value, cls.color);
  if (input.colorTable) {
    const table =
      input.colorTable instanceof Map
        ? input.colorTable
        : new Map(Object.entries(input.colorTable).map(([k, v]) => [Number(k), v]));
    for (const [value, color] of table) colors.set(value, color);
  }
  if (colors.size === 0) return undefined;
  const map = new Array<number>(3 * 256).fill(0);
  for (const [value, color] of colors) {
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      throw new GisError('invalid-data', `colour table: value ${value} is outside 0-255 (a uint8 palette).`);
    }
    const [r, g, b] = parseHexColor(color);
    map[value] = r * 257;
    map[256 + value] = g * 257;
    map[512 + value] = b * 257;
  }
  return map;
}

/** '#rrggbb' (or 'rrggbb', or '#rgb') to [r, g, b] in 0-255. */
export function parseHexColor(color: string): [number, number, number] {
  const hex = color.trim().replace(/^#/, '');
  const full = hex.length === 3 ? hex.replace(/./g, (c) => c + c) : hex;
  if (!/^[0-9a-fA-F]{6}$/.test(full)) {
    throw new GisError('invalid-data', `colour "${color}" is not a hex colour like "#33a02c".`);
  }
  return [parseInt(full.slice(0, 2), 16), parseInt(full.slice(2, 4), 16), parseInt(full.slice(4, 6), 16)];
}

// GeoKey ids.
const GT_MODEL_TYPE = 1024;
const GT_RASTER_TYPE = 1025;
const GT_CITATION = 1026;
const GEOGRAPHIC_TYPE = 2048;
const GEOG_CITATION = 2049;
const GEOG_ANGULAR_UNITS = 2054;
const PROJECTED_CS_TYPE = 3072;
const PCS_CITATION = 3073;
const PROJ_LINEAR_UNITS = 3076;

function georeferencingEntries(grid: GridSpec): TiffEntry[] {
  const entries: TiffEntry[] = [
    { tag: 33550, type: DOUBLE, values: [grid.pixelWidth, grid.pixelHeight, 0] },
    { tag: 33922, type: DOUBLE, values: [0, 0, 0, grid.originX, grid.originY, 0] },
  ];
  const keys = geoKeysOf(grid.crs);
  const ids = Object.keys(keys)
    .map(Number)
    .sort((a, b) => a - b);
  const directory: number[] = [1, 1, 0, ids.length];
  const doubles: number[] = [];
  let ascii = '';
  for (const id of ids) {
    const value = keys[id]!;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff) {
      directory.push(id, 0, 1, value);
    } else if (typeof value === 'string') {
      const text = value.replace(/\|/g, '/') + '|';
      directory.push(id, 34737, text.length, ascii.length);
      ascii += text;
    } else {
      const list = typeof value === 'number' ? [value] : [...value];
      directory.push(id, 34736, list.length, doubles.length);
      doubles.push(...list);
    }
  }
  entries.push({ tag: 34735, type: SHORT, values: directory });
  if (doubles.length > 0) entries.push({ tag: 34736, type: DOUBLE, values: doubles });
  if (ascii.length > 0) entries.push({ tag: 34737, type: ASCII, values: ascii });
  return entries;
}

function geoKeysOf(crs: Crs): Record<number, number | string | readonly number[]> {
  if (crs.epsg === null) {
    if (crs.geoKeys) return { ...crs.geoKeys, [GT_RASTER_TYPE]: 1 };
    if (crs.definition !== undefined && crs.kind === 'projected') {
      // As GDAL writes a CRS it has only as WKT (GEOTIFF_KEYS_FLAVOR=ESRI_PE).
      return {
        [GT_MODEL_TYPE]: 1,
        [GT_RASTER_TYPE]: 1,
        [PROJECTED_CS_TYPE]: 32767,
        [PCS_CITATION]: `ESRI PE String = ${crs.definition}`,
        [PROJ_LINEAR_UNITS]: 9001,
      };
    }
    throw new GisError('invalid-data', `the CRS "${crs.name}" has neither an EPSG code nor GeoKeys to write.`);
  }
  if (crs.kind === 'geographic') {
    return {
      [GT_MODEL_TYPE]: 2,
      [GT_RASTER_TYPE]: 1,
      [GEOGRAPHIC_TYPE]: crs.epsg,
      [GEOG_CITATION]: crs.name,
      [GEOG_ANGULAR_UNITS]: 9102,
    };
  }
  return {
    [GT_MODEL_TYPE]: 1,
    [GT_RASTER_TYPE]: 1,
    [GT_CITATION]: crs.name,
    [PROJECTED_CS_TYPE]: crs.epsg,
    [PROJ_LINEAR_UNITS]: 9001,
  };
}

/** The QGIS style (`.qml`) of a paletted raster: one palette entry per class with its name. */
export function qgisPalettedStyle(classes: readonly RasterClass[]): string {
  const escape = (text: string): string =>
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;');
  const entries = [...classes]
    .sort((a, b) => a.value - b.value)
    .map((cls) => {
      const [r, g, b] = parseHexColor(cls.color);
      const hex = '#' + [r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('');
      return `        <paletteEntry value="${cls.value}" color="${hex}" alpha="255" label="${escape(cls.name)}"/>`;
    })
    .join('\n');
  return qgisRasterStyle(
    'type="paletted" band="1"',
    'None',
    'Estimated',
    `      <colorPalette>
${entries}
      </colorPalette>
      <colorramp type="randomcolors" name="[source]"/>`,
  );
}

/** The QGIS style (`.qml`) of a continuous raster: single-band grey, stretched from `min` to `max`. */
export function qgisStretchedStyle(min: number, max: number): string {
  const [low, high] = Number.isFinite(min) && Number.isFinite(max) && max > min ? [min, max] : [0, 1];
  return qgisRasterStyle(
    'type="singlebandgray" grayBand="1" gradient="BlackToWhite"',
    'MinMax',
    'Exact',
    `      <contrastEnhancement>
        <minValue>${low}</minValue>
        <maxValue>${high}</maxValue>
        <algorithm>StretchToMinimumMaximum</algorithm>
      </contrastEnhancement>`,
  );
}

/** A QGIS raster style document around one renderer (its attributes, min/max limits and content). */
function qgisRasterStyle(renderer: string, limits: string, accuracy: string, content: string): string {
  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer ${renderer} opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>${limits}</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>${accuracy}</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
${content}
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" colorizeOn="0" grayscaleMode="0" invertColors="0"/>
    <rasterresampler maxOversample="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
`;
}

/**
 * Write bytes atomically (engine/src/io/atomic-write.ts).
 * @throws GisError('write-failed') naming the file and the system's reason.
 */
export function writeFileAtomic(filePath: string, bytes: Uint8Array): Promise<void> {
  return writeAtomically(filePath, bytes, (error) => {
    const reason = error instanceof Error ? error.message : String(error);
    return new GisError(
      'write-failed',
      `${filePath}: could not write the file (${reason}). Check that the folder exists and is writable.`,
      { file: filePath, cause: error },
    );
  });
}
