/**
 * How runs are named, once for every front end (the CLI, the desktop app, the browser server):
 * the default run folder of a scenario, and the command line that reproduces a run, recorded in
 * its manifest and report.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { WorkerCount } from '../parallel/index.js';

/**
 * A run folder's name: the scenario file's name without its extension, made safe for any file
 * system, then the start time (UTC). `scenarios/Riverbend 2040.yaml` -> `riverbend-2040-20260101-120000`.
 */
export function runFolderName(scenario: string, now: Date = new Date()): string {
  const slug =
    scenarioStem(scenario)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'run';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${slug}-${stamp}`;
}

/** A scenario file's name without its folder and extension: `scenarios/Riverbend 2040.yaml` -> `Riverbend 2040`. */
export function scenarioStem(scenario: string): string {
  return path.basename(scenario).replace(/\.(ya?ml|json)$/i, '');
}

/**
 * The run folder of one job of a batch, inside the batch folder: `<scenario>[--<variant>][-seed<N>]`
 * (the scenario's stem as given: batch folders are named by the user's files, and a queued batch's
 * workers must find the folders the local batch would make).
 */
export function batchRunFolderName(scenario: string, variant: string | null, seed: number | null): string {
  const stem = variant === null ? scenarioStem(scenario) : `${scenarioStem(scenario)}--${variant}`;
  return seed === null ? stem : `${stem}-seed${seed}`;
}

/** The default run folder of a scenario: `<runsDir>/<runFolderName>` (the CLI's `runsDir` is `runs`). */
export function defaultRunFolder(scenario: string, runsDir = 'runs', now: Date = new Date()): string {
  return path.join(runsDir, runFolderName(scenario, now));
}

/**
 * `dir`, or `dir-2`, `dir-3`, ... when it is taken: two runs of one scenario started within the same
 * second (a steered run right after its parent, two clicks) get folders of their own.
 */
export async function unusedFolder(dir: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? dir : `${dir}-${n}`;
    const taken = await access(candidate).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
}

/** What a run was started with: the scenario and folder as given, and the settings given on top of the scenario's. */
export interface RunCommandParts {
  scenario: string;
  outDir: string;
  seed?: number | undefined;
  population?: number | undefined;
  generations?: number | undefined;
  workers?: WorkerCount | undefined;
  /** Further flags, in order (a steered run's `--seed-from` and `--lock`, runs/steering.ts). */
  extra?: readonly string[] | undefined;
}

/**
 * The command line that reproduces a run: `paretoplan run <scenario> --out <dir>` with every
 * setting given on top of the scenario's (seed, population, generations, workers) and the steering
 * flags, each argument
 * quoted for a POSIX shell where it needs to be.
 */
export function reproduceCommand(parts: RunCommandParts): string {
  const args = ['paretoplan', 'run', parts.scenario, '--out', parts.outDir];
  for (const key of ['seed', 'population', 'generations', 'workers'] as const) {
    const value = parts[key];
    if (value !== undefined) args.push(`--${key}`, String(value));
  }
  if (parts.extra) args.push(...parts.extra);
  return args.map(shellQuote).join(' ');
}

/** An argument as a POSIX shell reads it back: as it is when safe, else in single quotes. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
