/**
 * The preload: exposes one namespaced, typed object, `window.paretoplan`, and nothing else.
 * Never the raw ipcRenderer. Bundled to CommonJS because sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PlanBridge, PlanEvent, PlanReply } from '../../../engine/src/api/contract.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/channels.js';

const bridge: PlanBridge = {
  invoke: (async (method: string, args: unknown[]) => {
    const reply = (await ipcRenderer.invoke(INVOKE_CHANNEL, method, args)) as PlanReply;
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { kind: reply.error.kind });
    return reply.value;
  }) as PlanBridge['invoke'],
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, payload: PlanEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('paretoplan', bridge);
