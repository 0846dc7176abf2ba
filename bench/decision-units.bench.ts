/**
 * Decision units (issue 20): crossover and mutation on single cells against patches of today's
 * land cover. The genome holds a class per cell either way (the repair, demands and change limit
 * work on cells); what changes is the unit the variation moves: `optimizer.regions.size` "1 cells"
 * makes every cell its own region (the cell encoding's unit), the default cuts today's land-cover
 * patches, split along roads, to 5 ha, and a third variant to 20 ha.
 *
 * Each variant runs the same scenario, budget and seeds (a batch with a variants file, as
 * `paretoplan batch --variants` runs it, one worker). Per seed, the variants' fronts are measured
 * against one common reference (bench/common-hypervolume.ts); the bench records each variant's mean
 * hypervolume, mean wall time per run, front size and best value per objective, and the patches'
 * hypervolume and time as ratios to the cells'.
 *
 * Default: riverbend-balanced at the demo's budget (population 60, 150 generations), seeds 1-3.
 * PP_BENCH_UNITS_SIZE=1000 runs the generator's 1000 x 1000 Riverbend (6 m cells) at the issue's
 * budget there (population 100, 100 generations; about 5 minutes a run on one worker);
 * PP_BENCH_UNITS_SEEDS (e.g. "1,2"), PP_BENCH_UNITS_POPULATION and PP_BENCH_UNITS_GENERATIONS
 * override the rest.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeScaledStudyArea } from '../gis-data/generator/generate.js';
import { DEFAULT_SEED } from '../gis-data/generator/riverbend.js';
import { runBatch } from '../engine/src/runs/batch.js';
import { loadFront } from '../engine/src/runs/front-io.js';
import { commonHypervolumes } from './common-hypervolume.js';
import { benchmark } from './harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const side = Number(process.env.PP_BENCH_UNITS_SIZE ?? 0);
const seeds = (process.env.PP_BENCH_UNITS_SEEDS ?? '1,2,3').split(',').map(Number);
const population = Number(process.env.PP_BENCH_UNITS_POPULATION ?? (side > 0 ? 100 : 60));
const generations = Number(process.env.PP_BENCH_UNITS_GENERATIONS ?? (side > 0 ? 100 : 150));

/** The variants, in the order of the records; the first is the baseline of the ratios. */
const VARIANTS = [
  { id: 'cells', size: '1 cells', description: 'every cell its own region (the cell encoding)' },
  {
    id: 'patches5ha',
    size: '5 ha',
    description: "today's land-cover patches split along roads, cut to 5 ha (default)",
  },
  { id: 'patches20ha', size: '20 ha', description: 'the same patches cut to 20 ha' },
] as const;

function variantsYaml(): string {
  const lines = ['description: Decision units of crossover and mutation (bench/decision-units.bench.ts).', 'variants:'];
  for (const v of VARIANTS) {
    lines.push(`  - id: ${v.id}`, `    description: "${v.description}"`);
    lines.push(`    optimizer: { regions: { boundaries: [roads], size: "${v.size}" } }`);
  }
  return `${lines.join('\n')}\n`;
}

interface UnitsState {
  readonly dir: string;
  readonly scenario: string;
}

benchmark<UnitsState>({
  name: `decision units cells vs patches (riverbend-balanced${side > 0 ? ` ${side}x${side}` : ''}, 1 worker)`,
  params: { cells: side > 0 ? side * side : 240 * 240, population, generations, seeds: seeds.join(' '), workers: 1 },
  repetitions: 1,
  warmup: 0,
  setup: async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pp-bench-units-'));
    let scenario = path.join(repoRoot, 'scenarios/riverbend-balanced.yaml');
    if (side > 0) {
      await writeScaledStudyArea(DEFAULT_SEED, side, path.join(dir, 'area'));
      scenario = path.join(dir, 'area', 'riverbend-balanced.yaml');
    }
    return { dir, scenario };
  },
  run: async (state, context) => {
    const variants = path.join(state.dir, 'variants.yaml');
    await writeFile(variants, variantsYaml());
    const batch = await runBatch({
      scenarios: [state.scenario],
      outDir: path.join(state.dir, 'batch'),
      seeds,
      variants,
      population,
      generations,
      workers: 1,
    });
    const failed = batch.entries.filter((e) => e.status !== 'complete');
    if (failed.length > 0) throw new Error(`runs failed: ${failed.map((e) => `${e.dir}: ${e.error}`).join('; ')}`);
    const hypervolume = new Map<string, number[]>();
    const wall = new Map<string, number[]>();
    const size = new Map<string, number[]>();
    const best = new Map<string, number[][]>();
    for (const seed of seeds) {
      const entries = VARIANTS.map((v) => batch.entries.find((e) => e.variant === v.id && e.seed === seed)!);
      const fronts = await Promise.all(
        entries.map(async (entry) => {
          const front = await loadFront(entry.dir);
          const signs = front.manifest.objectives.map((o) => (o.direction === 'maximize' ? 1 : -1));
          return front.table.map((row) => signs.map((sign, j) => sign * row[1 + j]!));
        }),
      );
      const volumes = commonHypervolumes(fronts);
      entries.forEach((entry, i) => {
        const id = VARIANTS[i]!.id;
        const push = <T>(map: Map<string, T[]>, value: T) => map.set(id, [...(map.get(id) ?? []), value]);
        push(hypervolume, volumes[i]!);
        push(wall, entry.summary!.elapsedMs);
        push(size, fronts[i]!.length);
        push(
          best,
          fronts[i]![0]!.map((_, j) => Math.max(...fronts[i]!.map((p) => p[j]!))),
        );
      });
    }
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const baseHv = mean(hypervolume.get(VARIANTS[0].id)!);
    const baseWall = mean(wall.get(VARIANTS[0].id)!);
    for (const v of VARIANTS) {
      const hv = mean(hypervolume.get(v.id)!);
      const ms = mean(wall.get(v.id)!);
      context.record(`${v.id}Hypervolume`, hv);
      context.record(`${v.id}WallS`, ms / 1000);
      context.record(`${v.id}FrontSize`, mean(size.get(v.id)!));
      best
        .get(v.id)![0]!
        .forEach((_, j) => context.record(`${v.id}Best${j + 1}`, mean(best.get(v.id)!.map((b) => b[j]!))));
      if (v !== VARIANTS[0]) {
        context.record(`${v.id}HypervolumeRatio`, hv / baseHv);
        context.record(`${v.id}WallRatio`, ms / baseWall);
      }
    }
  },
  teardown: (state) => rm(state.dir, { recursive: true, force: true }),
});
