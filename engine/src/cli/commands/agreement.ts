import type { Command } from 'commander';
import { printResult } from '../json-output.js';

/** `paretoplan agreement <run-dir>... [--solutions a,b] --out FILE [--json]`. */
export function register(program: Command): void {
  program
    .command('agreement')
    .description(
      'agreement across runs of one study area (seeds, scenarios): per cell, the class most of the picked layouts give, the share of layouts agreeing with it and the share changing the cell from today, as GeoTIFFs with QGIS styles',
    )
    .argument('<run-dir...>', 'run folders written by `paretoplan run` on the same study area')
    .option(
      '--solutions <names>',
      'the layouts picked from every run, comma-separated: all (the whole front), compromise (or knee), best-<objective id>, or front-table ids',
      'all',
    )
    .requiredOption(
      '--out <file>',
      'the agreement GeoTIFF (.tif); <name>-class.tif and <name>-change.tif and the QGIS styles (.qml) are written beside it',
    )
    .option('--json', 'print the result as JSON')
    .action(async (runDirs: string[], flags: { solutions: string; out: string; json?: boolean }) => {
      const { agreementAcrossRuns, formatAgreement } = await import('../../api/index.js');
      const result = await agreementAcrossRuns(runDirs, {
        solutions: flags.solutions.split(','),
        out: flags.out,
      });
      printResult(flags, result, () => formatAgreement(result));
    });
}
