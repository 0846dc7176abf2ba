/**
 * Where a generation's time goes (issue 20): a real run (`runScenario`, the CLI's path, with its
 * checkpoints) on ONE worker, so that every phase runs on this thread, with the operators'
 * methods wrapped by timers. Per generation after the first it reports the time in
 * - evaluation (`LandUseProblem.evaluate`, full evaluation of each child),
 * - repair (`DemandRepair.repair`), variation (crossover + mutation), duplicate checks,
 * - reversion (`finish`: the parsimony reversion before the archive) and the memetic local search
 *   (`improve`), archive updates, survival (rank and crowding), the population's members read
 *   back and stored (`members`: change runs on large grids, compact-layouts.ts),
 * - the rest: the runner's checkpoints and front files, history, and the loop itself.
 * Inside the reversion, the local search and the polish it also times their trials' incremental
 * evaluations as `trialEvaluation`, a part of those phases rather than a phase beside them: the
 * reversion's (`ChangeEvaluator.measure`, `measureSpatial`, `exactAccess` and `bounds`: what a
 * candidate change does to the objectives; `bounds`, the objectives' change from the measured
 * sums, counts the homes within walking distance of the changed layout when housing moves, and
 * counted as the reversion's own work until 2026-12-06) and the searches' (`IncrementalState.set` and `objectives`: a move's
 * effect on the objectives, and `createState`, which evaluates the layout a search starts from).
 * `reports` is the full evaluations (with every sub-indicator) of the front table's new layouts
 * at checkpoints, on this thread when there is one worker.
 * With more than one worker, `workers` is the main thread's wait for the pool's batch (sampling,
 * repair, local search and evaluation happen there, unseen) or for the front table's reports; the
 * other phases are then the work left on the main thread between batches (the serial part of a
 * generation).
 * Wrapping costs two `performance.now()` calls per call (a few microseconds per row).
 * The set-up (`setupMs`) lasts until the algorithm's first step: with workers it includes their
 * start, as the run's own clock does (history.csv), not the first generation.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DemandRepair } from '../engine/src/landuse/operators/repair.js';
import { RegionCrossover } from '../engine/src/landuse/operators/crossover.js';
import { RegionMutation } from '../engine/src/landuse/operators/mutation.js';
import { LandUseImprovement } from '../engine/src/landuse/operators/improvement.js';
import { PatchReversion } from '../engine/src/landuse/operators/reversion.js';
import { LandUseProblem } from '../engine/src/landuse/problem.js';
import { ChangeEvaluator } from '../engine/src/landuse/objectives/delta.js';
import { LandUseEvaluator } from '../engine/src/landuse/objectives/evaluator.js';
import { IncrementalState } from '../engine/src/landuse/objectives/incremental.js';
import { NonDominatedArchive } from '../engine/src/optimizer/archive/non-dominated-archive.js';
import { DuplicateFilter } from '../engine/src/optimizer/core/duplicate-filter.js';
import { NSGA2 } from '../engine/src/optimizer/nsga2/nsga2.js';
import { PopulationMembers } from '../engine/src/optimizer/nsga2/population-members.js';
import { RankAndCrowdingSurvival } from '../engine/src/optimizer/nsga2/rank-and-crowding-survival.js';
import { runScenario } from '../engine/src/runs/runner.js';
import { ParallelEvaluator } from '../engine/src/parallel/parallel-evaluator.js';

export const PHASES = [
  'evaluation',
  'repair',
  'variation',
  'duplicates',
  'reversion',
  'localSearch',
  'archive',
  'survival',
  'members',
  'workers',
  'polish',
  'reports',
  'trialEvaluation',
] as const;
export type Phase = (typeof PHASES)[number];

export interface GenerationPhases {
  /** Wall time of each generation (index 0: the initial population), ms. */
  readonly generationMs: number[];
  /** Per generation, ms spent in each phase. */
  readonly phaseMs: Record<Phase, number>[];
  /** Time before the first generation: preparing the scenario, the problem, the run folder, starting the workers. */
  readonly setupMs: number;
  readonly evaluations: number;
  /** The run folder at the end: its size, and the front's layouts file per layout (bytes). */
  readonly folder: { readonly bytes: number; readonly layoutsBytesPerLayout: number; readonly checkpointBytes: number };
  /**
   * The run's archive at the end: its members, the bytes its store holds for their layouts (the
   * compact archive: their changes against today's map) and the bytes their genomes would take.
   */
  readonly archive: { readonly members: number; readonly bytes: number; readonly genomeBytes: number };
  /**
   * The memetic searches run on this thread (one worker): their number, their work units
   * (IncrementalState.work, what their bound counts) and their time, ms.
   */
  /**
   * The layouts' changes summed by tile on this thread (evaluator.ts, tile-sums.ts): how many
   * changes, and how many lay in tiles found in an evaluator's cache (not summed again).
   */
  readonly tiles: { readonly changes: number; readonly changesFound: number };
  readonly memetic: {
    readonly searches: number;
    readonly work: number;
    readonly ms: number;
    /** The generations (index into generationMs) in which searches ran: the memetic steps. */
    readonly generations: readonly number[];
  };
}

/** Bytes of every file under `dir`. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function measureFolder(dir: string): Promise<GenerationPhases['folder']> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
    front?: { file: string; rows: number };
    checkpoint?: { file: string };
  };
  const size = async (file?: string) => (file ? (await stat(path.join(dir, file))).size : 0);
  return {
    bytes: await folderBytes(dir),
    layoutsBytesPerLayout: manifest.front ? (await size(manifest.front.file)) / manifest.front.rows : 0,
    checkpointBytes: await size(manifest.checkpoint?.file),
  };
}

const totals: Record<Phase, number> = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
let wrapped = false;
/** The run's archive, seen when it is offered a layout (not the objectives-only copies, which keep no layouts). */
let runArchive: NonDominatedArchive | null = null;

function rememberArchive(archive: NonDominatedArchive): void {
  if (archive.numberOfVariables > 0) runArchive = archive;
}

/** The evaluators that evaluated layouts on this thread during the run (their tile caches' counts). */
const evaluatorsSeen = new Set<LandUseEvaluator>();

/** The memetic searches of the run under way (see GenerationPhases.memetic), and its generation now. */
const memetic = { searches: 0, work: 0, ms: 0, generations: new Set<number>() };
let generationNow = 0;

/** Timed calls under way: a call inside another timed one (the polish's reversions) counts for the outer one only. */
let depth = 0;

/** Trial evaluations under way (they call one another: only the outermost counts). */
let trialDepth = 0;

/**
 * The final polish under way: its trials are not counted (the polish is taken out of the later
 * generations' time, `laterGenerations`, so its trials must be too; counted, they made the whole
 * run's share outside any evaluation read 0).
 */
let polishing = false;

/**
 * Wrap `method` of `proto` so that its time (outermost timed calls only) adds to `phase`. A
 * `nested` phase is timed inside the others (its own outermost calls only) and is part of them.
 */
function time(proto: object, method: string, phase: Phase, nested = false): void {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method]!;
  target[method] = function (this: unknown, ...args: unknown[]) {
    if (nested ? trialDepth > 0 || polishing : depth > 0) return original.apply(this, args);
    if (nested) trialDepth++;
    else depth++;
    if (phase === 'polish') polishing = true;
    const start = performance.now();
    const done = () => {
      totals[phase] += performance.now() - start;
      if (nested) trialDepth--;
      else depth--;
      if (phase === 'polish') polishing = false;
    };
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (error) {
      done();
      throw error;
    }
    // An async method (the parallel evaluator's) counts until its promise settles.
    if (result instanceof Promise) return result.finally(done);
    done();
    return result;
  };
}

/** The timed methods: prototype, method, phase. */
const TIMED: readonly [object, string, Phase][] = [
  [LandUseProblem.prototype, 'evaluate', 'evaluation'],
  [DemandRepair.prototype, 'repair', 'repair'],
  [RegionCrossover.prototype, 'cross', 'variation'],
  [RegionMutation.prototype, 'mutate', 'variation'],
  [DuplicateFilter.prototype, 'has', 'duplicates'],
  [DuplicateFilter.prototype, 'add', 'duplicates'],
  [PatchReversion.prototype, 'revert', 'reversion'],
  [LandUseImprovement.prototype, 'improve', 'localSearch'],
  [NonDominatedArchive.prototype, 'add', 'archive'],
  [NonDominatedArchive.prototype, 'admits', 'archive'],
  [RankAndCrowdingSurvival.prototype, 'survive', 'survival'],
  // The population's members read back (parents, elite copies) and stored (survivors), on large grids as change runs.
  [PopulationMembers.prototype, 'read', 'members'],
  [PopulationMembers.prototype, 'copyInto', 'members'],
  [PopulationMembers.prototype, 'keep', 'members'],
  [ParallelEvaluator.prototype, 'evaluate', 'workers'],
  [ParallelEvaluator.prototype, 'rowDetails', 'workers'],
  // The final polish of each objective's best: once per run, in the last generation's time.
  [LandUseImprovement.prototype, 'polish', 'polish'],
  // The evaluator's own calls outside every phase above: the front table's reports at checkpoints.
  [LandUseEvaluator.prototype, 'evaluate', 'reports'],
];

/**
 * The trials' incremental evaluations, timed inside the reversion, the local search and the
 * polish: the reversion's evaluator loading a layout's state (`load`, as `createState` for a
 * search), measuring candidate reversions and committing those kept (`apply`, which updates the
 * walking-access counts as `IncrementalState.set` does for a search's moves).
 */
const TRIALS: readonly [object, string][] = [
  [ChangeEvaluator.prototype, 'load'],
  [ChangeEvaluator.prototype, 'measure'],
  [ChangeEvaluator.prototype, 'measureSpatial'],
  [ChangeEvaluator.prototype, 'exactAccess'],
  [ChangeEvaluator.prototype, 'bounds'],
  [ChangeEvaluator.prototype, 'apply'],
  [IncrementalState.prototype, 'set'],
  [IncrementalState.prototype, 'objectives'],
  [LandUseEvaluator.prototype, 'createState'],
];

/** Phases timed inside others (not added to the rest's sum). */
export const NESTED_PHASES: readonly Phase[] = ['trialEvaluation'];

/** Called at the first `NSGA2.step` of the run being profiled, then cleared. */
let onFirstStep: (() => void) | null = null;

function wrapOnce(): void {
  if (wrapped) return;
  wrapped = true;
  const step = NSGA2.prototype.step;
  NSGA2.prototype.step = function (this: NSGA2, ...args: Parameters<typeof step>) {
    const first = onFirstStep;
    onFirstStep = null;
    first?.();
    return step.apply(this, args);
  };
  const add = NonDominatedArchive.prototype.add;
  NonDominatedArchive.prototype.add = function (this: NonDominatedArchive, ...args: Parameters<typeof add>) {
    rememberArchive(this);
    return add.apply(this, args);
  };
  const evaluate = LandUseEvaluator.prototype.evaluate;
  LandUseEvaluator.prototype.evaluate = function (this: LandUseEvaluator, ...args: Parameters<typeof evaluate>) {
    evaluatorsSeen.add(this);
    return evaluate.apply(this, args);
  };
  // The memetic searches' work and time, from the improvement's own totals (before the phase timer wraps it).
  const improve = LandUseImprovement.prototype.improve;
  LandUseImprovement.prototype.improve = function (this: LandUseImprovement, ...args: Parameters<typeof improve>) {
    const { searches, work, searchMs } = this.totals;
    improve.apply(this, args);
    if (this.totals.searches > searches) memetic.generations.add(generationNow);
    memetic.searches += this.totals.searches - searches;
    memetic.work += this.totals.work - work;
    memetic.ms += this.totals.searchMs - searchMs;
  };
  for (const [proto, method, phase] of TIMED) time(proto, method, phase);
  for (const [proto, method] of TRIALS) time(proto, method, 'trialEvaluation', true);
}

/**
 * Run `scenario` for `generations` generations of `population` on `workers` workers (default 1)
 * and time its phases.
 * The run folder goes to a temporary directory, removed afterwards.
 */
export async function profileGenerations(
  scenario: string,
  population: number,
  generations: number,
  checkpointEvery = 10,
  onGeneration?: (generation: number) => void,
  workers = 1,
): Promise<GenerationPhases> {
  wrapOnce();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pp-phases-'));
  const generationMs: number[] = [];
  const phaseMs: Record<Phase, number>[] = [];
  for (const p of PHASES) totals[p] = 0;
  Object.assign(memetic, { searches: 0, work: 0, ms: 0, generations: new Set<number>() });
  generationNow = 0;
  const start = performance.now();
  let last = start;
  let setupMs = 0;
  let snapshot = { ...totals };
  runArchive = null;
  evaluatorsSeen.clear();
  // The first generation starts with the algorithm's first step: after the run folder, the
  // workers' start and the main thread's setup on their shared copies (runner.ts startWorkers),
  // which happen before the run's own clock starts too.
  onFirstStep = () => {
    setupMs = performance.now() - start;
    last = performance.now();
    snapshot = { ...totals };
  };
  try {
    const summary = await runScenario({
      scenario,
      outDir: path.join(dir, 'run'),
      population,
      generations,
      workers,
      checkpointEvery,
      onProgress: () => {
        const now = performance.now();
        generationMs.push(now - last);
        last = now;
        const delta = {} as Record<Phase, number>;
        for (const p of PHASES) delta[p] = totals[p] - snapshot[p];
        phaseMs.push(delta);
        snapshot = { ...totals };
        generationNow = generationMs.length;
        onGeneration?.(generationMs.length);
      },
    });
    const folder = await measureFolder(path.join(dir, 'run'));
    // Set by the wrapped `add` during the run (TypeScript cannot see that assignment from here).
    const seen = runArchive as NonDominatedArchive | null;
    const members = seen?.size ?? 0;
    const archive = {
      members,
      bytes: seen?.variablesByteLength ?? 0,
      genomeBytes: members * (seen?.numberOfVariables ?? 0),
    };
    const tiles = { changes: 0, changesFound: 0 };
    for (const evaluator of evaluatorsSeen) {
      tiles.changes += evaluator.tileStats?.changes ?? 0;
      tiles.changesFound += evaluator.tileStats?.changesFound ?? 0;
    }
    evaluatorsSeen.clear();
    return {
      generationMs,
      phaseMs,
      setupMs,
      evaluations: summary.evaluations,
      folder,
      archive,
      tiles,
      memetic: { ...memetic, generations: [...memetic.generations] },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Sum of the phases of generations 2..G (the later generations), and their wall time without the
 * final polish (a once-per-run step the runner takes in the last generation; `polishMs`).
 */
export function laterGenerations(result: GenerationPhases): {
  wallMs: number;
  phases: Record<Phase, number>;
  polishMs: number;
} {
  const phases = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  let wallMs = 0;
  for (let g = 1; g < result.generationMs.length; g++) {
    wallMs += result.generationMs[g]!;
    for (const p of PHASES) phases[p] += result.phaseMs[g]![p];
  }
  const polishMs = phases.polish;
  phases.polish = 0;
  return { wallMs: wallMs - polishMs, phases, polishMs };
}

/**
 * The shares of `wallMs` outside evaluation, as the goal reads them: outside full
 * evaluations (the loop's and the front table's reports), and outside any (also the trials'
 * incremental evaluations: the reversion's candidate changes, the searches' moves).
 */
export function outsideEvaluation(
  phases: Record<Phase, number>,
  wallMs: number,
): { readonly full: number; readonly any: number } {
  const fullMs = phases.evaluation + phases.reports;
  return {
    full: Math.max(0, wallMs - fullMs) / wallMs,
    any: Math.max(0, wallMs - fullMs - phases.trialEvaluation) / wallMs,
  };
}

/** A table of the phases' shares of the later generations' wall time. */
export function formatPhases(result: GenerationPhases): string {
  const later = laterGenerations(result);
  const n = result.generationMs.length - 1;
  const lines = [
    `setup ${result.setupMs.toFixed(0)} ms; generation 1 ${result.generationMs[0]!.toFixed(0)} ms; later ${(later.wallMs / n).toFixed(0)} ms per generation (${n} generations); final polish ${later.polishMs.toFixed(0)} ms once`,
  ];
  let inPhases = 0;
  for (const p of PHASES) {
    if (!NESTED_PHASES.includes(p)) inPhases += later.phases[p];
    lines.push(
      `  ${p.padEnd(12)} ${(later.phases[p] / n).toFixed(1).padStart(9)} ms  ${((100 * later.phases[p]) / later.wallMs).toFixed(1).padStart(5)} %`,
    );
  }
  const rest = later.wallMs - inPhases;
  lines.push(
    `  ${'rest'.padEnd(12)} ${(rest / n).toFixed(1).padStart(9)} ms  ${((100 * rest) / later.wallMs).toFixed(1).padStart(5)} %  (checkpoints, front files, history, loop)`,
  );
  return lines.join('\n');
}

// Command line: npx tsx bench/generation-phases.ts SCENARIO POPULATION GENERATIONS
if (process.argv[1]?.endsWith('generation-phases.ts')) {
  const [scenario, population = '30', generations = '4', workers = '1'] = process.argv.slice(2);
  if (!scenario) throw new Error('usage: npx tsx bench/generation-phases.ts SCENARIO [POPULATION] [GENERATIONS]');
  // PP_MARKS=1 prints each generation's end on the clock of V8's CPU profiles (--cpu-prof), in µs.
  const marks = process.env.PP_MARKS
    ? (g: number) => console.log(`MARK ${g} ${process.hrtime.bigint() / 1000n}`)
    : undefined;
  const result = await profileGenerations(
    scenario,
    Number(population),
    Number(generations),
    10,
    marks,
    Number(workers),
  );
  console.log(formatPhases(result));
}
