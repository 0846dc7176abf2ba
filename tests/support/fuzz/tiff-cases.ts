/**
 * Fuzzed GeoTIFFs: GDAL-made files of every compression, layout and sample type, BigTIFF,
 * big-endian, paletted (tests/fixtures/gis) changed by 1 to 4 mutations chosen by a seeded
 * generator: an image-directory entry's count, type or value set to a small, large or huge number
 * (sizes, block dimensions, offsets, ColorMap), bytes flipped in the header or in compressed
 * blocks, runs of bytes overwritten, the file cut short. Case `index` of `seed` is always the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRandom, type Random } from '../../../engine/src/optimizer/core/random.js';
import { repoRoot } from '../../integration/cli/cli-helpers.js';
import { readDirectory } from '../tiff-edit.js';

export interface TiffCase {
  name: string;
  bytes: Uint8Array;
}

const fixtures = path.join(repoRoot, 'tests/fixtures/gis');
export const TIFF_BASES = [
  ...readdirSync(path.join(fixtures, 'in/types'))
    .filter((f) => /^(Byte|Int16|Float32|UInt32)-(NONE|LZW|DEFLATE|PACKBITS)-/.test(f))
    .map((f) => `in/types/${f}`),
  ...readdirSync(path.join(fixtures, 'in/encodings')).map((f) => `in/encodings/${f}`),
  'in/classes.tif',
  'in/dem.tif',
].map((file) => ({ file, bytes: new Uint8Array(readFileSync(path.join(fixtures, file))) }));

const pick = <T>(random: Random, items: readonly T[]): T => items[random.nextInt(items.length)]!;

const NUMBERS = [0, 1, 2, 3, 7, 16, 255, 256, 65535, 65536, 60000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];

function mutate(bytes: Uint8Array, random: Random): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let directory: ReturnType<typeof readDirectory> | null = null;
  try {
    directory = readDirectory(bytes);
  } catch {
    directory = null;
  }
  const entries = directory?.entries.filter((e) => e.at + (directory!.big ? 20 : 12) <= bytes.length) ?? [];
  const kind = random.nextInt(8);
  if (entries.length > 0 && kind < 4) {
    const entry = pick(random, entries);
    const little = directory!.little;
    const big = directory!.big;
    const value = random.nextInt(3) === 0 ? random.nextUint32() : pick(random, NUMBERS);
    if (kind === 0) {
      if (big) view.setBigUint64(entry.at + 4, BigInt(value), little);
      else view.setUint32(entry.at + 4, value, little);
      return `tag ${entry.tag} count ${value}`;
    }
    if (kind === 1) {
      const type = random.nextInt(20);
      view.setUint16(entry.at + 2, type, little);
      return `tag ${entry.tag} type ${type}`;
    }
    const at = entry.at + (big ? 12 : 8);
    if (entry.type === 3 && kind === 2) view.setUint16(at, value & 0xffff, little);
    else if (big) view.setBigUint64(at, BigInt(value), little);
    else view.setUint32(at, value, little);
    return `tag ${entry.tag} value ${value}`;
  }
  if (kind === 4 || kind === 5) {
    // Flip bytes: in the first 512 bytes (header, directory) or anywhere (compressed data).
    const span = kind === 4 ? Math.min(512, bytes.length) : bytes.length;
    const flips = 1 + random.nextInt(8);
    for (let i = 0; i < flips; i++) {
      const at = random.nextInt(span);
      bytes[at] = bytes[at]! ^ (1 + random.nextInt(255));
    }
    return `${flips} bytes flipped${kind === 4 ? ' in the header' : ''}`;
  }
  if (kind === 6) {
    const start = random.nextInt(bytes.length);
    const length = Math.min(bytes.length - start, 1 + random.nextInt(64));
    bytes.fill(pick(random, [0, 0xff, random.nextInt(256)]), start, start + length);
    return `${length} bytes overwritten at ${start}`;
  }
  return 'cut';
}

/** Case `index` of `seed`: a fixture with 1 to 4 mutations (a cut ends them). */
export function tiffCase(seed: number, index: number): TiffCase {
  const random = createRandom(seed * 1_000_003 + index);
  const base = pick(random, TIFF_BASES);
  let bytes = Uint8Array.from(base.bytes);
  const done: string[] = [];
  for (let m = 1 + random.nextInt(4); m > 0; m--) {
    const what = mutate(bytes, random);
    if (what === 'cut') {
      bytes = bytes.slice(0, random.nextInt(bytes.length));
      done.push(`cut at ${bytes.length}`);
      break;
    }
    done.push(what);
  }
  return { name: `${base.file} #${index}: ${done.join(', ')}`, bytes };
}
