/**
 * Fast non-dominated sorting (minimisation).
 *
 * All paths first sort the points lexicographically, so a point can only be dominated by points
 * before it, then place each point with a binary search over the fronts found so far (the
 * ENS-BS idea of Zhang et al. 2015: if a front dominates the point, so does every earlier front).
 * What differs is the "does front k dominate this point?" test:
 * - M = 2: compare with the front's last point (its smallest f2) -> O(N log N) in total.
 * - M = 3: each front keeps its (f2, f3) staircase sorted by f2 -> O(log) per test, O(N log^2 N)-ish.
 * - M >= 4: scan the front's members (ENS-BS), newest first.
 *
 * Duplicates (equal in every objective) never dominate each other, so they share a front.
 */
import { OptimizerInputError } from '../errors.js';
import { sortLexicographic } from './index-sort.js';

/** Reusable buffers for {@link NonDominatedSorter.sort} (grown on demand, never shrunk). */
export class NonDominatedSorter {
  private order = new Int32Array(0);
  private scratch = new Int32Array(0);
  private lastFirst = new Float64Array(0);
  private lastSecond = new Float64Array(0);
  private frontMembers: number[][] = [];
  /** Row indices grouped by front (front 0 first), lexicographic order inside each front. */
  byFront = new Int32Array(0);
  /** `byFront[frontStart[k] .. frontStart[k + 1])` are the rows of front k. */
  frontStart = new Int32Array(1);
  /** Number of fronts of the last sort. */
  frontCount = 0;

  private ensure(count: number): void {
    if (this.order.length >= count) return;
    const size = Math.max(count, this.order.length * 2);
    this.order = new Int32Array(size);
    this.scratch = new Int32Array(size);
    this.lastFirst = new Float64Array(size);
    this.lastSecond = new Float64Array(size);
    this.byFront = new Int32Array(size);
    this.frontStart = new Int32Array(size + 1);
  }

  /**
   * Rank the rows `indices[0..count)` of a row-major objective matrix with `m` columns.
   * Writes `rank[row]` (0 = non-dominated) for each of those rows, fills {@link byFront} and
   * {@link frontStart}, and returns the number of fronts.
   */
  sort(objectives: Float64Array, m: number, indices: ArrayLike<number>, count: number, rank: Int32Array): number {
    this.ensure(count);
    const order = this.order;
    for (let i = 0; i < count; i++) order[i] = indices[i]!;
    if (count === 0) {
      this.frontCount = 0;
      this.frontStart[0] = 0;
      return 0;
    }
    sortLexicographic(order, count, objectives, m, this.scratch);
    let fronts: number;
    if (m === 1) fronts = this.rankSingle(objectives, count, rank);
    else if (m === 2) fronts = this.rankTwo(objectives, count, rank);
    else if (m === 3) fronts = this.rankThree(objectives, count, rank);
    else fronts = this.rankMany(objectives, m, count, rank);
    this.groupByFront(count, fronts, rank);
    return fronts;
  }

  private rankSingle(objectives: Float64Array, count: number, rank: Int32Array): number {
    const order = this.order;
    let front = 0;
    let previous = objectives[order[0]!]!;
    for (let i = 0; i < count; i++) {
      const row = order[i]!;
      const value = objectives[row]!;
      if (value > previous) {
        front++;
        previous = value;
      }
      rank[row] = front;
    }
    return front + 1;
  }

  private rankTwo(objectives: Float64Array, count: number, rank: Int32Array): number {
    const order = this.order;
    const lastFirst = this.lastFirst;
    const lastSecond = this.lastSecond;
    let fronts = 0;
    for (let i = 0; i < count; i++) {
      const row = order[i]!;
      const q1 = objectives[2 * row]!;
      const q2 = objectives[2 * row + 1]!;
      // Front k dominates q iff its last point (smallest f2, f1 <= q1) is lexicographically
      // smaller in (f2, f1): f2 < q2, or f2 == q2 with f1 < q1. Binary search the first that does not.
      let low = 0;
      let high = fronts;
      while (low < high) {
        const mid = (low + high) >>> 1;
        const s2 = lastSecond[mid]!;
        if (s2 < q2 || (s2 === q2 && lastFirst[mid]! < q1)) low = mid + 1;
        else high = mid;
      }
      rank[row] = low;
      lastFirst[low] = q1;
      lastSecond[low] = q2;
      if (low === fronts) fronts++;
    }
    return fronts;
  }

  private rankThree(objectives: Float64Array, count: number, rank: Int32Array): number {
    const order = this.order;
    const stairs = this.frontMembers;
    let fronts = 0;
    for (let i = 0; i < count; i++) {
      const row = order[i]!;
      const q0 = objectives[3 * row]!;
      const q1 = objectives[3 * row + 1]!;
      const q2 = objectives[3 * row + 2]!;
      let low = 0;
      let high = fronts;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (stairDominates(objectives, stairs[mid]!, q0, q1, q2)) low = mid + 1;
        else high = mid;
      }
      rank[row] = low;
      if (low === fronts) {
        if (stairs.length === fronts) stairs.push([]);
        else stairs[fronts]!.length = 0;
        fronts++;
      }
      stairInsert(objectives, stairs[low]!, row, q1, q2);
    }
    return fronts;
  }

  private rankMany(objectives: Float64Array, m: number, count: number, rank: Int32Array): number {
    const order = this.order;
    const members = this.frontMembers;
    let fronts = 0;
    for (let i = 0; i < count; i++) {
      const row = order[i]!;
      let low = 0;
      let high = fronts;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (frontDominates(objectives, m, members[mid]!, row)) low = mid + 1;
        else high = mid;
      }
      rank[row] = low;
      if (low === fronts) {
        if (members.length === fronts) members.push([]);
        else members[fronts]!.length = 0;
        fronts++;
      }
      members[low]!.push(row);
    }
    return fronts;
  }

  /** Counting sort of the lexicographic order by rank (stable, so fronts stay lexicographic). */
  private groupByFront(count: number, fronts: number, rank: Int32Array): void {
    const start = this.frontStart;
    start.fill(0, 0, fronts + 1);
    const order = this.order;
    for (let i = 0; i < count; i++) start[rank[order[i]!]! + 1]!++;
    for (let k = 0; k < fronts; k++) start[k + 1]! += start[k]!;
    const cursor = this.scratch;
    for (let k = 0; k < fronts; k++) cursor[k] = start[k]!;
    for (let i = 0; i < count; i++) {
      const row = order[i]!;
      this.byFront[cursor[rank[row]!]!++] = row;
    }
    this.frontCount = fronts;
  }
}

/**
 * `stair` holds rows of one front whose (f2, f3) projections are mutually non-dominated,
 * sorted by f2 ascending (so f3 strictly descending). Every row in it precedes q lexicographically
 * (f1 <= q0), so it dominates q iff its projection weakly dominates q's and it is not q's duplicate.
 * The staircase point with the largest f2 <= q1 has the smallest f3 among candidates.
 */
function stairDominates(objectives: Float64Array, stair: number[], q0: number, q1: number, q2: number): boolean {
  let low = 0;
  let high = stair.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (objectives[3 * stair[mid]! + 1]! <= q1) low = mid + 1;
    else high = mid;
  }
  if (low === 0) return false;
  const p = 3 * stair[low - 1]!;
  if (objectives[p + 2]! > q2) return false;
  return !(objectives[p]! === q0 && objectives[p + 1]! === q1 && objectives[p + 2]! === q2);
}

/** Insert row into the staircase, removing the projections it weakly dominates. */
function stairInsert(objectives: Float64Array, stair: number[], row: number, q1: number, q2: number): void {
  let low = 0;
  let high = stair.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (objectives[3 * stair[mid]! + 1]! < q1) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < stair.length && objectives[3 * stair[end]! + 2]! >= q2) end++;
  if (end === low) stair.splice(low, 0, row);
  else {
    stair[low] = row;
    if (end > low + 1) stair.splice(low + 1, end - low - 1);
  }
}

/** True when some member (all lexicographically before `row`) dominates `row`. */
function frontDominates(objectives: Float64Array, m: number, members: number[], row: number): boolean {
  const q = row * m;
  for (let i = members.length - 1; i >= 0; i--) {
    const p = members[i]! * m;
    let weaklyBetter = true;
    let strictlyBetter = false;
    for (let j = 0; j < m; j++) {
      const a = objectives[p + j]!;
      const b = objectives[q + j]!;
      if (a > b) {
        weaklyBetter = false;
        break;
      }
      if (a < b) strictlyBetter = true;
    }
    if (weaklyBetter && strictlyBetter) return true;
  }
  return false;
}

/**
 * Non-domination ranks of every row of a plain objective matrix (minimisation).
 * @param points row vectors, or a row-major Float64Array with `m` columns.
 * @returns rank per row, 0 for the non-dominated front.
 * @example nonDominatedRanks([[1, 2], [2, 1], [2, 2]]) // Int32Array [0, 0, 1]
 */
export function nonDominatedRanks(points: Float64Array | readonly (readonly number[])[], m?: number): Int32Array {
  const { data, rows, columns } = toMatrix(points, m);
  const rank = new Int32Array(rows);
  const indices = new Int32Array(rows);
  for (let i = 0; i < rows; i++) indices[i] = i;
  new NonDominatedSorter().sort(data, columns, indices, rows, rank);
  return rank;
}

/** Row-major matrix view of plain objective vectors (copies number[][] once). */
export function toMatrix(
  points: Float64Array | readonly (readonly number[])[],
  m?: number,
): { data: Float64Array; rows: number; columns: number } {
  if (points instanceof Float64Array) {
    if (m === undefined || !(m >= 1))
      throw new OptimizerInputError('a Float64Array objective matrix needs its column count m');
    if (points.length % m !== 0)
      throw new OptimizerInputError(`a matrix of ${points.length} values cannot have ${m} columns`);
    return { data: points, rows: points.length / m, columns: m };
  }
  const rows = points.length;
  const columns = m ?? points[0]?.length ?? 0;
  const data = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    const point = points[i]!;
    if (point.length !== columns)
      throw new OptimizerInputError(`point ${i} has ${point.length} objectives, expected ${columns}`);
    for (let j = 0; j < columns; j++) data[i * columns + j] = point[j]!;
  }
  return { data, rows, columns };
}
