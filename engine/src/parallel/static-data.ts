/**
 * Static scenario data (the aligned layers, grid-sized typed arrays) reaches each worker ONCE,
 * when the worker builds its problem, never with a batch. Two ways are implemented and measured
 * (see docs/parallel.md):
 *
 * - `shared`: the arrays live in `SharedArrayBuffer`s; posting the reference to a worker shares the
 *   memory (no copy). One copy in RAM whatever the number of workers.
 * - `file`: the arrays are written once to a binary bundle; each worker reads it into its own memory.
 *
 * A {@link StaticDataRef} is structured-cloneable; {@link openStaticData} turns it back into arrays.
 */
import { open, writeFile } from 'node:fs/promises';
import { ParallelInputError } from './errors.js';
import {
  ARRAY_CONSTRUCTORS,
  layoutArrays,
  packStaticArrays,
  type ArrayLocation,
  type StaticArray,
  type StaticArrays,
} from '../io/typed-arrays.js';

export type StaticDataRef =
  | {
      readonly transport: 'shared';
      /** One shared buffer holding every array (posting it to a worker shares, never copies). */
      readonly buffer: SharedArrayBuffer;
      readonly arrays: Readonly<Record<string, ArrayLocation>>;
    }
  | {
      readonly transport: 'file';
      /** Absolute path of a bundle written by {@link writeStaticBundle}. */
      readonly path: string;
      readonly arrays: Readonly<Record<string, ArrayLocation>>;
    };

/**
 * Copy `arrays` into one `SharedArrayBuffer` (once, on the main thread) and return a reference
 * that workers open without copying. Use the arrays from {@link openStaticData} on the main
 * thread too, so that it holds no second copy.
 * @example const ref = shareStaticArrays({ suitability, cost }); // then spec.data = ref
 */
export function shareStaticArrays(arrays: StaticArrays): StaticDataRef {
  const { locations, byteLength } = layoutArrays(arrays);
  const buffer = new SharedArrayBuffer(byteLength);
  for (const [name, array] of Object.entries(arrays)) {
    const location = locations[name]!;
    new ARRAY_CONSTRUCTORS[location.type](buffer, location.byteOffset, location.length).set(array);
  }
  return { transport: 'shared', buffer, arrays: locations };
}

/**
 * Write `arrays` to a binary bundle at `path` (raw little-endian typed-array bytes, 8-byte
 * aligned); each worker reads the whole file once when it builds its problem.
 */
export async function writeStaticBundle(path: string, arrays: StaticArrays): Promise<StaticDataRef> {
  const { locations, bytes } = packStaticArrays(arrays);
  await writeFile(path, bytes);
  return { transport: 'file', path, arrays: locations };
}

/** Typed-array views of a {@link StaticDataRef}: zero-copy for `shared`, one file read for `file`. */
export async function openStaticData(ref: StaticDataRef | undefined): Promise<StaticArrays> {
  if (!ref) return {};
  let buffer: ArrayBufferLike;
  if (ref.transport === 'shared') {
    buffer = ref.buffer;
  } else {
    buffer = await readWholeFile(ref.path);
  }
  const arrays: Record<string, StaticArray> = {};
  for (const [name, location] of Object.entries(ref.arrays)) {
    const Constructor = ARRAY_CONSTRUCTORS[location.type];
    const end = location.byteOffset + location.length * Constructor.BYTES_PER_ELEMENT;
    if (!Constructor || end > buffer.byteLength) {
      throw new ParallelInputError(
        `static array "${name}" (${location.type} x ${location.length} at byte ${location.byteOffset}) does not fit its ${buffer.byteLength}-byte buffer${ref.transport === 'file' ? ` from ${ref.path}` : ''}`,
      );
    }
    arrays[name] = new Constructor(buffer, location.byteOffset, location.length);
  }
  return arrays;
}

/** Read a file into a fresh ArrayBuffer of its own (not a pooled Buffer slice), 8-byte aligned. */
async function readWholeFile(path: string): Promise<ArrayBuffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new ParallelInputError(`cannot open the static data bundle ${path}: ${(error as Error).message}`);
  }
  try {
    const { size } = await handle.stat();
    const buffer = new ArrayBuffer(size);
    const view = new Uint8Array(buffer);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await handle.read(view, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}
