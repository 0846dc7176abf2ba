import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { ExportFormat } from '../../api/index.js';
import { printResult } from '../json-output.js';

// The formats are listed here for --help without loading the engine; the engine checks them too.
const FORMATS: readonly ExportFormat[] = ['geotiff', 'geojson', 'change-map', 'change-polygons', 'csv'];

/** `paretoplan export <run-dir> --format F [--solution ID] [--out FILE] [--json]`. */
export function register(program: Command): void {
  program
    .command('export')
    .description(
      'export one layout of a run (GeoTIFF keeping the land-use codes, nodata and grid; or GeoJSON polygons), its changes (change-map GeoTIFF of from->to codes, or change-polygons GeoJSON), or the whole front (CSV)',
    )
    .argument('<run-dir>', 'a run folder written by `paretoplan run`')
    .option(
      '--solution <name>',
      'an id from the front table, compromise (or knee), or best-<objective id> (e.g. best-economic)',
      'compromise',
    )
    .requiredOption('--format <format>', FORMATS.join(', ') + ' (csv: the whole front)', (value: string) => {
      if (!FORMATS.includes(value as ExportFormat))
        throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}, got "${value}".`);
      return value as ExportFormat;
    })
    .option(
      '--out <file>',
      'output file: .tif for GeoTIFF (its QGIS style is <name>.qml), .geojson, .csv (default: <run-dir>/exports/...)',
    )
    .option('--json', 'print what was written and its facts as JSON')
    .action(async (runDir: string, flags: { solution: string; format: ExportFormat; out?: string; json?: boolean }) => {
      const { exportFromRun } = await import('../../api/index.js');
      const result = await exportFromRun(runDir, {
        solution: flags.solution,
        format: flags.format,
        ...(flags.out ? { out: flags.out } : {}),
      });
      printResult(flags, result, () =>
        [
          `${result.solution === null ? 'Front' : `Solution ${result.solution}`} exported as ${result.format}: ${result.file}`,
          ...(result.style ? [`QGIS style: ${result.style}`] : []),
        ].join('\n'),
      );
    });
}
