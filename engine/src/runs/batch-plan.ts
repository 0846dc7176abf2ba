/**
 * The jobs of a batch: scenarios x variants x seeds, each with its run folder. One definition for
 * the local `batch` and the queued one (engine/src/distributed), so that both run the same jobs into
 * the same folders and list them in the same order in summary.csv.
 *
 * Run folders are named `<scenario>[--<variant>][-seed<N>]` inside the batch folder (naming.ts). With variants,
 * each scenario x variant is first written as a scenario file of its own,
 * `<batch>/variant-scenarios/<scenario>--<variant>.yaml` (landuse applyVariant), which is the file
 * the run reads and records; it is rewritten only when its text changes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  applyVariant,
  loadScenarioFile,
  loadVariantsFile,
  type VariantDocument,
  type VariantsSource,
} from '../landuse/index.js';
import { RunInputError } from './errors.js';
import { writeAtomic } from './files.js';
import { batchRunFolderName } from './naming.js';

/** The folder, inside a batch folder, of the scenario files written for variants. */
export const VARIANT_SCENARIOS_DIR = 'variant-scenarios';

export interface BatchJob {
  /** The scenario file the run reads: as given, or the variant's copy. */
  scenario: string;
  /** The variant's id, or null in a batch without variants. */
  variant: string | null;
  /** Null: the scenario's own seed. */
  seed: number | null;
  /** The run folder (absolute). */
  dir: string;
  /**
   * The runs whose fronts summary.csv measures against one common reference share this: the
   * scenario file as given, for its seeds and for those of its variants that keep its objectives
   * (no `weights`: other demands or optimiser settings, same objective functions); a variant that
   * changes weights measures other objectives and has its own (its copy's path). Absent in batch
   * records written before it existed: then `scenario`.
   */
  hypervolumeGroup?: string;
}

export interface BatchPlan {
  /** The batch folder (absolute). */
  outDir: string;
  /** In summary order: scenario, then variant, then seed. */
  jobs: BatchJob[];
  /** Whether the batch has variants (summary.csv then has a `variant` column). */
  variants: boolean;
}

export interface BatchPlanOptions {
  /** Scenario files, or folders whose scenarios are all run. */
  scenarios: string[];
  outDir: string;
  seeds?: number[];
  /** A variants file (landuse/scenario/variants.ts). */
  variants?: string;
}

/**
 * List the jobs of a batch; with variants, write each scenario x variant's scenario file.
 * @throws RunInputError when two jobs would share a run folder (two scenarios named alike, a seed twice)
 * @throws LandUseInputError for a variants file or a scenario it does not fit, with file and line
 */
export async function planBatch(options: BatchPlanOptions): Promise<BatchPlan> {
  const scenarios = await expandScenarioArguments(options.scenarios);
  const outDir = path.resolve(options.outDir);
  const seeds: (number | null)[] = options.seeds && options.seeds.length > 0 ? options.seeds : [null];
  const variants = options.variants ? await loadVariantsFile(options.variants) : null;
  const jobs: BatchJob[] = [];
  for (const scenario of scenarios) {
    const runs: ScenarioRun[] = variants
      ? await writeVariantScenarios(scenario, variants, outDir)
      : [{ scenario, variant: null, hypervolumeGroup: scenario }];
    for (const run of runs) {
      for (const seed of seeds) {
        const dir = path.join(outDir, batchRunFolderName(scenario, run.variant, seed));
        jobs.push({ ...run, seed, dir });
      }
    }
  }
  const byDir = new Map<string, BatchJob>();
  for (const job of jobs) {
    const other = byDir.get(job.dir);
    if (other) {
      throw new RunInputError(
        other.scenario === job.scenario
          ? `The batch runs ${job.scenario} twice with seed ${job.seed}: give each seed once.`
          : `${other.scenario} and ${job.scenario} would share the run folder ${job.dir}: give scenarios different file names.`,
      );
    }
    byDir.set(job.dir, job);
  }
  return { outDir, jobs, variants: variants !== null };
}

/** What the jobs of one scenario, or of one of its variants, share (every seed's job). */
type ScenarioRun = Required<Pick<BatchJob, 'scenario' | 'variant' | 'hypervolumeGroup'>>;

/** Each variant of one scenario as a scenario file of its own in the batch folder. */
async function writeVariantScenarios(
  scenario: string,
  variants: VariantsSource,
  outDir: string,
): Promise<ScenarioRun[]> {
  // A scenario that is itself invalid runs as given: its runs fail with its own problems, as without variants.
  const valid = await loadScenarioFile(scenario).then(
    () => true,
    () => false,
  );
  // Weights change what an objective measures; demands and optimiser settings do not.
  const groupOf = (variant: VariantDocument, file: string) =>
    Object.keys(variant.weights ?? {}).length > 0 ? file : scenario;
  if (!valid)
    return variants.variants.map((variant) => ({
      scenario,
      variant: variant.id,
      hypervolumeGroup: groupOf(variant, scenario),
    }));
  const text = await fs.readFile(scenario, 'utf8');
  const folder = path.join(outDir, VARIANT_SCENARIOS_DIR);
  await fs.mkdir(folder, { recursive: true });
  const written: ScenarioRun[] = [];
  for (const variant of variants.variants) {
    const file = path.join(folder, `${batchRunFolderName(scenario, variant.id, null)}.yaml`);
    const variantText = applyVariant(text, scenario, variants, variant);
    const current = await fs.readFile(file, 'utf8').catch(() => null);
    // Unchanged text keeps the file (and its hash, which a run resumed from it checks).
    if (current !== variantText) await writeAtomic(file, variantText);
    // The copy must be a valid scenario too (an override may break a rule); its own lines locate problems.
    await loadScenarioFile(file);
    written.push({ scenario: file, variant: variant.id, hypervolumeGroup: groupOf(variant, file) });
  }
  return written;
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
