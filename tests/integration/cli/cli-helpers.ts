import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The installed entry point (`paretoplan`), which runs the built JavaScript in dist/ (built by the global set-up). */
export const builtCli = path.join(repoRoot, 'bin/paretoplan.js');
/** The CLI's TypeScript entry, run through tsx (`npm run paretoplan`, `npm run demo`). */
export const sourceCli = path.join(repoRoot, 'engine/src/cli/main.ts');
export const balancedScenario = path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** `built` (default): `node bin/paretoplan.js`, what an installed CLI runs; `sources`: through tsx. */
  from?: 'built' | 'sources';
  /** Another installed copy's entry point (a `bin/paretoplan.js`); overrides `from`. */
  entry?: string;
}

/** Start the CLI as a user would run it, in its own process. */
export function startCli(args: string[], options: CliOptions = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const command = options.entry
    ? [options.entry]
    : options.from === 'sources'
      ? ['--import', 'tsx', sourceCli]
      : [builtCli];
  const child = spawn(process.execPath, [...command, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** A tiny budget that still exercises every part of a run, with two worker threads as on a user's machine. */
export const SMALL_BUDGET = ['--population', '12', '--generations', '8', '--workers', '2'];
