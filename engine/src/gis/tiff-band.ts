/**
 * One band of a TIFF put together from its decoded blocks, a row of a block at a time.
 *
 * geotiff.js's `readRasters` copies every sample through a DataView getter, which is most of the
 * time of reading a large single-band raster (a 2000 x 2000 Float32 band: about 85 ms of its
 * 190 ms). A band whose samples sit one after another in each block (one sample per pixel, or
 * planar storage) is the same bytes in the same order as the output, so each block row is one
 * `Uint8Array.set`; a file in the other byte order is then swapped in place. Pixel-interleaved
 * multi-band files go through `readRasters`. The blocks are geotiff.js's own, decoded and with
 * the predictor applied (`getTileOrStrip`).
 */
import type { BaseDecoder, GeoTIFFImage, Pool } from 'geotiff';
import type { RasterArray, SampleType } from './grid.js';
import { allocateRaster } from './grid.js';
import { BlockDecodeError } from './tiff-decode.js';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What decodes the blocks of one image: a pool for `readRasters`, a decoder for one block. */
export interface BlockDecoders {
  readonly pool: Pool;
  readonly block: BaseDecoder;
}

/**
 * Band `sampleIndex` (0-based) of `image` as one row-major array of `sampleType`.
 * @param decoders decode each block (the bounded decoders of geotiff-read.ts).
 */
export async function readBand(
  image: GeoTIFFImage,
  sampleIndex: number,
  sampleType: SampleType,
  decoders: BlockDecoders,
  signal?: AbortSignal,
): Promise<RasterArray> {
  const samplesPerPixel = image.getSamplesPerPixel();
  const planar = image.planarConfiguration === 2;
  if (samplesPerPixel > 1 && !planar) {
    const raster = await image.readRasters({
      samples: [sampleIndex],
      interleave: true,
      pool: decoders.pool,
      ...(signal ? { signal } : {}),
    });
    return raster as unknown as RasterArray;
  }
  const width = image.getWidth();
  const height = image.getHeight();
  const blockWidth = image.getTileWidth();
  const blockHeight = image.getTileHeight();
  const out = allocateRaster(sampleType, width * height);
  const bytesPerSample = out.BYTES_PER_ELEMENT;
  const outBytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  const across = Math.ceil(width / blockWidth);
  const down = Math.ceil(height / blockHeight);
  const blocks: Promise<void>[] = [];
  for (let by = 0; by < down; by++) {
    for (let bx = 0; bx < across; bx++) {
      const block = image.getTileOrStrip(bx, by, planar ? sampleIndex : 0, decoders.block, signal).then(({ data }) => {
        const bytes = new Uint8Array(data);
        const rowBytes = blockWidth * bytesPerSample;
        const firstColumn = bx * blockWidth;
        const copyBytes = Math.min(blockWidth, width - firstColumn) * bytesPerSample;
        const rows = Math.min(blockHeight, height - by * blockHeight);
        if (bytes.length < (rows - 1) * rowBytes + copyBytes) {
          throw new BlockDecodeError(
            `a block holds ${bytes.length.toLocaleString('en-GB')} bytes, fewer than its ${rows} rows of ${rowBytes.toLocaleString('en-GB')}`,
          );
        }
        for (let r = 0; r < rows; r++) {
          const from = r * rowBytes;
          outBytes.set(
            bytes.subarray(from, from + copyBytes),
            ((by * blockHeight + r) * width + firstColumn) * bytesPerSample,
          );
        }
      });
      blocks.push(block);
    }
  }
  await Promise.all(blocks);
  if (bytesPerSample > 1 && image.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(outBytes, bytesPerSample);
  return out;
}

/** Reverse the byte order of every `size`-byte sample in place. */
function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}
