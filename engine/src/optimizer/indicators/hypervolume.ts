/**
 * Exact hypervolume (minimisation): the measure of the region dominated by the points and
 * bounded above by the reference point. Points that do not strictly dominate the reference
 * point in every objective contribute nothing.
 *
 * - M = 2: sort and sweep, O(n log n).
 * - M = 3: the dimension sweep of Beume, Fonseca et al. (2009), O(n log n) searches over a sorted
 *   (x, y) staircase held in typed arrays; each point is inserted once and removed at most once.
 * - M >= 4: HSO-style slicing along the last objective down to the exact 3-D sweep,
 *   O(n^(M-2) log n): fine for the front sizes of a run, exponential in M like every exact method.
 */
import { OptimizerInputError } from '../errors.js';
import { sortByColumn, sortLexicographic } from '../ranking/index-sort.js';
import { toMatrix } from '../ranking/non-dominated-sort.js';

/**
 * Hypervolume of a set of objective vectors (minimisation form) with respect to `reference`.
 * @param points row vectors, or a row-major Float64Array with reference.length columns.
 * @example hypervolume([[1, 2], [2, 1]], [3, 3]) // 3
 */
export function hypervolume(
  points: Float64Array | readonly (readonly number[])[],
  reference: ArrayLike<number>,
): number {
  const m = reference.length;
  if (m < 1) throw new OptimizerInputError('the hypervolume reference point is empty');
  for (let j = 0; j < m; j++) {
    if (!Number.isFinite(reference[j]!))
      throw new OptimizerInputError(`reference point value ${j} is ${reference[j]}; it must be finite`);
  }
  const { data, rows } = toMatrix(points, m);
  const ref = Float64Array.from(reference);
  // Keep only points strictly inside the reference box.
  const indices = new Int32Array(rows);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    let inside = true;
    for (let j = 0; j < m; j++) {
      const value = data[i * m + j]!;
      if (Number.isNaN(value)) throw new OptimizerInputError(`point ${i} has NaN in objective ${j}`);
      if (!(value < ref[j]!)) inside = false;
    }
    if (inside) indices[count++] = i;
  }
  return hypervolumeOfRows(data, m, indices, count, ref, m);
}

/**
 * Hypervolume of rows `indices[0..count)` of a matrix with `stride` columns, using only the
 * first `dimensions` columns. All rows must lie strictly inside the reference box. Reorders `indices`.
 */
export function hypervolumeOfRows(
  data: Float64Array,
  stride: number,
  indices: Int32Array,
  count: number,
  reference: Float64Array,
  dimensions: number,
): number {
  if (count === 0) return 0;
  if (dimensions === 1) {
    let best = Infinity;
    for (let i = 0; i < count; i++) best = Math.min(best, data[indices[i]! * stride]!);
    return reference[0]! - best;
  }
  if (dimensions === 2) return hypervolume2d(data, stride, indices, count, reference);
  if (dimensions === 3) return hypervolume3d(data, stride, indices, count, reference);
  // Slice along the last objective: between consecutive values the cross-section is the
  // (d-1)-dimensional hypervolume of the points already passed.
  const last = dimensions - 1;
  const scratch = new Int32Array(count);
  sortByColumn(indices, count, data, stride, last, scratch);
  const prefix = new Int32Array(count);
  let volume = 0;
  for (let i = 0; i < count; i++) {
    const z = data[indices[i]! * stride + last]!;
    const next = i + 1 < count ? data[indices[i + 1]! * stride + last]! : reference[last]!;
    if (next <= z) continue;
    for (let k = 0; k <= i; k++) prefix[k] = indices[k]!;
    volume += hypervolumeOfRows(data, stride, prefix, i + 1, reference, last) * (next - z);
  }
  return volume;
}

let sortScratch = new Int32Array(0);
let stairX = new Float64Array(0);
let stairY = new Float64Array(0);

function ensureWorkspace(count: number): void {
  if (sortScratch.length >= count) return;
  const size = Math.max(count, 2 * sortScratch.length, 64);
  sortScratch = new Int32Array(size);
  stairX = new Float64Array(size);
  stairY = new Float64Array(size);
}

function hypervolume2d(
  data: Float64Array,
  stride: number,
  indices: Int32Array,
  count: number,
  reference: Float64Array,
): number {
  ensureWorkspace(count);
  if (stride === 2) sortLexicographic(indices, count, data, 2, sortScratch);
  else sortByColumn(indices, count, data, stride, 0, sortScratch);
  const rx = reference[0]!;
  let bestY = reference[1]!;
  let volume = 0;
  for (let i = 0; i < count; i++) {
    const row = indices[i]! * stride;
    const y = data[row + 1]!;
    if (y < bestY) {
      volume += (rx - data[row]!) * (bestY - y);
      bestY = y;
    }
  }
  return volume;
}

function hypervolume3d(
  data: Float64Array,
  stride: number,
  indices: Int32Array,
  count: number,
  reference: Float64Array,
): number {
  ensureWorkspace(count);
  sortByColumn(indices, count, data, stride, 2, sortScratch);
  const rx = reference[0]!;
  const ry = reference[1]!;
  const xs = stairX;
  const ys = stairY;
  let size = 0; // staircase: x ascending, y strictly descending
  let area = 0;
  let volume = 0;
  let previousZ = 0;
  for (let i = 0; i < count; i++) {
    const row = indices[i]! * stride;
    const x = data[row]!;
    const y = data[row + 1]!;
    const z = data[row + 2]!;
    if (i > 0) volume += area * (z - previousZ);
    previousZ = z;

    // First staircase position with xs >= x.
    let low = 0;
    let high = size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (xs[mid]! < x) low = mid + 1;
      else high = mid;
    }
    const position = low;
    if (position < size && xs[position] === x && ys[position]! <= y) continue; // dominated
    if (position > 0 && ys[position - 1]! <= y) continue; // dominated by the left neighbour

    // Points from `position` with ys >= y are now dominated; add the area the new point uncovers.
    let end = position;
    let previousX = x;
    let bound = position > 0 ? ys[position - 1]! : ry;
    let added = 0;
    while (end < size && ys[end]! >= y) {
      added += (xs[end]! - previousX) * (bound - y);
      previousX = xs[end]!;
      bound = ys[end]!;
      end++;
    }
    added += ((end < size ? xs[end]! : rx) - previousX) * (bound - y);
    area += added;

    const removed = end - position;
    if (removed === 0) {
      xs.copyWithin(position + 1, position, size);
      ys.copyWithin(position + 1, position, size);
      size++;
    } else if (removed > 1) {
      xs.copyWithin(position + 1, end, size);
      ys.copyWithin(position + 1, end, size);
      size -= removed - 1;
    }
    xs[position] = x;
    ys[position] = y;
  }
  volume += area * (reference[2]! - previousZ);
  return volume;
}

/** Scratch of hypervolumeContribution: the set limited to the point's box, and its row list. */
let limited = new Float64Array(0);
let limitedRows = new Int32Array(0);

/**
 * Exclusive hypervolume contribution of one point to a set (minimisation form): the volume the
 * point dominates inside the reference box that no member of the set dominates,
 *
 *   c(p, S) = prod_j (r_j - p_j) - HV({ max(s, p) : s in S }),
 *
 * so HV(S ∪ {p}) = HV(S) + c(p, S). 0 when the point is not strictly inside the box.
 * @param data row-major matrix with `stride` columns (the set's rows are `rows[0..count)`; a row
 *   equal to `skip` is left out, so a member's own contribution to the rest is c(member, S \ member)).
 * @param point the point's values are `point[pointOffset .. pointOffset + stride)`.
 */
export function hypervolumeContribution(
  data: Float64Array,
  stride: number,
  rows: ArrayLike<number>,
  count: number,
  point: Float64Array,
  pointOffset: number,
  reference: Float64Array,
  skip = -1,
): number {
  const m = stride;
  let box = 1;
  for (let j = 0; j < m; j++) {
    const side = reference[j]! - point[pointOffset + j]!;
    if (!(side > 0)) return 0;
    box *= side;
  }
  if (limited.length < count * m) {
    limited = new Float64Array(Math.max(count * m, 2 * limited.length));
    limitedRows = new Int32Array(Math.max(count, 2 * limitedRows.length));
  }
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    if (row === skip) continue;
    let inside = true;
    for (let j = 0; j < m; j++) {
      const value = Math.max(data[row * stride + j]!, point[pointOffset + j]!);
      if (!(value < reference[j]!)) {
        inside = false;
        break;
      }
      limited[kept * m + j] = value;
    }
    if (inside) {
      limitedRows[kept] = kept;
      kept++;
    }
  }
  const covered = hypervolumeOfRows(limited, m, limitedRows, kept, reference, m);
  return Math.max(0, box - covered);
}
