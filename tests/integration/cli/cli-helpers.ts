import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  /** The signal that ended the process (SIGKILL from a crash test), else null. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** `built` (default): `node bin/paretoplan.js`, what an installed CLI runs; `sources`: through tsx. */
  from?: 'built' | 'sources';
  /**
   * Node arguments that start the CLI instead (overrides `from`): another installed copy's
   * `bin/paretoplan.js`, or `['--import', hooks, builtCli]` to run the built CLI with a crash injector.
   */
  entry?: string[];
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Run under this address-space limit (kB, `ulimit -v`): a machine short of memory. */
  memoryLimitKb?: number;
}

/** Start the CLI as a user would run it, in its own process. */
export function startCli(args: string[], options: CliOptions = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const nodeArgs = [
    ...(options.entry ?? (options.from === 'sources' ? ['--import', 'tsx', sourceCli] : [builtCli])),
    ...args,
  ];
  const [command, commandArgs] =
    options.memoryLimitKb === undefined
      ? [process.execPath, nodeArgs]
      : ['/bin/sh', ['-c', `ulimit -v ${options.memoryLimitKb} && exec "$0" "$@"`, process.execPath, ...nodeArgs]];
  const child = spawn(command, commandArgs, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Resolve once the process has written text matching `pattern` to stderr (reject after `timeoutMs`). */
export function waitForStderr(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms: ${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        resolve();
      }
    };
    child.stderr!.on('data', onData);
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`the process ended before writing ${pattern}: ${seen}`));
    });
  });
}

/** A tiny budget that still exercises every part of a run, with two worker threads as on a user's machine. */
export const SMALL_BUDGET = ['--population', '12', '--generations', '8', '--workers', '2'];

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
