/**
 * The core kind: natural cells whose 8 neighbours include no study-area cell that is not natural
 * (FRAGSTATS core area with a one-cell edge), on the padded map and on bitsets.
 */

/** Neighbour offsets of the 8-neighbourhood. */
export const DX8 = [-1, 0, 1, -1, 1, -1, 0, 1];
export const DY8 = [-1, -1, -1, 0, 0, 1, 1, 1];

/** A study-area cell of the padded map that is natural and has no core-breaking 8-neighbour (also used by delta.ts). */
export function isPaddedCore(map: Uint8Array, W: number, natural: Uint8Array, breaks: Uint8Array, i: number): boolean {
  if (natural[map[i]!] !== 1) return false;
  return (
    (breaks[map[i - W - 1]!]! |
      breaks[map[i - W]!]! |
      breaks[map[i - W + 1]!]! |
      breaks[map[i - 1]!]! |
      breaks[map[i + 1]!]! |
      breaks[map[i + W - 1]!]! |
      breaks[map[i + W]!]! |
      breaks[map[i + W + 1]!]!) ===
    0
  );
}

/** Cells of row y, word w, that have a set cell of `bits` among themselves or their left/right neighbours. */
export function spread(bits: Int32Array, words: number, y: number, w: number): number {
  const i = y * words + w;
  const v = bits[i]!;
  let out = v | (v << 1) | (v >>> 1);
  if (w > 0) out |= bits[i - 1]! >>> 31;
  if (w + 1 < words) out |= bits[i + 1]! << 31;
  return out;
}
