/**
 * The run the city-region benches open (app-large, explain-large): a 2000 x 2000 front in a new
 * temporary home folder. By default a short run (population 10 x 2 generations) of the
 * generator's `--size 2000 --cell 25` Riverbend, so the front has a few layouts; with
 * `PARETOPLAN_BENCH_RUN=<run dir>`, that run instead (a full run's front has about 200 layouts;
 * its scenario must still be where the run found it).
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runScenario } from '../engine/src/api/index.js';
import { writeScaledStudyArea } from '../gis-data/generator/generate.js';
import { DEFAULT_SEED } from '../gis-data/generator/riverbend.js';

export const LARGE_SIDE = 2000;
export const LARGE_CELL_M = 25;
/** The short run's size. */
export const SHORT_RUN = { population: 10, generations: 2 } as const;

export interface LargeRun {
  /** A new temporary folder for the bench's own files (the caller removes it). */
  readonly home: string;
  readonly run: string;
}

export async function largeRun(prefix: string): Promise<LargeRun> {
  const home = await mkdtemp(path.join(os.tmpdir(), prefix));
  const given = process.env.PARETOPLAN_BENCH_RUN;
  if (given) return { home, run: path.resolve(given) };
  const data = path.join(home, 'data');
  await writeScaledStudyArea(DEFAULT_SEED, LARGE_SIDE, data, LARGE_CELL_M);
  const run = path.join(home, 'runs', 'large');
  await runScenario({
    scenario: path.join(data, 'riverbend-balanced.yaml'),
    outDir: run,
    ...SHORT_RUN,
    workers: 1,
  });
  return { home, run };
}
