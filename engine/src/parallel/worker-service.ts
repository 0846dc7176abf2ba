/**
 * The evaluation service that runs where the problem lives (inside a worker thread, or in process
 * for the in-process channel). It holds one problem built from a spec and evaluates chunks.
 */
import { prepareRows } from '../optimizer/core/preparation.js';
import type { Problem, VariableArray } from '../optimizer/core/problem.js';
import type { BatchRequest, BatchResponse, EvaluationChannel, ProblemShape, VariableArrayType } from './channel.js';
import { ParallelInputError, WorkerFailureError } from './errors.js';
import { createProblemSetupFromSpec, type ProblemSetup, type ProblemSpec } from './problem-spec.js';

const variableConstructors = {
  Float64Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
} as const;

export function variableTypeOf(problem: Problem): VariableArrayType {
  const name = problem.createVariables(0).constructor.name;
  if (!(name in variableConstructors)) {
    throw new ParallelInputError(`problem ${problem.name}: unsupported variable array type ${name}`);
  }
  return name as VariableArrayType;
}

/** The shape of a problem (with the names of the per-row operators that come with it). */
export function shapeOf(problem: Problem, setup: Omit<ProblemSetup, 'problem'> = {}): ProblemShape {
  return {
    name: problem.name,
    numberOfVariables: problem.numberOfVariables,
    numberOfObjectives: problem.numberOfObjectives,
    numberOfConstraints: problem.numberOfConstraints,
    variableType: variableTypeOf(problem),
    repair: setup.repair?.name ?? null,
    sampling: typeof setup.sampling?.sampleRow === 'function' ? setup.sampling.name : null,
    improvement: setup.improvement?.name ?? null,
    details: setup.details ? { name: setup.details.name, width: setup.details.width } : null,
    encoding: setup.encoding?.name ?? null,
  };
}

/** Rows' encodings back to back in one buffer (transferred with the response) and where each ends. */
function packEncodings(rows: readonly Uint8Array[]): { bytes: ArrayBuffer; ends: Uint32Array } {
  const ends = new Uint32Array(rows.length);
  let total = 0;
  rows.forEach((row, r) => (ends[r] = total += row.length));
  const bytes = new Uint8Array(total);
  rows.forEach((row, r) => bytes.set(row, r === 0 ? 0 : ends[r - 1]!));
  return { bytes: bytes.buffer, ends };
}

export class EvaluationService {
  private setup: ProblemSetup | null = null;
  private shape: ProblemShape | null = null;

  async init(spec: ProblemSpec): Promise<ProblemShape> {
    this.setup = await createProblemSetupFromSpec(spec);
    this.shape = shapeOf(this.setup.problem, this.setup);
    return this.shape;
  }

  /**
   * Prepare (when asked) and evaluate `request.rows` rows; results laid out as described in
   * channel.ts. The prepared rows are written into `request.variables` and returned with it.
   */
  evaluateBatch(request: BatchRequest): BatchResponse {
    const setup = this.setup;
    const shape = this.shape;
    if (!setup || !shape) throw new Error('evaluateBatch called before init');
    const problem = setup.problem;
    const { rows } = request;
    const m = shape.numberOfObjectives;
    const k = shape.numberOfConstraints;
    const n = shape.numberOfVariables;
    const variables = new variableConstructors[shape.variableType](request.variables) as VariableArray;
    if (variables.length !== rows * n) {
      throw new Error(`expected ${rows} x ${n} variables, got ${variables.length}`);
    }
    const start = performance.now();
    if (request.details) return this.detailsBatch(request, variables, start);
    const results = new Float64Array(rows * (m + k));
    const preparation = request.preparation;
    if (preparation?.finish) return this.finishBatch(request, variables, results, start);
    if (preparation) this.prepare(request, variables);
    const prepared = performance.now();
    try {
      problem.evaluate({
        size: rows,
        variables,
        objectives: results.subarray(0, rows * m),
        violations: results.subarray(rows * m),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `problem ${shape.name} threw while evaluating rows ${request.firstRow}..${request.firstRow + rows - 1}: ${message}`,
        { cause: error },
      );
    }
    const end = performance.now();
    // The request's buffer goes back too (transferred, no copy): the prepared rows after a
    // preparation, and in any case a buffer the evaluator reuses for its next request.
    if (!preparation) return { results: results.buffer, variables: request.variables, computeMs: end - start };
    return {
      results: results.buffer,
      variables: request.variables,
      computeMs: end - start,
      prepareMs: prepared - start,
    };
  }

  /**
   * The improvement's `finish` on every row, then an evaluation of each row it changed; rows it
   * left as they were get NaN as their first objective (channel.ts `ChunkPreparation.finish`).
   */
  private finishBatch(
    request: BatchRequest,
    variables: VariableArray,
    results: Float64Array<ArrayBuffer>,
    start: number,
  ): BatchResponse {
    const { problem, improvement, encoding } = this.setup!;
    const shape = this.shape!;
    const finish = improvement?.finish?.bind(improvement);
    if (!finish) throw new Error(`problem ${shape.name} was built without an improvement that finishes rows`);
    if (request.preparation!.encode && !encoding)
      throw new Error(`problem ${shape.name} was built without a row encoding`);
    const { rows } = request;
    const n = shape.numberOfVariables;
    const m = shape.numberOfObjectives;
    const k = shape.numberOfConstraints;
    const encoded: Uint8Array[] | null = request.preparation!.encode ? [] : null;
    let row = request.firstRow;
    try {
      for (let r = 0; r < rows; r++, row++) {
        const values = variables.subarray(r * n, (r + 1) * n);
        const changed = finish(values);
        encoded?.push(encoding!.encode(values));
        if (!changed) {
          results[r * m] = Number.NaN;
          continue;
        }
        problem.evaluate({
          size: 1,
          variables: values,
          objectives: results.subarray(r * m, (r + 1) * m),
          violations: results.subarray(rows * m + r * k, rows * m + (r + 1) * k),
        });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`problem ${shape.name}: finishing or evaluating row ${row} threw: ${message}`, { cause: error });
    }
    const computeMs = performance.now() - start;
    const response = { results: results.buffer, variables: request.variables, computeMs, prepareMs: computeMs };
    return encoded ? { ...response, encoded: packEncodings(encoded) } : response;
  }

  /** Each row's details (`ProblemSetup.details`), `width` values per row; nothing is evaluated. */
  private detailsBatch(request: BatchRequest, variables: VariableArray, start: number): BatchResponse {
    const details = this.setup!.details;
    const shape = this.shape!;
    if (!details) throw new Error(`problem ${shape.name} was built without row details`);
    const { rows } = request;
    const n = shape.numberOfVariables;
    const { width } = details;
    const results = new Float64Array(rows * width);
    let row = request.firstRow;
    try {
      for (let r = 0; r < rows; r++, row++) {
        details.compute(variables.subarray(r * n, (r + 1) * n), results.subarray(r * width, (r + 1) * width));
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`problem ${shape.name}: computing the details of row ${row} threw: ${message}`, { cause: error });
    }
    return { results: results.buffer, variables: request.variables, computeMs: performance.now() - start };
  }

  private prepare(request: BatchRequest, variables: VariableArray): void {
    const { sampling, repair, improvement } = this.setup!;
    const { seeds, sampleIndex, repair: repairRows, improve, focus, budget, polishPatience } = request.preparation!;
    const rows = request.rows;
    const last = request.firstRow + rows - 1;
    const sampled = sampleIndex !== null && sampleIndex.some((index) => index >= 0);
    if (seeds.length !== rows || (sampleIndex !== null && sampleIndex.length !== rows)) {
      throw new Error(`expected ${rows} seeds and sample indices, got ${seeds.length} and ${sampleIndex?.length}`);
    }
    if (
      (sampled && typeof sampling?.sampleRow !== 'function') ||
      (repairRows && !repair) ||
      (improve && !improvement)
    ) {
      const missing =
        sampled && typeof sampling?.sampleRow !== 'function'
          ? 'sampling'
          : repairRows && !repair
            ? 'repair'
            : 'improvement';
      throw new Error(`problem ${this.shape!.name} was built without the ${missing} to apply`);
    }
    if (focus && focus.length !== rows) throw new Error(`expected ${rows} improvement focuses, got ${focus.length}`);
    try {
      prepareRows(
        {
          seeds,
          sampling: sampled ? sampling! : null,
          sampleIndex,
          repair: repairRows ? repair! : null,
          improvement: improve ? improvement! : null,
          focus: focus ?? null,
          budget: budget ?? 0,
          ...(polishPatience !== undefined ? { polishPatience } : {}),
        },
        variables,
        this.shape!.numberOfVariables,
        rows,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `problem ${this.shape!.name}: the ${sampled ? 'sampling, repair or improvement' : 'repair or improvement'} threw on rows ${request.firstRow}..${last}: ${message}`,
        { cause: error },
      );
    }
  }
}

/**
 * A channel that evaluates on the calling thread (no worker): the reference implementation of the
 * contract, handy for debugging a problem spec and as the template for other transports.
 */
export class InProcessChannel implements EvaluationChannel {
  private readonly service = new EvaluationService();
  alive = true;
  constructor(readonly label = 'in-process') {}

  init(spec: ProblemSpec): Promise<ProblemShape> {
    return this.service.init(spec);
  }

  async evaluateBatch(request: BatchRequest): Promise<BatchResponse> {
    if (!this.alive) throw new WorkerFailureError(`${this.label} is closed`, 'closed');
    try {
      return this.service.evaluateBatch(request);
    } catch (error) {
      throw new WorkerFailureError(`${this.label}: ${(error as Error).message}`, 'threw', { cause: error });
    }
  }

  async close(): Promise<void> {
    this.alive = false;
  }
}
