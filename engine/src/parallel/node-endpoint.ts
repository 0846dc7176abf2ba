/**
 * The adapter between `worker_threads` and Comlink's `Endpoint` (the DOM `postMessage` +
 * `addEventListener` shape Comlink speaks).
 *
 * Comlink ships the same adapter as `comlink/dist/esm/node-adapter.mjs`, and Node 20 loads it, but
 * it has no `.d.mts` types for NodeNext resolution; these twenty lines are typed against
 * `worker_threads` instead and avoid the deep import.
 */
import type { Endpoint } from 'comlink';
import type { MessagePort, Worker } from 'node:worker_threads';

type ComlinkListener = Parameters<Endpoint['addEventListener']>[1];
type NodeListener = (data: unknown) => void;

/** Wrap a `Worker` (main side) or `parentPort` (worker side) as a Comlink endpoint. */
export function nodeEndpoint(port: Worker | MessagePort): Endpoint {
  const listeners = new WeakMap<object, NodeListener>();
  return {
    postMessage: (message: unknown, transfer?: readonly unknown[]) =>
      port.postMessage(message, transfer as Parameters<MessagePort['postMessage']>[1]),
    addEventListener: (_type: string, listener: ComlinkListener) => {
      const forward: NodeListener = (data) => {
        const event = { data } as MessageEvent;
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      };
      port.on('message', forward);
      listeners.set(listener, forward);
    },
    removeEventListener: (_type: string, listener: ComlinkListener) => {
      const forward = listeners.get(listener);
      if (!forward) return;
      port.off('message', forward);
      listeners.delete(listener);
    },
    start: 'start' in port ? () => port.start() : undefined,
  } as Endpoint;
}
