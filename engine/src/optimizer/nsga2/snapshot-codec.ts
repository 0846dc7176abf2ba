/**
 * A JSON text form of algorithm snapshots: typed arrays become
 * `{ "$typed": "Float64Array", "base64": "..." }` holding their raw little-endian bytes, so every
 * value (including Infinity crowding distances and -0) survives exactly. Plain TypeScript base64,
 * so the core stays free of Node's Buffer.
 */
import { OptimizerInputError } from '../errors.js';

const TYPED = {
  Float64Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
} as const;
type TypedName = keyof typeof TYPED;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    chunk += ALPHABET[b0 >> 2]! + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)]!;
    chunk += i + 1 < bytes.length ? ALPHABET[((b1 & 15) << 2) | (b2 >> 6)]! : '=';
    chunk += i + 2 < bytes.length ? ALPHABET[b2 & 63]! : '=';
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 4 !== 0) throw new OptimizerInputError('corrupt checkpoint: base64 length is not a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < text.length; i += 4) {
    let word = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      const v = c === 61 ? 0 : c < 128 ? LOOKUP[c]! : -1;
      if (v < 0) throw new OptimizerInputError(`corrupt checkpoint: invalid base64 character at ${i + k}`);
      word = (word << 6) | v;
    }
    if (out < bytes.length) bytes[out++] = (word >> 16) & 255;
    if (out < bytes.length) bytes[out++] = (word >> 8) & 255;
    if (out < bytes.length) bytes[out++] = word & 255;
  }
  return bytes;
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Serialise a snapshot (or any JSON-like value containing typed arrays) to JSON text. */
export function encodeSnapshot(value: unknown): string {
  if (!isLittleEndian()) throw new Error('checkpoint encoding assumes a little-endian platform');
  return JSON.stringify(value, (_key, v: unknown) => {
    for (const name of Object.keys(TYPED) as TypedName[]) {
      if (v instanceof TYPED[name]) {
        const array = v as InstanceType<(typeof TYPED)[TypedName]>;
        return { $typed: name, base64: toBase64(new Uint8Array(array.buffer, array.byteOffset, array.byteLength)) };
      }
    }
    return v;
  });
}

/** Parse text written by {@link encodeSnapshot}, restoring the typed arrays. */
export function decodeSnapshot<T>(text: string): T {
  try {
    return JSON.parse(text, (_key, v: unknown) => {
      if (v && typeof v === 'object' && '$typed' in v && 'base64' in v) {
        const { $typed, base64 } = v as { $typed: string; base64: string };
        if (!($typed in TYPED)) throw new OptimizerInputError(`corrupt checkpoint: unknown typed array "${$typed}"`);
        const bytes = fromBase64(base64);
        const Type = TYPED[$typed as TypedName];
        if (bytes.length % Type.BYTES_PER_ELEMENT !== 0) {
          throw new OptimizerInputError(`corrupt checkpoint: ${bytes.length} bytes cannot hold a ${$typed}`);
        }
        return new Type(bytes.buffer, 0, bytes.length / Type.BYTES_PER_ELEMENT);
      }
      return v;
    }) as T;
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new OptimizerInputError(`the checkpoint is not valid JSON: ${error.message}`);
    throw error;
  }
}
