/**
 * Security settings of the app window, kept out of main/index.ts so tests can check them
 * without Electron. See Electron's security checklist.
 */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
  } as const;
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
