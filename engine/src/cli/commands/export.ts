import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { ExportFormat } from '../../api/index.js';

const FORMATS: ExportFormat[] = ['geotiff', 'geojson', 'csv'];

export function register(program: Command): void {
  program
    .command('export')
    .description(
      'export one layout of a run (GeoTIFF with class colours, or GeoJSON polygons) or the whole front (CSV)',
    )
    .argument('<run-dir>', 'a run folder written by `paretoplan run`')
    .option(
      '--solution <name>',
      'an id from front.csv, compromise (or knee), or best-<objective id> (e.g. best-economic)',
      'compromise',
    )
    .requiredOption('--format <format>', 'geotiff, geojson or csv (csv: the whole front)', (value: string) => {
      if (!FORMATS.includes(value as ExportFormat))
        throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}, got "${value}".`);
      return value as ExportFormat;
    })
    .option('--out <file>', 'output file (default: <run-dir>/exports/...)')
    .action(async (runDir: string, flags: { solution: string; format: ExportFormat; out?: string }) => {
      const { exportFromRun } = await import('../../api/index.js');
      const result = await exportFromRun(runDir, {
        solution: flags.solution,
        format: flags.format,
        ...(flags.out ? { out: flags.out } : {}),
      });
      process.stdout.write(
        `${result.solution === null ? 'Front' : `Solution ${result.solution}`} exported as ${result.format}: ${result.file}\n`,
      );
    });
}
