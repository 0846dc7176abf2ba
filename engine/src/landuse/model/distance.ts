/**
 * Distances for the land-use objectives. The exact Euclidean distance transform itself is the GIS
 * module's (re-exported here); this adds distances to a mask and the walking disk.
 */
import { DistanceScratch, squaredDistanceTransform } from '../../gis/index.js';

export { DistanceScratch, squaredDistanceTransform };

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
