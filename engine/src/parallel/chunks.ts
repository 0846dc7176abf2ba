/**
 * How {@link ParallelEvaluator} (parallel-evaluator.ts) cuts a batch into chunks, one message each
 * way per chunk, and lays the rows of a chunk out in its messages: which rows go together
 * ({@link planChunks}), a request's rows ({@link copyUnsampledRows}) and the rows' encodings a
 * worker sends back ({@link unpackEncodings}). Pure functions of their arguments.
 */
import type { VariableArray } from '../optimizer/core/problem.js';
import type { ChunkPreparation } from './channel.js';
import { WorkerFailureError } from './errors.js';

/** A contiguous run of batch rows sent as one message. */
export interface Chunk {
  readonly first: number;
  readonly count: number;
}

/**
 * Plain batches: one contiguous chunk per worker, sizes differing by at most one row (rows cost
 * about the same). Prepared batches: guided self-scheduling, each chunk 1 / (2 x workers) of the
 * remaining rows (at least one row), so the costly rows (a repair far from the
 * demands, a seeded layout) are spread out and no worker waits long for the last chunk; rows
 * with a local search go first, one per chunk; the initial population (sampling) and the rows
 * to finish go row by row; a chunk holds at most `maxRows` rows (the evaluator's `maxChunkBytes`).
 * A single worker gets the whole batch at once.
 */
export function planChunks(
  rows: number,
  preparation: ChunkPreparation | null,
  workers: number,
  maxRows: number,
): Chunk[] {
  const chunks: Chunk[] = [];
  if (!preparation || workers === 1) {
    const chunkCount = Math.min(workers, rows);
    const base = Math.floor(rows / chunkCount);
    const extra = rows % chunkCount;
    for (let i = 0, first = 0; i < chunkCount; i++) {
      const count = base + (i < extra ? 1 : 0);
      chunks.push({ first, count });
      first += count;
    }
    return chunks;
  }
  const rowByRow = preparation.sampleIndex !== null || preparation.finish === true;
  // Rows with a local search (a focus) cost many evaluations each: they go first, one per
  // chunk, so that the other rows fill in around them (longest first) instead of one worker
  // running the searches at the end of the batch while the others wait.
  const focus = preparation.focus;
  const searched = (row: number) => focus !== null && focus !== undefined && focus[row]! >= 0;
  for (let row = 0; row < rows; row++) if (searched(row)) chunks.push({ first: row, count: 1 });
  let remaining = rows - chunks.length;
  for (let first = 0; first < rows;) {
    if (searched(first)) {
      first++;
      continue;
    }
    let count = rowByRow ? 1 : Math.min(maxRows, Math.max(1, Math.ceil(remaining / (2 * workers))));
    for (let r = 1; r < count; r++) {
      if (first + r >= rows || searched(first + r)) {
        count = r;
        break;
      }
    }
    chunks.push({ first, count });
    first += count;
    remaining -= count;
  }
  return chunks;
}

/**
 * Rows [first, first + count) of `variables` into `copy`, except the rows the worker will sample
 * (`sampleIndex[row] >= 0`; a sampling fills its rows completely, see optimizer Sampling.sampleRow):
 * those are zeros. In the first generation every row is sampled, and its batch rows are memory
 * never written: reading them only to send zeros cost the main thread a page fault every 4 KiB
 * (370 MB of rows at 2,000 x 2,000 cells), on top of the faults when the sampled rows come back.
 */
export function copyUnsampledRows(
  copy: VariableArray,
  variables: VariableArray,
  first: number,
  count: number,
  n: number,
  sampleIndex: Int32Array | null,
): void {
  if (sampleIndex === null) {
    copy.set(variables.subarray(first * n, (first + count) * n));
    return;
  }
  for (let r = 0; r < count; r++) {
    const row = first + r;
    if (sampleIndex[row]! >= 0) copy.fill(0, r * n, (r + 1) * n);
    else copy.set(variables.subarray(row * n, (row + 1) * n), r * n);
  }
}

/**
 * Rows' encodings sent back to back (worker-service.ts `packEncodings`), each its own bytes as an
 * archive keeps it (a single row keeps the buffer). A malformed answer is a crashed worker.
 */
export function unpackEncodings(
  encoded: { readonly bytes: ArrayBuffer; readonly ends: Uint32Array } | undefined,
  count: number,
  missing: string,
): Uint8Array[] {
  if (
    !encoded ||
    encoded.ends.length !== count ||
    (count > 0 && encoded.ends[count - 1] !== encoded.bytes.byteLength)
  ) {
    throw new WorkerFailureError(missing, 'crashed');
  }
  const { ends } = encoded;
  const bytes = new Uint8Array(encoded.bytes);
  const rows: Uint8Array[] = [];
  for (let r = 0, start = 0; r < count; start = ends[r++]!) {
    if (ends[r]! < start) throw new WorkerFailureError(`${missing} (damaged row encodings)`, 'crashed');
    rows.push(count === 1 ? bytes : bytes.slice(start, ends[r]));
  }
  return rows;
}
