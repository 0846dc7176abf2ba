/**
 * {@link ParallelEvaluator}: the optimiser's Evaluator backed by a pool of workers.
 *
 * Each batch is split into one contiguous chunk per worker (sizes differ by at most one row). A
 * chunk's rows are copied out of the algorithm's matrix into a fresh buffer that is transferred
 * (the algorithm's own arrays are never detached); objectives and violations come back as one
 * transferred buffer per chunk and are written into the batch once every chunk has succeeded.
 * Evaluation is a pure function of the rows, and each row's results land in the same place
 * whatever the number of workers, so runs are bit-identical with 1, 2 or N workers.
 */
import type { Evaluator } from '../optimizer/core/evaluator.js';
import type { EvaluationBatch, Problem, VariableArray } from '../optimizer/core/problem.js';
import type { BatchRequest, BatchResponse, ProblemShape, VariableArrayType } from './channel.js';
import { ParallelInputError, WorkerFailureError } from './errors.js';
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
  /** Sum of the workers' time in `problem.evaluate` (ms). */
  readonly computeMs: number;
  /** Per batch, the slowest chunk's compute time, summed (ms): the unavoidable part of `wallMs`. */
  readonly criticalComputeMs: number;
  /** `wallMs - criticalComputeMs`: messaging, copying, thread scheduling (ms). */
  readonly overheadMs: number;
  /** Time to start the workers and build the problem in each (ms). */
  readonly startupMs: number;
}

const variableConstructors = { Float64Array, Int32Array, Uint8Array, Uint16Array } as const;

export class ParallelEvaluator<V extends VariableArray = VariableArray> implements Evaluator<V> {
  private readonly pool: WorkerPool;
  private readonly spec: ProblemSpec;
  private readonly retries: number;
  private started: Promise<ProblemShape> | null = null;
  /** The last problem found compatible with the workers' (checked once, not per batch). */
  private checkedProblem: Problem<V> | null = null;
  private closed = false;
  private busy = false;
  private readonly watchedSignals = new WeakSet<AbortSignal>();
  private readonly totals = {
    batches: 0,
    rows: 0,
    retries: 0,
    wallMs: 0,
    copyMs: 0,
    computeMs: 0,
    criticalComputeMs: 0,
    startupMs: 0,
  };

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

  /** Cumulative timings since construction or {@link resetStats}. */
  get stats(): EvaluationStats {
    const t = this.totals;
    return { ...t, overheadMs: t.wallMs - t.criticalComputeMs };
  }

  resetStats(): void {
    Object.assign(this.totals, {
      batches: 0,
      rows: 0,
      retries: 0,
      wallMs: 0,
      copyMs: 0,
      computeMs: 0,
      criticalComputeMs: 0,
    });
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

  async evaluate(problem: Problem<V>, batch: EvaluationBatch<V>, signal?: AbortSignal): Promise<void> {
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
    const work = this.evaluateAll(problem, batch).finally(() => {
      this.busy = false;
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

  /** Terminate the workers. The evaluator cannot be used afterwards. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool.close();
  }

  private async evaluateAll(problem: Problem<V>, batch: EvaluationBatch<V>): Promise<void> {
    const shape = await this.start();
    this.checkCompatible(problem, batch, shape);
    const rows = batch.size;
    if (rows === 0) return;
    const begin = performance.now();
    const chunkCount = Math.min(this.pool.size, rows);
    const base = Math.floor(rows / chunkCount);
    const extra = rows % chunkCount;
    const chunks: { first: number; count: number }[] = [];
    for (let i = 0, first = 0; i < chunkCount; i++) {
      const count = base + (i < extra ? 1 : 0);
      chunks.push({ first, count });
      first += count;
    }
    const responses = await Promise.all(
      chunks.map((chunk, slot) => this.evaluateChunk(slot, batch, chunk.first, chunk.count, shape)),
    );
    if (this.closed) throw new WorkerFailureError('the parallel evaluator was closed during the batch', 'closed');

    // Every chunk succeeded: only now write into the algorithm's arrays.
    const copyBegin = performance.now();
    const m = shape.numberOfObjectives;
    const k = shape.numberOfConstraints;
    let critical = 0;
    for (let i = 0; i < chunks.length; i++) {
      const { first, count } = chunks[i]!;
      const response = responses[i]!;
      const results = new Float64Array(response.results);
      if (results.length !== count * (m + k)) {
        throw new WorkerFailureError(
          `${this.pool.channel(i).label} returned ${results.length} values for ${count} rows, expected ${count * (m + k)}`,
          'crashed',
        );
      }
      batch.objectives.set(results.subarray(0, count * m), first * m);
      if (k > 0) batch.violations.set(results.subarray(count * m), first * k);
      this.totals.computeMs += response.computeMs;
      critical = Math.max(critical, response.computeMs);
    }
    const end = performance.now();
    this.totals.copyMs += end - copyBegin;
    this.totals.criticalComputeMs += critical;
    this.totals.wallMs += end - begin;
    this.totals.batches++;
    this.totals.rows += rows;
  }

  /** Send one chunk to its slot, re-sending it (to a restarted worker if needed) up to `retries` times. */
  private async evaluateChunk(
    slot: number,
    batch: EvaluationBatch<V>,
    first: number,
    count: number,
    shape: ProblemShape,
  ): Promise<BatchResponse> {
    for (let attempt = 0; ; attempt++) {
      let channel = this.pool.channel(slot);
      if (!channel.alive) channel = await this.pool.restart(slot);
      try {
        return await channel.evaluateBatch(this.copyRows(batch, first, count, shape));
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

  /** Copy rows [first, first + count) into a fresh buffer the channel may transfer. */
  private copyRows(batch: EvaluationBatch<V>, first: number, count: number, shape: ProblemShape): BatchRequest {
    const begin = performance.now();
    const n = shape.numberOfVariables;
    const copy = new variableConstructors[shape.variableType](count * n);
    copy.set(batch.variables.subarray(first * n, (first + count) * n));
    this.totals.copyMs += performance.now() - begin;
    return { variables: copy.buffer, rows: count, firstRow: first };
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
