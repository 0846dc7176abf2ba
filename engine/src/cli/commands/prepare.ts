import type { Command } from 'commander';
import { printResult } from '../json-output.js';

/** `paretoplan prepare <scenario> --out <folder> [--json]`: write the study area the optimiser will work on. */
export function register(program: Command): void {
  program
    .command('prepare')
    .description(
      "load a scenario's layers and write, as GeoTIFFs with QGIS styles, what the optimiser sees: current.tif, layers/<id>.tif for every layer (aligned or derived: slope, distances), changeable.tif, allowed/<class>.tif, and study-area.json",
    )
    .argument('<scenario>', 'a scenario file (.yaml or .json)')
    .requiredOption('--out <folder>', 'folder to write into')
    .option('--json', 'print every file written and its facts as JSON')
    .action(async (file: string, options: { out: string; json?: boolean }) => {
      const { prepareScenarioFolder } = await import('../../api/index.js');
      const result = await prepareScenarioFolder(file, options.out);
      printResult(options, result, () => result.files.join('\n'));
    });
}
