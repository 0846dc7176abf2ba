/**
 * A TIFF's first image directory checked against the file and a memory cap before any decoder
 * allocates anything: every tag's values must lie inside the file; the image's cells, its blocks
 * (strips or tiles) and their number must fit the cap and the block index; and no block may claim
 * more decoded bytes than its compressed bytes can hold at the best ratio its compression allows.
 * A damaged or hostile header (a 60000 x 60000 Float32 image in a 5 kB file, a ColorMap count
 * beyond the end of the file) then gives a sentence instead of a multi-gigabyte allocation.
 *
 * Layout: TIFF 6.0 section 2 (classic, 12-byte entries) and BigTIFF (20-byte entries).
 */
import { formatBytes } from './limits.js';

/** Bytes per value of each TIFF field type (TIFF 6.0 section 2, BigTIFF types 16-18). */
const TYPE_SIZES: Readonly<Record<number, number>> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8
  17: 8, // SLONG8
  18: 8, // IFD8
};

/** Names of the tags messages mention. */
const TAG_NAMES: Readonly<Record<number, string>> = {
  256: 'ImageWidth',
  257: 'ImageLength',
  258: 'BitsPerSample',
  259: 'Compression',
  273: 'StripOffsets',
  277: 'SamplesPerPixel',
  278: 'RowsPerStrip',
  279: 'StripByteCounts',
  284: 'PlanarConfiguration',
  320: 'ColorMap',
  322: 'TileWidth',
  323: 'TileLength',
  324: 'TileOffsets',
  325: 'TileByteCounts',
  33550: 'ModelPixelScale',
  33922: 'ModelTiepoint',
  34264: 'ModelTransformation',
  34735: 'GeoKeyDirectory',
  34736: 'GeoDoubleParams',
  34737: 'GeoAsciiParams',
  42113: 'GDAL_NODATA',
};

const tagName = (tag: number) => (TAG_NAMES[tag] ? `${TAG_NAMES[tag]} (${tag})` : `${tag}`);

/**
 * The most decoded bytes one compressed byte can give, per compression (TIFF tag 259 values):
 * deflate at most 1032:1 (zlib's bound), LZW 4096 bytes per 12-bit code at most (2731:1), PackBits
 * 128 bytes per 2-byte run (64:1), zstd a 128 kB RLE block per 4 bytes (32768:1). Uncompressed
 * blocks hold exactly their bytes.
 */
export const MAX_COMPRESSION_RATIO: Readonly<Record<number, number>> = {
  1: 1,
  5: 2731,
  8: 1032,
  32946: 1032,
  32773: 64,
  50000: 32768,
};

/** A structural problem, as a sentence without the file name; `tooLarge` when only the cap is exceeded. */
export class TiffStructureError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = 'TiffStructureError';
  }
}

/** What the checks found out about the first image, for the decoder's per-block limits. */
export interface TiffLayout {
  readonly width: number;
  readonly height: number;
  readonly samplesPerPixel: number;
  /** Bits of each sample (one entry per sample). */
  readonly bitsPerSample: readonly number[];
  readonly compression: number;
  readonly planar: boolean;
  readonly tiled: boolean;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly blockCount: number;
  /** Bytes of a full block once decoded (one sample of it when planar). */
  readonly blockBytes: number;
}

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Where the values start: inside the entry when they fit, else at the offset it holds. */
  valueOffset: number;
}

const format = (n: number) => n.toLocaleString('en-GB');

/**
 * Check the header and first image directory of a TIFF held in `bytes`; `maxBytes` caps the
 * decoded image and each block.
 * @throws TiffStructureError describing the first problem.
 */
export function checkTiffStructure(bytes: Uint8Array, maxBytes: number): TiffLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.byteLength;
  const little = bytes[0] === 0x49;
  const big = view.getUint16(2, little) === 43;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const u64 = (at: number) => Number(view.getBigUint64(at, little));
  const need = (at: number, length: number, what: string) => {
    if (at + length > size)
      throw new TiffStructureError(
        `${what} at byte ${format(at)} lies beyond the end of the file (${format(size)} bytes)`,
      );
  };
  need(0, big ? 16 : 8, 'the header');
  const ifd = big ? u64(8) : u32(4);
  if (ifd < (big ? 16 : 8)) throw new TiffStructureError(`the first image directory offset ${format(ifd)} is invalid`);
  need(ifd, big ? 8 : 2, 'the first image directory');
  const count = big ? u64(ifd) : u16(ifd);
  const entrySize = big ? 20 : 12;
  const first = ifd + (big ? 8 : 2);
  need(first, count * entrySize, `the image directory's ${format(count)} entries`);

  const entries = new Map<number, Entry>();
  for (let i = 0; i < count; i++) {
    const at = first + i * entrySize;
    const tag = u16(at);
    const type = u16(at + 2);
    const values = big ? u64(at + 4) : u32(at + 4);
    const typeSize = TYPE_SIZES[type];
    // Unknown types are skipped by readers; their count still cannot exceed the file.
    const length = values * (typeSize ?? 1);
    if (length > size) {
      throw new TiffStructureError(
        `tag ${tagName(tag)} claims ${format(values)} values (${formatBytes(length)}), more than the whole file (${format(size)} bytes)`,
      );
    }
    const inline = length <= (big ? 8 : 4);
    const valueOffset = inline ? at + (big ? 12 : 8) : big ? u64(at + 12) : u32(at + 8);
    if (!inline) need(valueOffset, length, `the values of tag ${tagName(tag)} (${format(values)} values)`);
    if (typeSize !== undefined && !entries.has(tag)) entries.set(tag, { tag, type, count: values, valueOffset });
  }

  const read = (entry: Entry, index: number): number => {
    const at = entry.valueOffset + index * TYPE_SIZES[entry.type]!;
    switch (entry.type) {
      case 1:
      case 7:
        return view.getUint8(at);
      case 3:
        return u16(at);
      case 4:
      case 13:
        return u32(at);
      case 16:
      case 18:
        return u64(at);
      default:
        return Number.NaN;
    }
  };
  const scalar = (tag: number, fallback: number | null): number => {
    const entry = entries.get(tag);
    if (!entry || entry.count === 0) {
      if (fallback === null) throw new TiffStructureError(`the required tag ${tagName(tag)} is missing`);
      return fallback;
    }
    const value = read(entry, 0);
    if (!Number.isInteger(value))
      throw new TiffStructureError(`tag ${tagName(tag)} has an unusable type (${entry.type})`);
    return value;
  };

  const width = scalar(256, null);
  const height = scalar(257, null);
  if (width < 1 || height < 1)
    throw new TiffStructureError(`the image has no cells (${format(width)} x ${format(height)})`);
  const samplesPerPixel = scalar(277, 1);
  // A SHORT in TIFF 6.0: at most 65535 (a wider type could claim billions of samples).
  if (samplesPerPixel < 1 || samplesPerPixel > 65535) {
    throw new TiffStructureError(`SamplesPerPixel ${format(samplesPerPixel)} is not a number of samples`);
  }
  const bitsEntry = entries.get(258);
  const bitsPerSample = Array.from({ length: samplesPerPixel }, (_, i) =>
    bitsEntry && bitsEntry.count > 0 ? read(bitsEntry, Math.min(i, bitsEntry.count - 1)) : 1,
  );
  if (bitsPerSample.some((b) => !Number.isInteger(b) || b < 1 || b > 64)) {
    throw new TiffStructureError(`BitsPerSample ${bitsPerSample.join(', ')} is not a sample size`);
  }
  const compression = scalar(259, 1);
  const planar = scalar(284, 1) === 2;
  const sampleBytes = bitsPerSample.map((b) => Math.ceil(b / 8));
  const largestSample = Math.max(...sampleBytes);
  const capText = `the ${formatBytes(maxBytes)} a raster may take (set PARETOPLAN_MAX_RASTER_MB to raise it)`;

  // The decoded band: readers allocate cells x the largest sample size.
  const imageBytes = width * height * largestSample;
  if (imageBytes > maxBytes) {
    throw new TiffStructureError(
      `the image is ${format(width)} x ${format(height)} cells of ${largestSample} byte${largestSample === 1 ? '' : 's'} (${formatBytes(imageBytes)}), more than ${capText}`,
      true,
    );
  }

  const tiled = entries.has(322) || entries.has(324);
  const blockWidth = tiled ? scalar(322, null) : width;
  const blockHeight = tiled ? scalar(323, null) : Math.min(scalar(278, height) || height, height);
  if (blockWidth < 1 || blockHeight < 1) {
    throw new TiffStructureError(`the image blocks are ${format(blockWidth)} x ${format(blockHeight)} cells`);
  }
  const pixelBytes = planar ? largestSample : sampleBytes.reduce((a, b) => a + b, 0);
  const blockBytes = blockWidth * blockHeight * pixelBytes;
  if (blockBytes > maxBytes) {
    throw new TiffStructureError(`one image block takes ${formatBytes(blockBytes)}, more than ${capText}`, true);
  }
  const across = Math.ceil(width / blockWidth);
  const down = Math.ceil(height / blockHeight);
  const blockCount = across * down * (planar ? samplesPerPixel : 1);
  const offsets = entries.get(tiled ? 324 : 273);
  const counts = entries.get(tiled ? 325 : 279);
  if (!offsets || !counts)
    throw new TiffStructureError('the block index (strip or tile offsets and byte counts) is missing');
  if (offsets.count < blockCount || counts.count < blockCount) {
    throw new TiffStructureError(
      `the image needs ${format(blockCount)} blocks of ${format(blockWidth)} x ${format(blockHeight)} cells but its index lists ${format(Math.min(offsets.count, counts.count))}`,
    );
  }

  const ratio = MAX_COMPRESSION_RATIO[compression];
  for (let i = 0; i < blockCount; i++) {
    const offset = read(offsets, i);
    const stored = read(counts, i);
    if (!Number.isFinite(offset) || !Number.isFinite(stored)) {
      throw new TiffStructureError('the block index has an unusable type');
    }
    if (offset + stored > size) {
      throw new TiffStructureError(
        `the file is truncated (image block ${format(i + 1)} of ${format(blockCount)} ends at byte ${format(offset + stored)}, the file has ${format(size)})`,
      );
    }
    if (stored === 0 || ratio === undefined) continue; // empty blocks are filled with nodata
    // Strips: the last one holds only the rows left.
    const row = Math.floor((i % (across * down)) / across);
    const rows = tiled ? blockHeight : Math.min(blockHeight, height - row * blockHeight);
    const decoded = blockWidth * rows * pixelBytes;
    if (decoded > stored * ratio) {
      throw new TiffStructureError(
        `image block ${format(i + 1)} holds ${format(stored)} bytes, too few for the ${format(decoded)} bytes of its ${format(blockWidth)} x ${format(rows)} cells` +
          (ratio === 1 ? ' (the data is not compressed)' : ''),
      );
    }
  }
  return {
    width,
    height,
    samplesPerPixel,
    bitsPerSample,
    compression,
    planar,
    tiled,
    blockWidth,
    blockHeight,
    blockCount,
    blockBytes,
  };
}
