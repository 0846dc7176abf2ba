/**
 * Decompression of TIFF image blocks with a bound on the output: a block never decodes to more
 * bytes than a block of its image holds, so a corrupt block ends in an error, not in an allocation
 * that grows until the process dies (geotiff.js's own LZW and PackBits decoders append to a plain
 * array with no bound; a 199 kB file with a few changed bytes made one reach 2 GB).
 *
 * LZW follows TIFF 6.0 section 13 (MSB-first codes of 9 to 12 bits, Clear 256, EOI 257, the code
 * width growing one code early, as libtiff writes it); PackBits section 9 (-128 is a no-op);
 * deflate is zlib's, through node:zlib with `maxOutputLength`; zstd is zstd's own one-shot
 * decompression (zstddec, WebAssembly) into a buffer of the block's size.
 */
import { inflateSync } from 'node:zlib';

/** A block that cannot be decoded; the message is a sentence without the file name. */
export class BlockDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockDecodeError';
  }
}

const overflow = (maxBytes: number) =>
  new BlockDecodeError(
    `a block decodes to more than the ${maxBytes.toLocaleString('en-GB')} bytes a block of this image holds`,
  );

const CLEAR = 256;
const EOI = 257;
const FIRST_FREE = 258;
const TABLE_SIZE = 4096;

/** Decode a TIFF LZW block into at most `maxBytes` bytes. */
export function decodeLzw(input: Uint8Array, maxBytes: number): Uint8Array {
  const prefix = new Int16Array(TABLE_SIZE);
  const suffix = new Uint8Array(TABLE_SIZE);
  const length = new Uint16Array(TABLE_SIZE);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    length[i] = 1;
  }
  const out = new Uint8Array(maxBytes);
  let written = 0;
  let next = FIRST_FREE;
  let width = 9;
  let previous = -1;
  let bits = 0;
  let bitCount = 0;
  let position = 0;

  /** Write the string of `code` at `written`; returns its first byte. */
  const emit = (code: number): number => {
    const n = length[code]!;
    if (written + n > maxBytes) throw overflow(maxBytes);
    let at = written + n - 1;
    for (let c = code; c !== -1; c = prefix[c]!) out[at--] = suffix[c]!;
    written += n;
    return out[written - n]!;
  };

  for (;;) {
    while (bitCount < width) {
      if (position >= input.length) return written === out.length ? out : out.slice(0, written); // no EOI
      bits = ((bits << 8) | input[position++]!) >>> 0;
      bitCount += 8;
    }
    const code = (bits >>> (bitCount - width)) & ((1 << width) - 1);
    bitCount -= width;
    bits &= (1 << bitCount) - 1;
    if (code === EOI) break;
    if (code === CLEAR) {
      next = FIRST_FREE;
      width = 9;
      previous = -1;
      continue;
    }
    if (previous === -1) {
      if (code > 255)
        throw new BlockDecodeError(`LZW data starts with code ${code}, not a byte value: the block is damaged`);
      emit(code);
      previous = code;
      continue;
    }
    if (code < next) {
      const first = emit(code);
      if (next < TABLE_SIZE) add(previous, first);
    } else if (code === next) {
      // The string of the previous code, then its own first byte.
      const first = emit(previous);
      if (written + 1 > maxBytes) throw overflow(maxBytes);
      out[written++] = first;
      if (next < TABLE_SIZE) add(previous, first);
    } else {
      throw new BlockDecodeError(`LZW code ${code} is not in the table (next free code ${next}): the block is damaged`);
    }
    previous = code;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  return written === out.length ? out : out.slice(0, written);

  function add(code: number, byte: number): void {
    prefix[next] = code;
    suffix[next] = byte;
    length[next] = length[code]! + 1;
    next++;
  }
}

/** Decode a PackBits block into at most `maxBytes` bytes. */
export function decodePackBits(input: Uint8Array, maxBytes: number): Uint8Array {
  const out = new Uint8Array(maxBytes);
  let written = 0;
  let i = 0;
  while (i < input.length) {
    const header = (input[i++]! << 24) >> 24; // as a signed byte
    if (header >= 0) {
      const n = header + 1;
      if (i + n > input.length) throw new BlockDecodeError('a PackBits literal run is cut short: the block is damaged');
      if (written + n > maxBytes) throw overflow(maxBytes);
      out.set(input.subarray(i, i + n), written);
      written += n;
      i += n;
    } else if (header !== -128) {
      const n = 1 - header;
      if (i >= input.length) throw new BlockDecodeError('a PackBits repeat run is cut short: the block is damaged');
      if (written + n > maxBytes) throw overflow(maxBytes);
      out.fill(input[i++]!, written, written + n);
      written += n;
    }
  }
  return written === out.length ? out : out.slice(0, written);
}

/** Decode a zlib (TIFF deflate) block into at most `maxBytes` bytes. */
export function decodeDeflate(input: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return inflateSync(input, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw overflow(maxBytes);
    throw new BlockDecodeError(`the deflate data is damaged (${(error as Error).message})`);
  }
}

/** The zstd decoder (WebAssembly), loaded and initialised on first use. */
let zstd: Promise<{ decode(input: Uint8Array, capacity: number): Uint8Array }> | null = null;

/**
 * Decode a zstd block into at most `maxBytes` bytes: zstd's one-shot decompression into a buffer
 * of that capacity, which fails instead of growing when the data would be larger (GDAL's frames
 * do not declare their size, so the capacity is the only bound).
 */
export async function decodeZstd(input: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  zstd ??= import('zstddec').then(async ({ ZSTDDecoder }) => {
    const decoder = new ZSTDDecoder();
    await decoder.init();
    return decoder;
  });
  const decoder = await zstd;
  let out: Uint8Array;
  try {
    out = decoder.decode(input, Math.max(1, maxBytes));
  } catch (error) {
    throw new BlockDecodeError(`the zstd data is damaged (${(error as Error).message})`);
  }
  // zstd's errors come back as negative sizes, which leave the output empty: the data is damaged
  // or needs more room than the block has.
  if (out.length === 0 || out.length > maxBytes)
    throw new BlockDecodeError(
      `the zstd data is damaged or decodes to more than the ${maxBytes.toLocaleString('en-GB')} bytes a block of this image holds`,
    );
  return out;
}

/** The bounded decoder of each supported compression, by TIFF compression code. */
export const BOUNDED_DECODERS: Readonly<
  Record<number, (input: Uint8Array, maxBytes: number) => Uint8Array | Promise<Uint8Array>>
> = {
  // Uncompressed: the block's bytes, without any padding a writer left after them.
  1: (input, maxBytes) => input.slice(0, maxBytes),
  5: decodeLzw,
  8: decodeDeflate,
  32946: decodeDeflate,
  32773: decodePackBits,
  50000: decodeZstd,
};
