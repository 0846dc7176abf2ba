#!/usr/bin/env node
// Installed entry point: runs the built CLI (npm run build), so users need no TypeScript tooling.
import { existsSync } from 'node:fs';
const built = new URL('../dist/engine/src/cli/main.js', import.meta.url);
if (!existsSync(built)) {
  console.error(
    'paretoplan: the CLI is not built yet. Run `npm run build` first, or use `npm run paretoplan -- <command>`.',
  );
  process.exit(2);
}
await import(built.href);
