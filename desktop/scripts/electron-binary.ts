import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the Electron binary is, or null when its download has not happened yet. Electron's npm
 * package records the binary's path in `path.txt` after its installer (install.js) has run.
 */
export function findElectronBinary(projectRoot: string): string | null {
  const electronDir = path.join(projectRoot, 'node_modules', 'electron');
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export const OFFLINE_MESSAGE = [
  'Pareto Plan could not download the Electron runtime it needs to open its desktop window.',
  'This usually means the computer is offline, or a proxy or firewall blocks GitHub downloads.',
  'What you can do:',
  '  - connect to the internet (or set ELECTRON_MIRROR / HTTPS_PROXY) and run `npm start` again, or',
  '  - use the same app in your browser: `npm run web`, then open the address it prints.',
].join('\n');
