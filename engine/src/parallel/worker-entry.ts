/**
 * The worker thread's entry: exposes an {@link EvaluationService} through Comlink on `parentPort`.
 * Started by worker-channel.ts, from `worker-entry.ts` under tsx (sources) or `worker-entry.js` (built).
 */
import { expose, transfer } from 'comlink';
import { parentPort } from 'node:worker_threads';
import type { BatchRequest, BatchResponse } from './channel.js';
import { nodeEndpoint } from './node-endpoint.js';
import type { ProblemSpec } from './problem-spec.js';
import { EvaluationService } from './worker-service.js';

if (!parentPort) throw new Error('worker-entry must be started as a worker thread');

const service = new EvaluationService();

/** The API the main thread calls (see worker-channel.ts); results are transferred, not copied. */
export const workerApi = {
  init: (spec: ProblemSpec) => service.init(spec),
  evaluateBatch(request: BatchRequest): BatchResponse {
    const response = service.evaluateBatch(request);
    const buffers = [response.results];
    if (response.variables) buffers.push(response.variables);
    if (response.encoded) buffers.push(response.encoded.bytes, response.encoded.ends.buffer as ArrayBuffer);
    return transfer(response, buffers);
  },
};

export type WorkerApi = typeof workerApi;

expose(workerApi, nodeEndpoint(parentPort));
