/** How a finished, interrupted or resumed run is reported on the terminal (and as JSON). */
import type { RunSummary } from '../api/index.js';
import { describeObjectiveBounds, noFeasibleLayoutMessage } from '../api/objective-bounds.js';
import { INTERRUPTED_EXIT_CODE } from './interrupt.js';
import { formatDuration } from './progress.js';

const number = (v: number) =>
  Math.abs(v) >= 1000 ? v.toLocaleString('en-GB', { maximumFractionDigits: 1 }) : v.toPrecision(4);

export function formatRunSummary(summary: RunSummary, front?: { table: number[][] }): string {
  const lines: string[] = [];
  const state =
    summary.status === 'complete'
      ? 'Run complete'
      : summary.status === 'interrupted'
        ? 'Run interrupted'
        : `Run ${summary.status}`;
  lines.push(`${state}: ${summary.scenarioName}`);
  // Labels padded to the longest, so values line up whatever the objectives are called.
  const rows: [string, string][] = [
    ['folder:', summary.dir],
    [
      'generations:',
      `${summary.generation} of ${summary.generations} (${summary.evaluations.toLocaleString('en-GB')} evaluations) in ${formatDuration(summary.elapsedMs)}`,
    ],
    [
      'front:',
      `${summary.frontSize} layouts${summary.hypervolume !== null ? `, hypervolume ${summary.hypervolume.toFixed(4)}` : ''}`,
    ],
  ];
  if (summary.objectiveBounds) rows.push(['bounds:', describeObjectiveBounds(summary.objectiveBounds)]);
  if (summary.highlights && front) {
    const values = (id: number) =>
      summary.objectives.map((o, j) => `${o.id} ${number(front.table[id]![1 + j]!)}`).join(', ');
    rows.push(['compromise:', `#${summary.highlights.knee}  ${values(summary.highlights.knee)}`]);
    for (const o of summary.objectives) {
      const id = summary.highlights.extremes[o.id]!;
      rows.push([`best ${o.id}:`, `#${id}  ${values(id)}`]);
    }
  }
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  for (const [label, text] of rows) lines.push(`  ${label.padEnd(width)} ${text}`);
  if (summary.status === 'interrupted') {
    lines.push(`Continue with: paretoplan resume ${summary.dir}`);
  } else if (summary.status === 'complete' && summary.frontSize === 0) {
    lines.push(noFeasibleLayoutMessage(summary.objectiveBounds));
  } else if (summary.status === 'complete') {
    lines.push(
      `Next: paretoplan report ${summary.dir}   or   paretoplan export ${summary.dir} --solution compromise --format geotiff`,
    );
  }
  return lines.join('\n');
}

export function exitCodeOf(summary: RunSummary): number {
  return summary.status === 'interrupted' ? INTERRUPTED_EXIT_CODE : 0;
}
