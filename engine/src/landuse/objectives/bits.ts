/**
 * Row-major bitsets of a grid: `wordsPerRow = ceil(width / 32)` 32-bit words per row, cell x of
 * row y at bit (x & 31) of word y * wordsPerRow + (x >> 5). Bits beyond the grid width stay 0.
 * The evaluator keeps one bitset per class and per class set (housing, walking-access targets,
 * natural cells), so that "is there a target in this row segment?" is one or two word tests and
 * whole rows combine 32 cells per operation.
 */

/** Words per row of a bitset of a grid `width` cells wide. */
export function wordsPerRow(width: number): number {
  return (width + 31) >>> 5;
}

/** Number of set bits of a 32-bit integer. */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Index of the lowest set bit of a non-zero 32-bit integer. */
export function lowestBit(v: number): number {
  return 31 - Math.clz32(v & -v);
}

/** Whether any bit of columns lo..hi (inclusive, 0 <= lo <= hi < width) is set in the row starting at word `base`. */
export function anyInRange(bits: Int32Array, base: number, lo: number, hi: number): boolean {
  const first = lo >> 5;
  const last = hi >> 5;
  const lowMask = -1 << (lo & 31);
  const highMask = -1 >>> (31 - (hi & 31));
  if (first === last) return (bits[base + first]! & lowMask & highMask) !== 0;
  if ((bits[base + first]! & lowMask) !== 0) return true;
  for (let w = first + 1; w < last; w++) if (bits[base + w] !== 0) return true;
  return (bits[base + last]! & highMask) !== 0;
}

/** The first set column in lo..hi (inclusive, 0 <= lo <= hi < width) of the row starting at word `base`, or -1. */
export function firstInRange(bits: Int32Array, base: number, lo: number, hi: number): number {
  let w = lo >> 5;
  const last = hi >> 5;
  let v = bits[base + w]! & (-1 << (lo & 31));
  while (v === 0) {
    if (++w > last) return -1;
    v = bits[base + w]!;
  }
  const column = (w << 5) + lowestBit(v);
  return column <= hi ? column : -1;
}

/** Number of set bits of columns lo..hi (inclusive) in the row starting at word `base`. */
export function countInRange(bits: Int32Array, base: number, lo: number, hi: number): number {
  const first = lo >> 5;
  const last = hi >> 5;
  const lowMask = -1 << (lo & 31);
  const highMask = -1 >>> (31 - (hi & 31));
  if (first === last) return popcount32(bits[base + first]! & lowMask & highMask);
  let count = popcount32(bits[base + first]! & lowMask);
  for (let w = first + 1; w < last; w++) count += popcount32(bits[base + w]!);
  return count + popcount32(bits[base + last]! & highMask);
}

/** Set the bits of columns lo..hi (inclusive) in the row starting at word `base`. */
export function setRange(bits: Int32Array, base: number, lo: number, hi: number): void {
  const first = lo >> 5;
  const last = hi >> 5;
  const lowMask = -1 << (lo & 31);
  const highMask = -1 >>> (31 - (hi & 31));
  if (first === last) {
    bits[base + first]! |= lowMask & highMask;
    return;
  }
  bits[base + first]! |= lowMask;
  for (let w = first + 1; w < last; w++) bits[base + w] = -1;
  bits[base + last]! |= highMask;
}

/** Set or clear the bit of cell (x, y). */
export function writeBit(bits: Int32Array, wordsInRow: number, x: number, y: number, on: boolean): void {
  const index = y * wordsInRow + (x >> 5);
  if (on) bits[index]! |= 1 << (x & 31);
  else bits[index]! &= ~(1 << (x & 31));
}

/** Number of maximal horizontal runs of set bits in a bitset (a run may span words, never rows). */
export function countRuns(bits: Int32Array, rows: number, wordsInRow: number): number {
  let runs = 0;
  for (let y = 0; y < rows; y++) {
    let carry = 0;
    const base = y * wordsInRow;
    for (let w = 0; w < wordsInRow; w++) {
      const v = bits[base + w]!;
      // A run starts at a set bit whose left neighbour (previous bit, or the previous word's top bit) is clear.
      runs += popcount32(v & ~((v << 1) | carry));
      carry = v >>> 31;
    }
  }
  return runs;
}

/** out[word] = OR of the bitsets of `classes` (each `plane` words long, one after another in `bits`). */
export function orClasses(bits: Int32Array, plane: number, classes: Int32Array, out: Int32Array): void {
  if (classes.length === 0) {
    out.fill(0);
    return;
  }
  out.set(bits.subarray(classes[0]! * plane, (classes[0]! + 1) * plane));
  for (let k = 1; k < classes.length; k++) {
    const offset = classes[k]! * plane;
    for (let i = 0; i < plane; i++) out[i]! |= bits[offset + i]!;
  }
}
