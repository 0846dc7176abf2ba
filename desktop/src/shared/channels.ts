/** IPC channel names shared by the Electron main process and the preload. Nothing else crosses the bridge. */
export const INVOKE_CHANNEL = 'paretoplan:invoke';
export const EVENT_CHANNEL = 'paretoplan:event';

/**
 * The desktop app's own actions (DesktopActions in the engine's contract): the main process
 * answers them on INVOKE_CHANNEL, after the same sender check, instead of the engine.
 */
export const DESKTOP_ACTIONS = ['showInFolder', 'copyText'] as const;
export type DesktopActionName = (typeof DESKTOP_ACTIONS)[number];
