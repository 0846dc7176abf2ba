/**
 * Electron main process: one window, the engine behind one IPC channel. Logic lives in plain
 * modules (handlers.ts, window-options.ts) that tests import without Electron.
 */
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/channels.js';
import { createHandlers, dispatch, toErrorPayload } from './handlers.js';
import { isExternalLinkAllowed, secureWebPreferences } from './window-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/desktop/src/main -> dist/desktop/preload, dist/desktop/renderer
const distDesktop = path.resolve(here, '../..');

let mainWindow: BrowserWindow | null = null;

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: 'Pareto Plan',
    show: false,
    webPreferences: secureWebPreferences(path.join(distDesktop, 'preload/index.cjs')),
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  // New windows are denied; links open in the system browser.
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  mainWindow.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith('file://')) {
      event.preventDefault();
      if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    }
  });
  void mainWindow.loadFile(path.join(distDesktop, 'renderer/index.html'));
}

const api = createHandlers((event) => mainWindow?.webContents.send(EVENT_CHANNEL, event));

ipcMain.handle(INVOKE_CHANNEL, async (_event, method: unknown, args: unknown) => {
  try {
    return { ok: true, value: await dispatch(api, method, args) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
});

app.whenReady().then(() => {
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
