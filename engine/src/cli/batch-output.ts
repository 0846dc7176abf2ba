/** How a batch's runs are reported on the terminal (and as JSON), local or queued. */
import path from 'node:path';
import type { BatchEntry } from '../api/index.js';

/** The batch's runs as a table (or JSON), where summary.csv is, and exit code 1 if a run failed. */
export function printBatchResult(
  flags: { json?: boolean },
  result: { entries: BatchEntry[]; summaryCsv: string | null },
): void {
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const rows = result.entries.map((e) => [
      path.basename(e.scenario),
      String(e.seed ?? ''),
      e.status,
      e.hypervolume?.toFixed(4) ?? '',
      String(e.summary?.frontSize ?? ''),
      Object.entries(e.compromise)
        .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
        .join(', '),
      e.error ? e.error.slice(0, 80) : '',
    ]);
    printTable(['scenario', 'seed', 'status', 'HV', 'front', 'compromise', 'error'], rows);
    if (result.summaryCsv) process.stderr.write(`Summary written to ${result.summaryCsv}\n`);
  }
  const failed = result.entries.filter((e) => e.status === 'failed').length;
  if (failed > 0) {
    process.stderr.write(`${failed} of ${result.entries.length} runs failed (see the error column).\n`);
    process.exitCode = 1;
  }
}

/** A plain text table on stdout. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}
