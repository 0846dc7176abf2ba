/**
 * Front quality against the previous version (issue 14): today's engine on the scenario the
 * previous version ran (bench/fixtures/wave1: riverbend-balanced as of f08843e, before maxChange,
 * resistance, regions, parsimony and the memetic step) with the demo's budget and seed, against the
 * front that version found (committed). Both fronts are measured against one common reference:
 * each objective normalised to [0, 1] over the union of the two fronts (worst to best), reference
 * 0.1 beyond the worst. `hvRatio` = today / previous; above 1 means today's front is better.
 * Writes bench/results/landuse-versions.md (committed).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmark } from './harness.js';
import { commonHypervolumes } from './common-hypervolume.js';
import { runScenario } from '../engine/src/runs/runner.js';
import { loadFront } from '../engine/src/runs/front-io.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(repoRoot, 'bench/fixtures/wave1');
const resultsDir = path.join(repoRoot, 'bench/results');
const execFileAsync = promisify(execFile);

benchmark<{ previous: number[][]; out: string }>({
  name: 'landuse front vs previous version riverbend-balanced',
  params: { scenario: 'riverbend-balanced (f08843e)', population: 60, generations: 150, seed: 42 },
  repetitions: 1,
  warmup: 0,
  setup: async () => {
    const text = await readFile(path.join(fixtures, 'front-wave1.csv'), 'utf8');
    const previous = text
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map(Number));
    return { previous, out: await mkdtemp(path.join(os.tmpdir(), 'pareto-versions-')) };
  },
  run: async (state, context) => {
    await runScenario({
      scenario: path.join(fixtures, 'riverbend-balanced-wave1.yaml'),
      outDir: path.join(state.out, 'run'),
      workers: 1,
    });
    const front = await loadFront(path.join(state.out, 'run'));
    const m = front.manifest.objectives.length;
    const today = front.table.map((row) => row.slice(1, 1 + m));
    const [now, before] = commonHypervolumes([today, state.previous]);
    context.record('hvToday', now!);
    context.record('hvPrevious', before!);
    context.record('hvRatio', now! / before!);
    const best = (front: number[][], j: number) => Math.max(...front.map((p) => p[j]!));
    const lines = [
      '# Front quality against the previous version',
      '',
      '<!-- Written by bench/landuse-versions.bench.ts (npm run bench -- "previous version"). -->',
      `Measured ${new Date().toISOString()} on ${process.platform}-${process.arch}, Node ${process.version}.`,
      '',
      'riverbend-balanced as of f08843e (no change limit, no resistance), population 60 x 150 generations, seed 42;',
      'the previous front is committed in bench/fixtures/wave1. Hypervolume of each front with the objectives',
      'normalised over the union of both fronts, reference 0.1 beyond the worst value.',
      '',
      '| engine | layouts | hypervolume | best economic | best social | best ecological |',
      '|---|---|---|---|---|---|',
      `| previous (f08843e) | ${state.previous.length} | ${before!.toFixed(4)} | ${[0, 1, 2].map((j) => best(state.previous, j).toFixed(2)).join(' | ')} |`,
      `| today | ${today.length} | ${now!.toFixed(4)} | ${[0, 1, 2].map((j) => best(today, j).toFixed(2)).join(' | ')} |`,
      '',
      `Today / previous: ${(now! / before!).toFixed(3)}.`,
      '',
    ];
    await writeFile(path.join(resultsDir, 'landuse-versions.md'), lines.join('\n'));
  },
  teardown: async (state) => rm(state.out, { recursive: true, force: true }),
});

/** The commit before the issue-14 work (see bench/fixtures/wave1/README.md). */
const PREVIOUS_COMMIT = 'f08843e';
const TIME_RUNS = [
  { label: `previous engine (${PREVIOUS_COMMIT}), its riverbend-balanced`, engine: 'previous', scenario: 'wave1' },
  { label: `today's engine, riverbend-balanced as of ${PREVIOUS_COMMIT}`, engine: 'today', scenario: 'wave1' },
  { label: "today's engine, today's riverbend-balanced", engine: 'today', scenario: 'today' },
] as const;

interface TimeVersionsState {
  /** Where the previous commit's sources were extracted (with this repository's node_modules linked in). */
  previousRoot: string;
  out: string;
  /** Seconds per generation over generations 2..G, per entry of TIME_RUNS, one value per sample. */
  perGeneration: number[][];
  samples: number;
}

/** Seconds per generation of a finished run folder, over generations 2..G (history.csv's elapsed_s). */
async function secondsPerGeneration(runDir: string): Promise<number> {
  const rows = (await readFile(path.join(runDir, 'history.csv'), 'utf8')).trim().split('\n').slice(1);
  const elapsed = rows.map((line) => Number(line.split(',').at(-1)));
  return (elapsed.at(-1)! - elapsed[0]!) / (elapsed.length - 1);
}

benchmark<TimeVersionsState>({
  name: 'landuse time vs previous version riverbend-balanced',
  params: { scenario: 'riverbend-balanced', population: 60, generations: 150, seed: 42, workers: 1 },
  repetitions: 2,
  warmup: 0,
  setup: async () => {
    // The previous engine's own sources, from this repository's history (a clone has it).
    const previousRoot = await mkdtemp(path.join(os.tmpdir(), `pareto-${PREVIOUS_COMMIT}-`));
    const archive = path.join(previousRoot, 'sources.tar');
    await execFileAsync('git', [
      '-C',
      repoRoot,
      'archive',
      '--format=tar',
      '-o',
      archive,
      PREVIOUS_COMMIT,
      'engine',
      'package.json',
    ]);
    await execFileAsync('tar', ['-xf', archive, '-C', previousRoot]);
    await symlink(path.join(repoRoot, 'node_modules'), path.join(previousRoot, 'node_modules'), 'dir');
    return {
      previousRoot,
      out: await mkdtemp(path.join(os.tmpdir(), 'pareto-time-versions-')),
      perGeneration: TIME_RUNS.map(() => []),
      samples: 0,
    };
  },
  run: async (state, context) => {
    // Alternate the order between samples: the machine is shared, and later runs may find it busier.
    const order = TIME_RUNS.map((_, i) => i);
    if (state.samples++ % 2 === 1) order.reverse();
    for (const i of order) {
      const spec = TIME_RUNS[i]!;
      const root = spec.engine === 'previous' ? state.previousRoot : repoRoot;
      const scenario =
        spec.scenario === 'wave1'
          ? path.join(fixtures, 'riverbend-balanced-wave1.yaml')
          : path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');
      const runDir = path.join(state.out, `run-${i}-${state.samples}`);
      // Both engines from their sources through tsx, one worker, the scenario's own budget and seed.
      await execFileAsync(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(root, 'engine/src/cli/main.ts'),
          'run',
          scenario,
          '--out',
          runDir,
          '--workers',
          '1',
        ],
        { cwd: root, maxBuffer: 16 * 1024 * 1024 },
      );
      const seconds = await secondsPerGeneration(runDir);
      state.perGeneration[i]!.push(seconds);
      context.record(`msPerGeneration.${spec.engine}.${spec.scenario}`, 1000 * seconds);
    }
  },
  summarize: async (state, context) => {
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const [previous, todayOnPrevious, today] = state.perGeneration.map(mean) as [number, number, number];
    context.record('ratioTodayScenario', today / previous);
    context.record('ratioSameScenario', todayOnPrevious / previous);
    const percent = (ratio: number) => `${ratio >= 1 ? '+' : ''}${(100 * (ratio - 1)).toFixed(1)} %`;
    const lines = [
      '# Time per generation against the previous version',
      '',
      '<!-- Written by bench/landuse-versions.bench.ts (npm run bench -- "previous version"). -->',
      `Measured ${new Date().toISOString()} on ${process.platform}-${process.arch}, Node ${process.version}.`,
      '',
      `Population 60 x 150 generations, seed 42, one worker, each engine's CLI from its sources (the previous one`,
      `extracted from this repository's history at ${PREVIOUS_COMMIT}); wall time per generation over generations 2..150`,
      `from history.csv, mean of ${state.samples} runs each, alternating the order, in one bench run.`,
      '',
      '| engine and scenario | per generation | against the previous engine |',
      '|---|---|---|',
      ...TIME_RUNS.map((spec, i) => {
        const value = mean(state.perGeneration[i]!);
        return `| ${spec.label} | ${(1000 * value).toFixed(0)} ms | ${i === 0 ? '' : percent(value / previous)} |`;
      }),
      '',
      "Today's engine runs the parsimony reversion on every layout the archive admits and the memetic step",
      'every 10 generations (their shares: landuse-time.md). On the scenario as it was (no change limit) its',
      'layouts change far more land, so the reversion has more patches to try.',
      '',
    ];
    await writeFile(path.join(resultsDir, 'landuse-time-versions.md'), lines.join('\n'));
  },
  teardown: async (state) => {
    await rm(state.out, { recursive: true, force: true });
    await rm(state.previousRoot, { recursive: true, force: true });
  },
});
