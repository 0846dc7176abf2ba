/**
 * Checkpoint files: an algorithm snapshot (plain data with typed arrays: populations, archive,
 * random state) as a JSON header plus the arrays' raw little-endian bytes, gzip-compressed.
 * Raw bytes keep every value exactly (Infinity crowding distances, -0), and writing a 10 MB
 * population this way takes milliseconds where a base64-in-JSON text took most of a second.
 *
 * Layout before compression: `PPCHK1\n`, a uint32 (LE) header length, the UTF-8 JSON header
 * `{ plain, arrays: [{ path, type, byteOffset, length }] }`, then the arrays' bytes, 8-byte aligned.
 */
import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import {
  copyPackedArray,
  layoutArrays,
  restoreTypedArrays,
  separateTypedArrays,
  type ArrayLocation,
  type StaticArray,
} from '../io/typed-arrays.js';
import { RunInputError } from './errors.js';

const MAGIC = Buffer.from('PPCHK1\n', 'latin1');
const gzipAsync = promisify(gzip);

/** One array of the snapshot: where it sits among the packed bytes (engine/src/io/typed-arrays.ts's layout). */
interface ArrayEntry extends ArrayLocation {
  path: string;
}

/**
 * Largest part compressed on its own (bytes): parts compress in parallel in
 * {@link compressCheckpoint}; a part this size costs under 0.1 % more output than one member.
 */
const PART_BYTES = 32 * 1024 * 1024;

/** Gzip level: checkpoints are written often; most of their bytes are genomes that compress well anyway. */
const GZIP = { level: 1 } as const;

/**
 * Pieces (arrays, or their parts) smaller than this are compressed together with their small
 * neighbours, in groups of up to {@link GROUP_BYTES}: a gzip member costs about a millisecond of
 * set-up, and the demo's checkpoint has one array per archive layout (about 150 of a few KB each:
 * 137-160 ms as one member each, against 22-44 ms merged). At 2,000 x 2,000 cells a
 * layout's record is larger, and is compressed from the archive's own bytes, uncopied.
 */
const MERGED_BYTES = 256 * 1024;
const GROUP_BYTES = 4 * 1024 * 1024;

/**
 * The uncompressed file in parts: the header, then each array's bytes (and the zero padding that
 * aligns the next), parts of at most {@link PART_BYTES}; small pieces merged (above). Each part is
 * compressed as one gzip member (RFC 1952 lets members follow one another, and gunzip reads them
 * as one stream); a large array's parts are views of the snapshot's own array, so no uncompressed
 * copy of the whole is made: at 2,000 x 2,000 cells the layouts of a full archive and a population
 * are over 1 GB.
 */
function checkpointParts(snapshot: unknown): Uint8Array[] {
  const { plain, arrays } = separateTypedArrays(snapshot);
  const { locations } = layoutArrays(arrays);
  const entries: ArrayEntry[] = Object.entries(locations).map(([path, location]) => ({ path, ...location }));
  const header = Buffer.from(JSON.stringify({ plain, arrays: entries }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const parts: Uint8Array[] = [];
  let group: Uint8Array[] = [];
  let groupBytes = 0;
  const flush = () => {
    if (group.length > 0) parts.push(group.length === 1 ? group[0]! : Buffer.concat(group));
    group = [];
    groupBytes = 0;
  };
  const add = (piece: Uint8Array) => {
    if (piece.length >= MERGED_BYTES) {
      flush();
      parts.push(piece);
      return;
    }
    if (groupBytes + piece.length > GROUP_BYTES) flush();
    group.push(piece);
    groupBytes += piece.length;
  };
  add(Buffer.concat([MAGIC, length, header]));
  let offset = 0;
  for (const [name, array] of Object.entries(arrays)) {
    const padding = locations[name]!.byteOffset - offset;
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    if (padding > 0) add(new Uint8Array(padding));
    for (let at = 0; at < bytes.length; at += PART_BYTES) add(bytes.subarray(at, at + PART_BYTES));
    offset = locations[name]!.byteOffset + array.byteLength;
  }
  flush();
  return parts;
}

/** The checkpoint file of a snapshot, compressed on this thread. */
export function encodeCheckpoint(snapshot: unknown): Buffer {
  return Buffer.concat(checkpointParts(snapshot).map((part) => gzipSync(part, GZIP)));
}

/**
 * The same bytes as {@link encodeCheckpoint}, compressed in libuv's thread pool, several parts at
 * once: a run's checkpoint is written while its workers wait, so their cores are free (at 2,000 x
 * 2,000 cells, 1.1 GB of layouts took 5 s on one thread). The snapshot's arrays must not change
 * until the promise settles.
 */
export async function compressCheckpoint(snapshot: unknown): Promise<Buffer> {
  return Buffer.concat(await Promise.all(checkpointParts(snapshot).map((part) => gzipAsync(part, GZIP))));
}

export function decodeCheckpoint<T>(compressed: Uint8Array, file: string): T {
  let bytes: Buffer;
  try {
    bytes = gunzipSync(compressed);
  } catch {
    throw new RunInputError(`${file} is not a readable checkpoint (not gzip data); the run folder is damaged.`);
  }
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new RunInputError(`${file} is not a Pareto Plan checkpoint; the run folder is damaged.`);
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  const { plain, arrays } = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString('utf8')) as {
    plain: unknown;
    arrays: ArrayEntry[];
  };
  const restored: Record<string, StaticArray> = {};
  const body = bytes.subarray(headerStart + headerLength);
  for (const entry of arrays) restored[entry.path] = copyPackedArray(entry, body);
  return restoreTypedArrays<T>(plain, restored);
}
