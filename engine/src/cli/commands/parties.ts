import type { Command } from 'commander';

/** `paretoplan parties <run-dir> [--parties FILE] [--json] [--out DIR]`: each party's pick, the compromises, consensus and conflict maps. */
export function register(program: Command): void {
  program
    .command('parties')
    .description(
      "judge a run's layouts by the parties at the table: each party's preferred layout and satisfaction, the compromises (egalitarian, minimax regret, Nash bargaining, Borda), and consensus and conflict maps (GeoTIFF + QGIS style)",
    )
    .argument('<run-dir>', 'a run folder written by `paretoplan run`')
    .option(
      '--parties <file>',
      "a parties file (YAML, see docs/parties.md; e.g. scenarios/riverbend.parties.yaml); default: the scenario's parties: section",
    )
    .option('--out <dir>', 'folder for consensus.tif and conflict.tif (default <run-dir>/parties)')
    .option('--json', 'print the result as JSON')
    .action(async (runDir: string, flags: { parties?: string; out?: string; json?: boolean }) => {
      const { formatParties, partiesOfRun } = await import('../../api/index.js');
      const result = await partiesOfRun(runDir, {
        ...(flags.parties ? { file: flags.parties } : {}),
        ...(flags.out ? { out: flags.out } : {}),
      });
      process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatParties(result)}\n`);
    });
}
