/**
 * `npm start`: opens the desktop app. On first start it fetches Electron's binary with Electron's
 * own installer (npm does not run that install script: see allowScripts in package.json), and
 * says clearly what to do when that is impossible. Builds the app first when the build is stale.
 */
import { spawnSync, spawn } from 'node:child_process';
import { statSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary, OFFLINE_MESSAGE } from './electron-binary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  return lines.find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? lines.find(Boolean) ?? 'unknown';
}

let binary = findElectronBinary(root);
if (!binary) {
  console.log('Electron is not installed yet: downloading it once (about 100 MB)…');
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  const result = existsSync(installer)
    ? spawnSync(process.execPath, [installer], { stdio: ['inherit', 'inherit', 'pipe'], cwd: root, encoding: 'utf8' })
    : null;
  binary = findElectronBinary(root);
  if (!binary || result?.status !== 0) {
    // The installer prints a stack trace; show only its reason (e.g. "getaddrinfo ENOTFOUND github.com").
    const reason = result ? firstErrorLine(result.stderr) : 'node_modules/electron is missing: run `npm ci` first.';
    console.error(`\nReason: ${reason}\n\n${OFFLINE_MESSAGE}`);
    process.exit(1);
  }
}

const builtMain = path.join(root, 'dist/desktop/src/main/index.js');
const stale =
  !existsSync(builtMain) ||
  Math.max(newestMtime(path.join(root, 'engine/src')), newestMtime(path.join(root, 'desktop/src'))) >
    statSync(builtMain).mtimeMs;
if (stale) {
  console.log('Building Pareto Plan…');
  const build = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    cwd: root,
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(binary, [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
