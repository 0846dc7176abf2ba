/**
 * Int32 values as requests carry them (painted cells, a drawn lock's runs): little-endian, as
 * base64; the renderer's `encodeInt32` (desktop/src/renderer/api/bytes.ts) writes them.
 */

/** The Int32 values of bytes decoded from such base64, or null when they are not whole Int32s. */
export function int32sOf(bytes: Buffer): Int32Array | null {
  if (bytes.byteLength % 4 !== 0) return null;
  const out = new Int32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt32LE(i * 4);
  return out;
}
