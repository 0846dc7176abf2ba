/**
 * Typed arrays as bytes, one layout for every part of the engine that moves them: the arrays one
 * after another in one buffer (raw little-endian, each at an 8-byte aligned offset) with where each
 * sits, and plain structures with their typed arrays taken out and put back. Worker transport
 * (engine/src/parallel/static-data.ts: shared memory and bundle files) and run checkpoints
 * (engine/src/runs/checkpoint.ts) both use it; neither owns it.
 */

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

export type StaticArrayConstructor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): StaticArray;
  new (length: number): StaticArray;
  readonly BYTES_PER_ELEMENT: number;
};

export const ARRAY_CONSTRUCTORS: Record<StaticArrayType, StaticArrayConstructor> = {
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

function typeOf(array: StaticArray): StaticArrayType {
  const name = array.constructor.name as StaticArrayType;
  if (!(name in ARRAY_CONSTRUCTORS)) throw new TypeError(`static arrays must be typed arrays, got ${name}`);
  return name;
}

/** Lay the arrays out one after another, each at an 8-byte aligned offset. */
export function layoutArrays(arrays: StaticArrays): { locations: Record<string, ArrayLocation>; byteLength: number } {
  const locations: Record<string, ArrayLocation> = {};
  let offset = 0;
  for (const [name, array] of Object.entries(arrays)) {
    locations[name] = { type: typeOf(array), byteOffset: offset, length: array.length };
    offset += Math.ceil(array.byteLength / 8) * 8;
  }
  return { locations, byteLength: offset };
}

/**
 * The arrays' bytes one after another in one buffer (raw little-endian, each at an 8-byte aligned
 * offset), and where each sits: the layout of the workers' static data and of run checkpoints.
 */
export function packStaticArrays(arrays: StaticArrays): {
  locations: Record<string, ArrayLocation>;
  bytes: Uint8Array;
} {
  const { locations, byteLength } = layoutArrays(arrays);
  const bytes = new Uint8Array(byteLength);
  for (const [name, array] of Object.entries(arrays)) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), locations[name]!.byteOffset);
  }
  return { locations, bytes };
}

/** A copy, in a fresh buffer of its own, of the array at `location` in packed `bytes` (any alignment). */
export function copyPackedArray(location: ArrayLocation, bytes: Uint8Array): StaticArray {
  const copy = new ARRAY_CONSTRUCTORS[location.type](location.length);
  new Uint8Array(copy.buffer).set(bytes.subarray(location.byteOffset, location.byteOffset + copy.byteLength));
  return copy;
}

/** Where a typed array was taken out of a structure by {@link separateTypedArrays}. */
export interface StaticArrayPlaceholder {
  readonly $staticArray: string;
}

function isTypedArray(value: unknown): value is StaticArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && value.constructor.name in ARRAY_CONSTRUCTORS;
}

/**
 * Take every typed array out of a plain structure (objects and arrays, any depth), replacing each
 * by a placeholder; share or bundle the returned `arrays`, post the `plain` rest, and rebuild the
 * structure in the worker with {@link restoreTypedArrays}. Used to send a study area to workers
 * with its grid-sized layers in shared memory.
 */
export function separateTypedArrays<T>(value: T): { plain: unknown; arrays: Record<string, StaticArray> } {
  const arrays: Record<string, StaticArray> = {};
  // An array met twice (a layer a compiled term also holds, one offset table shared by every
  // term) is taken out once, and both places get it back as one array.
  const seen = new Map<StaticArray, string>();
  const walk = (node: unknown, path: string): unknown => {
    if (isTypedArray(node)) {
      const first = seen.get(node);
      if (first !== undefined) return { $staticArray: first } satisfies StaticArrayPlaceholder;
      seen.set(node, path);
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
        if (!array) throw new TypeError(`static array "${path}" is missing from the shared data`);
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
