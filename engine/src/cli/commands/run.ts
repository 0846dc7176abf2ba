import type { Command } from 'commander';
import type { RunHooks, RunSummary } from '../../api/index.js';
import { describeLimit } from '../../api/limits.js';
import { installStopHandlers } from '../interrupt.js';
import { objectiveBoundOption, optimizerSetting, wholeNumber, workersOption } from '../options.js';
import { createProgressReporter } from '../progress.js';
import { exitCodeOf, formatRunSummary } from '../run-output.js';

interface RunFlags {
  out?: string;
  seed?: number;
  population?: number;
  generations?: number;
  workers?: number | 'auto';
  checkpointEvery?: number;
  quiet?: boolean;
  json?: boolean;
  single?: string;
  evaluations?: number;
  from?: string;
  seedFrom?: string;
  lock?: string;
  min?: { objective: string; min?: number }[];
  max?: { objective: string; max?: number }[];
}

/** Runs `start` with live progress and Ctrl-C handling, then prints the summary (or JSON). */
export async function runWithProgress(
  flags: { quiet?: boolean; json?: boolean; /** Print the text summary (default true). */ summary?: boolean },
  start: (hooks: RunHooks) => Promise<RunSummary>,
): Promise<RunSummary> {
  const progress = createProgressReporter({ quiet: flags.quiet ?? false });
  const stop = installStopHandlers(() =>
    progress.log('\nStopping after this generation to write a checkpoint… (press Ctrl-C again to quit at once)'),
  );
  try {
    const summary = await start({
      stopSignal: stop.signal,
      onProgress: (p) => progress.update(p),
      onMessage: (m) => progress.log(m),
    });
    progress.stop();
    const { loadFront } = await import('../../api/index.js');
    const front = summary.frontSize > 0 ? await loadFront(summary.dir) : undefined;
    if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else if (flags.summary !== false && (!flags.quiet || summary.status !== 'complete'))
      process.stderr.write(`${formatRunSummary(summary, front)}\n`);
    process.exitCode = exitCodeOf(summary);
    return summary;
  } finally {
    progress.stop();
    stop.dispose();
  }
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run the optimiser on a scenario and write a run folder (front, history, layouts, checkpoints)')
    .argument('<scenario>', 'a scenario file (.yaml or .json)')
    .option('--out <dir>', 'run folder to create (must not exist or be empty); default runs/<scenario>-<date>-<time>')
    .option('--seed <n>', "random seed (default: the scenario's)", optimizerSetting('seed'))
    .option(
      '--population <n>',
      `population size, ${describeLimit('population')} (default: the scenario's)`,
      optimizerSetting('population'),
    )
    .option('--generations <n>', "generations to run (default: the scenario's)", optimizerSetting('generations'))
    .option(
      '--workers <n|auto>',
      'worker threads evaluating layouts (default: the scenario\'s, usually "auto" = all cores)',
      workersOption,
    )
    .option(
      '--checkpoint-every <n>',
      'write a checkpoint every n generations (default 10)',
      optimizerSetting('checkpointEvery'),
    )
    .option('--quiet', 'no progress output')
    .option('--json', 'print a machine-readable summary on stdout at the end')
    .option(
      '--single <objective>',
      "instead of the front, the single-objective baseline: a local search on one objective from today's layout",
    )
    .option(
      '--evaluations <n>',
      "with --single: move evaluations per start (default: the scenario's run budget)",
      wholeNumber(1),
    )
    .option('--from <run-dir>', "with --single: also start from this run's best layout for the objective")
    .option(
      '--seed-from <run-dir[:ids]|layout.tif>',
      'steer: start from layouts of an earlier run of the same study area (ids of its front.csv, comma-separated, or knee, best-<objective>; "all" or none: the whole front) or of the same area on a coarser grid (coarse to fine: its layouts\' changes carried onto this grid), or from a layout GeoTIFF on the scenario\'s grid (a plan painted in the app, an exported layout)',
    )
    .option(
      '--lock <mask.tif|polygons.geojson>',
      "steer: keep these cells in every layout (a GeoTIFF on the scenario's grid: non-zero cells; or polygons: cells whose centre is inside), in their class in the seeding layouts where those agree, else today's",
    )
    .option(
      '--min <objective=value>',
      'steer: every layout of the run has at least this value of the objective (repeatable, e.g. --min economic=110 --min ecological=6800); a hard constraint',
      objectiveBoundOption('min'),
    )
    .option(
      '--max <objective=value>',
      'steer: every layout of the run has at most this value of the objective (repeatable); with --min, narrows the objective to a range',
      objectiveBoundOption('max'),
    )
    .addHelpText(
      'after',
      '\nCtrl-C stops after the current generation and writes a checkpoint (exit code 130); `paretoplan resume <dir>` continues it.',
    )
    .action(async (scenario: string, flags: RunFlags) => {
      if (flags.single !== undefined) {
        if (flags.seedFrom !== undefined || flags.lock !== undefined || flags.min || flags.max) {
          const { RunInputError } = await import('../../api/index.js');
          throw new RunInputError(
            '--seed-from, --lock, --min and --max steer a run of the front; with --single, use --from <run-dir> to start from a run.',
          );
        }
        return runSingle(scenario, flags);
      }
      const { defaultRunFolder, parseSeedFrom, runScenario } = await import('../../api/index.js');
      const steering = {
        ...(flags.seedFrom === undefined
          ? {}
          : /\.tiff?$/i.test(flags.seedFrom)
            ? { seedLayouts: [flags.seedFrom] }
            : { seedFrom: parseSeedFrom(flags.seedFrom) }),
        ...(flags.lock !== undefined ? { lock: { file: flags.lock } } : {}),
        ...(flags.min || flags.max ? { objectiveBounds: [...(flags.min ?? []), ...(flags.max ?? [])] } : {}),
      };
      const outDir = flags.out ?? defaultRunFolder(scenario);
      await runWithProgress(flags, (hooks) =>
        runScenario({
          ...hooks,
          scenario,
          outDir,
          ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
          ...(flags.population !== undefined ? { population: flags.population } : {}),
          ...(flags.generations !== undefined ? { generations: flags.generations } : {}),
          ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
          ...(flags.checkpointEvery !== undefined ? { checkpointEvery: flags.checkpointEvery } : {}),
          ...(Object.keys(steering).length > 0 ? { steering } : {}),
        }),
      );
    });

  program
    .command('resume')
    .description(
      'continue an interrupted run from its last checkpoint; it ends with the same front as an uninterrupted run',
    )
    .argument('<run-dir>', 'a run folder written by `paretoplan run`')
    .option('--quiet', 'no progress output')
    .option('--json', 'print a machine-readable summary on stdout at the end')
    .action(async (runDir: string, flags: { quiet?: boolean; json?: boolean }) => {
      const { resumeRun } = await import('../../api/index.js');
      await runWithProgress(flags, (hooks) => resumeRun(runDir, hooks));
    });
}

/** `run --single`: the single-objective baseline, written into --out (default runs/<scenario>-single-<objective>-<time>). */
async function runSingle(scenario: string, flags: RunFlags): Promise<void> {
  const { defaultRunFolder, runSingleObjective } = await import('../../api/index.js');
  const objective = flags.single!;
  const out = flags.out ?? defaultRunFolder(scenario).replace(/(-\d{8}-\d{6})$/, `-single-${objective}$1`);
  if (!flags.quiet && !flags.json) process.stderr.write(`Single-objective search on "${objective}"…\n`);
  const result = await runSingleObjective({
    scenario,
    objective,
    out,
    ...(flags.evaluations !== undefined ? { evaluations: flags.evaluations } : {}),
    ...(flags.from !== undefined ? { from: flags.from } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const lines = result.starts.map(
    (s) =>
      `  from ${s.start === 'today' ? "today's layout" : 'the front'}: ${s.initial.toPrecision(7)} -> ${s.value.toPrecision(7)} (${s.evaluations} evaluations, ${s.improvements} improvements${s.converged ? ', converged' : ''})`,
  );
  process.stderr.write(
    [
      `Best "${objective}": ${result.best.value.toPrecision(7)} (budget ${result.budget} evaluations per start)`,
      ...lines,
      `Files: ${result.files.join(', ')}`,
      '',
    ].join('\n'),
  );
}
