/**
 * City-region scale (issue 20), shortened runs extrapolated to the budgets, and the
 * per-generation speed-up of 2 workers on the demo next to the two-busy-loops check.
 *
 * - `large grid NxN`: Riverbend resampled by the generator (`npm run generate -- --size N`,
 *   gis-data/generator/scale.ts) and its balanced scenario, run through the CLI's runner
 *   (`runScenario`, checkpoints included) for a few generations on ONE worker, so that every
 *   phase runs on the main thread and is timed (bench/generation-phases.ts). Records the time of
 *   the first and of a later generation, the share of a later generation outside evaluation, and
 *   the 1-worker time of the budget (population 100; 100 generations at 1000 x 1000, 300
 *   at 2000 x 2000) extrapolated from them (a generation's time scaled by 100 / population). Two
 *   workers are not measured at these sizes here: with the reversion and local search in the
 *   workers, the main thread keeps the variation, duplicate checks, archive, survival and the
 *   runner's writes (their shares are recorded), so 2 workers take a little over half.
 *   The memetic step runs every 10th generation (as do checkpoints): the 1000 x 1000 run's 11
 *   generations include one, and the bench records what it costs against a generation's
 *   evaluations and how its work units compare with an evaluation's time (the calibration of
 *   FULL_EVALUATION_WORK_PER_CELL), besides the share outside evaluation of the median generation
 *   without it.
 * - `demo 1 vs 2 workers per generation`: riverbend-balanced (population 60) with 1 and 2 workers,
 *   in three alternating pairs of runs (PP_BENCH_DEMO_PAIRS), the median time of a later
 *   generation for each, with the two-busy-loops check just before each pair and after the last.
 *   Each pair's speed-up and check are recorded (`pairNSpeedup`, `pairNBusyLoopsRatio`); the
 *   headline is the median pair's (`speedupPerGeneration`, its check `busyLoopsRatioBefore`),
 *   next to the pair run on the freest cores. The issue wants >= 1.8x when the check reads <=
 *   1.05; on a loaded machine the check says how far the cores were from free. The 2-worker run
 *   also records the share of a generation left on the main thread (the serial share). Next to the busy loops, the
 *   same check on the engine's own work (two one-worker pools evaluating the demo's layouts at
 *   once against one alone, bench/workload-contention.ts): what two workers cost each other on
 *   this machine however the generation is organised, and the speed-up it leaves (2 / ratio).
 *
 * Shorten further with PP_BENCH_LARGE_GENERATIONS / PP_BENCH_LARGE_POPULATION.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeScaledStudyArea } from '../gis-data/generator/generate.js';
import { DEFAULT_SEED } from '../gis-data/generator/riverbend.js';
import {
  laterGenerations,
  NESTED_PHASES,
  outsideEvaluation,
  profileGenerations,
  PHASES,
  type GenerationPhases,
} from './generation-phases.js';
import { benchmark, median } from './harness.js';
import { FULL_EVALUATION_WORK_PER_CELL } from '../engine/src/landuse/objectives/incremental.js';
import { twoBusyLoopsRatio } from './machine.js';
import { twoWorkloadsRatio } from './workload-contention.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demoScenario = path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');
/** The demo scenario's budget (scenarios/riverbend-balanced.yaml) and the first generations counted as warm-up. */
const DEMO_GENERATIONS = 150;
const WARM_UP_GENERATIONS = 30;
const population = Number(process.env.PP_BENCH_LARGE_POPULATION ?? 100);
/**
 * Generations of the shortened runs: 11 at 1000 x 1000, so that the later ones include a memetic
 * step and a checkpoint (both every 10 generations by default), as a generation of a whole run does
 * one time in ten; 5 at 2000 x 2000.
 */
const generationsFor = (side: number) => Number(process.env.PP_BENCH_LARGE_GENERATIONS ?? (side <= 1000 ? 11 : 5));
/** The population of the budgets (100 x 100 and 100 x 300 generations). */
const BUDGET_POPULATION = 100;

/** Phases of a later generation that are not evaluating a layout. */
const NOT_EVALUATION = PHASES.filter(
  (p) => p !== 'evaluation' && p !== 'reports' && p !== 'workers' && p !== 'polish' && !NESTED_PHASES.includes(p),
);

interface LargeGridState {
  readonly dir: string;
  readonly scenario: string;
}

/** Records of one shortened run; `budget` generations extrapolated from it. */
function recordRun(
  run: GenerationPhases,
  budget: number,
  cells: number,
  record: (name: string, value: number) => void,
): void {
  const later = laterGenerations(run);
  const n = run.generationMs.length - 1;
  const laterMs = later.wallMs / n;
  record('setupMs', run.setupMs);
  record('firstGenerationMs', run.generationMs[0]!);
  record('laterGenerationMs', laterMs);
  record('firstToLaterRatio', run.generationMs[0]! / laterMs);
  record('polishMs', later.polishMs);
  record('evaluationMsPerLayout', later.phases.evaluation / n / population);
  for (const phase of NOT_EVALUATION) record(`${phase}Share`, later.phases[phase] / later.wallMs);
  // Full evaluations count the front table's reports at a checkpoint (since 2026-12-06; in "rest"
  // before), and "any" also the trials' incremental evaluations: the reversion's, and since
  // 2026-12-06 the memetic searches' moves too (bench/generation-phases.ts, outsideEvaluation).
  const outside = outsideEvaluation(later.phases, later.wallMs);
  record('reportsShare', later.phases.reports / later.wallMs);
  record('shareOutsideEvaluation', outside.full);
  record('trialEvaluationShare', later.phases.trialEvaluation / later.wallMs);
  record('shareOutsideAnyEvaluation', outside.any);
  // The same share in the median generation without a memetic step (most generations of a run).
  const steps = run.memetic.generations;
  const ordinary = run.phaseMs
    .map((phases, g) => ({ phases, g, wall: run.generationMs[g]! }))
    .filter(({ phases, g }) => g > 0 && !steps.includes(g) && phases.polish === 0);
  if (ordinary.length > 0) {
    record(
      'shareOutsideEvaluationOrdinary',
      median(ordinary.map(({ phases, wall }) => outsideEvaluation(phases, wall).full)),
    );
    record(
      'shareOutsideAnyEvaluationOrdinary',
      median(ordinary.map(({ phases, wall }) => outsideEvaluation(phases, wall).any)),
    );
  }
  // What a memetic step costs against a generation's evaluations, and the calibration of its bound:
  // an evaluation in the loop per cell against a work unit of the searches (the bound counts
  // FULL_EVALUATION_WORK_PER_CELL units a cell for a full evaluation,
  // engine/src/landuse/objectives/incremental.ts).
  if (run.memetic.work > 0 && steps.length > 0) {
    const evaluationMsPerGeneration = later.phases.evaluation / n;
    const evaluationNsPerCell = (later.phases.evaluation / n / population / cells) * 1e6;
    const unitNs = (run.memetic.ms / run.memetic.work) * 1e6;
    record('memeticStepMs', run.memetic.ms / steps.length);
    record('memeticStepInGenerationsOfEvaluation', run.memetic.ms / steps.length / evaluationMsPerGeneration);
    record('memeticWorkUnitNs', unitNs);
    record('evaluationNsPerCell', evaluationNsPerCell);
    record('measuredWorkUnitsPerCell', evaluationNsPerCell / unitNs);
    record('fullEvaluationWorkPerCell', FULL_EVALUATION_WORK_PER_CELL);
  }
  // The budgets are for population 100: generations scale with the population.
  const scale = BUDGET_POPULATION / population;
  // Storage: the issue bounds the run folder at 200 MB for an archive of 200 layouts.
  record('layoutsMBPer200Layouts', (200 * run.folder.layoutsBytesPerLayout) / 1e6);
  record('checkpointMB', run.folder.checkpointBytes / 1e6);
  record('runFolderMB', run.folder.bytes / 1e6);
  // Memory: the archive's layouts as the run keeps them (their changes against today's map) and as genomes.
  if (run.archive.members > 0) {
    record('archiveMBPer200Layouts', (200 * run.archive.bytes) / run.archive.members / 1e6);
    record('archiveGenomeMBPer200Layouts', (200 * run.archive.genomeBytes) / run.archive.members / 1e6);
  }
  // Evaluation: the share of the layouts' changes whose sums came from a tile met before (tile-sums.ts).
  if (run.tiles.changes > 0) record('tileChangesFoundShare', run.tiles.changesFound / run.tiles.changes);
  record(
    'extrapolatedMinutes1w',
    (run.setupMs + scale * (run.generationMs[0]! + (budget - 1) * laterMs) + later.polishMs) / 60_000,
  );
}

for (const [side, budget, cellSize] of [
  [1000, 100, undefined],
  [2000, 300, 25],
] as const) {
  benchmark<LargeGridState>({
    name: `large grid ${side}x${side}: time per generation and share outside evaluation (1 worker, extrapolated to ${budget} generations)`,
    params: {
      cells: side * side,
      population,
      generations: generationsFor(side),
      budgetGenerations: budget,
      workers: 1,
    },
    repetitions: 1,
    warmup: 0,
    setup: async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), `pp-bench-large-${side}-`));
      await writeScaledStudyArea(DEFAULT_SEED, side, dir, cellSize);
      return { dir, scenario: path.join(dir, 'riverbend-balanced.yaml') };
    },
    run: async (state, context) => {
      const run = await profileGenerations(state.scenario, population, generationsFor(side));
      recordRun(run, budget, side * side, (name, value) => context.record(name, value));
      context.record('peakRssMB', process.resourceUsage().maxRSS / 1024);
    },
    teardown: (state) => rm(state.dir, { recursive: true, force: true }),
  });
}

// The demo's own budget (population 60, 150 generations), not a shorter run: each worker is a
// fresh V8 isolate whose code is compiled again and warms on half the rows, so two workers' first
// 30 generations gain less over one thread (1.0-1.6x in eight runs on 2026-12-06) than their later
// ones (1.5-1.8x); bench/results/large-grid.md.
// This shared host's load changes within minutes (the busy-loop check has read 1.1 and then 5.9
// within one bench run), and a 1-worker run followed by a 2-worker one put a burst in one of them
// only; so the bench runs DEMO_PAIRS pairs, alternating which goes first, each after its own
// busy-loop check, and reports every pair, their median and the pair run on the freest cores.
const DEMO_PAIRS = Number(process.env.PP_BENCH_DEMO_PAIRS ?? 3);

/** One pair of demo runs, 1 and 2 workers, and the busy-loop check just before it. */
interface DemoPair {
  readonly check: number;
  readonly one: GenerationPhases;
  readonly two: GenerationPhases;
}

/** Median generation after the first (which makes the initial population), and after the warm-up
 * window from `from`; the last generation also polishes each objective's best. */
const perGeneration = (run: GenerationPhases, from = 1) => median(run.generationMs.slice(from, -1));
const speedupOf = (pair: DemoPair) => perGeneration(pair.one) / perGeneration(pair.two);

benchmark<{ generations: number }>({
  name: 'large grid demo 1 vs 2 workers per generation, with the two-busy-loops check',
  params: {
    scenario: 'riverbend-balanced',
    population: 60,
    generations: DEMO_GENERATIONS,
    pairs: DEMO_PAIRS,
    cores: os.availableParallelism(),
  },
  repetitions: 1,
  warmup: 0,
  setup: () => ({ generations: DEMO_GENERATIONS }),
  run: async (state, context) => {
    // The same check on the engine's own work (bench/workload-contention.ts): two one-worker pools
    // evaluating the demo's layouts at once against one alone; 2 / ratio bounds the speed-up.
    const contention = await twoWorkloadsRatio(demoScenario);
    context.record('workloadContention2w', contention.ratio);
    context.record('speedupCeiling2w', 2 / contention.ratio);
    const pairs: DemoPair[] = [];
    for (let p = 0; p < DEMO_PAIRS; p++) {
      const check = await twoBusyLoopsRatio();
      const runOne = () => profileGenerations(demoScenario, 60, state.generations);
      const runTwo = () => profileGenerations(demoScenario, 60, state.generations, 10, undefined, 2);
      // Alternate which goes first, so that a drift of the host's load favours neither.
      let one: GenerationPhases;
      let two: GenerationPhases;
      if (p % 2 === 0) {
        one = await runOne();
        two = await runTwo();
      } else {
        two = await runTwo();
        one = await runOne();
      }
      pairs.push({ check, one, two });
      context.record(`pair${p + 1}BusyLoopsRatio`, check);
      context.record(`pair${p + 1}Speedup`, speedupOf(pairs[p]!));
    }
    context.record('busyLoopsRatioAfter', await twoBusyLoopsRatio());
    // The headline: the median pair's (by speed-up), and the pair on the freest cores.
    const byRatio = [...pairs].sort((a, b) => speedupOf(a) - speedupOf(b));
    const mid = byRatio[(byRatio.length - 1) >> 1]!;
    const quietest = [...pairs].sort((a, b) => a.check - b.check)[0]!;
    context.record('busyLoopsRatioBefore', mid.check);
    context.record('msPerGeneration1w', perGeneration(mid.one));
    context.record('msPerGeneration2w', perGeneration(mid.two));
    context.record('speedupPerGeneration', speedupOf(mid));
    context.record('speedupPerGenerationQuietestPair', speedupOf(quietest));
    context.record('busyLoopsRatioQuietestPair', quietest.check);
    context.record(
      'speedupPerGenerationFirst30',
      median(mid.one.generationMs.slice(1, WARM_UP_GENERATIONS)) /
        median(mid.two.generationMs.slice(1, WARM_UP_GENERATIONS)),
    );
    context.record(
      'speedupPerGenerationAfter30',
      perGeneration(mid.one, WARM_UP_GENERATIONS) / perGeneration(mid.two, WARM_UP_GENERATIONS),
    );
    const total = (run: GenerationPhases) => run.generationMs.reduce((a, b) => a + b, 0);
    context.record('speedupWholeRun', total(mid.one) / total(mid.two));
    // With 2 workers, the main thread's share of a later generation outside the workers' batches
    // (the offspring are made inside them, while the first chunks are evaluated).
    const later = laterGenerations(mid.two);
    context.record('serialShare2w', 1 - later.phases.workers / later.wallMs);
    const later1 = laterGenerations(mid.one);
    const outside1 = outsideEvaluation(later1.phases, later1.wallMs);
    context.record('outsideEvaluationShare1w', outside1.full);
    context.record('outsideAnyEvaluationShare1w', outside1.any);
  },
});
