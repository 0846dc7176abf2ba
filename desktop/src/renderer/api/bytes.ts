/**
 * Grids arrive as their bytes (GridBytes in the API contract); Float32 grids are viewed in place.
 * Grids sent to the engine travel as base64 text (in the request's JSON).
 */
export function float32View(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** Int32 values as a request carries them: little-endian, base64 (painted cells, a lock's runs). */
export function encodeInt32(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i]!, true);
  return encodeBytes(bytes);
}

/** Bytes as base64 text (in pieces: String.fromCharCode takes a bounded number of arguments). */
export function encodeBytes(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return btoa(binary);
}
