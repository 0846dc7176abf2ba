import type { Command } from 'commander';
import { printResult } from '../json-output.js';

/** `paretoplan monitor <plan.tif> <observed.tif> --scenario S [--baseline today.tif] [--out DIR] [--json]`. */
export function register(program: Command): void {
  program
    .command('monitor')
    .description(
      'compare a plan layout with a later observed land cover: where the plan was followed and where not (per class, in ha, and as a map with --out), the objectives of the observed state against the plan and the baseline, and each demand met or missed',
    )
    .argument(
      '<plan>',
      "the plan: a GeoTIFF of the scenario's land-use codes (e.g. from `paretoplan export --format geotiff`)",
    )
    .argument('<observed>', 'the land cover observed later, a GeoTIFF with the same codes on the same grid')
    .requiredOption(
      '--scenario <file>',
      'the scenario the plan belongs to: its grid, classes (codes), objectives and demands',
    )
    .option('--baseline <file>', "the land cover the plan started from (default: the scenario's land-use raster)")
    .option('--out <dir>', 'write monitor.tif (the categories, with a QGIS style) and monitor.json into this folder')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        plan: string,
        observed: string,
        flags: { scenario: string; baseline?: string; out?: string; json?: boolean },
      ) => {
        const { formatMonitor, monitorPlan } = await import('../../api/index.js');
        const result = await monitorPlan(plan, observed, {
          scenario: flags.scenario,
          ...(flags.baseline === undefined ? {} : { baseline: flags.baseline }),
          ...(flags.out === undefined ? {} : { out: flags.out }),
        });
        for (const warning of result.warnings) process.stderr.write(`paretoplan: warning: ${warning}\n`);
        printResult(flags, result, () => formatMonitor(result));
      },
    );
}
