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
  PlanReply,
} from '../../../../engine/src/api/contract.js';

declare global {
  interface Window {
    paretoplan?: PlanBridge;
  }
}

import { decodeAnswerFrame } from '../../../../engine/src/rules/index.js';
import { serverSentEvents } from './event-stream.js';

export class PlanApiError extends Error {
  constructor(
    message: string,
    readonly kind: PlanErrorPayload['kind'],
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'paretoplan-session';
const SIGN_IN_HELP = 'Not signed in: open the link printed by `npm run web` (each link works once).';

/**
 * Browser mode signs in with the one-time link printed by `npm run web`: its fragment
 * (`#launch=…`, never sent to a server) is traded once for a session token, which this tab keeps
 * in sessionStorage (per tab and per origin, port included) and sends in a header. A reload keeps
 * the session; another tab needs another link.
 */
async function sessionToken(): Promise<string> {
  const launch = new URLSearchParams(location.hash.slice(1)).get('launch');
  if (launch) {
    history.replaceState(null, '', location.pathname + location.search); // the code is spent either way
    const response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ launch }),
    });
    const reply = (await response.json().catch(() => ({}))) as { token?: string; message?: string };
    if (response.ok && reply.token) {
      sessionStorage.setItem(TOKEN_KEY, reply.token);
      return reply.token;
    }
    // A spent link opened again in a tab that is signed in already: keep its session.
    const kept = sessionStorage.getItem(TOKEN_KEY);
    if (kept) return kept;
    throw new PlanApiError(reply.message ?? SIGN_IN_HELP, 'input');
  }
  const kept = sessionStorage.getItem(TOKEN_KEY);
  if (!kept) throw new PlanApiError(SIGN_IN_HELP, 'input');
  return kept;
}

function httpBridge(): PlanBridge {
  const token = sessionToken();
  token.catch(() => undefined); // reported by the first request
  const headers = async () => ({ 'content-type': 'application/json', 'x-paretoplan-token': await token });
  return {
    invoke: (async (method: string, args: unknown[]) => {
      const response = await fetch('/api/invoke', {
        method: 'POST',
        headers: await headers(),
        body: JSON.stringify({ method, args }),
      });
      if (!response.ok) {
        const refusal = (await response.json().catch(() => null)) as { message?: string } | null;
        throw new PlanApiError(refusal?.message ?? `The engine server answered ${response.status}.`, 'failure');
      }
      // The answer is one binary frame: its grids arrive as bytes, not as base64 text.
      const reply = decodeAnswerFrame(await response.arrayBuffer()) as PlanReply;
      if (!reply.ok) throw new PlanApiError(reply.error.message, reply.error.kind);
      return reply.value;
    }) as PlanBridge['invoke'],
    onEvent(listener) {
      // EventSource cannot send headers, so the stream is read with fetch; it reconnects after a drop.
      const controller = new AbortController();
      void (async () => {
        while (!controller.signal.aborted) {
          try {
            const response = await fetch('/api/events', { headers: await headers(), signal: controller.signal });
            if (!response.ok || !response.body) return;
            for await (const event of serverSentEvents(response.body)) listener(JSON.parse(event) as PlanEvent);
          } catch {
            if (controller.signal.aborted) return;
          }
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      })();
      return () => controller.abort();
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
