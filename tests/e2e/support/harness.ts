/**
 * End-to-end harness: builds the renderer once into a temporary folder with Vite's API, starts
 * the browser-mode server in this process on a free port (its own home folder for recent lists
 * and runs), and launches Debian's Chromium headless through playwright-core.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startWebServer, type WebServer } from '../../../desktop/src/web/server.js';
import { TEST_BROWSER, NO_BROWSER_MESSAGE } from '../../support/browser.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const screenshotsDir = path.join(repoRoot, 'test-results', 'e2e');

export interface Harness {
  server: WebServer;
  browser: Browser;
  page: Page;
  home: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const executablePath = TEST_BROWSER;
  if (!executablePath) throw new Error(NO_BROWSER_MESSAGE);
  const work = await mkdtemp(path.join(os.tmpdir(), 'paretoplan-e2e-'));
  const rendererDir = path.join(work, 'renderer');
  await build({
    configFile: path.join(repoRoot, 'desktop/vite.config.ts'),
    logLevel: 'error',
    build: { outDir: rendererDir, emptyOutDir: true, sourcemap: false, minify: false },
  });
  const home = path.join(work, 'home');
  const server = await startWebServer({ rendererDir, port: 0, homeDir: home });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.newLaunchUrl());
  return {
    server,
    browser,
    page,
    home,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      await rm(work, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`The page threw: ${errors.join('; ')}`);
    },
  };
}

/**
 * `use` on a page of its own (in a fresh context), which is then closed, and the harness's page
 * brought back to the front. Once, on a fresh clone run as CI runs it (2026-12-07), every click
 * of the three tests after the report check waited 30 s for its tab to be "visible, enabled and
 * stable", which Playwright judges over animation frames; the likely cause is the harness's page
 * left behind the other page's window, where frames stop. It did not happen again alone or with
 * both cores loaded; bringing the page to the front rules that cause out.
 */
export async function onAnotherPage<T>(h: Harness, use: (page: Page) => Promise<T>): Promise<T> {
  const page = await h.browser.newPage();
  try {
    return await use(page);
  } finally {
    await page.close();
    await h.page.bringToFront();
  }
}
