/**
 * Batches: several scenarios and seeds, one run folder each, continuing past a failed run, and a
 * summary table (summary.csv) comparing the fronts: hypervolume, the best value of each objective,
 * and the knee layout's values.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { toCsv } from './csv.js';
import { RunInputError } from './errors.js';
import { loadFront } from './front-io.js';
import { writeAtomic } from './files.js';
import { readManifest } from './run-folder.js';
import { runScenario, type RunHooks, type RunOptions, type RunSummary } from './runner.js';

export interface BatchOptions extends RunHooks {
  /** Scenario files, or folders whose *.yaml / *.yml / *.json scenarios are all run. */
  scenarios: string[];
  outDir: string;
  /** Default: each scenario's own seed. */
  seeds?: number[];
  population?: number;
  generations?: number;
  workers?: RunOptions['workers'];
  /** Called when one run starts, with its position in the batch. */
  onRunStart?: (info: { scenario: string; seed: number | null; index: number; total: number; dir: string }) => void;
}

export interface BatchEntry {
  scenario: string;
  seed: number | null;
  dir: string;
  status: 'complete' | 'interrupted' | 'failed';
  error: string | null;
  summary: RunSummary | null;
  /** Best value per objective on the front (natural units), by objective id. */
  best: Record<string, number>;
  /** The knee layout's objective values, by objective id. */
  knee: Record<string, number>;
}

export interface BatchResult {
  outDir: string;
  entries: BatchEntry[];
  summaryCsv: string;
}

/** Expand folders into their scenario files (sorted), keep files as given. */
export async function expandScenarioArguments(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => null);
    if (!stat) throw new RunInputError(`${input} does not exist: give scenario files or folders of them.`);
    if (stat.isDirectory()) {
      const names = (await fs.readdir(input))
        .filter((f) => /\.(ya?ml|json)$/i.test(f) && !f.endsWith('.schema.json'))
        .sort();
      if (names.length === 0) throw new RunInputError(`${input} holds no scenario files (*.yaml, *.yml, *.json).`);
      files.push(...names.map((n) => path.join(input, n)));
    } else files.push(input);
  }
  return files;
}

export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const scenarios = await expandScenarioArguments(options.scenarios);
  const outDir = path.resolve(options.outDir);
  await fs.mkdir(outDir, { recursive: true });
  const seeds: (number | null)[] = options.seeds && options.seeds.length > 0 ? options.seeds : [null];
  const jobs = scenarios.flatMap((scenario) => seeds.map((seed) => ({ scenario, seed })));
  const entries: BatchEntry[] = [];
  for (const [index, job] of jobs.entries()) {
    if (options.stopSignal?.aborted) break;
    const stem = path.basename(job.scenario).replace(/\.(ya?ml|json)$/i, '');
    const dir = path.join(outDir, job.seed === null ? stem : `${stem}-seed${job.seed}`);
    options.onRunStart?.({ scenario: job.scenario, seed: job.seed, index, total: jobs.length, dir });
    const entry: BatchEntry = {
      scenario: job.scenario,
      seed: job.seed,
      dir,
      status: 'failed',
      error: null,
      summary: null,
      best: {},
      knee: {},
    };
    try {
      const summary = await runScenario({
        scenario: job.scenario,
        outDir: dir,
        ...(job.seed !== null ? { seed: job.seed } : {}),
        ...(options.population !== undefined ? { population: options.population } : {}),
        ...(options.generations !== undefined ? { generations: options.generations } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...(options.stopSignal ? { stopSignal: options.stopSignal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      entry.summary = summary;
      entry.status = summary.status === 'complete' ? 'complete' : 'interrupted';
      if (entry.seed === null) entry.seed = (await readManifest(dir)).parameters.seed;
      await fillFrontFacts(entry);
    } catch (error) {
      entry.error = error instanceof Error ? error.message.split('\n').join(' ') : String(error);
    }
    entries.push(entry);
  }
  const objectiveIds = [...new Set(entries.flatMap((e) => e.summary?.objectives.map((o) => o.id) ?? []))];
  const header = [
    'scenario',
    'seed',
    'status',
    'generations',
    'evaluations',
    'hypervolume',
    'front_size',
    ...objectiveIds.map((id) => `best_${id}`),
    ...objectiveIds.map((id) => `knee_${id}`),
    'run_dir',
    'error',
  ];
  const rows = entries.map((e) => [
    path.basename(e.scenario),
    e.seed,
    e.status,
    e.summary?.generation ?? null,
    e.summary?.evaluations ?? null,
    e.summary?.hypervolume ?? null,
    e.summary?.frontSize ?? null,
    ...objectiveIds.map((id) => e.best[id] ?? null),
    ...objectiveIds.map((id) => e.knee[id] ?? null),
    path.relative(outDir, e.dir),
    e.error,
  ]);
  const summaryCsv = path.join(outDir, 'summary.csv');
  await writeAtomic(summaryCsv, toCsv(header, rows));
  return { outDir, entries, summaryCsv };
}

async function fillFrontFacts(entry: BatchEntry): Promise<void> {
  if (!entry.summary?.highlights) return;
  const front = await loadFront(entry.dir);
  const objectives = front.manifest.objectives;
  objectives.forEach((o, j) => {
    const column = front.table.map((row) => row[1 + j]!);
    entry.best[o.id] = o.direction === 'maximize' ? Math.max(...column) : Math.min(...column);
    entry.knee[o.id] = front.table[front.manifest.front!.highlights.knee]![1 + j]!;
  });
}
