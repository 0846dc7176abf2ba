import type { Command } from 'commander';

/** `paretoplan prepare <scenario> --out <folder>`: write the study area the optimiser will work on. */
export function register(program: Command): void {
  program
    .command('prepare')
    .description(
      "load a scenario's layers and write current.tif, changeable.tif (classes each cell may take) and study-area.json",
    )
    .argument('<scenario>', 'a scenario file (.yaml or .json)')
    .requiredOption('--out <folder>', 'folder to write into')
    .action(async (file: string, options: { out: string }) => {
      const { prepareScenarioFolder } = await import('../../api/index.js');
      const result = await prepareScenarioFolder(file, options.out);
      process.stdout.write(`${result.files.join('\n')}\n`);
    });
}
