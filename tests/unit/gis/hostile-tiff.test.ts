/**
 * GeoTIFF reading against damaged and hostile files: every size a header claims is checked
 * against the file and the memory cap before anything is allocated, compressed blocks decode
 * with a bound, and only regular files are opened. Plus the encodings the bounded decoders must
 * still read exactly as GDAL wrote them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GisError, decodeGeoTiff, readGeoJson, readGeoTiff, type GisErrorCode } from '../../../engine/src/gis/index.js';
import { decodeLzw, decodePackBits, decodeZstd } from '../../../engine/src/gis/tiff-decode.js';
import { firstBlock, withTagCount, withTagType, withTagValue } from '../../support/tiff-edit.js';
import { fixtures, repoRoot } from './paths.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pp-hostile-tiff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function gisError(promise: Promise<unknown>, code: GisErrorCode, ...mentions: (string | RegExp)[]) {
  const error = await promise.then(
    () => expect.fail(`expected GisError ${code}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GisError);
  expect((error as GisError).code, (error as Error).message).toBe(code);
  for (const mention of mentions) expect((error as Error).message).toMatch(mention);
  return error as GisError;
}

const bytesOf = (...parts: string[]) => new Uint8Array(readFileSync(fixtures(...parts)));

describe('encodings beyond the basic ones decode exactly as GDAL wrote them', () => {
  const cases: [string, string, number?][] = [
    ['Int16-LZW-predictor2.tif', 'Int16'],
    ['Float32-DEFLATE-predictor3-tiled.tif', 'Float32'],
    ['Int32-ZSTD-predictor2.tif', 'Int32'],
    ['Float32-ZSTD-tiled.tif', 'Float32'],
    ['UInt16-PACKBITS-bigtiff.tif', 'UInt16'],
    ['Float64-NONE-bigendian.tif', 'Float64'],
    ['Byte-DEFLATE-two-bands-separate.tif', 'Byte', 2],
  ];
  for (const [file, type, band] of cases) {
    it(file, async () => {
      const raster = await readGeoTiff(fixtures('in/encodings', file), band ? { band } : {});
      const expected = await readGeoTiff(fixtures('in/types', `${type}-NONE-striped.tif`));
      expect(raster.sampleType).toBe(type);
      expect(Array.from(raster.data)).toEqual(Array.from(expected.data));
    });
  }
  it("Riverbend's land use in LZW equals the deflate original", async () => {
    const lzw = await readGeoTiff(fixtures('in/encodings/riverbend-landuse-LZW.tif'));
    const original = await readGeoTiff(path.join(repoRoot, 'gis-data/riverbend/landuse.tif'));
    expect(lzw.compression).toBe('LZW');
    expect(Buffer.from(lzw.data.buffer).equals(Buffer.from(original.data.buffer))).toBe(true);
    expect(lzw.colorTable?.get(1)).toBe(original.colorTable?.get(1));
  });
});

describe('headers that claim more than the file holds', () => {
  it('an inflated ColorMap count is a clear error naming the tag', async () => {
    const bytes = withTagCount(bytesOf('in/classes.tif'), 320, 3 * 65536);
    await gisError(
      decodeGeoTiff(bytes, 'classes.tif'),
      'corrupt-tiff',
      /^classes\.tif: /,
      /tag ColorMap \(320\) claims 196,608 values/,
    );
  });

  it('a ColorMap of the wrong length inside the file is a clear error too', async () => {
    const bytes = withTagCount(bytesOf('in/classes.tif'), 320, 767);
    await gisError(
      decodeGeoTiff(bytes, 'classes.tif'),
      'corrupt-tiff',
      /ColorMap\) has 767 values; a 8-bit palette has 3 x 256 = 768/,
    );
  });

  it('a 60000 x 60000 Float32 header is refused before anything is allocated', async () => {
    let bytes = bytesOf('in/types/Float32-NONE-striped.tif');
    bytes = withTagValue(withTagValue(bytes, 256, 60000), 257, 60000);
    const before = process.memoryUsage().arrayBuffers;
    await gisError(
      decodeGeoTiff(bytes, 'huge.tif'),
      'too-large',
      /the image is 60,000 x 60,000 cells of 4 bytes \(14\.4 GB\), more than the 1\.1 GB a raster may take \(set PARETOPLAN_MAX_RASTER_MB/,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 ** 2);
  });

  it('a header claiming more cells than its compressed blocks can hold is damaged, not a big allocation', async () => {
    // 4000 x 4000 Byte cells fit the cap, but not 1 kB of deflate data (at most 1032:1).
    let bytes = bytesOf('in/types/Byte-DEFLATE-tiled.tif');
    bytes = withTagValue(withTagValue(bytes, 322, 4000), 323, 4000);
    bytes = withTagValue(withTagValue(bytes, 256, 4000), 257, 4000);
    await gisError(
      decodeGeoTiff(bytes, 'bomb.tif'),
      'corrupt-tiff',
      /image block 1 holds \d+ bytes, too few for the 16,000,000 bytes/,
    );
  });

  it('an image needing more blocks than its index lists is damaged', async () => {
    const bytes = withTagValue(bytesOf('in/types/Byte-NONE-tiled.tif'), 322, 1);
    await gisError(
      decodeGeoTiff(bytes, 'x.tif'),
      'corrupt-tiff',
      /needs 80 blocks of 1 x 16 cells but its index lists 6/,
    );
  });

  it('a tag of a wider type claiming billions of samples is damaged (found by the fuzz run)', async () => {
    // SamplesPerPixel read as an 8-byte LONG8 from its inline bytes.
    const bytes = withTagType(bytesOf('in/types/Int16-PACKBITS-striped.tif'), 277, 18);
    await gisError(decodeGeoTiff(bytes, 'x.tif'), 'corrupt-tiff', /SamplesPerPixel [\d,]+ is not a number of samples/);
  });

  it('zero-sized blocks and images are damaged', async () => {
    await gisError(decodeGeoTiff(withTagValue(bytesOf('in/dem.tif'), 256, 0), 'x.tif'), 'corrupt-tiff', /has no cells/);
    await gisError(
      decodeGeoTiff(withTagValue(bytesOf('in/types/Byte-NONE-tiled.tif'), 323, 0), 'x.tif'),
      'corrupt-tiff',
      /blocks are 16 x 0 cells/,
    );
  });

  it('a strip that decodes to fewer rows than the image gives it is damaged', async () => {
    // RowsPerStrip 7 made 14: the first strip's deflate data holds half the rows it now must.
    const bytes = withTagValue(bytesOf('in/types/Byte-DEFLATE-striped.tif'), 278, 14);
    await gisError(
      decodeGeoTiff(bytes, 'x.tif'),
      'corrupt-tiff',
      /^x\.tif: the image data cannot be decoded: a block holds [\d,]+ bytes, fewer than its \d+ rows of [\d,]+/,
    );
  });

  it('the memory cap is configurable per call', async () => {
    await gisError(
      readGeoTiff(fixtures('in/dem.tif'), { maxBytes: 1000 }),
      'too-large',
      /dem\.tif: is 4,523 bytes, more than the 1,000 bytes allowed for a raster/,
    );
    await gisError(
      decodeGeoTiff(bytesOf('in/dem.tif'), 'dem.tif', { maxBytes: 2000 }),
      'too-large',
      /more than the 2,000 bytes a raster may take/,
    );
  });
});

describe('compressed blocks decode with a bound', () => {
  it('a corrupt LZW block is an error, whatever the bytes', async () => {
    const original = bytesOf('in/encodings/riverbend-landuse-LZW.tif');
    const block = firstBlock(original);
    let errors = 0;
    for (let k = 0; k < 40; k++) {
      const bytes = Uint8Array.from(original);
      for (let j = 0; j < 6; j++) {
        const at = block.offset + ((k * 997 + j * 7919) % block.length);
        bytes[at] = bytes[at]! ^ 0x5a;
      }
      const outcome = await decodeGeoTiff(bytes, 'landuse.tif').then(
        (raster) => raster.data.length,
        (error: unknown) => error,
      );
      if (typeof outcome === 'number') expect(outcome).toBe(240 * 240);
      else {
        expect(outcome).toBeInstanceOf(GisError);
        expect((outcome as GisError).code).toBe('corrupt-tiff');
        expect((outcome as Error).message).toMatch(/^landuse\.tif: the image data cannot be decoded/);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
  });

  it('LZW that would expand past the block stops at the block size', () => {
    // 9-bit codes: "a", then code 258 ("aa"), 259 ("aaa")... each new code one byte longer.
    const codes = [97, ...Array.from({ length: 240 }, (_, i) => 258 + i)];
    const bits = codes.map((c) => c.toString(2).padStart(9, '0')).join('');
    const input = Uint8Array.from(bits.padEnd(Math.ceil(bits.length / 8) * 8, '0').match(/.{8}/g)!, (b) =>
      parseInt(b, 2),
    );
    expect(decodeLzw(input, 100_000).length).toBe((241 * 242) / 2);
    expect(() => decodeLzw(input, 1000)).toThrow(/decodes to more than the 1,000 bytes/);
    expect(() => decodeLzw(Uint8Array.of(0xff, 0xff, 0xff), 1000)).toThrow(/LZW data starts with code 511/);
  });

  it('PackBits runs past the block, or cut short, are errors; -128 is a no-op', () => {
    expect(Array.from(decodePackBits(Uint8Array.of(0x80, 0xfe, 7, 1, 5, 6), 10))).toEqual([7, 7, 7, 5, 6]);
    expect(() => decodePackBits(Uint8Array.of(0x81, 1), 10)).toThrow(/more than the 10 bytes/);
    expect(() => decodePackBits(Uint8Array.of(5, 1), 10)).toThrow(/literal run is cut short/);
  });

  it('zstd data that is damaged, or larger than its block, is an error', async () => {
    const bytes = bytesOf('in/encodings/Float32-ZSTD-tiled.tif');
    const block = firstBlock(bytes);
    const patched = Uint8Array.from(bytes);
    for (let i = 8; i < block.length; i += 5) patched[block.offset + i] = patched[block.offset + i]! ^ 0xa5;
    await gisError(
      decodeGeoTiff(patched, 'z.tif'),
      'corrupt-tiff',
      /^z\.tif: the image data cannot be decoded: the zstd data is damaged/,
    );
    const raw = bytes.subarray(block.offset, block.offset + block.length);
    await expect(decodeZstd(raw, 16 * 16 * 4)).resolves.toHaveLength(1024);
    await expect(decodeZstd(raw, 100)).rejects.toThrow(/decodes to more than the 100 bytes/);
  });
});

describe('only regular files are opened', () => {
  const dir = path.join(tmp, 'paths');
  mkdirSync(dir);
  it('a named pipe is refused at once (it would block forever)', async () => {
    const fifo = path.join(dir, 'pipe.tif');
    execFileSync('mkfifo', [fifo]);
    await gisError(readGeoTiff(fifo), 'not-a-file', `${fifo}: is a named pipe, not a regular file`);
    await gisError(readGeoJson(fifo), 'not-a-file', /is a named pipe/);
  });
  it('a device, and a symbolic link to /dev/zero, are refused', async () => {
    await gisError(readGeoTiff('/dev/zero'), 'not-a-file', '/dev/zero: is a device, not a regular file');
    const link = path.join(dir, 'zero.tif');
    symlinkSync('/dev/zero', link);
    await gisError(readGeoTiff(link), 'not-a-file', /zero\.tif: is a device/);
  });
  it('a symbolic link loop is reported as such, not as a missing file', async () => {
    const a = path.join(dir, 'a.tif');
    symlinkSync(path.join(dir, 'b.tif'), a);
    symlinkSync(a, path.join(dir, 'b.tif'));
    await gisError(readGeoTiff(a), 'unreadable-file', `${a}: is a symbolic link loop`);
  });
  it('a folder is refused, and a missing file names its path once', async () => {
    await gisError(readGeoTiff(dir), 'not-a-file', `${dir}: is a folder, not a file.`);
    const missing = path.join(dir, 'nope.tif');
    const error = await gisError(readGeoTiff(missing), 'missing-file', `${missing}: no such file`);
    expect(error.message.split(missing).length).toBe(2);
  });
});
