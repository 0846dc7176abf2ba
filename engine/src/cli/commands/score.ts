import type { Command } from 'commander';
import { printResult } from '../json-output.js';

/** `paretoplan score <scenario> <layout.tif> [--run DIR] [--json]`: any layout on every objective, rule and demand. */
export function register(program: Command): void {
  program
    .command('score')
    .description(
      "score any layout (a GeoTIFF of the scenario's land-use codes, e.g. a planner's draft or an export) on every objective and sub-indicator, check every rule and demand (violations and shortfalls in ha), and with --run place it against that run's front",
    )
    .argument('<scenario>', 'a scenario file (.yaml or .json)')
    .argument(
      '<layout>',
      "a GeoTIFF of land-use codes on the scenario's grid (another grid is resampled by nearest neighbour, with a warning)",
    )
    .option(
      '--run <dir>',
      'a run folder of the same scenario: which front layouts dominate the layout, by how much, and which it dominates',
    )
    .option('--json', 'print the result as JSON')
    .action(async (scenario: string, layout: string, flags: { run?: string; json?: boolean }) => {
      const { formatScore, scoreLayout } = await import('../../api/index.js');
      const result = await scoreLayout(scenario, layout, flags.run === undefined ? {} : { run: flags.run });
      for (const warning of result.warnings) process.stderr.write(`paretoplan: warning: ${warning}\n`);
      printResult(flags, result, () => formatScore(result));
    });
}
