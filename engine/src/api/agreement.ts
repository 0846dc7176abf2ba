/**
 * Agreement across runs through the engine API (`paretoplan agreement`): layouts picked from
 * several runs of one study area compared cell by cell, written as GeoTIFFs. Definitions:
 * runs/cross-run-agreement.ts and docs/parties.md ("Agreement across runs").
 */
import { formatHa, formatPercent } from '../report/format.js';
import { agreementAcrossRuns, ALL_SOLUTIONS, type AgreementOptions, type AgreementResult } from '../runs/index.js';

export { agreementAcrossRuns, ALL_SOLUTIONS, type AgreementOptions, type AgreementResult };

/** `paretoplan agreement` without --json. */
export function formatAgreement(result: AgreementResult): string {
  const lines = [`Agreement of ${result.layouts} layouts from ${result.runs.length} runs`];
  for (const run of result.runs) {
    const ids = run.solutions.length > 8 ? `${run.solutions.length} layouts` : `layouts ${run.solutions.join(', ')}`;
    lines.push(`  ${run.dir} (${run.scenario}, seed ${run.seed}): ${ids}`);
  }
  lines.push(
    '',
    `Every layout gives the same class      ${formatHa(result.unanimousHa).padStart(9)} ha`,
    `The layouts differ                     ${formatHa(result.contestedHa).padStart(9)} ha`,
    `Every layout changes it from today     ${formatHa(result.changedByAllHa).padStart(9)} ha`,
    `Some layout changes it from today      ${formatHa(result.changedByAnyHa).padStart(9)} ha`,
    `All agree, of the ${formatHa(result.changeableHa)} ha some run may change: ${formatPercent(result.agreedShareOfChangeable)}`,
  );
  if (result.contestedByShare.length > 0) {
    lines.push('', 'Where they differ, share agreeing with the most common class');
    for (const band of result.contestedByShare)
      lines.push(`  ${`${band.fromPercent}-${band.fromPercent + 9} %`.padEnd(12)} ${formatHa(band.ha).padStart(9)} ha`);
  }
  lines.push(
    '',
    `Agreement (% of layouts giving the most common class): ${result.files.agreement}`,
    `Most common class:                                     ${result.files.class}`,
    `Change from today (% of layouts changing the cell):    ${result.files.change}`,
  );
  return lines.join('\n');
}
