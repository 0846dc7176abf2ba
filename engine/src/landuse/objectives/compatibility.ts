/**
 * The compatibility kind: the mean score of 8-adjacent pairs of classes, on the padded map (a
 * one-cell border and the cells outside the study area hold VOID = K, whose scores are zero).
 * The evaluator's one-pass scan (LandUseEvaluator.scanMap) adds the same pairs in the same order.
 */
import { NO_CLASS, type StudyArea } from '../model/study-area.js';

/** Column offsets of the neighbours E, SW, S, SE (the last three one row down): the pairs a cell comes first in. */
export const AFTER = [1, -1, 0, 1];

/** Row stride of the padded pair tables: index = (class << 5) | neighbour class (classes 0..16, VOID included). */
export const PAIR_SHIFT = 5;

/** The padded pair table of a K x K score matrix. */
export function pairTable(matrix: Float64Array, K: number): Float64Array {
  const table = new Float64Array((K + 1) << PAIR_SHIFT);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) table[(a << PAIR_SHIFT) | b] = matrix[a * K + b]!;
  return table;
}

/** Per class (VOID included): 1 when the class has a non-zero score in `table`. */
export function activeClasses(table: Float64Array, K: number): Uint8Array {
  return Uint8Array.from({ length: K + 1 }, (_, a) =>
    table.subarray(a << PAIR_SHIFT, (a + 1) << PAIR_SHIFT).some((v) => v !== 0) ? 1 : 0,
  );
}

/** Compatibility sum of a padded map (see LandUseEvaluator.scanMap, without the bitsets). */
export function paddedCompatibilitySum(
  map: Uint8Array,
  area: StudyArea,
  W: number,
  pairs: Float64Array,
  active: Uint8Array,
): number {
  let sum = 0;
  for (let y = 0; y < area.height; y++) {
    const rowStart = (y + 1) * W + 1;
    for (let x = 0; x < area.width; x++) {
      const i = rowStart + x;
      const c = map[i]!;
      if (active[c] !== 1) continue;
      const row = c << PAIR_SHIFT;
      sum += pairs[row | map[i + 1]!]!;
      sum += pairs[row | map[i + W - 1]!]!;
      sum += pairs[row | map[i + W]!]!;
      sum += pairs[row | map[i + W + 1]!]!;
    }
  }
  return sum;
}

export function countNeighbourPairs(area: StudyArea): number {
  let pairs = 0;
  forEachNeighbourPair(area, area.current, () => pairs++);
  return pairs;
}

/** Calls `visit(i, j)` once for every unordered pair of 8-adjacent study-area cells. */
export function forEachNeighbourPair(area: StudyArea, map: Uint8Array, visit: (i: number, j: number) => void): void {
  const { width, height } = area;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (map[i] === NO_CLASS) continue;
      // E, SW, S, SE: each unordered pair exactly once.
      if (x + 1 < width && map[i + 1] !== NO_CLASS) visit(i, i + 1);
      if (y + 1 < height) {
        const below = i + width;
        if (x > 0 && map[below - 1] !== NO_CLASS) visit(i, below - 1);
        if (map[below] !== NO_CLASS) visit(i, below);
        if (x + 1 < width && map[below + 1] !== NO_CLASS) visit(i, below + 1);
      }
    }
  }
}
