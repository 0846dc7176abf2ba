/**
 * A run's explorer in the browser, as a planner sees it (bench/app-large.bench.ts calls this):
 * the built web server (`dist/desktop/src/web/server.js`, what `npm run web` runs, with its
 * built renderer) and headless Chromium on the same machine. Times from the click on *Open run
 * folder* to the chart, then the first contribution map asked at once, then each objective's map
 * once everything is prepared: on screen, with how long the server took to answer and the page
 * took after the answer (decoding, scaling and painting the cells).
 *
 * Needs `npm run build` (the built server and renderer) and a Chromium (PARETOPLAN_CHROMIUM or
 * an installed one); without them it returns null and says why.
 */
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from '../engine/src/report/pdf.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtServer = path.join(repo, 'dist/desktop/src/web/server.js');
const builtRenderer = path.join(repo, 'dist/desktop/renderer');

interface BuiltWebServer {
  newLaunchUrl(): string;
  close(): Promise<void>;
}

/** The timings (ms) of the explorer on `runDir` in the browser, or null when it cannot run here. */
export async function timeExplorerInBrowser(runDir: string): Promise<Record<string, number> | null> {
  const browserPath = findChromium();
  const built = await stat(builtServer).then(
    () => true,
    () => false,
  );
  if (!browserPath || !built) {
    console.log(
      `  (the browser timings need ${built ? 'a Chromium: set PARETOPLAN_CHROMIUM' : '`npm run build` first'}; skipped)`,
    );
    return null;
  }
  const { startWebServer } = (await import(builtServer)) as {
    startWebServer(options: { rendererDir: string; port: number; homeDir: string }): Promise<BuiltWebServer>;
  };
  const work = await mkdtemp(path.join(os.tmpdir(), 'pp-bench-browser-'));
  const home = path.join(work, 'home');
  // The server opens only folders under its home: the run is copied there.
  const run = path.join(home, 'runs', path.basename(runDir));
  await cp(runDir, run, { recursive: true });
  const server = await startWebServer({ rendererDir: builtRenderer, port: 0, homeDir: home });
  const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox'] });
  const out: Record<string, number> = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.newLaunchUrl());
    await page.getByRole('tab', { name: 'Run' }).click();
    await page.getByLabel('Run folder').fill(run);
    let start = Date.now();
    await page.getByRole('button', { name: 'Open run folder' }).click();
    await page.getByTestId('front-chart').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => !!window.__paretoplanExplorer?.pointPixel(0), null, { timeout: 120_000 });
    out.browserOpenToChartMs = Date.now() - start;
    const legend = page.getByRole('figure', { name: /^Contribution per cell, .* legend$/ });
    const objectives = page.getByLabel('Contribution to objective');
    start = Date.now();
    await page
      .getByRole('radiogroup', { name: 'What the map shows' })
      .getByRole('radio', { name: 'Contribution' })
      .click();
    await legend.waitFor({ timeout: 120_000 });
    out.browserFirstContributionMs = Date.now() - start;
    // Everything prepared (the other objectives compile in the background), then each objective.
    await page.waitForTimeout(10_000);
    const labels = await objectives.locator('option').allTextContents();
    for (const [k, label] of [...labels.slice(1), labels[0]!].entries()) {
      const before = await legend.getAttribute('aria-label');
      start = Date.now();
      await objectives.selectOption({ label });
      // The legend names the new objective's unit and total once its map is on screen.
      await page.waitForFunction(
        (old) => {
          const now = document.querySelector('figure[aria-label^="Contribution per cell"]')?.getAttribute('aria-label');
          return !!now && now !== old;
        },
        before,
        { timeout: 120_000 },
      );
      out[`browserContributionSwitch${k + 1}Ms`] = Date.now() - start;
      // The answer's own timing: from the request to its last byte, and the page's work after it.
      const fetched = await page.evaluate(() => {
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const entry = entries.filter((r) => r.initiatorType === 'fetch').at(-1);
        return entry
          ? { answered: entry.responseEnd - entry.startTime, after: performance.now() - entry.responseEnd }
          : null;
      });
      if (fetched) {
        out[`browserContributionSwitch${k + 1}AnsweredMs`] = fetched.answered;
        out[`browserContributionSwitch${k + 1}PageMs`] = fetched.after;
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
  return out;
}
