/**
 * Layouts a planner would put on the table (issue 14), on riverbend-balanced with the demo's budget:
 *
 * - `landuse plans riverbend-balanced`: one NSGA-II run as the runner builds it (population 60 x
 *   150 generations, seed 42, regions, parsimony, the memetic step), then the single-objective
 *   baseline (runs/single.ts) for every objective with the same number of evaluations, from
 *   today's layout and from the front's best layout. Records each extreme's value against the
 *   baseline's best (`ratio.<objective>` = extreme / baseline, and the shortfall relative to the
 *   baseline's gain over today's repaired layout), the changed area, patches and share of patch
 *   outline on map edges (plan-metrics.ts) of the extremes and the knee.
 * - `landuse generation time riverbend-balanced`: CPU time per generation of the same run with and
 *   without the improvement step (parsimony reversion and memetic search), alternating which goes
 *   first, in one bench run; `growth` is the ratio of the medians over generations 2..G, and
 *   `reversionShare` / `searchShare` each step's share of the full run's time.
 *
 * Writes bench/results/landuse-plans.md and landuse-time.md (committed) besides the usual JSON.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmark, median } from './harness.js';
import { planMetrics, type PlanMetrics } from './plan-metrics.js';
import {
  createLandUseProblem,
  prepareScenario,
  scenarioProblemOptions,
  type PreparedScenario,
} from '../engine/src/landuse/index.js';
import { createRandom, MaxGenerations, NSGA2 } from '../engine/src/optimizer/index.js';
import { frontHighlights } from '../engine/src/decision/front-analysis.js';
import { runEvaluationBudget, DEFAULT_SINGLE_PATIENCE } from '../engine/src/runs/single.js';
import { polishArchiveExtremes } from '../engine/src/runs/polish.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scenarioPath = path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');
const resultsDir = path.join(repoRoot, 'bench/results');

interface RunOutcome {
  readonly setup: ReturnType<typeof createLandUseProblem>;
  readonly archive: NonNullable<ReturnType<NSGA2<Uint8Array>['result']>['archive']>;
  readonly generationCpuMs: number[];
  readonly totalCpuMs: number;
  readonly polishMs: number;
}

/**
 * One run; with `polish`, each objective's best is then polished into the archive as the runner
 * does at the end of a complete run (runs/polish.ts), and `polishMs` is its CPU time.
 */
async function runOnce(
  prepared: PreparedScenario,
  generations: number,
  improvement: boolean,
  polish = false,
): Promise<RunOutcome> {
  const area = prepared.studyArea;
  const o = prepared.scenario.optimizer;
  const setup = createLandUseProblem(area, {
    ...scenarioProblemOptions(o, area),
    ...(improvement ? {} : { parsimony: false }),
  });
  const generationCpuMs: number[] = [];
  let last = process.cpuUsage();
  const start = last;
  const nsga2 = new NSGA2<Uint8Array>(setup.problem, {
    populationSize: o.population,
    seed: o.seed,
    sampling: setup.sampling,
    crossover: setup.crossover,
    mutation: setup.mutation,
    repair: setup.repair,
    ...(improvement
      ? {
          improvement: setup.improvement,
          intensification: { every: o.localSearch.every, budget: o.localSearch.evaluations },
        }
      : {}),
    termination: new MaxGenerations(generations),
    archive: { capacity: Math.max(200, 2 * o.population) },
    observers: [
      () => {
        const now = process.cpuUsage();
        generationCpuMs.push((now.user - last.user + now.system - last.system) / 1000);
        last = now;
      },
    ],
  });
  nsga2.runSync();
  const end = process.cpuUsage();
  const polishStart = process.cpuUsage();
  if (polish) await polishArchiveExtremes(setup, nsga2, o.localSearch.polish, o.seed);
  const polishCpu = process.cpuUsage(polishStart);
  const polishMs = (polishCpu.user + polishCpu.system) / 1000;
  const result = nsga2.result();
  return {
    setup,
    polishMs,
    archive: result.archive!,
    generationCpuMs,
    totalCpuMs: (end.user - start.user + end.system - start.system) / 1000,
  };
}

interface PlansState {
  prepared: PreparedScenario;
  report: string[];
}

interface Described {
  readonly objectives: number[];
  readonly metrics: PlanMetrics;
}

benchmark<PlansState>({
  name: 'landuse plans riverbend-balanced',
  params: { scenario: 'riverbend-balanced', population: 60, generations: 150, seed: 42 },
  repetitions: 1,
  warmup: 0,
  setup: async () => ({ prepared: await prepareScenario(scenarioPath), report: [] }),
  run: async (state, context) => {
    const { prepared } = state;
    const area = prepared.studyArea;
    const o = prepared.scenario.optimizer;
    const run = await runOnce(prepared, o.generations, true, true);
    const { setup, archive, polishMs } = run;
    context.record('runCpuMs', run.totalCpuMs);
    context.record('polishMs', polishMs);
    const n = area.geneCells.length;
    const M = setup.problem.numberOfObjectives;
    const ids = setup.metadata.objectiveIds;
    const lines = [area.layers.roads!];
    const highlights = frontHighlights(archive.objectives, archive.size, setup.problem.directions);
    const describe = (row: number): Described => ({
      objectives: Array.from(archive.objectives.subarray(row * M, (row + 1) * M)),
      metrics: planMetrics(area, archive.variables.subarray(row * n, (row + 1) * n), lines),
    });
    const knee = describe(highlights.knee);
    const extremes = highlights.extremes.map(describe);
    // The baseline: same evaluations, from today's layout (repaired) and from the front's best.
    const budget = runEvaluationBudget(prepared);
    const today = new Uint8Array(n);
    setup.sampling.sampleRow(today, 0, createRandom(o.seed));
    const out = new Float64Array(M);
    setup.evaluator.evaluate(today, out);
    const todayObjectives = Array.from(out);
    const table: string[] = [];
    ids.forEach((id, m) => {
      const starts = [
        today.slice(),
        archive.variables.slice(highlights.extremes[m]! * n, (highlights.extremes[m]! + 1) * n),
      ];
      const values = starts.map((row, k) => {
        const outcome = setup.search.run(row, createRandom(o.seed + 100 * m + k), m, {
          evaluations: budget,
          patience: DEFAULT_SINGLE_PATIENCE,
        });
        setup.evaluator.evaluate(row, out);
        return { value: out[m]!, ...outcome };
      });
      const baseline = Math.max(values[0]!.value, values[1]!.value);
      const extreme = extremes[m]!.objectives[m]!;
      const ratio = extreme / baseline;
      const gainShortfall = (baseline - extreme) / (baseline - todayObjectives[m]!);
      context.record(`ratio.${id}`, ratio);
      context.record(`gainShortfall.${id}`, gainShortfall);
      context.record(`baseline.${id}`, baseline);
      context.record(`extreme.${id}`, extreme);
      table.push(
        `| ${id} | ${extreme.toFixed(3)} | ${values[0]!.value.toFixed(3)} (${values[0]!.evaluations} ev.${values[0]!.converged ? ', converged' : ''}) | ${values[1]!.value.toFixed(3)} (${values[1]!.evaluations} ev.${values[1]!.converged ? ', converged' : ''}) | ${(100 * ratio).toFixed(2)} % | ${(100 * gainShortfall).toFixed(2)} % |`,
      );
    });
    const plans: string[] = [];
    const plan = (label: string, d: Described) => {
      plans.push(
        `| ${label} | ${d.objectives.map((v) => v.toFixed(2)).join(' / ')} | ${d.metrics.changedHa.toFixed(1)} | ${d.metrics.patches} (${d.metrics.tinyPatches} of 1-2 cells) | ${(100 * d.metrics.mapEdgeShare).toFixed(1)} % |`,
      );
      context.record(`changedHa.${label}`, d.metrics.changedHa);
      context.record(`patches.${label}`, d.metrics.patches);
      context.record(`mapEdgeShare.${label}`, d.metrics.mapEdgeShare);
    };
    ids.forEach((id, m) => plan(`best ${id}`, extremes[m]!));
    plan('knee', knee);
    context.record('archive', archive.size);
    context.record('baselineBudget', budget);
    state.report = [
      `# Extremes against the single-objective baseline`,
      '',
      `NSGA-II as the runner builds it (population ${o.population} x ${o.generations} generations, seed ${o.seed}),`,
      o.localSearch.polish > 0
        ? `archive of ${archive.size} layouts after the final polish of each objective's best (up to ${o.localSearch.polish} moves each;` +
          ` the run took ${(run.totalCpuMs / 1000).toFixed(1)} s of CPU, the polish ${(polishMs / 1000).toFixed(1)} s more, once per run).`
        : `archive of ${archive.size} layouts, no final polish (the scenario's default; the run took ${(run.totalCpuMs / 1000).toFixed(1)} s of CPU).`,
      `Baseline: first-improvement local search, ${budget} evaluations per start`,
      `(${o.population * o.generations} full evaluations of the run plus its local-search and polish budgets), or until ${DEFAULT_SINGLE_PATIENCE}`,
      "sampled moves in a row fail. Shortfall: (baseline - extreme) / (baseline - today's repaired layout).",
      '',
      '| objective | extreme | baseline from today | baseline from the extreme | extreme / best baseline | shortfall of the gain |',
      '|---|---|---|---|---|---|',
      ...table,
      '',
      '## Extremes and knee as plans',
      '',
      `Objectives ${ids.join(' / ')}; changed area of today's land use; changed patches; share of the patches'`,
      'outline (4-neighbour edges) that runs along a land-cover edge of today or a road (bench/plan-metrics.ts).',
      '',
      '| layout | objectives | changed ha | patches | outline on map edges |',
      '|---|---|---|---|---|',
      ...plans,
    ];
  },
  summarize: async (state) => writeReport('plans', state.report),
});

interface TimeState {
  prepared: PreparedScenario;
  samples: number;
  /** CPU ms of generations 2..G of every run, per arm, in run order. */
  off: number[][];
  on: number[][];
  totals: {
    reversionMs: number;
    searchMs: number;
    wallMs: number;
    rows: number;
    searches: number;
    evaluations: number;
    trialsSkipped: number;
    trials: number;
  };
}

/** The scenario's own budget (the demo's run), and the early part of it reported besides. */
const TIME_GENERATIONS = 150;
const EARLY_GENERATIONS = 40;

benchmark<TimeState>({
  name: 'landuse generation time riverbend-balanced',
  params: { scenario: 'riverbend-balanced', population: 60, generations: TIME_GENERATIONS, seed: 42 },
  repetitions: 2,
  warmup: 0,
  setup: async () => ({
    prepared: await prepareScenario(scenarioPath),
    samples: 0,
    off: [],
    on: [],
    totals: {
      reversionMs: 0,
      searchMs: 0,
      wallMs: 0,
      rows: 0,
      searches: 0,
      evaluations: 0,
      trialsSkipped: 0,
      trials: 0,
    },
  }),
  run: async (state, context) => {
    const order = state.samples++ % 2 === 0 ? [false, true] : [true, false];
    for (const improvement of order) {
      const start = performance.now();
      const run = await runOnce(state.prepared, TIME_GENERATIONS, improvement);
      const wallMs = performance.now() - start;
      const perGeneration = median(run.generationCpuMs.slice(1));
      (improvement ? state.on : state.off).push(run.generationCpuMs.slice(1));
      context.record(improvement ? 'cpuMsPerGenerationWith' : 'cpuMsPerGenerationWithout', perGeneration);
      if (improvement) {
        const t = run.setup.improvement.totals;
        const stats = run.setup.improvement.reversionStats;
        state.totals.reversionMs += t.reversionMs;
        state.totals.searchMs += t.searchMs;
        state.totals.wallMs += wallMs;
        state.totals.rows += t.rows;
        state.totals.searches += t.searches;
        state.totals.evaluations += t.evaluations;
        state.totals.trialsSkipped += stats?.trialsSkipped ?? 0;
        state.totals.trials += (stats?.singleTrials ?? 0) + (stats?.pairTrials ?? 0);
      }
    }
  },
  summarize: async (state, context) => {
    // Means over generations 2..G of every run: the memetic step runs every few generations, a median would skip it.
    const mean = (runs: number[][], generations: number) => {
      const values = runs.flatMap((run) => run.slice(0, generations - 1));
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    const off = mean(state.off, TIME_GENERATIONS);
    const on = mean(state.on, TIME_GENERATIONS);
    const growth = on / off;
    const earlyOff = mean(state.off, EARLY_GENERATIONS);
    const earlyOn = mean(state.on, EARLY_GENERATIONS);
    const earlyGrowth = earlyOn / earlyOff;
    const t = state.totals;
    const runs = state.on.length;
    context.record('cpuMsPerGenerationWithoutMean', off);
    context.record('cpuMsPerGenerationWithMean', on);
    context.record('growth', growth);
    context.record('growthFirst40', earlyGrowth);
    context.record('reversionShare', t.reversionMs / t.wallMs);
    context.record('searchShare', t.searchMs / t.wallMs);
    context.record('reversionMsPerRow', t.reversionMs / t.rows);
    context.record('searchEvaluations', t.evaluations);
    const percent = (value: number) => `${(100 * value).toFixed(1)} %`;
    await writeReport('time', [
      '# Land-use time per generation with parsimony and the memetic step',
      '',
      `Population 60, seed 42, one thread, the scenario's whole run (${TIME_GENERATIONS} generations, the demo's budget),`,
      `${runs} runs with and ${state.off.length} without the improvement step, alternating which goes first, in one bench`,
      `run. CPU time per generation, mean over generations 2..${TIME_GENERATIONS}; the first ${EARLY_GENERATIONS} generations`,
      '(when the archive admits the most new layouts, so the reversion runs most) are shown on their own.',
      '',
      `| generations | without | with | growth | reversion share | local-search share | reversion per layout | layouts reverted per generation |`,
      '|---|---|---|---|---|---|---|---|',
      `| 2..${TIME_GENERATIONS} | ${off.toFixed(0)} ms | ${on.toFixed(0)} ms | ${percent(growth - 1)} | ${percent(t.reversionMs / t.wallMs)} | ${percent(t.searchMs / t.wallMs)} | ${(t.reversionMs / t.rows).toFixed(2)} ms | ${(t.rows / (runs * TIME_GENERATIONS)).toFixed(1)} of 60 |`,
      `| 2..${EARLY_GENERATIONS} | ${earlyOff.toFixed(0)} ms | ${earlyOn.toFixed(0)} ms | ${percent(earlyGrowth - 1)} | | | | |`,
      '',
      `Shares are of the wall time of the runs with the step (${t.searches} searches, ${t.evaluations} move evaluations).`,
      'The reversion runs only on the layouts the archive would admit, before they enter (NSGA-II calls',
      "the improvement's `finish`); each reverted layout is then evaluated again, which the growth includes.",
      `Trials the reversion did not repeat in a later pass (nothing they depend on had changed): ${t.trialsSkipped}`,
      `of ${t.trials + t.trialsSkipped}.`,
    ]);
  },
});

/** Write one benchmark's section as its own committed file in bench/results. */
async function writeReport(name: string, lines: string[]): Promise<void> {
  const header = [
    `<!-- Written by bench/landuse-plans.bench.ts (npm run bench -- landuse). -->`,
    `Measured ${new Date().toISOString()} on ${process.platform}-${process.arch}, Node ${process.version}.`,
    '',
  ];
  await writeFile(
    path.join(resultsDir, `landuse-${name}.md`),
    [...lines.slice(0, 1), '', ...header, ...lines.slice(2)].join('\n') + '\n',
  );
}
