/**
 * The summary of a run read back from its folder: what `runScenario` and `resumeRun` return when
 * the run ends, for a run that ended earlier (a queued job handed a folder its run completed).
 */
import path from 'node:path';
import { RunInputError } from './errors.js';
import { readHistory } from './history.js';
import { RUN_FILES, findDamagedFiles, readManifest, repairAdvice } from './run-folder.js';
import type { RunSummary } from './runner.js';

/**
 * Read the summary of the run in `dir`; equal, field for field, to what the run returned (its
 * elapsed time aside, which counts only generations).
 * @throws RunInputError when the folder is damaged (`resumeRun` repairs it)
 */
export async function readRunSummary(dir: string): Promise<RunSummary> {
  const folder = path.resolve(dir);
  const manifest = await readManifest(folder);
  const damaged = await findDamagedFiles(folder, manifest);
  if (damaged.length > 0) {
    throw new RunInputError(
      `The ${damaged[0]!.what} of run ${folder} is ${damaged[0]!.problem}. ${repairAdvice(folder)}`,
    );
  }
  const history = await readHistory(path.join(folder, RUN_FILES.history), manifest);
  const front = manifest.front;
  const extremes: Record<string, number> = {};
  if (front) manifest.objectives.forEach((o, j) => (extremes[o.id] = front.highlights.extremes[j]!));
  return {
    dir: folder,
    status: manifest.status,
    scenarioName: manifest.scenario.name,
    generation: manifest.progress.generation,
    generations: manifest.parameters.generations,
    evaluations: manifest.progress.evaluations,
    elapsedMs: manifest.progress.elapsedMs,
    hypervolume: history.at(-1)?.hypervolume ?? null,
    frontSize: front?.rows ?? 0,
    objectives: manifest.objectives,
    highlights: front ? { extremes, knee: front.highlights.knee } : null,
    ...(manifest.steering?.objectiveBounds ? { objectiveBounds: manifest.steering.objectiveBounds } : {}),
  };
}
