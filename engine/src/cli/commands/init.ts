import type { Command } from 'commander';
import { printResult } from '../json-output.js';
import { wholeNumber } from '../options.js';

/** `paretoplan init <landcover.tif> [--boundary FILE] [--out scenario.yaml] [--band N] [--force] [--json]`. */
export function register(program: Command): void {
  program
    .command('init')
    .description(
      "write a starter scenario from a land-cover map: one class per code (or per group for NLCD, CORINE and ESA WorldCover), names and colours, today's areas, demands and default objectives; it validates and runs as written",
    )
    .argument('<landcover>', 'the land-cover raster (GeoTIFF)')
    .option('--boundary <file>', 'polygons bounding the study area (GeoJSON, Shapefile or GeoPackage)')
    .option('--out <file>', 'the scenario to write (default <landcover name>.yaml in the current folder)')
    .option('--band <n>', 'raster band (1-based) of a multi-band file', wholeNumber(1))
    .option('--force', 'overwrite an existing scenario file')
    .option('--json', 'print the scenario written and its facts as JSON')
    .action(
      async (
        landcover: string,
        flags: { boundary?: string; out?: string; band?: number; force?: boolean; json?: boolean },
      ) => {
        const { initScenario } = await import('../../api/index.js');
        const result = await initScenario({
          landcover,
          ...(flags.boundary ? { boundary: flags.boundary } : {}),
          ...(flags.out ? { out: flags.out } : {}),
          ...(flags.band !== undefined ? { band: flags.band } : {}),
          ...(flags.force ? { force: true } : {}),
        });
        printResult(flags, result, () =>
          [
            `Wrote ${result.file}: ${result.classes.length} classes (${result.legend ?? `one per code, names from ${result.names}`}), ` +
              `${result.studyAreaHa.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ha, objectives ${result.objectives.join(', ')}.`,
            ...result.validation.warnings.map((w) => `  warning: ${w.path ? `${w.path}: ` : ''}${w.message}`),
            `Next: review it, then \`paretoplan validate ${result.file}\` and \`paretoplan run ${result.file}\`.`,
          ].join('\n'),
        );
      },
    );
}
