/**
 * The browser the end-to-end tests drive and the PDF tests print with: the same search as the
 * engine's PDF route (`PARETOPLAN_CHROMIUM`, then the usual Chromium, Chrome and Edge install
 * paths on Linux, macOS and Windows, then a browser installed through Playwright).
 */
import { findChromium } from '../../engine/src/report/pdf.js';

export const TEST_BROWSER: string | null = findChromium();

export const NO_BROWSER_MESSAGE =
  'No Chromium, Chrome or Edge found: the end-to-end tests and the PDF report tests are skipped. ' +
  'Install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS/Windows: Google Chrome or Microsoft Edge) ' +
  'or set PARETOPLAN_CHROMIUM to its path to run them.';
