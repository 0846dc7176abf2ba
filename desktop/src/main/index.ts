/**
 * Electron main process: one window, the engine behind one IPC channel. Logic lives in plain
 * modules (handlers.ts, window-options.ts) that tests import without Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/channels.js';
import { createHandlers, dispatch, stopAllRuns, toErrorPayload, type HandlerOptions } from './handlers.js';
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

/** File dialogs come from the main process; the renderer only receives the chosen path. */
const chooseFile: NonNullable<HandlerOptions['chooseFile']> = async (purpose, defaultPath) => {
  const scenarioFilters = [{ name: 'Scenario files', extensions: ['yaml', 'yml'] }];
  if (purpose === 'save-scenario') {
    const result = await dialog.showSaveDialog(mainWindow!, {
      title: 'Save scenario as',
      filters: scenarioFilters,
      ...(defaultPath ? { defaultPath } : {}),
    });
    return result.canceled || !result.filePath ? null : result.filePath;
  }
  const result = await dialog.showOpenDialog(mainWindow!, {
    title: purpose === 'open-run' ? 'Open a run folder' : 'Open a scenario',
    properties: purpose === 'open-run' ? ['openDirectory'] : ['openFile'],
    ...(purpose === 'open-scenario' ? { filters: scenarioFilters } : {}),
    ...(defaultPath ? { defaultPath } : {}),
  });
  return result.canceled ? null : (result.filePaths[0] ?? null);
};

/** Without a Chromium for the report's PDF, Electron prints the HTML report in a hidden window. */
async function printToPdf(htmlFile: string, pdfFile: string): Promise<void> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, javascript: false },
  });
  try {
    await window.loadFile(htmlFile);
    const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
    await writeFile(pdfFile, pdf);
  } finally {
    window.destroy();
  }
}

const api = createHandlers((event) => mainWindow?.webContents.send(EVENT_CHANNEL, event), {
  homeDir: app.getPath('userData'),
  chooseFile,
  printToPdf,
});

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

// Running optimisations stop at the end of their generation with a checkpoint before the app quits.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  quitting = true;
  event.preventDefault();
  void stopAllRuns(api).finally(() => app.quit());
});
