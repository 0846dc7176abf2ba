/**
 * Starts the browser-mode server in its own process for the load test, as `npm run web` does,
 * with a stand-in page; prints its address and one launch link as a JSON line; stops on SIGTERM.
 * Usage: tsx serve-fixture.ts <rendererDir> <homeDir>
 */
import { startWebServer } from '../../../desktop/src/web/server.js';

const [rendererDir, homeDir] = process.argv.slice(2) as [string, string];
const server = await startWebServer({ rendererDir, homeDir, port: 0 });
console.log(JSON.stringify({ url: server.url, launch: server.newLaunchUrl() }));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
