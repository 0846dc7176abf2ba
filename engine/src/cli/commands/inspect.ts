import type { Command } from 'commander';

/** `paretoplan inspect <file> [--json] [--band N]`: what a GeoTIFF or GeoJSON file holds. */
export function register(program: Command): void {
  program
    .command('inspect')
    .description(
      'describe a GeoTIFF raster or GeoJSON vector file (size, CRS, geotransform, nodata, value counts; features, types, extent)',
    )
    .argument('<file>', 'a .tif raster or .geojson vector file')
    .option('--json', 'print the report as JSON')
    .option('--band <n>', 'raster band to read (1-based), required for multi-band files', (value) => Number(value))
    .action(async (file: string, options: { json?: boolean; band?: number }) => {
      const { formatInspection, inspectFile } = await import('../../api/index.js');
      const report = await inspectFile(file, options.band === undefined ? {} : { band: options.band });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspection(report)}\n`);
    });
}
