/**
 * The desktop app's own actions (DesktopActions in engine/src/api/contract.ts), answered by the
 * main process on the engine's IPC channel after the same sender check (main/index.ts): "Show in
 * folder" for a file the app wrote, and "Copy path" (the page's own clipboard access is denied, as
 * every permission is). A plain module: Electron's `shell` and `clipboard` are passed in, so tests
 * run it without Electron.
 *
 * A path is shown only when it lies inside a folder the window may use (the service's PathPolicy:
 * opened run and scenario folders, folders chosen in a dialog, the app's folder), symbolic links
 * resolved, and exists; anything else is refused with a message naming it. Nothing is read from
 * the file and nothing of it is sent back.
 */
import { stat } from 'node:fs/promises';
import type { PlanReply } from '../../../engine/src/api/contract.js';
import { PathPolicyError, REQUEST_LIMITS, type PathPolicy } from '../../../engine/src/api/index.js';
import { DESKTOP_ACTIONS, type DesktopActionName } from '../shared/channels.js';

export interface DesktopActionDeps {
  /** The service's path policy (PlanService.paths). */
  readonly paths: Promise<PathPolicy>;
  /** Electron's shell.showItemInFolder. */
  readonly showItemInFolder: (file: string) => void;
  /** Electron's clipboard.writeText. */
  readonly writeClipboard: (text: string) => void;
}

export function isDesktopAction(method: unknown): method is DesktopActionName {
  return typeof method === 'string' && (DESKTOP_ACTIONS as readonly string[]).includes(method);
}

/** Answers a desktop action (`args` as the preload sent them) like the engine's requests are answered. */
export function desktopActions(deps: DesktopActionDeps) {
  const refuse = (message: string): PlanReply => ({ ok: false, error: { message, kind: 'input' } });
  return async function answerDesktopAction(method: DesktopActionName, args: unknown): Promise<PlanReply> {
    const [value] = Array.isArray(args) ? args : [];
    try {
      if (method === 'copyText') {
        if (typeof value !== 'string' || value === '') return refuse('copyText needs a non-empty text.');
        if (value.length > REQUEST_LIMITS.pathChars)
          return refuse(`copyText: the text is longer than ${REQUEST_LIMITS.pathChars} characters.`);
        deps.writeClipboard(value);
        return { ok: true, value: { copied: value.length } };
      }
      const file = await (await deps.paths).readable(value, 'file');
      const exists = await stat(file).then(
        () => true,
        () => false,
      );
      if (!exists) return refuse(`file: ${file} does not exist (any more); write it again.`);
      deps.showItemInFolder(file);
      return { ok: true, value: { shown: file } };
    } catch (error) {
      if (error instanceof PathPolicyError) return refuse(error.message);
      return { ok: false, error: { message: `${method} failed: ${(error as Error).message}`, kind: 'failure' } };
    }
  };
}
