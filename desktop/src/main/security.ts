/**
 * The Electron main process's security policy, as plain functions that tests check without
 * Electron (main/index.ts wires them to Electron's objects). Each rule answers an item of
 * Electron's security checklist; docs/security.md lists them with their tests.
 *
 * - The app is served from its own scheme, `paretoplan://app/`, never `file://`, with the CSP as a
 *   response header ({@link appResponse}).
 * - Every web contents (windows, the hidden PDF printer, anything created later) gets the same
 *   guard: no navigation away from the app, no new windows (web links open in the system
 *   browser), no `<webview>` ({@link guardContents}).
 * - Every IPC request must come from the top frame of a page of the app ({@link isTrustedSender}).
 * - Permission requests and checks (camera, location, notifications, …) are denied.
 */
import { readFile } from 'node:fs/promises';
import { findAsset, securityHeaders } from '../shared/app-content.js';

/** The app's own scheme and origin. */
export const APP_SCHEME = 'paretoplan';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * How the scheme is registered (before the app is ready): a standard, secure origin, so the page
 * is a secure context with an origin of its own and loads its ES modules like any https page.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** Web preferences of the app window: the renderer is isolated from Node. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

/** A URL of the app itself (`paretoplan://app/...`). `file://` is not the app. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Only http(s) and mailto links leave the app, and they open in the system browser. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:';
  } catch {
    return false;
  }
}

/** The frame of an IPC message, as Electron's `event.senderFrame` describes it (null once it is gone). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** An IPC request is answered only when it comes from the top frame of a page of the app. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/** Electron's permission request handler: every request is refused. */
export function denyPermissionRequest(
  _contents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** Electron's permission check handler: every check says no. */
export function denyPermissionCheck(): boolean {
  return false;
}

/** The parts of Electron's WebContents the guard uses. */
export interface GuardableContents {
  on(event: 'will-frame-navigate' | 'will-redirect', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/**
 * Guards a web contents (Electron's `web-contents-created`): navigation (of any frame, and
 * redirects) only within the app; `window.open` and target=_blank denied, web links handed to
 * `openExternal`; `<webview>` never attached.
 */
export function guardContents(contents: GuardableContents, openExternal: (url: string) => void): void {
  const keepInApp = (details: NavigationEvent) => {
    if (isAppUrl(details.url)) return;
    details.preventDefault();
    if (isExternalLinkAllowed(details.url)) openExternal(details.url);
  };
  contents.on('will-frame-navigate', keepInApp);
  contents.on('will-redirect', keepInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) openExternal(url);
    return { action: 'deny' };
  });
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * The answer of the app's scheme to a request: a file of the renderer folder with the security
 * headers (CSP included), or 404/400/405. Only GET of `paretoplan://app/...` is served.
 */
export async function appResponse(rendererDir: string, method: string, url: string): Promise<AppResponse> {
  const refuse = (status: number, message: string) => ({
    status,
    headers: securityHeaders('text/plain; charset=utf-8'),
    body: message,
  });
  if (!isAppUrl(url)) return refuse(404, 'Not found.');
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'Method not allowed.');
  const asset = await findAsset(rendererDir, new URL(url).pathname);
  if (asset.kind === 'bad-request') return refuse(400, asset.message);
  if (asset.kind === 'not-found') return refuse(404, 'Not found.');
  return { status: 200, headers: securityHeaders(asset.contentType), body: await readFile(asset.file) };
}
