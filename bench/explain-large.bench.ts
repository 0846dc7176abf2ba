/**
 * Explaining a front at city-region scale (issue 20, and the knowledge mining of the seed): the
 * commands a planner runs on a finished 2000 x 2000 run, each timed once with the memory it adds:
 * - `groups`: the groups' features (zone areas, compactness), profiles and characteristic maps;
 * - `parties`: the bundled parties file, their consensus and conflict maps;
 * - `agreement`: the agreement map of every layout (the cross-run computation, one run);
 * - `report --format html`: the reviewers' report (its groups and parties chapters included).
 * Each reads the layouts one at a time as their changes against today's map
 * (decision/rows.ts `LayoutChanges`); none decodes the whole front (750 MB for 200 layouts).
 *
 * By default the front is a short run's (bench/large-run.ts: population 10 x 2 generations of the generator's
 * `--size 2000 --cell 25` Riverbend: a few layouts). For a full front of about 200 layouts, give
 * a run folder: `PARETOPLAN_BENCH_RUN=<run dir> npm run bench -- "explain a 2000"`. Outputs go to
 * a temporary folder; the run folder is not written to.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { groupsOfRun, partiesOfRun } from '../engine/src/api/index.js';
import { agreementAcrossRuns, createReport } from '../engine/src/runs/index.js';
import { benchmark } from './harness.js';
import { LARGE_CELL_M, LARGE_SIDE, largeRun, type LargeRun } from './large-run.js';

const SIDE = LARGE_SIDE;
const PARTIES_FILE = path.resolve(import.meta.dirname, '../scenarios/riverbend.parties.yaml');

/** Wall time of `work` and the growth of the process's resident memory over it (MB). */
async function measured(work: () => Promise<unknown>): Promise<{ ms: number; rssGrowthMB: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const start = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - start;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, rssGrowthMB: (peak - before) / 1e6 };
}

benchmark<LargeRun>({
  name: `explain a ${SIDE}x${SIDE} front: groups, parties, agreement of every layout, HTML report`,
  params: { cells: SIDE * SIDE, cellSizeM: LARGE_CELL_M },
  repetitions: 1,
  warmup: 0,
  setup: () => largeRun('pp-bench-explain-'),
  run: async (state, context) => {
    const out = (name: string) => path.join(state.home, 'out', name);
    const steps: [string, () => Promise<unknown>][] = [
      ['groups', () => groupsOfRun(state.run, { out: out('groups') })],
      ['parties', () => partiesOfRun(state.run, { file: PARTIES_FILE, out: out('parties') })],
      ['agreement', () => agreementAcrossRuns([state.run], { out: out('agreement.tif') })],
      ['reportHtml', () => createReport(state.run, { format: 'html', out: out('report.html') })],
    ];
    for (const [name, work] of steps) {
      global.gc?.();
      const { ms, rssGrowthMB } = await measured(work);
      context.record(`${name}Ms`, ms);
      context.record(`${name}RssGrowthMB`, rssGrowthMB);
    }
    context.record('peakRssMB', process.resourceUsage().maxRSS / 1024);
  },
  teardown: (state) => rm(state.home, { recursive: true, force: true }),
});
