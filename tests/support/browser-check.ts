/**
 * Global set-up of the integration and end-to-end projects: without a browser, the tests that need
 * one are skipped and one visible line says why and how to install one, so `npm test` still passes
 * on such a machine; on CI (`CI=true`) a missing browser is an error, never a silent skip.
 */
import { NO_BROWSER_MESSAGE, TEST_BROWSER } from './browser.js';

export default function checkBrowser(): void {
  if (TEST_BROWSER) return;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${NO_BROWSER_MESSAGE}`);
  // Both projects run this set-up in the same process: say it once.
  if (process.env.PARETOPLAN_NO_BROWSER_NOTICE) return;
  process.env.PARETOPLAN_NO_BROWSER_NOTICE = '1';
  process.stdout.write(`\n${NO_BROWSER_MESSAGE}\n\n`);
}
