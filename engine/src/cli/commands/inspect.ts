import type { Command } from 'commander';

/** `paretoplan inspect <file> [--json] [--band N] [--layer NAME]`: what a raster or vector file holds. */
export function register(program: Command): void {
  program
    .command('inspect')
    .description(
      'describe a raster (GeoTIFF, COG) or vector file (GeoJSON, Shapefile, GeoPackage): size, CRS, geotransform, nodata, value counts; features, types, extent',
    )
    .argument('<file>', 'a .tif raster, or a .geojson, .shp or .gpkg vector file')
    .option('--json', 'print the report as JSON')
    .option('--band <n>', 'raster band to read (1-based), required for multi-band files', (value) => Number(value))
    .option('--layer <name>', 'GeoPackage feature table to describe (default: the first)')
    .action(async (file: string, options: { json?: boolean; band?: number; layer?: string }) => {
      const { formatInspection, inspectFile } = await import('../../api/index.js');
      const report = await inspectFile(file, {
        ...(options.band === undefined ? {} : { band: options.band }),
        ...(options.layer === undefined ? {} : { layer: options.layer }),
      });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspection(report)}\n`);
    });
}
