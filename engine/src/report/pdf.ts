/**
 * The PDF route: print the report's HTML with a headless Chromium (through playwright-core).
 * One HTML, two outputs: the PDF looks exactly like the printed HTML, text stays selectable,
 * charts stay vector (inline SVG) and maps keep their pixels. No display is needed.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { writeFileAtomic } from '../io/atomic-write.js';
import { ChromiumNotFoundError, ReportInputError } from './errors.js';
import { escapeHtml } from './format.js';

export interface PdfOptions {
  /** Chromium/Chrome/Edge executable. Default: `PARETOPLAN_CHROMIUM`, then the usual install paths. */
  executablePath?: string;
  /** Text at the top left of every page (e.g. the scenario name). Default: the HTML `<title>`. */
  headerText?: string;
  /** Milliseconds allowed for launching and printing (default 60 000). */
  timeoutMs?: number;
}

/** A launched browser that prints any number of reports; close it when done. */
export interface PdfPrinter {
  print(html: string, outPath: string, options?: Pick<PdfOptions, 'headerText'>): Promise<void>;
  close(): Promise<void>;
}

/** Where we look for a browser, in order, after `PARETOPLAN_CHROMIUM`. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const windows = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']]
    .filter((dir): dir is string => Boolean(dir))
    .flatMap((dir) => [
      path.win32.join(dir, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      path.win32.join(dir, 'Chromium', 'Application', 'chrome.exe'),
      path.win32.join(dir, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ...windows,
  ];
}

/** The default candidate list for this machine (see {@link chromiumCandidates}). */
export const CHROMIUM_CANDIDATES: readonly string[] = chromiumCandidates();

const INSTALL_HINT =
  'Install Chromium or Google Chrome (Debian/Ubuntu: `sudo apt-get install chromium`; macOS/Windows: install Google Chrome or use Microsoft Edge), ' +
  'or set PARETOPLAN_CHROMIUM to the path of a Chromium-based browser. ' +
  'The HTML report (--format html) needs no browser.';

/**
 * Finds a Chromium-based browser to print PDFs: `PARETOPLAN_CHROMIUM` first, then the usual
 * install paths on Linux, macOS and Windows, then a browser installed by Playwright.
 * @returns the executable path, or null when none is found
 * @throws ChromiumNotFoundError when PARETOPLAN_CHROMIUM names a file that does not exist
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env['PARETOPLAN_CHROMIUM'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new ChromiumNotFoundError(
        `PARETOPLAN_CHROMIUM is set to "${fromEnv}", but no file exists there. Point it at a Chromium, Chrome or Edge executable, or unset it.`,
      );
    }
    return fromEnv;
  }
  for (const candidate of chromiumCandidates(env)) if (existsSync(candidate)) return candidate;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // playwright-core has no browser of its own registered: fine, we looked everywhere else.
  }
  return null;
}

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function headerTemplate(text: string): string {
  return `<div style="width:100%;font-size:7.5pt;font-family:'Segoe UI','Helvetica Neue',Arial,'DejaVu Sans',sans-serif;color:#6b7480;padding:0 15mm;display:flex;justify-content:space-between;"><span>${escapeHtml(text)}</span><span>Pareto Plan · scenario report</span></div>`;
}

const FOOTER_TEMPLATE =
  `<div style="width:100%;font-size:7.5pt;font-family:'Segoe UI','Helvetica Neue',Arial,'DejaVu Sans',sans-serif;color:#6b7480;text-align:center;">` +
  `Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`;

function titleOf(html: string): string {
  const match = /<title>([^<]*)<\/title>/i.exec(html);
  return match
    ? match[1]!
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
    : '';
}

/** Writes `data` to `outPath` atomically (engine/src/io/atomic-write.ts), creating its folder. */
async function writeAtomically(outPath: string, data: Uint8Array): Promise<void> {
  await mkdir(path.dirname(path.resolve(outPath)), { recursive: true });
  await writeFileAtomic(outPath, data);
}

/**
 * Launches a headless Chromium once, to print one or several reports.
 * @throws ChromiumNotFoundError when no browser is found (the message says what to install)
 * @example
 * const printer = await openPdfPrinter();
 * try { await printer.print(html, 'report.pdf'); } finally { await printer.close(); }
 */
export async function openPdfPrinter(options: PdfOptions = {}): Promise<PdfPrinter> {
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath) {
    throw new ChromiumNotFoundError(
      `Cannot write the PDF report: no Chromium, Chrome or Edge was found. ${INSTALL_HINT}`,
    );
  }
  if (!existsSync(executablePath)) {
    throw new ChromiumNotFoundError(
      `Cannot write the PDF report: the browser "${executablePath}" does not exist. ${INSTALL_HINT}`,
    );
  }
  const timeout = options.timeoutMs ?? 60_000;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS, timeout });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ChromiumNotFoundError(
      `Cannot write the PDF report: the browser "${executablePath}" failed to start (${reason}). ${INSTALL_HINT}`,
    );
  }
  return {
    async print(html: string, outPath: string, printOptions = {}): Promise<void> {
      if (!outPath) throw new ReportInputError('PDF report: an output path is needed.');
      const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(timeout);
        // The report is self-contained; refuse any request that would leave the page.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: headerTemplate(printOptions.headerText ?? options.headerText ?? titleOf(html)),
          footerTemplate: FOOTER_TEMPLATE,
          margin: { top: '16mm', bottom: '18mm', left: '15mm', right: '15mm' },
          outline: true,
          tagged: true,
        });
        await writeAtomically(outPath, pdf);
      } finally {
        await context.close();
      }
    },
    async close(): Promise<void> {
      await browser.close();
    },
  };
}

/**
 * Prints the report HTML (from {@link renderReportHtml}) to an A4 PDF with page numbers,
 * written atomically to `outPath`. Needs a Chromium-based browser (see {@link findChromium});
 * works without a display.
 * @throws ChromiumNotFoundError when no browser is found or it cannot start
 */
export async function renderReportPdf(html: string, outPath: string, options: PdfOptions = {}): Promise<void> {
  const printer = await openPdfPrinter(options);
  try {
    await printer.print(html, outPath);
  } finally {
    await printer.close();
  }
}
