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

/**
 * The core cells of row y, word w: the set cells of `natural` with no set cell of `breaks`
 * (study-area cells that are not natural) among their 8 neighbours, in a grid of `height` rows of
 * `words` words. The evaluator counts them; contribution maps mark them.
 */
export function coreWord(
  natural: Int32Array,
  breaks: Int32Array,
  words: number,
  height: number,
  y: number,
  w: number,
): number {
  const n = natural[y * words + w]!;
  if (n === 0) return 0;
  let near = spread(breaks, words, y, w);
  if (y > 0) near |= spread(breaks, words, y - 1, w);
  if (y + 1 < height) near |= spread(breaks, words, y + 1, w);
  return n & ~near;
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
