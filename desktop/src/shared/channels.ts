/** IPC channel names shared by the Electron main process and the preload. Nothing else crosses the bridge. */
export const INVOKE_CHANNEL = 'paretoplan:invoke';
export const EVENT_CHANNEL = 'paretoplan:event';
