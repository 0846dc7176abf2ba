/**
 * Stable merge sorts of row indices by objective values, without comparator closures (which V8
 * cannot always inline) and without allocation when the caller passes a scratch buffer.
 * Stability makes every ranking deterministic: equal keys keep their input order.
 */

const INSERTION_RUN = 12;
/** From this many rows on, a radix sort on the first objective beats comparison sorting. */
const RADIX_THRESHOLD = 600;

/** True when row a is lexicographically smaller than row b (objective 0 first). */
function lexLess(objectives: Float64Array, m: number, a: number, b: number): boolean {
  const oa = a * m;
  const ob = b * m;
  for (let j = 0; j < m; j++) {
    const x = objectives[oa + j]!;
    const y = objectives[ob + j]!;
    if (x < y) return true;
    if (x > y) return false;
  }
  return false;
}

/**
 * Sort `indices[0..count)` so the rows they name are in ascending lexicographic order of their
 * objectives (ties keep input order). `scratch` must hold at least `count` entries.
 */
export function sortLexicographic(
  indices: Int32Array,
  count: number,
  objectives: Float64Array,
  m: number,
  scratch: Int32Array,
): void {
  if (count >= RADIX_THRESHOLD) {
    radixSortLexicographic(indices, count, objectives, m, scratch);
    return;
  }
  if (m === 2) {
    sortTwoKeys(indices, count, objectives, scratch);
    return;
  }
  // Insertion-sort short runs, then merge them bottom-up, ping-ponging between the two buffers.
  for (let start = 0; start < count; start += INSERTION_RUN) {
    const end = Math.min(start + INSERTION_RUN, count);
    for (let i = start + 1; i < end; i++) {
      const value = indices[i]!;
      let k = i - 1;
      while (k >= start && lexLess(objectives, m, value, indices[k]!)) {
        indices[k + 1] = indices[k]!;
        k--;
      }
      indices[k + 1] = value;
    }
  }
  let source = indices;
  let target = scratch;
  for (let width = INSERTION_RUN; width < count; width *= 2) {
    for (let left = 0; left < count; left += 2 * width) {
      const middle = Math.min(left + width, count);
      const right = Math.min(left + 2 * width, count);
      let i = left;
      let j = middle;
      let out = left;
      while (i < middle && j < right) {
        // Take from the right run only when strictly smaller: stable.
        if (lexLess(objectives, m, source[j]!, source[i]!)) target[out++] = source[j++]!;
        else target[out++] = source[i++]!;
      }
      while (i < middle) target[out++] = source[i++]!;
      while (j < right) target[out++] = source[j++]!;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  if (source !== indices) indices.set(source.subarray(0, count));
}

/** Lexicographic sort specialised for two objectives (the hot path of bi-objective runs). */
function sortTwoKeys(indices: Int32Array, count: number, objectives: Float64Array, scratch: Int32Array): void {
  for (let start = 0; start < count; start += INSERTION_RUN) {
    const end = Math.min(start + INSERTION_RUN, count);
    for (let i = start + 1; i < end; i++) {
      const value = indices[i]!;
      const v0 = objectives[2 * value]!;
      const v1 = objectives[2 * value + 1]!;
      let k = i - 1;
      while (k >= start) {
        const other = indices[k]!;
        const o0 = objectives[2 * other]!;
        if (v0 < o0 || (v0 === o0 && v1 < objectives[2 * other + 1]!)) {
          indices[k + 1] = other;
          k--;
        } else break;
      }
      indices[k + 1] = value;
    }
  }
  let source = indices;
  let target = scratch;
  for (let width = INSERTION_RUN; width < count; width *= 2) {
    for (let left = 0; left < count; left += 2 * width) {
      const middle = Math.min(left + width, count);
      const right = Math.min(left + 2 * width, count);
      let i = left;
      let j = middle;
      let out = left;
      if (middle >= right) {
        while (i < middle) target[out++] = source[i++]!;
        continue;
      }
      let a = source[i]!;
      let b = source[j]!;
      while (true) {
        const a0 = objectives[2 * a]!;
        const b0 = objectives[2 * b]!;
        if (b0 < a0 || (b0 === a0 && objectives[2 * b + 1]! < objectives[2 * a + 1]!)) {
          target[out++] = b;
          if (++j === right) break;
          b = source[j]!;
        } else {
          target[out++] = a;
          if (++i === middle) break;
          a = source[i]!;
        }
      }
      while (i < middle) target[out++] = source[i++]!;
      while (j < right) target[out++] = source[j++]!;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  if (source !== indices) indices.set(source.subarray(0, count));
}

/**
 * Sort `indices[0..count)` by ascending objective `column` (ties keep input order).
 * `scratch` must hold at least `count` entries.
 */
export function sortByColumn(
  indices: Int32Array,
  count: number,
  objectives: Float64Array,
  m: number,
  column: number,
  scratch: Int32Array,
): void {
  for (let start = 0; start < count; start += INSERTION_RUN) {
    const end = Math.min(start + INSERTION_RUN, count);
    for (let i = start + 1; i < end; i++) {
      const value = indices[i]!;
      const key = objectives[value * m + column]!;
      let k = i - 1;
      while (k >= start && key < objectives[indices[k]! * m + column]!) {
        indices[k + 1] = indices[k]!;
        k--;
      }
      indices[k + 1] = value;
    }
  }
  let source = indices;
  let target = scratch;
  for (let width = INSERTION_RUN; width < count; width *= 2) {
    for (let left = 0; left < count; left += 2 * width) {
      const middle = Math.min(left + width, count);
      const right = Math.min(left + 2 * width, count);
      let i = left;
      let j = middle;
      let out = left;
      while (i < middle && j < right) {
        if (objectives[source[j]! * m + column]! < objectives[source[i]! * m + column]!) target[out++] = source[j++]!;
        else target[out++] = source[i++]!;
      }
      while (i < middle) target[out++] = source[i++]!;
      while (j < right) target[out++] = source[j++]!;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  if (source !== indices) indices.set(source.subarray(0, count));
}

/** Sort `indices[0..count)` by ascending `keys[index]` (ties keep input order). */
export function sortByKey(indices: Int32Array, count: number, keys: Float64Array, scratch: Int32Array): void {
  sortByColumn(indices, count, keys, 1, 0, scratch);
}

// --- Radix sort -------------------------------------------------------------------------------

const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;
/** Six 11-bit digits cover the 64 bits of a double: bits 0-10, 11-21, 22-31 of each 32-bit half. */
const DIGITS = 6;
const bitsView = new Float64Array(1);
const wordsView = new Uint32Array(bitsView.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;
const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;
let digits = new Uint16Array(0);
const histograms = new Int32Array(DIGITS * BUCKETS);

/**
 * Stable LSD radix sort of the rows by their first objective (the IEEE-754 bits mapped to an
 * order-preserving unsigned key), then rows tied on it are put in lexicographic order of the
 * remaining objectives by insertion sort (ties are rare and short). Same result as the merge sort.
 */
function radixSortLexicographic(
  indices: Int32Array,
  count: number,
  objectives: Float64Array,
  m: number,
  scratch: Int32Array,
): void {
  if (digits.length < DIGITS * count) digits = new Uint16Array(Math.max(DIGITS * count, 2 * digits.length));
  // One read pass: split each key into six 11-bit digits (digit d of position i at d * count + i)
  // and count them. Keys belong to positions in the input `indices`; the passes permute positions.
  histograms.fill(0);
  for (let i = 0; i < count; i++) {
    bitsView[0] = objectives[indices[i]! * m]! + 0; // + 0 turns -0 into +0
    let low = wordsView[LOW_WORD]!;
    let high = wordsView[HIGH_WORD]!;
    // Negative numbers: flip every bit; positive: flip the sign bit. Unsigned order = numeric order.
    if (high & 0x80000000) {
      low = ~low >>> 0;
      high = ~high >>> 0;
    } else high = (high | 0x80000000) >>> 0;
    const d0 = low & DIGIT_MASK;
    const d1 = (low >>> 11) & DIGIT_MASK;
    const d2 = low >>> 22;
    const d3 = high & DIGIT_MASK;
    const d4 = (high >>> 11) & DIGIT_MASK;
    const d5 = high >>> 22;
    digits[i] = d0;
    digits[count + i] = d1;
    digits[2 * count + i] = d2;
    digits[3 * count + i] = d3;
    digits[4 * count + i] = d4;
    digits[5 * count + i] = d5;
    histograms[d0]!++;
    histograms[BUCKETS + d1]!++;
    histograms[2 * BUCKETS + d2]!++;
    histograms[3 * BUCKETS + d3]!++;
    histograms[4 * BUCKETS + d4]!++;
    histograms[5 * BUCKETS + d5]!++;
  }
  let source = scratch;
  for (let i = 0; i < count; i++) source[i] = i;
  let target = positionBuffer(count);
  for (let d = 0; d < DIGITS; d++) {
    const base = d * BUCKETS;
    const offset = d * count;
    // A digit shared by every row changes nothing: skip its pass.
    if (histograms[base + digits[offset]!] === count) continue;
    let total = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = histograms[base + b]!;
      histograms[base + b] = total;
      total += c;
    }
    for (let i = 0; i < count; i++) {
      const position = source[i]!;
      target[histograms[base + digits[offset + position]!]!++] = position;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  // `target` is free now: gather the rows in sorted order through it.
  for (let i = 0; i < count; i++) target[i] = indices[source[i]!]!;
  indices.set(target.subarray(0, count));
  if (m > 1) sortTiedRuns(indices, count, objectives, m);
}

let positions = new Int32Array(0);
function positionBuffer(count: number): Int32Array {
  if (positions.length < count) positions = new Int32Array(Math.max(count, 2 * positions.length));
  return positions;
}

/** Lexicographic insertion sort inside each run of rows sharing the first objective. */
function sortTiedRuns(indices: Int32Array, count: number, objectives: Float64Array, m: number): void {
  let start = 0;
  while (start < count) {
    const value = objectives[indices[start]! * m]!;
    let end = start + 1;
    while (end < count && objectives[indices[end]! * m] === value) end++;
    for (let i = start + 1; i < end; i++) {
      const row = indices[i]!;
      let k = i - 1;
      while (k >= start && lexLess(objectives, m, row, indices[k]!)) {
        indices[k + 1] = indices[k]!;
        k--;
      }
      indices[k + 1] = row;
    }
    start = end;
  }
}
