/**
 * The engine side of the API contract: one plain module, used by both transports (Electron IPC
 * in main/index.ts, HTTP in web/server.ts) and imported by unit tests without Electron.
 */
import os from 'node:os';
import {
  bundledScenariosDir,
  engineVersion,
  isInputError,
  listScenarioFiles,
  type PlanApi,
  type PlanErrorPayload,
  type PlanEvent,
  type PlanMethod,
} from '../../../engine/src/api/index.js';

export type EventSink = (event: PlanEvent) => void;

export function createHandlers(_emit: EventSink = () => {}): PlanApi {
  return {
    async info() {
      return {
        name: 'Pareto Plan',
        engineVersion,
        node: process.version,
        platform: `${os.platform()}-${os.arch()}`,
        scenariosDir: bundledScenariosDir,
      };
    },
    async listScenarios() {
      return listScenarioFiles();
    },
  };
}

export class UnknownMethodError extends Error {
  readonly kind = 'input' as const;
}

/** Dispatches one request by method name, as both transports receive it (untrusted input). */
export async function dispatch(api: PlanApi, method: unknown, args: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(api, method)) {
    throw new UnknownMethodError(`Unknown API method ${JSON.stringify(method)}.`);
  }
  if (!Array.isArray(args)) throw new UnknownMethodError(`Arguments of ${method} must be an array.`);
  const handler = api[method as PlanMethod] as (...a: unknown[]) => Promise<unknown>;
  return handler(...args);
}

/** The error both transports send to the renderer: the message, and whether the user can fix it. */
export function toErrorPayload(error: unknown): PlanErrorPayload {
  const message = error instanceof Error ? error.message : String(error);
  return { message, kind: isInputError(error) ? 'input' : 'failure' };
}
