/**
 * Batches: several scenarios (and variants) and seeds, one run folder each (batch-plan.ts),
 * continuing past a failed run, and a summary table (summary.csv) comparing the fronts:
 * hypervolume, the best value of each objective, and the knee layout's values.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { toCsv } from './csv.js';
import { hypervolume } from '../optimizer/index.js';
import { loadFront, type LoadedFront } from './front-io.js';
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
  /** The runs measured against one common reference share it (see `BatchJob.hypervolumeGroup`). */
  hypervolumeGroup: string;
  seed: number | null;
  dir: string;
  status: 'complete' | 'interrupted' | 'failed';
  error: string | null;
  summary: RunSummary | null;
  /** Best value per objective on the front (natural units), by objective id. */
  best: Record<string, number>;
  /** The compromise's objective values, by objective id. */
  compromise: Record<string, number>;
  /**
   * Hypervolume of the front against the reference common to the runs of its hypervolume group
   * (its scenario's seeds, and the variants that keep its objectives; {@link BatchResult.references});
   * null without a front. `summary.hypervolume` is the run's own.
   */
  hypervolume: number | null;
}

/** The hypervolume reference shared by the runs of one hypervolume group in a batch. */
export interface CommonReference {
  /** The group (`BatchEntry.hypervolumeGroup`): the scenario file, or a weights variant's copy. */
  scenario: string;
  /** Per objective, natural units: the least demanding of the runs' own references. */
  reference: Record<string, number>;
  /** Per objective: the largest of the runs' own scales. */
  scale: Record<string, number>;
}

export interface BatchResult {
  outDir: string;
  entries: BatchEntry[];
  /** One per hypervolume group with at least one front. */
  references: CommonReference[];
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
        ...(options.onActivity ? { onActivity: options.onActivity } : {}),
        ...(options.progressHeartbeatMs !== undefined ? { progressHeartbeatMs: options.progressHeartbeatMs } : {}),
      });
      outcome = { summary };
    } catch (error) {
      outcome = { error };
    }
    entries.push(await batchEntry(job, outcome));
  }
  const { summaryCsv, references } = await writeBatchSummary(plan, entries);
  return { outDir, entries, references, summaryCsv };
}

/** How one job of a batch ended: the run's summary, or why it failed. */
export type RunOutcome = { summary: RunSummary } | { error: unknown };

/** The summary.csv row of a job whose run ended (the queued batch builds its rows with it too). */
export async function batchEntry(job: BatchJob, outcome: RunOutcome): Promise<BatchEntry> {
  const entry: BatchEntry = {
    scenario: job.scenario,
    variant: job.variant,
    hypervolumeGroup: job.hypervolumeGroup ?? job.scenario,
    seed: job.seed,
    dir: job.dir,
    status: 'failed',
    error: null,
    summary: null,
    best: {},
    compromise: {},
    hypervolume: null,
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

/**
 * Write `<batch>/summary.csv` for these entries (in plan order), after measuring every front
 * against its scenario's common reference (which sets `entry.hypervolume`). Returns its path and
 * the references.
 */
export async function writeBatchSummary(
  plan: Pick<BatchPlan, 'outDir' | 'variants'>,
  entries: BatchEntry[],
): Promise<{ summaryCsv: string; references: CommonReference[] }> {
  const { outDir } = plan;
  const references = commonReferences(entries);
  const objectiveIds = [...new Set(entries.flatMap((e) => e.summary?.objectives.map((o) => o.id) ?? []))];
  const header = [
    'scenario',
    ...(plan.variants ? ['variant'] : []),
    'seed',
    'status',
    'generations',
    'evaluations',
    'hypervolume',
    'run_hypervolume',
    'front_size',
    ...objectiveIds.map((id) => `best_${id}`),
    ...objectiveIds.map((id) => `compromise_${id}`),
    ...objectiveIds.map((id) => `hv_reference_${id}`),
    'run_dir',
    'error',
  ];
  const referenceOf = new Map(references.map((ref) => [ref.scenario, ref]));
  const rows = entries.map((e) => [
    path.basename(e.scenario),
    ...(plan.variants ? [e.variant] : []),
    e.seed,
    e.status,
    e.summary?.generation ?? null,
    e.summary?.evaluations ?? null,
    e.hypervolume,
    e.summary?.hypervolume ?? null,
    e.summary?.frontSize ?? null,
    ...objectiveIds.map((id) => e.best[id] ?? null),
    ...objectiveIds.map((id) => e.compromise[id] ?? null),
    ...objectiveIds.map((id) =>
      e.hypervolume === null ? null : (referenceOf.get(e.hypervolumeGroup)?.reference[id] ?? null),
    ),
    path.relative(outDir, e.dir),
    e.error,
  ]);
  const summaryCsv = path.join(outDir, 'summary.csv');
  await writeAtomic(summaryCsv, toCsv(header, rows));
  return { summaryCsv, references };
}

type FrontTable = Pick<LoadedFront, 'manifest' | 'table'>;

/**
 * The table and manifest of each entry's front, read once by {@link batchEntry} and used again by
 * the summary's common references. Only these are kept (not the layouts), to bound memory.
 */
const frontTables = new WeakMap<BatchEntry, FrontTable>();

async function fillFrontFacts(entry: BatchEntry): Promise<void> {
  if (!entry.summary?.highlights) return;
  const front = await loadFront(entry.dir);
  frontTables.set(entry, { manifest: front.manifest, table: front.table });
  const objectives = front.manifest.objectives;
  objectives.forEach((o, j) => {
    const column = front.table.map((row) => row[1 + j]!);
    entry.best[o.id] = o.direction === 'maximize' ? Math.max(...column) : Math.min(...column);
    entry.compromise[o.id] = front.table[front.manifest.front!.highlights.knee]![1 + j]!;
  });
}

/**
 * One hypervolume reference per hypervolume group (a scenario's seeds, and its variants that keep
 * its objectives), so the runs of a group compare: each run fixed its
 * own at its first generation (the initial population's nadir plus 10 % of its spread, in
 * minimisation form; docs/run-folder.md); the common one takes, per objective, the least
 * demanding of them (the largest in minimisation form, so every run's own box lies inside it)
 * and the largest scale. Each front's hypervolume against it, divided by the product of the
 * scales, goes into `entry.hypervolume`.
 */
function commonReferences(entries: BatchEntry[]): CommonReference[] {
  const references: CommonReference[] = [];
  for (const group of new Set(entries.map((e) => e.hypervolumeGroup))) {
    const fronts = new Map<BatchEntry, FrontTable>();
    for (const entry of entries) {
      const front = entry.hypervolumeGroup === group ? frontTables.get(entry) : undefined;
      if (front?.manifest.hypervolume) fronts.set(entry, front);
    }
    const runs = [...fronts.keys()];
    if (runs.length === 0) continue;
    const manifests = runs.map((e) => fronts.get(e)!.manifest);
    const objectives = manifests[0]!.objectives;
    const signs = objectives.map((o) => (o.direction === 'maximize' ? -1 : 1));
    const reference = objectives.map((_, j) => Math.max(...manifests.map((m) => m.hypervolume!.reference[j]!)));
    const scale = objectives.map((_, j) => Math.max(...manifests.map((m) => m.hypervolume!.scale[j]!)));
    const volumeUnit = scale.reduce((product, s) => product * s, 1);
    for (const entry of runs) {
      const points = fronts.get(entry)!.table.map((row) => objectives.map((_, j) => signs[j]! * row[1 + j]!));
      entry.hypervolume = hypervolume(points, reference) / volumeUnit;
    }
    references.push({
      scenario: group,
      reference: Object.fromEntries(objectives.map((o, j) => [o.id, signs[j]! * reference[j]!])),
      scale: Object.fromEntries(objectives.map((o, j) => [o.id, scale[j]!])),
    });
  }
  return references;
}
