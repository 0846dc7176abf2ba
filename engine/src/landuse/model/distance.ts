/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher 2012, "Distance transforms of
 * sampled functions") on a grid with possibly non-square cells, writing into caller-owned
 * buffers so the objective evaluation can run it on every layout without allocating.
 *
 * Distances are between cell centres, in the units of the cell sizes (metres).
 */

/** Reusable work buffers for {@link squaredDistanceTransform} on grids up to `maxSide` cells wide/high. */
export class DistanceScratch {
  readonly f: Float64Array;
  readonly d: Float64Array;
  readonly v: Int32Array;
  readonly z: Float64Array;
  constructor(maxSide: number) {
    this.f = new Float64Array(maxSide);
    this.d = new Float64Array(maxSide);
    this.v = new Int32Array(maxSide);
    this.z = new Float64Array(maxSide + 1);
  }
}

/** 1-D lower envelope of parabolas: d[q] = min_p (f[p] + (q-p)^2 * w2). */
function transform1d(f: Float64Array, n: number, w2: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  // Skip leading infinite samples: they never form part of the envelope.
  let first = 0;
  while (first < n && f[first] === Infinity) first++;
  if (first === n) {
    for (let q = 0; q < n; q++) d[q] = Infinity;
    return;
  }
  v[0] = first;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = first + 1; q < n; q++) {
    const fq = f[q]!;
    if (fq === Infinity) continue;
    let s: number;
    for (;;) {
      const p = v[k]!;
      s = (fq + w2 * q * q - (f[p]! + w2 * p * p)) / (2 * w2 * (q - p));
      if (s <= z[k]! && k > 0) k--;
      else break;
    }
    if (s <= z[k]!) {
      // k === 0 and the new parabola dominates from the start.
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      k = 0;
      continue;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) * w2 + f[p]!;
  }
}

/**
 * Squared distance from every cell centre to the nearest cell where `isSource(i)` is true.
 * @param out receives squared distances (Infinity when there is no source at all).
 * @param cellSizeX cell width in metres; @param cellSizeY cell height in metres.
 */
export function squaredDistanceTransform(
  isSource: (cell: number) => boolean,
  width: number,
  height: number,
  cellSizeX: number,
  cellSizeY: number,
  out: Float64Array,
  scratch: DistanceScratch = new DistanceScratch(Math.max(width, height)),
): Float64Array {
  const { f, d, v, z } = scratch;
  const wy2 = cellSizeY * cellSizeY;
  const wx2 = cellSizeX * cellSizeX;
  // Columns first (distance along y), then rows.
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = isSource(y * width + x) ? 0 : Infinity;
    transform1d(f, height, wy2, d, v, z);
    for (let y = 0; y < height; y++) out[y * width + x] = d[y]!;
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = out[row + x]!;
    transform1d(f, width, wx2, d, v, z);
    for (let x = 0; x < width; x++) out[row + x] = d[x]!;
  }
  return out;
}

/** Distances (not squared) to the nearest cell whose value in `mask` is > 0, as a Float32Array. */
export function distanceToMask(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  cellSizeX: number,
  cellSizeY: number,
): Float32Array {
  const squared = squaredDistanceTransform(
    (i) => mask[i]! > 0,
    width,
    height,
    cellSizeX,
    cellSizeY,
    new Float64Array(width * height),
  );
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(squared[i]!);
  return out;
}

/**
 * The cell offsets (dx, dy) within `distance` metres of a cell centre, centre included: the
 * same criterion as the distance transform (squared distance <= distance^2), so counts over
 * this disk agree exactly with thresholding the transform.
 */
export function diskOffsets(distance: number, cellSizeX: number, cellSizeY: number): Int32Array {
  const rx = Math.floor(distance / cellSizeX);
  const ry = Math.floor(distance / cellSizeY);
  const limit = distance * distance;
  const wx2 = cellSizeX * cellSizeX;
  const wy2 = cellSizeY * cellSizeY;
  const out: number[] = [];
  for (let dy = -ry; dy <= ry; dy++) {
    for (let dx = -rx; dx <= rx; dx++) {
      // Same arithmetic as the transform, so the two agree bit for bit.
      if (dy * dy * wy2 + dx * dx * wx2 <= limit) out.push(dx, dy);
    }
  }
  return Int32Array.from(out);
}
