import type { Command } from 'commander';

/** `paretoplan groups <run-dir> [--region R] [--json] [--out DIR]`: groups of similar layouts and what sets them apart. */
export function register(program: Command): void {
  program
    .command('groups')
    .description(
      "group a run's layouts into similar maps (2-8 groups, chosen by silhouette) and explain them: classes whose area differs most, maps of their characteristic cells, objective ranges, and decision-tree rules in plain words",
    )
    .argument('<run-dir>', 'a run folder written by `paretoplan run`')
    .option(
      '--region <ranges>',
      'also explain a region of the front against the rest: <objective>=<min>..<max>, comma-separated, either bound may be left out (e.g. economic=1200..,social=..0.4)',
    )
    .option('--out <dir>', 'folder for group-<n>.tif maps of the characteristic cells (default <run-dir>/groups)')
    .option('--json', 'print the result as JSON')
    .action(async (runDir: string, flags: { region?: string; out?: string; json?: boolean }) => {
      const { formatGroups, groupsOfRun, parseRegion } = await import('../../api/index.js');
      const result = await groupsOfRun(runDir, {
        ...(flags.region ? { region: parseRegion(flags.region) } : {}),
        ...(flags.out ? { out: flags.out } : {}),
      });
      process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatGroups(result)}\n`);
    });
}
