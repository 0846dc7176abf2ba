/**
 * Our own transport contract between the evaluator and wherever problems are evaluated. The
 * Comlink + worker_threads implementation (worker-channel.ts) is one; an in-process one
 * (worker-service.ts) is another; a remote queue can be a third without touching the evaluator.
 *
 * Message format (coarse: one message per chunk of rows, each way):
 * - request: `{ variables: ArrayBuffer, rows, firstRow, preparation? }`; `variables` holds
 *   `rows x numberOfVariables` values of the problem's variable array type, row-major, and is
 *   TRANSFERRED (the caller gives it up). `preparation` (a few bytes per row, copied) asks the
 *   worker to sample and/or repair each row from its seed before evaluating it.
 * - response: `{ results: ArrayBuffer, variables?, computeMs, prepareMs }`; `results` is a
 *   Float64Array of `rows x (numberOfObjectives + numberOfConstraints)` values: all objectives
 *   (rows x M, the problem's natural directions) followed by all violations (rows x K); also
 *   transferred. `variables` is the request's buffer sent back (transferred): after a preparation
 *   it holds the prepared rows; in any case the evaluator may reuse it for a later request.
 * - a finish request (`preparation.finish`) with `encode` also gets each row back encoded
 *   (`encoded`: the encodings back to back, transferred, and where each ends).
 * - a request with `details: true` asks instead for each row's details (see `ProblemShape.details`):
 *   `results` then holds `rows x width` values, row-major, and nothing is evaluated.
 */
import type { ProblemSpec } from './problem-spec.js';

export type VariableArrayType = 'Float64Array' | 'Int32Array' | 'Uint8Array' | 'Uint16Array';

/** What a worker reports after building its problem; the evaluator checks it against the algorithm's problem. */
export interface ProblemShape {
  readonly name: string;
  readonly numberOfVariables: number;
  readonly numberOfObjectives: number;
  readonly numberOfConstraints: number;
  readonly variableType: VariableArrayType;
  /** Name of the repair the worker can apply to rows (null: none). */
  readonly repair: string | null;
  /** Name of the row-wise sampling (`sampleRow`) the worker can apply (null: none). */
  readonly sampling: string | null;
  /** Name of the improvement (local search) the worker can apply (null: none). */
  readonly improvement: string | null;
  /** The per-row details the worker can compute (name, values per row), null: none. */
  readonly details: { readonly name: string; readonly width: number } | null;
  /** Name of the row encoding the worker can apply to finished rows (problem-spec.ts `ProblemSetup.encoding`), null: none. */
  readonly encoding: string | null;
}

/** Per-row work for the worker (see core/preparation.ts); arrays are indexed by the chunk's rows. */
export interface ChunkPreparation {
  /** Seed of each row's generator. */
  readonly seeds: Uint32Array;
  /** When non-null, rows with `sampleIndex[r] >= 0` are sampled first with the worker's sampling. */
  readonly sampleIndex: Int32Array | null;
  /** Then repair every row with the worker's repair. */
  readonly repair: boolean;
  /** Then improve every row with the worker's improvement (see optimizer Improvement). */
  readonly improve?: boolean;
  /** Per chunk row, the improvement's focus (-1: routine step); null or absent: -1 for every row. */
  readonly focus?: Int32Array | null;
  /** Evaluations of each focused row's search. */
  readonly budget?: number;
  /** When given, focused rows get the improvement's `polish` with this patience instead of `improve`. */
  readonly polishPatience?: number;
  /**
   * Instead of all the above: apply the improvement's `finish` to every row and evaluate only the
   * rows it changed; a row left unchanged gets NaN as its first objective (see
   * optimizer Evaluator.finishRows). `seeds` are then unused.
   */
  readonly finish?: boolean;
  /** With `finish`: also return every row, as finished, in the worker's row encoding (`BatchResponse.encoded`). */
  readonly encode?: boolean;
}

export interface BatchRequest {
  readonly variables: ArrayBuffer;
  readonly rows: number;
  /** Index of the first row in the whole batch (for error messages). */
  readonly firstRow: number;
  /** Sample and/or repair the rows before evaluating them, and send them back. */
  readonly preparation?: ChunkPreparation;
  /** Instead of evaluating: each row's details (the problem setup's `details`). */
  readonly details?: true;
}

export interface BatchResponse {
  readonly results: ArrayBuffer;
  /**
   * The request's `variables` buffer, sent back: it holds the prepared rows when the request had
   * a `preparation` (then it is required). A transport may leave it out otherwise.
   */
  readonly variables?: ArrayBuffer;
  /** Time the worker spent preparing and evaluating (ms), to separate computing from messaging. */
  readonly computeMs: number;
  /** The part of `computeMs` spent sampling, repairing and improving rows. */
  readonly prepareMs?: number;
  /**
   * With `preparation.encode`: the rows' encodings back to back (`bytes`, transferred) and where
   * each ends (`ends[r]`, exclusive).
   */
  readonly encoded?: { readonly bytes: ArrayBuffer; readonly ends: Uint32Array };
}

/** One remote evaluator (a worker thread, a remote machine). Calls are queued in order. */
export interface EvaluationChannel {
  /** A name for messages, e.g. "worker 2 of 4". */
  readonly label: string;
  /** False once the channel can no longer be used (its worker died, it was closed). */
  readonly alive: boolean;
  /** Build the problem from its spec (once; static data is opened here). */
  init(spec: ProblemSpec): Promise<ProblemShape>;
  /** Evaluate a chunk; `request.variables` is transferred. Rejects with a WorkerFailureError. */
  evaluateBatch(request: BatchRequest): Promise<BatchResponse>;
  /** Release the worker (terminate the thread). Safe to call more than once. */
  close(): Promise<void>;
}

/** Creates the channel for pool slot `index` (0-based) of `size`. */
export type ChannelFactory = (index: number, size: number) => EvaluationChannel;
