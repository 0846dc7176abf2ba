import { InvalidArgumentError, type Command } from 'commander';
// The problem names are needed for --help; the rest of the engine loads only when a command runs.
import { benchmarkProblems, formatBenchmark, runBenchmark } from '../../api/benchmark.js';

function integer(what: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(parsed))
      throw new InvalidArgumentError(`${what} must be an integer, got "${value}".`);
    return parsed;
  };
}

/** `paretoplan benchmark <PROBLEM> [--population N] [--generations G] [--seed S] [--json]`. */
export function register(program: Command): void {
  program
    .command('benchmark')
    .description("run NSGA-II on a benchmark problem and print the final front's hypervolume, IGD and run time")
    .argument('<problem>', `one of ${benchmarkProblems.join(', ')}`)
    .option('--population <n>', 'population size (even, >= 4)', integer('the population'), 100)
    .option(
      '--generations <g>',
      'generations, counting the initial population',
      integer('the number of generations'),
      250,
    )
    .option('--seed <s>', 'random seed', integer('the seed'), 1)
    .option('--json', 'print the report as JSON, including the front')
    .action(
      async (problem: string, options: { population: number; generations: number; seed: number; json?: boolean }) => {
        const report = await runBenchmark({
          problem,
          populationSize: options.population,
          generations: options.generations,
          seed: options.seed,
        });
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatBenchmark(report)}\n`);
      },
    );
}
