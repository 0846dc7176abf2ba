/**
 * The app at city-region scale (issue 20, "the app stays usable"): a 2000 x 2000 run (the
 * generator's `--size 2000 --cell 25` Riverbend, a short run of population 10 x 2 generations so
 * the front has layouts) opened through the service both transports call (PlanService), timing
 * what the explorer does:
 * - open the run (`loadFront`: the front view the explorer shows first): with the background
 *   worker warmed up at launch as the app does, cold without it, and again;
 * - draw a layout: `layoutMap` (the engine's class map, base64 as on the wire), decoding it and
 *   painting the 4 M cells into RGBA pixels (the renderer's paintClasses), for the compromise and
 *   then for another layout (switching);
 * - the agreement map of every layout (from the run's record), of every layout with a class's
 *   share (from the record's counts), and of half of them (the most any selection counts: a
 *   larger one is the record's counts less the layouts left out), at once after opening and
 *   again, with three quarters and then a few layouts brushed off them (counted from the last
 *   selection), once the contribution worker is idle; and the contribution map of the
 *   compromise to the first objective: asked right after opening the run in the warmed-up app
 *   (the worst case: it waits for all of the preparation, which opening the front started in
 *   the contribution-map worker), asked after the draws and agreement maps above without the
 *   warm-up (opening the front started the preparation as the front came back), and asked 15 s
 *   after opening.
 * The bounds: open, draw and switch under 300 ms; agreement and contribution under 1 s.
 * Not included above: the HTTP or IPC hop (a 4 MB base64 string for a layout, 21 MB for a
 * contribution map) and the canvas; bench/app-browser.ts then times the explorer in the browser
 * (the built web server and Chromium; after `npm run build`).
 *
 * The short run's front has a few layouts; a full run's has about 200 (its layouts file is
 * 19 MB at 2000 x 2000). To time the app on such a run, give its folder:
 * `PARETOPLAN_BENCH_RUN=<run dir> npm run bench -- "app at 2000"` (the study area is then not
 * generated; the run's scenario must still be where the run found it).
 */
import { rm } from 'node:fs/promises';
import { PlanService } from '../engine/src/api/index.js';
import { classPalette, paintClasses } from '../desktop/src/renderer/features/map/render.js';
import { timeExplorerInBrowser } from './app-browser.js';
import { benchmark } from './harness.js';
import { LARGE_CELL_M, LARGE_SIDE, largeRun, SHORT_RUN, type LargeRun } from './large-run.js';

const SIDE = LARGE_SIDE;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

benchmark<LargeRun>({
  name: `app at ${SIDE}x${SIDE}: open a run, draw and switch layouts, agreement and contribution maps`,
  params: { cells: SIDE * SIDE, cellSizeM: LARGE_CELL_M, ...SHORT_RUN, boundDrawMs: 300, boundMapMs: 1000 },
  repetitions: 1,
  warmup: 0,
  setup: () => largeRun('pp-bench-app-large-'),
  run: async (state, context) => {
    // As the app and the browser-mode server do at launch: the background worker starts with the
    // service; the window takes longer than 2 s to appear and the planner to pick a run.
    const launched = new PlanService({ homeDir: state.home });
    try {
      launched.warmUp();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const [opened, openWarmedUpMs] = await timed(() => launched.loadFront(state.run));
      context.record('openRunWarmedUpMs', openWarmedUpMs);
      context.record(
        'contributionMapRightAfterOpenWarmedUpMs',
        (await timed(() => launched.contributionMap(state.run, opened.highlights.knee, opened.objectives[0]!.id)))[1],
      );
    } finally {
      await launched.close();
    }
    // Without the warm-up: the first request starts the worker.
    const service = new PlanService({ homeDir: state.home });
    try {
      const [front, openColdMs] = await timed(() => service.loadFront(state.run));
      const [, openAgainMs] = await timed(() => service.loadFront(state.run));
      context.record('openRunColdMs', openColdMs);
      context.record('openRunAgainMs', openAgainMs);
      context.record('layouts', front.solutions.length);
      const palette = classPalette(front.classes.map((c) => c.color));
      const pixels = new Uint32Array(SIDE * SIDE);
      const draw = async (id: number) =>
        timed(async () => {
          const map = await service.layoutMap(state.run, id);
          paintClasses(map.classes, palette, pixels);
        });
      const knee = front.highlights.knee;
      const other = front.solutions.length > 1 ? (knee === 0 ? 1 : 0) : knee;
      context.record('drawCompromiseMs', (await draw(knee))[1]);
      context.record('switchLayoutMs', (await draw(other))[1]);
      const ids = front.solutions.map((_, i) => i);
      // Every layout: read from the run's record when it has one (a finished run does).
      context.record('agreementMapMs', (await timed(() => service.agreementMap(state.run, ids)))[1]);
      context.record(
        'agreementClassShareMs',
        (await timed(() => service.agreementMap(state.run, ids, front.classes[0]!.id)))[1],
      );
      // A brushed half of the front (the even ids: just over half when the front is odd), the
      // largest count a selection needs.
      const half = ids.filter((id) => id % 2 === 0);
      context.record('agreementHalfFrontMs', (await timed(() => service.agreementMap(state.run, half)))[1]);
      // Opening the front started building the run's evaluator in the contribution-map worker
      // (the scenario's layers, then the indicators, as a run's set-up): asked at once, the first
      // map waits for the rest of that build; later ones reuse it.
      const [first, second] = front.objectives;
      context.record(
        'contributionMapFirstMs',
        (await timed(() => service.contributionMap(state.run, knee, first!.id)))[1],
      );
      context.record(
        'contributionMapNextMs',
        (await timed(() => service.contributionMap(state.run, other, (second ?? first)!.id)))[1],
      );
    } finally {
      await service.close();
    }
    // As a planner does: open the run, look at it for 15 s, then ask for the first contribution map.
    const planner = new PlanService({ homeDir: state.home });
    try {
      const front = await planner.loadFront(state.run);
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      context.record(
        'contributionMapFirstAfter15sMs',
        (await timed(() => planner.contributionMap(state.run, front.highlights.knee, front.objectives[0]!.id)))[1],
      );
      // Selections once the contribution worker is idle: half the front (the most a selection
      // counts) and three quarters (the record's counts less the quarter left out).
      const ids = front.solutions.map((_, i) => i);
      const settled = async (name: string, part: number) => {
        const picked = ids.filter((id) => id % 4 < part);
        context.record(name, (await timed(() => planner.agreementMap(state.run, picked)))[1]);
      };
      await settled('agreementHalfFrontSettledMs', 2);
      await settled('agreementThreeQuartersSettledMs', 3);
      // Brushing on: the three quarters less a few layouts, ids 0-8 (fewer on a short run's small
      // front), counted from the last selection.
      const brushedOff = Math.min(8, Math.floor(ids.length / 4));
      const brushed = ids.filter((id) => id % 4 < 3 && id > brushedOff);
      context.record('agreementBrushedSettledMs', (await timed(() => planner.agreementMap(state.run, brushed)))[1]);
    } finally {
      await planner.close();
    }
    // As the planner sees it in the browser: the built web server and Chromium (bench/app-browser.ts).
    for (const [name, ms] of Object.entries((await timeExplorerInBrowser(state.run)) ?? {})) context.record(name, ms);
  },
  teardown: (state) => rm(state.home, { recursive: true, force: true }),
});
