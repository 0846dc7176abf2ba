import type { Command } from 'commander';

/** `paretoplan cache [--clear] [--json]`: the prepared-layer cache's folder and contents; clear it. */
export function register(program: Command): void {
  program
    .command('cache')
    .description(
      "show the prepared-layer cache (large study areas' layers kept for the next command: its folder, files and size), or clear it",
    )
    .option('--clear', 'remove every file of the cache (always safe: layers are built again when needed)')
    .option('--json', 'print the status as JSON')
    .action(async (options: { clear?: boolean; json?: boolean }) => {
      const { formatLayerCacheStatus, layerCacheStatus } = await import('../../api/index.js');
      const status = layerCacheStatus({ clear: options.clear === true });
      process.stdout.write(
        options.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatLayerCacheStatus(status)}\n`,
      );
    });
}
