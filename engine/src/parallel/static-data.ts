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

/** The typed arrays static layers may use. */
export type StaticArray =
  Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

export type StaticArrayType =
  | 'Float64Array'
  | 'Float32Array'
  | 'Int32Array'
  | 'Uint32Array'
  | 'Int16Array'
  | 'Uint16Array'
  | 'Int8Array'
  | 'Uint8Array';

type StaticArrayConstructor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): StaticArray;
  new (length: number): StaticArray;
  readonly BYTES_PER_ELEMENT: number;
};

const constructors: Record<StaticArrayType, StaticArrayConstructor> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
};

/** Where one array sits in a buffer. */
export interface ArrayLocation {
  readonly type: StaticArrayType;
  readonly byteOffset: number;
  readonly length: number;
}

/** Named static arrays, as handed to a problem factory. */
export type StaticArrays = Readonly<Record<string, StaticArray>>;

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

function typeOf(array: StaticArray): StaticArrayType {
  const name = array.constructor.name as StaticArrayType;
  if (!(name in constructors)) throw new ParallelInputError(`static arrays must be typed arrays, got ${name}`);
  return name;
}

/** Lay the arrays out one after another, each at an 8-byte aligned offset. */
function layout(arrays: StaticArrays): { locations: Record<string, ArrayLocation>; byteLength: number } {
  const locations: Record<string, ArrayLocation> = {};
  let offset = 0;
  for (const [name, array] of Object.entries(arrays)) {
    locations[name] = { type: typeOf(array), byteOffset: offset, length: array.length };
    offset += Math.ceil(array.byteLength / 8) * 8;
  }
  return { locations, byteLength: offset };
}

/**
 * Copy `arrays` into one `SharedArrayBuffer` (once, on the main thread) and return a reference
 * that workers open without copying. Use the arrays from {@link openStaticData} on the main
 * thread too, so that it holds no second copy.
 * @example const ref = shareStaticArrays({ suitability, cost }); // then spec.data = ref
 */
export function shareStaticArrays(arrays: StaticArrays): StaticDataRef {
  const { locations, byteLength } = layout(arrays);
  const buffer = new SharedArrayBuffer(byteLength);
  for (const [name, array] of Object.entries(arrays)) {
    const location = locations[name]!;
    new constructors[location.type](buffer, location.byteOffset, location.length).set(array);
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

/**
 * The arrays' bytes one after another in one buffer (raw little-endian, each at an 8-byte aligned
 * offset), and where each sits: the layout of a static bundle, also used by run checkpoints.
 */
export function packStaticArrays(arrays: StaticArrays): {
  locations: Record<string, ArrayLocation>;
  bytes: Uint8Array;
} {
  const { locations, byteLength } = layout(arrays);
  const bytes = new Uint8Array(byteLength);
  for (const [name, array] of Object.entries(arrays)) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), locations[name]!.byteOffset);
  }
  return { locations, bytes };
}

/** A copy, in a fresh buffer of its own, of the array at `location` in packed `bytes` (any alignment). */
export function copyPackedArray(location: ArrayLocation, bytes: Uint8Array): StaticArray {
  const copy = new constructors[location.type](location.length);
  new Uint8Array(copy.buffer).set(bytes.subarray(location.byteOffset, location.byteOffset + copy.byteLength));
  return copy;
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
    const Constructor = constructors[location.type];
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

/** Where a typed array was taken out of a structure by {@link separateTypedArrays}. */
export interface StaticArrayPlaceholder {
  readonly $staticArray: string;
}

function isTypedArray(value: unknown): value is StaticArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && value.constructor.name in constructors;
}

/**
 * Take every typed array out of a plain structure (objects and arrays, any depth), replacing each
 * by a placeholder; share or bundle the returned `arrays`, post the `plain` rest, and rebuild the
 * structure in the worker with {@link restoreTypedArrays}. Used to send a study area to workers
 * with its grid-sized layers in shared memory.
 */
export function separateTypedArrays<T>(value: T): { plain: unknown; arrays: Record<string, StaticArray> } {
  const arrays: Record<string, StaticArray> = {};
  const walk = (node: unknown, path: string): unknown => {
    if (isTypedArray(node)) {
      arrays[path] = node;
      return { $staticArray: path } satisfies StaticArrayPlaceholder;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) out[key] = walk(item, path ? `${path}.${key}` : key);
      return out;
    }
    return node;
  };
  return { plain: walk(value, ''), arrays };
}

/** Put the arrays back into a structure from {@link separateTypedArrays}. */
export function restoreTypedArrays<T>(plain: unknown, arrays: StaticArrays): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      const path = (node as Partial<StaticArrayPlaceholder>).$staticArray;
      if (typeof path === 'string') {
        const array = arrays[path];
        if (!array) throw new ParallelInputError(`static array "${path}" is missing from the shared data`);
        return array;
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) out[key] = walk(item);
      return out;
    }
    return node;
  };
  return walk(plain) as T;
}
