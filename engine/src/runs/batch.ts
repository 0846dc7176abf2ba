/**
 * Batches: several scenarios and seeds, one run folder each, continuing past a failed run, and a
 * summary table (summary.csv) comparing the fronts: hypervolume against one reference per
 * scenario (so the seeds of a scenario compare), the best value of each objective, and the
 * compromise's values.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { toCsv } from './csv.js';
import { RunInputError } from './errors.js';
import { hypervolume } from '../optimizer/index.js';
import { loadFront, type LoadedFront } from './export.js';
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
  /** The compromise's objective values, by objective id. */
  compromise: Record<string, number>;
  /**
   * Hypervolume of the front against the reference common to this scenario's runs in the batch
   * ({@link BatchResult.references}); null without a front. `summary.hypervolume` is the run's own.
   */
  hypervolume: number | null;
}

/** The hypervolume reference shared by the runs of one scenario in a batch. */
export interface CommonReference {
  scenario: string;
  /** Per objective, natural units: the least demanding of the runs' own references. */
  reference: Record<string, number>;
  /** Per objective: the largest of the runs' own scales. */
  scale: Record<string, number>;
}

export interface BatchResult {
  outDir: string;
  entries: BatchEntry[];
  /** One per scenario with at least one front. */
  references: CommonReference[];
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
  // Only the manifest and the table of each front are kept (not its layouts), to bound memory.
  const fronts = new Map<BatchEntry, FrontTable>();
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
      compromise: {},
      hypervolume: null,
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
      if (summary.highlights) {
        const { manifest, table } = await loadFront(dir);
        fronts.set(entry, { manifest, table });
      }
    } catch (error) {
      entry.error = error instanceof Error ? error.message.split('\n').join(' ') : String(error);
    }
    entries.push(entry);
  }
  for (const [entry, front] of fronts) fillFrontFacts(entry, front);
  const references = commonReferences(entries, fronts);
  const objectiveIds = [...new Set(entries.flatMap((e) => e.summary?.objectives.map((o) => o.id) ?? []))];
  const header = [
    'scenario',
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
  const referenceOf = new Map(references.map((r) => [r.scenario, r]));
  const rows = entries.map((e) => [
    path.basename(e.scenario),
    e.seed,
    e.status,
    e.summary?.generation ?? null,
    e.summary?.evaluations ?? null,
    e.hypervolume,
    e.summary?.hypervolume ?? null,
    e.summary?.frontSize ?? null,
    ...objectiveIds.map((id) => e.best[id] ?? null),
    ...objectiveIds.map((id) => e.compromise[id] ?? null),
    ...objectiveIds.map((id) => (e.hypervolume === null ? null : (referenceOf.get(e.scenario)?.reference[id] ?? null))),
    path.relative(outDir, e.dir),
    e.error,
  ]);
  const summaryCsv = path.join(outDir, 'summary.csv');
  await writeAtomic(summaryCsv, toCsv(header, rows));
  return { outDir, entries, references, summaryCsv };
}

type FrontTable = Pick<LoadedFront, 'manifest' | 'table'>;

function fillFrontFacts(entry: BatchEntry, front: FrontTable): void {
  const objectives = front.manifest.objectives;
  objectives.forEach((o, j) => {
    const column = front.table.map((row) => row[1 + j]!);
    entry.best[o.id] = o.direction === 'maximize' ? Math.max(...column) : Math.min(...column);
    entry.compromise[o.id] = front.table[front.manifest.front!.highlights.knee]![1 + j]!;
  });
}

/**
 * One hypervolume reference per scenario, so the seeds of a scenario compare: each run fixed its
 * own at its first generation (the initial population's nadir plus 10 % of its spread, in
 * minimisation form; docs/run-folder.md); the common one takes, per objective, the least
 * demanding of them (the largest in minimisation form, so every run's own box lies inside it)
 * and the largest scale. Each front's hypervolume against it, divided by the product of the
 * scales, goes into `entry.hypervolume`.
 */
function commonReferences(entries: BatchEntry[], fronts: Map<BatchEntry, FrontTable>): CommonReference[] {
  const references: CommonReference[] = [];
  for (const scenario of new Set(entries.map((e) => e.scenario))) {
    const runs = entries.filter((e) => e.scenario === scenario && fronts.has(e) && fronts.get(e)!.manifest.hypervolume);
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
      scenario,
      reference: Object.fromEntries(objectives.map((o, j) => [o.id, signs[j]! * reference[j]!])),
      scale: Object.fromEntries(objectives.map((o, j) => [o.id, scale[j]!])),
    });
  }
  return references;
}
