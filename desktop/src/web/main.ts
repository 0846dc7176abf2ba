/**
 * `npm run web`: the desktop app in a browser, served on http://127.0.0.1:<port>/.
 * Options: --port N (default 5317; 0 for any free port).
 *
 * Prints a one-time link that signs one browser tab in (sessions.ts); Enter prints another.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebServer } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Built (dist/desktop/src/web, what `npm run web` runs) or sources (desktop/src/web, through tsx):
// the renderer bundle is dist/desktop/renderer either way.
const fromSources = import.meta.url.endsWith('.ts');
const rendererDir = path.resolve(here, fromSources ? '../../../dist/desktop/renderer' : '../../renderer');
const portFlag = process.argv.indexOf('--port');
const port = portFlag >= 0 ? Number(process.argv[portFlag + 1]) : 5317;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`paretoplan web: --port must be a whole number from 0 to 65535, got "${process.argv[portFlag + 1]}".`);
  process.exit(2);
}

try {
  const server = await startWebServer({ rendererDir, port });
  console.log(`Pareto Plan is running in browser mode at ${server.url}`);
  console.log('Open this link in your browser (it works once, for one tab):');
  console.log(`\n  ${server.newLaunchUrl()}\n`);
  if (process.stdin.isTTY) {
    console.log('Press Enter for another link, Ctrl-C to stop.');
    process.stdin.on('data', () => console.log(`\n  ${server.newLaunchUrl()}\n`));
  } else {
    console.log('Press Ctrl-C to stop.');
  }
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') console.error(`paretoplan web: port ${port} is in use. Try --port 0 for any free port.`);
  else console.error(`paretoplan web: ${(error as Error).message}`);
  process.exit(2);
}
