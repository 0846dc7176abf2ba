/**
 * A set of grid cells as runs along the row-major grid: pairs (first cell, number of cells),
 * ascending and apart. How the app sends the cells of polygons drawn as a steered run's lock: at
 * 2000 x 2000 a few shapes are a few thousand runs (tens of kB), where a mask of one byte per
 * cell would be 4 MB, beyond a request's 1 MiB.
 */

/** The runs of the non-zero cells of `mask`, as [first, count, first, count, ...]. */
export function cellRuns(mask: ArrayLike<number>): Int32Array {
  const runs: number[] = [];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const first = i;
    while (i + 1 < mask.length && mask[i + 1]) i++;
    runs.push(first, i - first + 1);
  }
  return Int32Array.from(runs);
}

/**
 * The mask (1 in the runs' cells, 0 elsewhere) of `cells` cells.
 * @throws RangeError saying what is wrong with the runs (a run outside the grid, empty, out of order).
 */
export function maskOfRuns(runs: ArrayLike<number>, cells: number): Uint8Array {
  if (runs.length % 2 !== 0) throw new RangeError('the runs are not pairs (first cell, number of cells)');
  const mask = new Uint8Array(cells);
  let end = 0; // the first cell after the previous run
  for (let r = 0; r < runs.length; r += 2) {
    const first = runs[r]!;
    const count = runs[r + 1]!;
    if (!Number.isInteger(first) || !Number.isInteger(count) || count < 1)
      throw new RangeError(`run ${r / 2 + 1} is empty or not whole cells (first ${first}, count ${count})`);
    if (first < end)
      throw new RangeError(`run ${r / 2 + 1} (first cell ${first}) overlaps or comes before the run before it`);
    if (first + count > cells)
      throw new RangeError(`run ${r / 2 + 1} (cells ${first} to ${first + count - 1}) ends outside the ${cells} cells`);
    mask.fill(1, first, first + count);
    end = first + count;
  }
  return mask;
}
