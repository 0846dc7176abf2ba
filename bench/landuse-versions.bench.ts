/**
 * Front quality against the previous version (issue 14): today's engine on the scenario the
 * previous version ran (bench/fixtures/wave1: riverbend-balanced as of f08843e, before maxChange,
 * resistance, regions, parsimony and the memetic step) with the demo's budget and seed, against the
 * front that version found (committed). Both fronts are measured against one common reference:
 * each objective normalised to [0, 1] over the union of the two fronts (worst to best), reference
 * 0.1 beyond the worst. `hvRatio` = today / previous; above 1 means today's front is better.
 * Writes bench/results/landuse-versions.md (committed).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmark } from './harness.js';
import { hypervolume } from '../engine/src/optimizer/index.js';
import { runScenario } from '../engine/src/runs/runner.js';
import { loadFront } from '../engine/src/runs/front-io.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(repoRoot, 'bench/fixtures/wave1');
const resultsDir = path.join(repoRoot, 'bench/results');

/** Hypervolume of maximised fronts against a reference shared by all of them (see the file comment). */
export function commonHypervolumes(fronts: readonly (readonly number[][])[]): number[] {
  const m = fronts[0]![0]!.length;
  const all = fronts.flat();
  const worst = Array.from({ length: m }, (_, j) => Math.min(...all.map((p) => p[j]!)));
  const best = Array.from({ length: m }, (_, j) => Math.max(...all.map((p) => p[j]!)));
  // Minimisation form: 1 - normalised value; the reference lies 0.1 beyond the worst (1.1).
  const reference = new Array<number>(m).fill(1.1);
  return fronts.map((front) =>
    hypervolume(
      front.map((p) => p.map((v, j) => 1 - (v - worst[j]!) / (best[j]! - worst[j]! || 1))),
      reference,
    ),
  );
}

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
