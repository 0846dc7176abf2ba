/**
 * Global set-up of the integration project: build what users run (`npm run build`: the engine,
 * CLI, workers and Electron main process to dist/, the renderer and preload bundles) once per test
 * run, so the CLI tests can drive `bin/paretoplan.js` and the desktop tests the built main process.
 * The packaged app and an installed `paretoplan` run this JavaScript, not the TypeScript sources.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function buildOnce(): Promise<void> {
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', 'build'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `npm run build failed (exit ${code}); the integration tests run the built JavaScript:\n${output.join('')}`,
    );
  }
  process.stderr.write(`Built dist/ for the integration tests in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
