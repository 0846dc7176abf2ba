/**
 * Crowding distance (Deb et al. 2002) of the members of one front: for each objective, sort the
 * members, give the two extremes Infinity and every other member the normalised gap between its
 * neighbours, summed over objectives. Exact duplicates (equal in every objective) are counted
 * once: the first in lexicographic order (then input order) gets the distance of the
 * de-duplicated front, its copies get 0 (pymoo's behaviour), so copies are removed first.
 */
import { sortByColumn, sortLexicographic } from './index-sort.js';

export class CrowdingDistance {
  private members = new Int32Array(0);
  private unique = new Int32Array(0);
  private scratch = new Int32Array(0);

  private ensure(count: number): void {
    if (this.members.length >= count) return;
    const size = Math.max(count, this.members.length * 2);
    this.members = new Int32Array(size);
    this.unique = new Int32Array(size);
    this.scratch = new Int32Array(size);
  }

  /**
   * Compute the crowding distance of rows `rows[start..end)` of a row-major objective matrix with
   * `m` columns, writing `out[row]` for each. Pass `alreadySorted = true` when those rows are already in
   * lexicographic order (as `NonDominatedSorter.byFront` gives them) to skip a sort.
   */
  compute(
    objectives: Float64Array,
    m: number,
    rows: ArrayLike<number>,
    start: number,
    end: number,
    out: Float64Array,
    alreadySorted = false,
  ): void {
    const count = end - start;
    if (count <= 0) return;
    this.ensure(count);
    const members = this.members;
    for (let i = 0; i < count; i++) members[i] = rows[start + i]!;
    if (!alreadySorted) sortLexicographic(members, count, objectives, m, this.scratch);

    // Drop exact duplicates: in lexicographic order they are adjacent.
    const unique = this.unique;
    let uniqueCount = 0;
    let previous = -1;
    for (let i = 0; i < count; i++) {
      const row = members[i]!;
      if (previous >= 0 && sameRow(objectives, m, previous, row)) {
        out[row] = 0;
        continue;
      }
      unique[uniqueCount++] = row;
      previous = row;
    }
    for (let i = 0; i < uniqueCount; i++) out[unique[i]!] = 0;
    if (uniqueCount <= 2) {
      for (let i = 0; i < uniqueCount; i++) out[unique[i]!] = Infinity;
      return;
    }

    if (m === 2 && isStrictStaircase(objectives, unique, uniqueCount)) {
      // A bi-objective front sorted by f1 is sorted by f2 descending: one pass for both.
      const first = unique[0]! * 2;
      const last = unique[uniqueCount - 1]! * 2;
      const range0 = objectives[last]! - objectives[first]!;
      const range1 = objectives[first + 1]! - objectives[last + 1]!;
      out[unique[0]!] = Infinity;
      out[unique[uniqueCount - 1]!] = Infinity;
      for (let i = 1; i < uniqueCount - 1; i++) {
        const before = unique[i - 1]! * 2;
        const after = unique[i + 1]! * 2;
        let distance = 0;
        if (range0 > 0) distance += (objectives[after]! - objectives[before]!) / range0;
        if (range1 > 0) distance += (objectives[before + 1]! - objectives[after + 1]!) / range1;
        out[unique[i]!] = distance;
      }
      return;
    }

    const sorted = members; // reuse: the lexicographic order is no longer needed
    for (let j = 0; j < m; j++) {
      for (let i = 0; i < uniqueCount; i++) sorted[i] = unique[i]!;
      sortByColumn(sorted, uniqueCount, objectives, m, j, this.scratch);
      const low = objectives[sorted[0]! * m + j]!;
      const high = objectives[sorted[uniqueCount - 1]! * m + j]!;
      const range = high - low;
      // An objective on which the whole front agrees says nothing about crowding.
      if (range <= 0) continue;
      out[sorted[0]!] = Infinity;
      out[sorted[uniqueCount - 1]!] = Infinity;
      for (let i = 1; i < uniqueCount - 1; i++) {
        const row = sorted[i]!;
        out[row]! += (objectives[sorted[i + 1]! * m + j]! - objectives[sorted[i - 1]! * m + j]!) / range;
      }
    }
  }
}

function sameRow(objectives: Float64Array, m: number, a: number, b: number): boolean {
  for (let j = 0; j < m; j++) if (objectives[a * m + j] !== objectives[b * m + j]) return false;
  return true;
}

function isStrictStaircase(objectives: Float64Array, rows: Int32Array, count: number): boolean {
  for (let i = 1; i < count; i++) {
    if (!(objectives[rows[i]! * 2 + 1]! < objectives[rows[i - 1]! * 2 + 1]!)) return false;
    if (!(objectives[rows[i]! * 2]! > objectives[rows[i - 1]! * 2]!)) return false;
  }
  return true;
}

/**
 * Crowding distances of every row of a plain objective matrix treated as ONE front.
 * @example crowdingDistances([[0, 1], [0.5, 0.5], [1, 0]]) // [Infinity, 2, Infinity]
 */
export function crowdingDistances(points: readonly (readonly number[])[]): Float64Array {
  const m = points[0]?.length ?? 0;
  const data = new Float64Array(points.length * m);
  points.forEach((point, i) => point.forEach((value, j) => (data[i * m + j] = value)));
  const rows = Int32Array.from(points.keys());
  const out = new Float64Array(points.length);
  new CrowdingDistance().compute(data, m, rows, 0, points.length, out);
  return out;
}
