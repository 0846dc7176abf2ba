/**
 * Electron main process: one window, the engine's service behind one IPC channel. Transport
 * only: requests go through the dispatch module both front ends share (../shared/dispatch.ts) to
 * the engine's PlanService (engine/src/api/plan-service.ts, which also holds the path policy);
 * security.ts holds the app's scheme, navigation, IPC and permission rules, testable without Electron.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, protocol, session, shell } from 'electron';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlanService, type PlanServiceOptions } from '../../../engine/src/api/index.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/channels.js';
import { answer } from '../shared/dispatch.js';
import { desktopActions, isDesktopAction } from './desktop-actions.js';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appResponse,
  denyPermissionCheck,
  denyPermissionRequest,
  guardContents,
  isTrustedSender,
  secureWebPreferences,
} from './security.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/desktop/src/main -> dist/desktop/preload, dist/desktop/renderer
const distDesktop = path.resolve(here, '../..');
const rendererDir = path.join(distDesktop, 'renderer');

// Before the app is ready: the app's own scheme, and a sandbox for every renderer.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

// Every web contents, now or later (the window, the hidden PDF printer): no navigation away from
// the app, no new windows, no <webview>; web links open in the system browser.
app.on('web-contents-created', (_event, contents) => guardContents(contents, (url) => void shell.openExternal(url)));

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
  void mainWindow.loadURL(APP_ENTRY_URL);
}

/** File dialogs come from the main process; the renderer only receives the chosen path. */
const chooseFile: NonNullable<PlanServiceOptions['chooseFile']> = async (purpose, defaultPath) => {
  const scenarioFilters = [{ name: 'Scenario files', extensions: ['yaml', 'yml'] }];
  const geoTiffFilters = [{ name: 'GeoTIFF', extensions: ['tif', 'tiff'] }];
  const partiesFilters = [{ name: 'Parties files', extensions: ['yaml', 'yml'] }];
  const where = defaultPath ? { defaultPath } : {};
  if (purpose === 'save-scenario' || purpose === 'save-parties') {
    const parties = purpose === 'save-parties';
    const result = await dialog.showSaveDialog(mainWindow!, {
      title: parties ? 'Save parties as' : 'Save scenario as',
      filters: parties ? partiesFilters : scenarioFilters,
      ...where,
    });
    return result.canceled || !result.filePath ? null : result.filePath;
  }
  const titles = {
    'open-scenario': 'Open a scenario',
    'open-parties': 'Open a parties file',
    'open-run': 'Open a run folder',
    'export-folder': 'Choose a folder for exports and reports',
    'open-layout': 'Choose a layout or land-cover GeoTIFF',
  } as const;
  const file = purpose === 'open-scenario' || purpose === 'open-parties' || purpose === 'open-layout';
  const result = await dialog.showOpenDialog(mainWindow!, {
    title: titles[purpose],
    properties: file ? ['openFile'] : ['openDirectory', 'createDirectory'],
    ...(file
      ? {
          filters:
            purpose === 'open-parties' ? partiesFilters : purpose === 'open-layout' ? geoTiffFilters : scenarioFilters,
        }
      : {}),
    ...where,
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

const service = new PlanService({
  homeDir: app.getPath('userData'),
  chooseFile,
  printToPdf,
  onEvent: (event) => mainWindow?.webContents.send(EVENT_CHANNEL, event),
});
service.warmUp();

// "Show in folder" and "Copy path": the app's own actions, confined by the service's path policy.
const answerDesktopAction = desktopActions({
  paths: service.paths,
  showItemInFolder: (file) => shell.showItemInFolder(file),
  writeClipboard: (text) => clipboard.writeText(text),
});

ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, args: unknown) => {
  // Only the app's own page, in its top frame, may call the engine (or the desktop actions).
  if (!isTrustedSender(event.senderFrame))
    return { ok: false, error: { message: 'Refused: the request did not come from the app.', kind: 'failure' } };
  if (isDesktopAction(method)) return answerDesktopAction(method, args);
  return answer(service, method, args);
});

app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await appResponse(rendererDir, request.method, request.url);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
  session.defaultSession.setPermissionRequestHandler(denyPermissionRequest);
  session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);
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
  void service.close().finally(() => app.quit());
});
