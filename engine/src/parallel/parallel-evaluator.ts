/**
 * {@link ParallelEvaluator}: the optimiser's Evaluator backed by a pool of workers.
 *
 * A plain batch is split into one contiguous chunk per worker (sizes differ by at most one row). A
 * batch with per-row preparation (sampling, repair: see core/preparation.ts), whose rows cost
 * unequal times, is split into shrinking chunks (guided self-scheduling) that idle workers take in
 * turn. A chunk's rows are copied out of the algorithm's matrix into a buffer (reused from an
 * earlier chunk of the same size: buffer-pool.ts) that is transferred (the algorithm's own arrays
 * are never detached); objectives and violations (and the prepared rows) come back in one message
 * per chunk; a chunk's prepared rows are written into the batch as it comes back (a chunk sent
 * again after a failure still finds its own rows as they were), the values once every chunk has
 * succeeded (a failed batch writes none). A batch that asks for rows finished ahead (optimizer
 * core/finish-ahead.ts) has the rows its picker picks, as their chunks come back (in row order,
 * also as the rows picked before come back finished), finished as tasks of one row each, sent
 * before the remaining chunks to whichever worker is free. A batch
 * whose rows are not all made yet (`batch.make`: NSGA-II's offspring) has each chunk's rows made
 * just before they are copied, and the rest made once the first chunks are out, while the workers
 * evaluate them (the main thread's selection, crossover and mutation overlap the workers' work).
 * Preparing and evaluating a row depend only on the row and its seed, and each
 * row's results land in the same place whatever chunk it was in, so runs are bit-identical with
 * 1, 2 or N workers and with the sequential evaluator.
 */
import type { EncodedRows, Evaluator } from '../optimizer/core/evaluator.js';
import { finishAheadPicker, type FinishAheadPicker, type FinishedAheadRow } from '../optimizer/core/finish-ahead.js';
import { prepareBatch } from '../optimizer/core/preparation.js';
import type { EvaluationBatch, Problem, VariableArray } from '../optimizer/core/problem.js';
import type { BatchRequest, BatchResponse, ChunkPreparation, ProblemShape, VariableArrayType } from './channel.js';
import { ParallelInputError, WorkerFailureError } from './errors.js';
import { BufferPool } from './buffer-pool.js';
import { copyUnsampledRows, planChunks, unpackEncodings, type Chunk } from './chunks.js';
import { WorkerPool, type WorkerPoolOptions } from './pool.js';
import type { ProblemSpec } from './problem-spec.js';
import { variableTypeOf } from './worker-service.js';

export interface ParallelEvaluatorOptions extends WorkerPoolOptions {
  /** How every worker builds the problem; build the main thread's problem from the same spec. */
  readonly spec: ProblemSpec;
  /**
   * How many times a failed chunk is sent again (to a restarted worker if it died) before the
   * evaluation fails. Default 1. A problem that throws deterministically fails after the retry.
   */
  readonly retries?: number;
  /** The most bytes of request buffers kept for later batches; default {@link REUSED_BUFFER_BYTES}. */
  readonly reusedBufferBytes?: number;
  /** The most bytes of rows in one chunk of a prepared batch; default {@link MAX_CHUNK_BYTES}. */
  readonly maxChunkBytes?: number;
}

/**
 * The batch the workers are on (see {@link ParallelEvaluator.batchProgress}): what it is, its
 * rows, and how many of them have come back. A run reports it while a long generation goes on.
 */
export interface BatchProgress {
  /** `evaluate`: rows made (sampled or repaired) and evaluated; `finish`: the improvement's finish; `details`: rows described. */
  readonly task: 'evaluate' | 'finish' | 'details';
  readonly done: number;
  readonly total: number;
  /** Rows of the batch improved by a local search (the memetic step's elite copies), which take longest. */
  readonly searches: number;
}

/** Cumulative timings of an evaluator (see {@link ParallelEvaluator.stats}). */
export interface EvaluationStats {
  readonly batches: number;
  readonly rows: number;
  /** Chunks sent again after a failure. */
  readonly retries: number;
  /** Time spent inside `evaluate` (ms), excluding starting the pool. */
  readonly wallMs: number;
  /** Main-thread time copying rows into request buffers and results back into the batch (ms). */
  readonly copyMs: number;
  /** Sum of the workers' time preparing rows and in `problem.evaluate` (ms). */
  readonly computeMs: number;
  /** The part of `computeMs` the workers spent sampling and repairing rows (ms). */
  readonly prepareMs: number;
  /**
   * Time spent preparing rows on the main thread (ms), when the workers' spec lacks the batch's
   * sampling or repair (see `ProblemShape`); included in `wallMs`.
   */
  readonly mainThreadPrepareMs: number;
  /**
   * Time spent making a batch's rows that were not made when it came (`batch.make`: NSGA-II's
   * offspring, made as their chunks are sent), on the main thread, included in `wallMs` (ms).
   */
  readonly makeMs: number;
  /** Per batch, the busiest worker's compute time, summed (ms): the unavoidable part of `wallMs`. */
  readonly criticalComputeMs: number;
  /** Chunks sent (messages each way). */
  readonly chunks: number;
  /** `wallMs - criticalComputeMs`: messaging, copying, thread scheduling, load imbalance (ms). */
  readonly overheadMs: number;
  /** Time to start the workers and build the problem in each (ms). */
  readonly startupMs: number;
}

const variableConstructors = { Float64Array, Int32Array, Uint8Array, Uint16Array } as const;

/**
 * The most bytes of rows in one chunk of a prepared batch: 17 layouts at 2000 x 2000 cells (the
 * first chunks of 100 offspring on 2 workers would otherwise be 25, 19, 14 and 11). A chunk's
 * prepared rows are written into the batch as soon as it is back, so the request buffers alive at
 * once are about those of the chunks in flight (two per worker), reused or collected from chunk
 * to chunk, not one per chunk of the whole batch until its end (370 MB for 100 offspring there).
 * Measured at 2000 x 2000 (8 generations, 2 workers, seeded from a full run;
 * bench/results/large-grid.md): peak RSS 3,896-4,723 MiB before, 3,580-3,591 MiB with a 64 MB
 * cap (3,646-3,654 MiB with 32 MB, whose smaller chunks also cost more time).
 */
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

/**
 * The most bytes of returned request buffers kept for later batches (buffer-pool.ts): a
 * generation's two batches of the default scenario (a few MB). Not a 2000 x 2000 generation's:
 * its 100 offspring are 370 MB, which would stay resident between batches (measured: peak RSS
 * +352 MiB, over the 4 GiB goal), for about 1 s a generation of mapping fresh pages.
 */
export const REUSED_BUFFER_BYTES = 64 * 1024 * 1024;

/** The statistics accumulated per batch, all zero. */
function batchTotals() {
  return {
    batches: 0,
    rows: 0,
    retries: 0,
    wallMs: 0,
    copyMs: 0,
    computeMs: 0,
    prepareMs: 0,
    mainThreadPrepareMs: 0,
    makeMs: 0,
    criticalComputeMs: 0,
    chunks: 0,
  };
}

/** A batch's rows to finish ahead (see `ParallelEvaluator.finishAheadPlan`). */
interface FinishAheadPlan<V extends VariableArray> {
  readonly picker: FinishAheadPicker;
  /** The workers' task for each such row: the improvement's `finish`, then an evaluation if it changed the row. */
  readonly preparation: ChunkPreparation;
  /** Rows picked and not yet sent, in the order picked. */
  readonly picked: number[];
  /** The rows finished, by batch row, written into the batch's `finishAhead.rows` once every chunk has succeeded. */
  readonly finished: Map<number, FinishedAheadRow<V>>;
}

/** The preparation that has workers apply the improvement's `finish` instead of evaluating (channel.ts `ChunkPreparation.finish`). */
function finishPreparation(rows: number, encode: boolean): ChunkPreparation {
  return {
    seeds: new Uint32Array(rows),
    sampleIndex: null,
    repair: false,
    finish: true,
    ...(encode ? { encode } : {}),
  };
}

export class ParallelEvaluator<V extends VariableArray = VariableArray> implements Evaluator<V> {
  /** Batches may carry per-row preparation: the workers sample and repair the rows they evaluate. */
  readonly preparesRows = true;
  /**
   * With more than one worker, batches may ask for rows finished ahead (optimizer
   * core/finish-ahead.ts): the workers finish them among the batch's chunks, instead of in rounds
   * that each wait for their slowest row. One worker has no one to wait for: a round costs it only
   * its messages, and finishing ahead may add rows finished for nothing.
   */
  get finishesAhead(): boolean {
    return this.pool.size > 1;
  }
  /**
   * Batches may come with rows still to make (`batch.make`): the first chunks are made and sent,
   * then the rest of the batch is made while the workers evaluate them, before any chunk is back.
   */
  readonly evaluatesAsRowsAreMade = true;
  private readonly pool: WorkerPool;
  private readonly spec: ProblemSpec;
  private readonly retries: number;
  private started: Promise<ProblemShape> | null = null;
  /** The last problem found compatible with the workers' (checked once, not per batch). */
  private checkedProblem: Problem<V> | null = null;
  private closed = false;
  private busy = false;
  /** During `finishRows` with an encoding: each batch row's encoding, as its chunk comes back. */
  private encodedRows: Uint8Array[] | null = null;
  private readonly watchedSignals = new WeakSet<AbortSignal>();
  /** Request buffers the workers sent back, reused for later requests of the same size (buffer-pool.ts). */
  private readonly buffers: BufferPool;
  private readonly maxChunkBytes: number;
  private readonly totals = { ...batchTotals(), startupMs: 0 };
  private progress: { -readonly [K in keyof BatchProgress]: BatchProgress[K] } | null = null;

  /**
   * @param options.spec how the workers build the problem.
   * @param options.workers pool size, `'auto'` (default) = `os.availableParallelism()`.
   * @param options.retries re-sends of a failed chunk, default 1.
   * @example
   * const spec = { kind: 'synthetic-grid', options, data: shareStaticArrays(createSyntheticGridLayers(options)) } as const;
   * const problem = await createProblemFromSpec(spec);
   * const evaluator = new ParallelEvaluator({ spec, workers: 2 });
   * try { await new NSGA2(problem, { evaluator, signal }).run(); } finally { await evaluator.close(); }
   */
  constructor(options: ParallelEvaluatorOptions) {
    const retries = options.retries ?? 1;
    if (!Number.isInteger(retries) || retries < 0) {
      throw new ParallelInputError(`retries must be a non-negative integer, got ${retries}`);
    }
    this.retries = retries;
    const reused = options.reusedBufferBytes ?? REUSED_BUFFER_BYTES;
    if (!(reused >= 0)) throw new ParallelInputError(`reusedBufferBytes must be at least 0, got ${reused}`);
    this.buffers = new BufferPool(reused);
    const maxChunkBytes = options.maxChunkBytes ?? MAX_CHUNK_BYTES;
    if (!(maxChunkBytes > 0)) throw new ParallelInputError(`maxChunkBytes must be positive, got ${maxChunkBytes}`);
    this.maxChunkBytes = maxChunkBytes;
    this.spec = options.spec;
    this.pool = new WorkerPool(options);
  }

  /** True once closed (explicitly, or by an abort of a signal it was given). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Number of workers. */
  get workers(): number {
    return this.pool.size;
  }

  /** The batch under way, or null between batches. */
  get batchProgress(): BatchProgress | null {
    return this.progress ? { ...this.progress } : null;
  }

  /** Cumulative timings since construction or {@link resetStats}. */
  get stats(): EvaluationStats {
    const t = this.totals;
    return { ...t, overheadMs: t.wallMs - t.criticalComputeMs };
  }

  /** Zero the per-batch statistics (the start-up time is kept). */
  resetStats(): void {
    Object.assign(this.totals, batchTotals());
  }

  /**
   * Start the workers and build the problem in each (otherwise done by the first `evaluate`).
   * Resolves to the problem's shape as the workers see it.
   */
  start(): Promise<ProblemShape> {
    if (this.closed) return Promise.reject(new ParallelInputError('the parallel evaluator is closed'));
    if (!this.started) {
      const begin = performance.now();
      this.started = this.pool.init(this.spec).then((shape) => {
        this.totals.startupMs = performance.now() - begin;
        return shape;
      });
    }
    return this.started;
  }

  /** @param finish internal: the preparation of `finishRows` instead of the batch's own. */
  async evaluate(
    problem: Problem<V>,
    batch: EvaluationBatch<V>,
    signal?: AbortSignal,
    finish?: ChunkPreparation,
  ): Promise<void> {
    signal?.throwIfAborted();
    if (signal && !this.watchedSignals.has(signal)) {
      // An abort between generations terminates the workers too, not only one during a batch.
      this.watchedSignals.add(signal);
      signal.addEventListener('abort', () => void this.close(), { once: true });
    }
    // One batch at a time: each worker slot serves one chunk, and restarts assume it.
    if (this.busy)
      throw new ParallelInputError('evaluate() was called before the previous batch finished; await it first');
    this.busy = true;
    this.progress = { task: finish ? 'finish' : 'evaluate', done: 0, total: batch.size, searches: 0 };
    const work = this.evaluateAll(problem, batch, finish).finally(() => {
      this.busy = false;
      this.progress = null;
    });
    if (!signal) return work;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([work, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }

  /**
   * The improvement's `finish` on every row of `batch`, in the workers (see optimizer
   * `Evaluator.finishRows`): changed rows come back with their new values and objectives, the
   * others with NaN as their first objective. Returns false, doing nothing, when the workers'
   * improvement is not `improvementName`. When the workers' row encoding is `encoding`, every row
   * also comes back encoded (as finished), for the archive to store as it is.
   */
  async finishRows(
    problem: Problem<V>,
    batch: EvaluationBatch<V>,
    improvementName: string,
    signal?: AbortSignal,
    encoding?: string,
  ): Promise<boolean | EncodedRows> {
    const shape = await this.start();
    if (shape.improvement !== improvementName) return false;
    const encode = encoding !== undefined && shape.encoding === encoding;
    const finish = finishPreparation(batch.size, encode);
    const rows: Uint8Array[] = [];
    this.encodedRows = encode ? rows : null;
    try {
      await this.evaluate(problem, batch, signal, finish);
    } finally {
      this.encodedRows = null;
    }
    return encode ? { encoding, rows } : true;
  }

  /**
   * Each row's details (the workers' `ProblemSetup.details`, `width` values per row), computed in
   * the workers, one contiguous chunk each: a run's front table needs them for every layout it
   * writes, and on the main thread alone they would hold up the next generation. Null, doing
   * nothing, when the workers' details are not `detailsName` or the evaluator is closed.
   */
  async rowDetails(variables: V, rows: number, detailsName: string): Promise<Float64Array | null> {
    if (this.closed) return null;
    const shape = await this.start();
    if (shape.details?.name !== detailsName) return null;
    const { width } = shape.details;
    if (variables.length < rows * shape.numberOfVariables) {
      throw new ParallelInputError(`rowDetails: ${rows} rows asked for but only ${variables.length} variables given`);
    }
    if (this.busy)
      throw new ParallelInputError('rowDetails() was called before the previous batch finished; await it first');
    this.busy = true;
    this.progress = { task: 'details', done: 0, total: rows, searches: 0 };
    try {
      const batch: EvaluationBatch<V> = {
        size: rows,
        variables,
        objectives: new Float64Array(0),
        violations: new Float64Array(0),
      };
      const out = new Float64Array(rows * width);
      const chunks = planChunks(rows, null, this.pool.size, this.maxChunkRows(shape));
      await Promise.all(
        chunks.map(async ({ first, count }, slot) => {
          const response = await this.evaluateChunk(slot, batch, first, count, shape, null, true);
          if (response.results.byteLength !== count * width * 8) {
            throw new WorkerFailureError(
              `the worker that described rows ${first}..${first + count - 1} returned ${response.results.byteLength / 8} values, expected ${count * width}`,
              'crashed',
            );
          }
          out.set(new Float64Array(response.results), first * width);
          if (response.variables) this.buffers.give(response.variables);
          this.progress!.done += count;
        }),
      );
      return out;
    } finally {
      this.busy = false;
      this.progress = null;
    }
  }

  /** Terminate the workers. The evaluator cannot be used afterwards. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool.close();
  }

  private async evaluateAll(problem: Problem<V>, batch: EvaluationBatch<V>, finish?: ChunkPreparation): Promise<void> {
    const shape = await this.start();
    this.checkCompatible(problem, batch, shape);
    const rows = batch.size;
    if (rows === 0) return;
    const begin = performance.now();
    this.buffers.nextBatch();
    const preparation = finish ?? this.remotePreparation(batch, shape);
    const ahead = finish ? null : this.finishAheadPlan(problem, batch, shape);
    const chunks = planChunks(rows, preparation, this.pool.size, this.maxChunkRows(shape));
    if (this.progress && preparation?.focus) this.progress.searches = preparation.focus.filter((f) => f >= 0).length;
    const slots = Math.min(this.pool.size, chunks.length);
    const busyMs = new Float64Array(slots);
    const results: Float64Array[] = new Array(chunks.length);
    let copyMs = 0;
    let next = 0;
    let chunksLeft = chunks.length;
    let failed = false;
    // Loops with nothing to send wait here for a chunk still out (it may bring rows to finish ahead).
    let waiting: (() => void)[] = [];
    const wakeAll = () => {
      const woken = waiting;
      waiting = [];
      for (const wake of woken) wake();
    };
    // Each slot takes the next task as soon as it is free: a row to finish ahead first (the
    // longest tasks), else the next chunk (one chunk per slot for plain batches). With several
    // tasks per slot, two are kept in flight per worker, so a worker starts its next one at once
    // instead of idling while its last results travel back.
    const depth = chunks.length > slots || ahead ? 2 : 1;
    const serve = async (slot: number) => {
      while (!failed) {
        const row = ahead?.picked.shift();
        if (row === undefined && next === chunks.length) {
          if (chunksLeft === 0 || !ahead) return;
          await new Promise<void>((resolve) => waiting.push(resolve));
          continue;
        }
        try {
          if (row !== undefined) {
            const response = await this.evaluateChunk(slot, batch, row, 1, shape, ahead!.preparation);
            if (this.closed) break;
            const finished = this.takeFinishedAhead(response, row, shape, ahead!.preparation.encode === true);
            ahead!.finished.set(row, finished);
            busyMs[slot]! += response.computeMs;
            // A picker in row order may go on from a finished row, while the batch's chunks last
            // (after them, NSGA-II's rounds finish the rest a row per worker at a time).
            if (chunksLeft > 0) {
              ahead!.picked.push(...ahead!.picker.finished(row, finished));
              wakeAll();
            }
            continue;
          }
          const index = next++;
          const { first, count } = chunks[index]!;
          const response = await this.evaluateChunk(slot, batch, first, count, shape, preparation);
          if (this.closed) break;
          // Prepared rows are written at once (each chunk's rows are its own, so a chunk sent again
          // after a failure still finds its rows as they were) and the buffer serves the next chunk.
          const copyBegin = performance.now();
          results[index] = this.takeChunk(batch, chunks[index]!, response, shape, preparation !== null);
          if (ahead) this.pickRowsAhead(ahead, chunks[index]!, results[index]!, shape);
          copyMs += performance.now() - copyBegin;
          if (this.progress) this.progress.done += count;
          busyMs[slot]! += response.computeMs;
          chunksLeft--;
          wakeAll();
        } catch (error) {
          failed = true;
          wakeAll();
          throw error;
        }
      }
      // Closed during the batch: the loops waiting for this one's chunk stop too.
      failed = true;
      wakeAll();
    };
    const loops = Array.from({ length: slots * depth }, (_, loop) => serve(loop % slots));
    // The first chunks are out (each made just before it was sent): the rest of the batch is made
    // now, while the workers evaluate them, and before any chunk can come back and write its rows.
    if (batch.make) {
      try {
        this.makeRows(batch, rows);
      } catch (error) {
        failed = true;
        wakeAll();
        await Promise.allSettled(loops);
        throw error;
      }
    }
    await Promise.all(loops);
    if (this.closed) throw new WorkerFailureError('the parallel evaluator was closed during the batch', 'closed');
    // Every chunk succeeded: only now are the values written (a failed batch writes none).
    const m = shape.numberOfObjectives;
    const k = shape.numberOfConstraints;
    chunks.forEach(({ first, count }, i) => {
      batch.objectives.set(results[i]!.subarray(0, count * m), first * m);
      if (k > 0) batch.violations.set(results[i]!.subarray(count * m), first * k);
    });
    for (const [row, finished] of ahead?.finished ?? []) batch.finishAhead!.rows.set(row, finished);
    const end = performance.now();
    let critical = 0;
    for (let slot = 0; slot < slots; slot++) critical = Math.max(critical, busyMs[slot]!);
    this.totals.copyMs += copyMs;
    this.totals.criticalComputeMs += critical;
    this.totals.wallMs += end - begin;
    this.totals.chunks += chunks.length + (ahead?.finished.size ?? 0);
    this.totals.batches++;
    this.totals.rows += rows;
  }

  /**
   * Check a chunk's response (a worker that returns malformed buffers is treated as crashed),
   * write its prepared rows into the batch and give its request buffer back to the pool; returns
   * its rows' objectives and violations, written once every chunk has succeeded.
   */
  private takeChunk(
    batch: EvaluationBatch<V>,
    { first, count }: Chunk,
    response: BatchResponse,
    shape: ProblemShape,
    prepared: boolean,
  ): Float64Array {
    const n = shape.numberOfVariables;
    const m = shape.numberOfObjectives;
    const k = shape.numberOfConstraints;
    const label = `the worker that evaluated rows ${first}..${first + count - 1}`;
    if (response.results.byteLength !== count * (m + k) * 8) {
      throw new WorkerFailureError(
        `${label} returned ${response.results.byteLength / 8} values for ${count} rows, expected ${count * (m + k)}`,
        'crashed',
      );
    }
    const Values = variableConstructors[shape.variableType];
    if (prepared && response.variables?.byteLength !== count * n * Values.BYTES_PER_ELEMENT) {
      throw new WorkerFailureError(`${label} did not return its ${count} prepared rows`, 'crashed');
    }
    if (prepared) (batch.variables as VariableArray).set(new Values(response.variables!), first * n);
    if (response.variables) this.buffers.give(response.variables);
    if (this.encodedRows) {
      const rows = unpackEncodings(
        response.encoded,
        count,
        `${label} did not return its ${count} finished rows encoded`,
      );
      rows.forEach((row, r) => (this.encodedRows![first + r] = row));
    }
    this.totals.computeMs += response.computeMs;
    this.totals.prepareMs += response.prepareMs ?? 0;
    return new Float64Array(response.results);
  }

  /**
   * How the workers finish rows ahead of this batch (optimizer core/finish-ahead.ts), or null:
   * when it asks for none, or the workers' improvement is another. Rows are picked as their chunks
   * come back, and each goes to the next free worker as a task of its own (a finish preparation,
   * as in `finishRows`), encoded when the workers encode rows the archive's way.
   */
  private finishAheadPlan(
    problem: Problem<V>,
    batch: EvaluationBatch<V>,
    shape: ProblemShape,
  ): FinishAheadPlan<V> | null {
    const asked = batch.finishAhead;
    if (!asked || asked.improvement !== shape.improvement) return null;
    const encode = asked.encoding !== null && asked.encoding === shape.encoding;
    return {
      picker: finishAheadPicker(asked, problem.directions, batch.size),
      preparation: finishPreparation(batch.size, encode),
      picked: [],
      finished: new Map(),
    };
  }

  /** The rows of a chunk just back that are to be finished ahead, in row order, onto `ahead.picked`. */
  private pickRowsAhead(
    ahead: FinishAheadPlan<V>,
    { first, count }: Chunk,
    values: Float64Array,
    shape: ProblemShape,
  ): void {
    const m = shape.numberOfObjectives;
    const k = shape.numberOfConstraints;
    for (let r = 0; r < count; r++) {
      const objectives = values.subarray(r * m, (r + 1) * m);
      const violations = values.subarray(count * m + r * k, count * m + (r + 1) * k);
      ahead.picked.push(...ahead.picker.evaluated(first + r, objectives, violations));
    }
  }

  /**
   * A row finished ahead, as the worker sent it back (a finish preparation's answer: NaN as the
   * first objective when `finish` left it as it was), checked: a malformed answer is a crashed worker.
   */
  private takeFinishedAhead(
    response: BatchResponse,
    row: number,
    shape: ProblemShape,
    encode: boolean,
  ): FinishedAheadRow<V> {
    const n = shape.numberOfVariables;
    const m = shape.numberOfObjectives;
    const k = shape.numberOfConstraints;
    const Values = variableConstructors[shape.variableType];
    const label = `the worker that finished row ${row} ahead`;
    if (
      response.results.byteLength !== (m + k) * 8 ||
      response.variables?.byteLength !== n * Values.BYTES_PER_ELEMENT
    ) {
      throw new WorkerFailureError(`${label} returned a malformed answer`, 'crashed');
    }
    const encoded = encode ? unpackEncodings(response.encoded, 1, `${label} did not return it encoded`)[0] : undefined;
    this.totals.computeMs += response.computeMs;
    this.totals.prepareMs += response.prepareMs ?? 0;
    const results = new Float64Array(response.results);
    let changed: FinishedAheadRow<V>['changed'] = null;
    if (Number.isNaN(results[0])) this.buffers.give(response.variables);
    else {
      // The finished row keeps the buffer it came in.
      changed = {
        variables: new Values(response.variables) as V,
        objectives: results.subarray(0, m),
        violations: results.subarray(m),
      };
    }
    return encoded ? { changed, encoded } : { changed };
  }

  /**
   * What the workers must do to the batch's rows before evaluating them. When the workers were
   * built without the batch's sampling or repair (compared by name), the rows are prepared here,
   * on the main thread, and the workers only evaluate: slower, but the same results.
   */
  private remotePreparation(batch: EvaluationBatch<V>, shape: ProblemShape): ChunkPreparation | null {
    const preparation = batch.preparation;
    if (!preparation) return null;
    const sampleIndex = preparation.sampling ? preparation.sampleIndex : null;
    const sampled = sampleIndex !== null && sampleIndex.some((index) => index >= 0);
    const improvement = preparation.improvement ?? null;
    const workersCan =
      (!sampled || preparation.sampling!.name === shape.sampling) &&
      (!preparation.repair || preparation.repair.name === shape.repair) &&
      (!improvement || improvement.name === shape.improvement);
    if (!workersCan) {
      const begin = performance.now();
      batch.make?.(batch.size);
      prepareBatch(batch, shape.numberOfVariables);
      this.totals.mainThreadPrepareMs += performance.now() - begin;
      return null;
    }
    if (preparation.seeds.length < batch.size) {
      throw new ParallelInputError(
        `the batch has ${batch.size} rows but its preparation only ${preparation.seeds.length} seeds`,
      );
    }
    return {
      seeds: preparation.seeds,
      sampleIndex: sampled ? sampleIndex : null,
      repair: preparation.repair !== null,
      improve: improvement !== null,
      focus: improvement ? (preparation.focus ?? null) : null,
      budget: preparation.budget ?? 0,
      ...(improvement && preparation.polishPatience !== undefined
        ? { polishPatience: preparation.polishPatience }
        : {}),
    };
  }

  /** The most rows of this problem's variables in one chunk of a prepared batch (`maxChunkBytes`). */
  private maxChunkRows(shape: ProblemShape): number {
    const rowBytes = shape.numberOfVariables * variableConstructors[shape.variableType].BYTES_PER_ELEMENT;
    return Math.max(1, Math.floor(this.maxChunkBytes / rowBytes));
  }

  /**
   * Send one chunk to its slot (for its details instead when `details`), re-sending it (to a
   * restarted worker if needed) up to `retries` times.
   */
  private async evaluateChunk(
    slot: number,
    batch: EvaluationBatch<V>,
    first: number,
    count: number,
    shape: ProblemShape,
    preparation: ChunkPreparation | null,
    details = false,
  ): Promise<BatchResponse> {
    for (let attempt = 0; ; attempt++) {
      let channel = this.pool.channel(slot);
      if (!channel.alive) channel = await this.pool.restart(slot);
      try {
        const request = this.copyRows(batch, first, count, shape, preparation);
        return await channel.evaluateBatch(details ? { ...request, details: true } : request);
      } catch (error) {
        const retryable = error instanceof WorkerFailureError && error.failure !== 'closed' && !this.closed;
        if (!retryable) throw error;
        if (attempt >= this.retries) {
          if (attempt === 0) throw error;
          throw new WorkerFailureError(
            `${error.message} (failed again after ${attempt === 1 ? '1 retry' : `${attempt} retries`})`,
            error.failure,
            { cause: error },
          );
        }
        this.totals.retries++;
      }
    }
  }

  /** Make the batch's rows before `end` if it came with rows still to make (`batch.make`), timed as `makeMs`. */
  private makeRows(batch: EvaluationBatch<V>, end: number): void {
    if (!batch.make) return;
    const begin = performance.now();
    batch.make(end);
    this.totals.makeMs += performance.now() - begin;
  }

  /** Copy rows [first, first + count) (and their seeds) into a fresh buffer the channel may transfer. */
  private copyRows(
    batch: EvaluationBatch<V>,
    first: number,
    count: number,
    shape: ProblemShape,
    preparation: ChunkPreparation | null,
  ): BatchRequest {
    this.makeRows(batch, first + count);
    const begin = performance.now();
    const n = shape.numberOfVariables;
    const Values = variableConstructors[shape.variableType];
    const copy = new Values(this.buffers.take(count * n * Values.BYTES_PER_ELEMENT));
    copyUnsampledRows(copy, batch.variables, first, count, n, preparation?.sampleIndex ?? null);
    let chunkPreparation: ChunkPreparation | undefined;
    if (preparation) {
      const end = first + count;
      const sampleIndex = preparation.sampleIndex?.slice(first, end) ?? null;
      const sampled = sampleIndex !== null && sampleIndex.some((index) => index >= 0);
      // The per-row arrays sliced to the chunk; the settings for every row as they are.
      chunkPreparation = {
        ...preparation,
        seeds: preparation.seeds.slice(first, end),
        sampleIndex: sampled ? sampleIndex : null,
        focus: preparation.focus?.slice(first, end) ?? null,
      };
    }
    this.totals.copyMs += performance.now() - begin;
    return chunkPreparation
      ? { variables: copy.buffer, rows: count, firstRow: first, preparation: chunkPreparation }
      : { variables: copy.buffer, rows: count, firstRow: first };
  }

  private checkCompatible(problem: Problem<V>, batch: EvaluationBatch<V>, shape: ProblemShape): void {
    const batchType = batch.variables.constructor.name as VariableArrayType;
    if (
      problem === this.checkedProblem &&
      batchType === shape.variableType &&
      batch.variables.length >= batch.size * shape.numberOfVariables
    )
      return;
    const mismatch =
      problem.name !== shape.name ||
      problem.numberOfVariables !== shape.numberOfVariables ||
      problem.numberOfObjectives !== shape.numberOfObjectives ||
      problem.numberOfConstraints !== shape.numberOfConstraints ||
      batchType !== shape.variableType ||
      variableTypeOf(problem) !== shape.variableType;
    if (mismatch) {
      throw new ParallelInputError(
        `the workers built problem "${shape.name}" (${shape.numberOfVariables} ${shape.variableType} variables, ${shape.numberOfObjectives} objectives, ${shape.numberOfConstraints} constraints) but the algorithm evaluates "${problem.name}" (${problem.numberOfVariables} ${batchType} variables, ${problem.numberOfObjectives} objectives, ${problem.numberOfConstraints} constraints); build both from the same spec with createProblemFromSpec`,
      );
    }
    if (batch.variables.length < batch.size * shape.numberOfVariables) {
      throw new ParallelInputError(`the batch has ${batch.size} rows but only ${batch.variables.length} variables`);
    }
    this.checkedProblem = problem;
  }
}
