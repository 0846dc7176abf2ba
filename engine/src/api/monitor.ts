/**
 * Monitoring a plan through the engine API (`paretoplan monitor`): where a plan layout was followed
 * by a later observed land cover and where not (per class, in ha, and as a map), the objectives of
 * the observed state against the plan's and the baseline's, and each demand met or missed.
 * Definitions: docs/scoring.md.
 */
import { formatHa, formatPercent } from '../report/format.js';
import { MONITOR_CATEGORIES, monitorPlan, type MonitorOptions, type MonitorResult } from '../runs/index.js';
import { formatDemand, formatObjective } from './score.js';

export { MONITOR_CATEGORIES, monitorPlan, type MonitorOptions, type MonitorResult };
export type { ClassMonitoring, MonitorCategory } from '../runs/index.js';

/** `paretoplan monitor` without --json. */
export function formatMonitor(result: MonitorResult): string {
  const lines = [
    `Plan      ${result.plan}`,
    `Observed  ${result.observed}`,
    `Baseline  ${result.baseline ?? `the land use of scenario "${result.scenario.name}"`}`,
    '',
    `Plan followed on ${formatPercent(result.followedShare)} of the study area`,
  ];
  for (const c of MONITOR_CATEGORIES)
    lines.push(`  ${c.name.padEnd(34)} ${formatHa(result.totals[c.id]).padStart(9)} ha`);
  const rows = result.classes.filter((c) => c.plannedHa > 0 || c.unplannedGainHa > 0 || c.unplannedLossHa > 0);
  lines.push('', 'Per class (ha)      planned  realised  not realised  unplanned gain  unplanned loss');
  for (const c of rows) {
    lines.push(
      `  ${c.name.slice(0, 17).padEnd(17)} ${[
        c.plannedHa,
        c.realisedHa,
        c.notRealisedHa,
        c.unplannedGainHa,
        c.unplannedLossHa,
      ]
        .map((v, k) => formatHa(v).padStart([8, 9, 13, 15, 15][k]!))
        .join(' ')}`,
    );
  }
  if (rows.length === 0) lines.push('  (no change planned or observed)');
  const { plan, observed, baseline } = result.scores;
  lines.push(
    '',
    `Objectives              ${'observed'.padStart(12)} ${'plan'.padStart(12)} ${'baseline'.padStart(12)}`,
  );
  observed.objectives.forEach((o, j) => {
    lines.push(
      `  ${o.id.padEnd(20)}  ${[o, plan.objectives[j]!, baseline.objectives[j]!].map((v) => formatObjective(v).padStart(12)).join(' ')}`,
    );
  });
  lines.push('', 'Demands (observed; plan)');
  observed.demands.forEach((d, k) => {
    const planned = plan.demands[k]!;
    lines.push(`  ${formatDemand(d)}; plan ${planned.status === 'met' ? 'met' : 'missed'}`);
  });
  if (observed.violations.length > 0) {
    const ha = observed.violations.reduce((sum, v) => sum + v.ha, 0);
    lines.push('', `The observed state breaks the scenario's rules on ${formatHa(ha)} ha (--json lists them).`);
  }
  if (result.files) lines.push('', `Map: ${result.files.map}`, `Summary: ${result.files.summary}`);
  return lines.join('\n');
}
