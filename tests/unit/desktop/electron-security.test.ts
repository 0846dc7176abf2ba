/**
 * The Electron main process's security rules (desktop/src/main/security.ts), without Electron:
 * the rules are plain functions; the guard is checked against a stand-in for Electron's
 * WebContents (an EventEmitter with the same event names and `setWindowOpenHandler`); and the
 * wiring in main/index.ts, which needs Electron to run, is checked by reading it.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../desktop/src/shared/app-content.js';
import {
  APP_ENTRY_URL,
  appResponse,
  denyPermissionCheck,
  denyPermissionRequest,
  guardContents,
  isAppUrl,
  isExternalLinkAllowed,
  isTrustedSender,
  secureWebPreferences,
  type GuardableContents,
} from '../../../desktop/src/main/security.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let rendererDir: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<html></html>');
  await writeFile(path.join(rendererDir, 'app.js'), 'export {}');
});

afterAll(() => rm(rendererDir, { recursive: true, force: true }));

describe('window settings', () => {
  it('isolate the renderer from Node', () => {
    expect(secureWebPreferences('/x/preload.cjs')).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('the app origin', () => {
  it('is paretoplan://app; file:// and other hosts are not the app', () => {
    expect(APP_ENTRY_URL).toBe('paretoplan://app/index.html');
    expect(isAppUrl('paretoplan://app/index.html')).toBe(true);
    expect(isAppUrl('paretoplan://app/assets/x.js?v=1#y')).toBe(true);
    for (const url of [
      'file:///opt/pareto/resources/app.asar/dist/desktop/renderer/index.html',
      'file:///etc/passwd',
      'paretoplan://other/index.html',
      'http://127.0.0.1:5317/',
      'https://app/',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(isAppUrl(url), url).toBe(false);
  });

  it('opens only web and mail links outside the app', () => {
    expect(isExternalLinkAllowed('https://example.org/docs')).toBe(true);
    expect(isExternalLinkAllowed('mailto:team@example.org')).toBe(true);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)')).toBe(false);
    expect(isExternalLinkAllowed('smb://server/share')).toBe(false);
    expect(isExternalLinkAllowed('not a url')).toBe(false);
  });
});

describe('IPC senders', () => {
  it('answer only the top frame of an app page', () => {
    expect(isTrustedSender({ url: 'paretoplan://app/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'paretoplan://app/index.html', parent: {} })).toBe(false); // a sub-frame
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.org/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false); // the frame is gone
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('permissions', () => {
  it('deny every request and every check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown']) {
      let granted: boolean | undefined;
      denyPermissionRequest({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
    }
    expect(denyPermissionCheck()).toBe(false);
  });
});

/** A stand-in for Electron's WebContents: the events the guard listens to, and its window-open handler. */
class Contents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.openHandler = handler;
  }
  /** Emits a navigation event as Electron does; true when a listener prevented it. */
  navigate(event: 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

describe('the web-contents guard', () => {
  const opened: string[] = [];
  const contents = new Contents();
  guardContents(contents satisfies GuardableContents, (url) => opened.push(url));

  it('keeps navigation and redirects inside the app, file:// included', () => {
    expect(contents.navigate('will-frame-navigate', 'paretoplan://app/index.html')).toBe(false);
    expect(contents.navigate('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-frame-navigate', 'file:///opt/app/renderer/index.html')).toBe(true);
    expect(contents.navigate('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(contents.navigate('will-frame-navigate', 'javascript:alert(1)')).toBe(true);
  });

  it('hands web links to the system browser, nothing else', () => {
    opened.length = 0;
    expect(contents.navigate('will-frame-navigate', 'https://example.org/help')).toBe(true);
    expect(contents.openHandler!({ url: 'https://example.org/new-window' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'paretoplan://app/index.html' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/help', 'https://example.org/new-window']);
  });

  it('never attaches a <webview>', () => {
    expect(contents.navigate('will-attach-webview', 'https://example.org/')).toBe(true);
  });
});

describe('the app scheme', () => {
  it('serves the renderer with the CSP as a header', async () => {
    const page = await appResponse(rendererDir, 'GET', 'paretoplan://app/index.html');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(String(page.body)).toBe('<html></html>');
    expect((await appResponse(rendererDir, 'GET', 'paretoplan://app/')).status).toBe(200);
    expect((await appResponse(rendererDir, 'GET', 'paretoplan://app/app.js')).headers['content-type']).toMatch(
      /javascript/,
    );
  });

  it('serves nothing outside the renderer folder or the app host, and refuses broken addresses', async () => {
    const status = async (method: string, url: string) => (await appResponse(rendererDir, method, url)).status;
    expect(await status('GET', 'paretoplan://app/../../../etc/passwd')).toBe(404);
    expect(await status('GET', 'paretoplan://app/%2e%2e/%2e%2e/etc/passwd')).toBe(404);
    expect(await status('GET', 'paretoplan://other/index.html')).toBe(404);
    expect(await status('GET', 'file:///etc/passwd')).toBe(404);
    expect(await status('GET', 'paretoplan://app/%E0%A4%A')).toBe(400);
    expect(await status('POST', 'paretoplan://app/index.html')).toBe(405);
  });
});

describe('main/index.ts wiring (read, since running it needs Electron)', () => {
  it('applies every rule', async () => {
    const source = await readFile(path.join(root, 'desktop/src/main/index.ts'), 'utf8');
    expect(source).toMatch(
      /registerSchemesAsPrivileged\(\[\{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES \}\]\)/,
    );
    expect(source).toMatch(/app\.enableSandbox\(\)/);
    expect(source).toMatch(/app\.on\('web-contents-created', \(_event, contents\) =>\s*guardContents\(contents/);
    expect(source).toMatch(/protocol\.handle\(APP_SCHEME,[\s\S]*appResponse\(rendererDir/);
    expect(source).toMatch(/setPermissionRequestHandler\(denyPermissionRequest\)/);
    expect(source).toMatch(/setPermissionCheckHandler\(denyPermissionCheck\)/);
    expect(source).toMatch(
      /ipcMain\.handle\(INVOKE_CHANNEL, async \(event[\s\S]*?if \(!isTrustedSender\(event\.senderFrame\)\)/,
    );
    expect(source).toMatch(/mainWindow\.loadURL\(APP_ENTRY_URL\)/);
    expect(source).toMatch(/webPreferences: secureWebPreferences\(/);
    // The only ipcMain handler is the checked one; the app window is never loaded from file://.
    expect(source.match(/ipcMain\.(handle|on)\(/g)).toHaveLength(1);
    expect(source).not.toMatch(/mainWindow\.loadFile/);
  });
});
