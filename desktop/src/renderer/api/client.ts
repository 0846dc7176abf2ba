/**
 * The renderer's only door to the engine: a `PlanApi` built on whichever transport is present.
 * In Electron the preload exposes `window.paretoplan` (IPC); in browser mode requests go over
 * HTTP to the local server and events arrive as server-sent events. Same contract, same behaviour.
 */
import type {
  PlanApi,
  PlanBridge,
  PlanErrorPayload,
  PlanEvent,
  PlanMethod,
} from '../../../../engine/src/api/contract.js';

declare global {
  interface Window {
    paretoplan?: PlanBridge;
  }
}

type Reply = { ok: true; value: unknown } | { ok: false; error: PlanErrorPayload };

export class PlanApiError extends Error {
  constructor(
    message: string,
    readonly kind: PlanErrorPayload['kind'],
  ) {
    super(message);
  }
}

function httpBridge(): PlanBridge {
  const token = document.querySelector<HTMLMetaElement>('meta[name="paretoplan-token"]')?.content ?? '';
  return {
    invoke: (async (method: string, args: unknown[]) => {
      const response = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-paretoplan-token': token },
        body: JSON.stringify({ method, args }),
      });
      if (!response.ok) throw new PlanApiError(`The engine server answered ${response.status}.`, 'failure');
      const reply = (await response.json()) as Reply;
      if (!reply.ok) throw new PlanApiError(reply.error.message, reply.error.kind);
      return reply.value;
    }) as PlanBridge['invoke'],
    onEvent(listener) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message) => listener(JSON.parse(message.data as string) as PlanEvent);
      return () => source.close();
    },
  };
}

export const bridge: PlanBridge = window.paretoplan ?? httpBridge();

/** A typed proxy: `api.info()` becomes `bridge.invoke('info', [])`. */
export const api: PlanApi = new Proxy({} as PlanApi, {
  get:
    (_target, method: string) =>
    (...args: unknown[]) =>
      bridge.invoke(method as PlanMethod, args as never),
});
