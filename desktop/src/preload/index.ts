/**
 * The preload: exposes one namespaced, typed object, `window.paretoplan`, and nothing else.
 * Never the raw ipcRenderer. Bundled to CommonJS because sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PlanBridge, PlanEvent, PlanReply } from '../../../engine/src/api/contract.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/channels.js';

async function invoke(method: string, args: unknown[]): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(INVOKE_CHANNEL, method, args)) as PlanReply;
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { kind: reply.error.kind });
  return reply.value;
}

const bridge: PlanBridge = {
  invoke: invoke as PlanBridge['invoke'],
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, payload: PlanEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
  // The main process answers these itself (main/desktop-actions.ts); browser mode has none.
  desktop: {
    showInFolder: (file) => invoke('showInFolder', [file]) as Promise<{ shown: string }>,
    copyText: (text) => invoke('copyText', [text]) as Promise<{ copied: number }>,
  },
};

contextBridge.exposeInMainWorld('paretoplan', bridge);
