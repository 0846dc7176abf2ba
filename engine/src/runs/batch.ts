/**
 * Batches: several scenarios (and variants) and seeds, one run folder each (batch-plan.ts),
 * continuing past a failed run, and a summary table (summary.csv) comparing the fronts:
 * hypervolume, the best value of each objective, and the knee layout's values.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { toCsv } from './csv.js';
import { loadFront } from './export.js';
import { writeAtomic } from './files.js';
import { readManifest } from './run-folder.js';
import { runScenario, type RunHooks, type RunOptions, type RunSummary } from './runner.js';
import { planBatch, type BatchJob, type BatchPlan } from './batch-plan.js';

export interface BatchOptions extends RunHooks {
  /** Scenario files, or folders whose *.yaml / *.yml / *.json scenarios are all run. */
  scenarios: string[];
  outDir: string;
  /** Default: each scenario's own seed. */
  seeds?: number[];
  /** A variants file: every scenario runs once per variant (see batch-plan.ts). */
  variants?: string;
  population?: number;
  generations?: number;
  workers?: RunOptions['workers'];
  /** Called when one run starts, with its position in the batch. */
  onRunStart?: (info: { scenario: string; seed: number | null; index: number; total: number; dir: string }) => void;
}

export interface BatchEntry {
  /** The scenario file the run read (a variant's copy in a batch with variants). */
  scenario: string;
  /** The variant's id, or null in a batch without variants. */
  variant: string | null;
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

export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const plan = await planBatch(options);
  const { outDir, jobs } = plan;
  await fs.mkdir(outDir, { recursive: true });
  const entries: BatchEntry[] = [];
  for (const [index, job] of jobs.entries()) {
    if (options.stopSignal?.aborted) break;
    const { dir } = job;
    options.onRunStart?.({ scenario: job.scenario, seed: job.seed, index, total: jobs.length, dir });
    let outcome: RunOutcome;
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
      outcome = { summary };
    } catch (error) {
      outcome = { error };
    }
    entries.push(await batchEntry(job, outcome));
  }
  const summaryCsv = await writeBatchSummary(plan, entries);
  return { outDir, entries, summaryCsv };
}

/** How one job of a batch ended: the run's summary, or why it failed. */
export type RunOutcome = { summary: RunSummary } | { error: unknown };

/** The summary.csv row of a job whose run ended (the queued batch builds its rows with it too). */
export async function batchEntry(job: BatchJob, outcome: RunOutcome): Promise<BatchEntry> {
  const entry: BatchEntry = {
    scenario: job.scenario,
    variant: job.variant,
    seed: job.seed,
    dir: job.dir,
    status: 'failed',
    error: null,
    summary: null,
    best: {},
    knee: {},
  };
  try {
    if ('error' in outcome) throw outcome.error;
    const { summary } = outcome;
    entry.summary = summary;
    entry.status = summary.status === 'complete' ? 'complete' : 'interrupted';
    if (entry.seed === null) entry.seed = (await readManifest(job.dir)).parameters.seed;
    await fillFrontFacts(entry);
  } catch (error) {
    entry.error = (error instanceof Error ? error.message : String(error)).split('\n').join(' ');
  }
  return entry;
}

/** Write `<batch>/summary.csv` for these entries (in plan order); returns its path. */
export async function writeBatchSummary(
  plan: Pick<BatchPlan, 'outDir' | 'variants'>,
  entries: BatchEntry[],
): Promise<string> {
  const { outDir } = plan;
  const objectiveIds = [...new Set(entries.flatMap((e) => e.summary?.objectives.map((o) => o.id) ?? []))];
  const header = [
    'scenario',
    ...(plan.variants ? ['variant'] : []),
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
    ...(plan.variants ? [e.variant] : []),
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
  return summaryCsv;
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
