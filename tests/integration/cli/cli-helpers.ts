import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const cliEntry = path.join(repoRoot, 'engine/src/cli/main.ts');
export const balancedScenario = path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Start the CLI from sources as a user would run it, in its own process. */
export function startCli(
  args: string[],
  options: { cwd?: string } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
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

export function runCli(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** A tiny budget that still exercises every part of a run. */
export const SMALL_BUDGET = ['--population', '12', '--generations', '8', '--workers', '1'];

/** The front of a run folder as its manifest names it: the table and the layouts, as bytes. */
export function readFront(dir: string): { csv: Buffer; layouts: Buffer } {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    front: { file: string; csv: { file: string } } | null;
  };
  if (!manifest.front) throw new Error(`${dir} has no front`);
  return {
    csv: readFileSync(path.join(dir, manifest.front.csv.file)),
    layouts: readFileSync(path.join(dir, manifest.front.file)),
  };
}

/** Whether two run folders hold byte-identical fronts. */
export function sameFront(a: string, b: string): boolean {
  const [x, y] = [readFront(a), readFront(b)];
  return x.csv.equals(y.csv) && x.layouts.equals(y.layouts);
}
