/**
 * The evaluation service that runs where the problem lives (inside a worker thread, or in process
 * for the in-process channel). It holds one problem built from a spec and evaluates chunks.
 */
import type { Problem, VariableArray } from '../optimizer/core/problem.js';
import type { BatchRequest, BatchResponse, EvaluationChannel, ProblemShape, VariableArrayType } from './channel.js';
import { ParallelInputError, WorkerFailureError } from './errors.js';
import { createProblemFromSpec, type ProblemSpec } from './problem-spec.js';

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

export function shapeOf(problem: Problem): ProblemShape {
  return {
    name: problem.name,
    numberOfVariables: problem.numberOfVariables,
    numberOfObjectives: problem.numberOfObjectives,
    numberOfConstraints: problem.numberOfConstraints,
    variableType: variableTypeOf(problem),
  };
}

export class EvaluationService {
  private problem: Problem | null = null;
  private shape: ProblemShape | null = null;

  async init(spec: ProblemSpec): Promise<ProblemShape> {
    this.problem = await createProblemFromSpec(spec);
    this.shape = shapeOf(this.problem);
    return this.shape;
  }

  /** Evaluate `request.rows` rows; results laid out as described in channel.ts. */
  evaluateBatch(request: BatchRequest): BatchResponse {
    const problem = this.problem;
    const shape = this.shape;
    if (!problem || !shape) throw new Error('evaluateBatch called before init');
    const { rows } = request;
    const m = shape.numberOfObjectives;
    const k = shape.numberOfConstraints;
    const variables = new variableConstructors[shape.variableType](request.variables) as VariableArray;
    if (variables.length !== rows * shape.numberOfVariables) {
      throw new Error(`expected ${rows} x ${shape.numberOfVariables} variables, got ${variables.length}`);
    }
    const results = new Float64Array(rows * (m + k));
    const start = performance.now();
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
    return { results: results.buffer, computeMs: performance.now() - start };
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
