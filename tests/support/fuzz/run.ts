/**
 * The long fuzz run, outside CI: `npm run fuzz` (10,000 scenario files and 2,000 GeoTIFFs), or
 * `npx tsx tests/support/fuzz/run.ts --yaml 500 --tiff 100 --seed 7`. Prints a summary per kind and
 * exits with 1 on any crash, hang, unlocated message or peak memory over the limit.
 */
import { parseArgs } from 'node:util';
import { FUZZ_LIMITS, runFuzz, type FuzzSummary } from './harness.js';

const { values } = parseArgs({
  options: {
    yaml: { type: 'string', default: '10000' },
    tiff: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20251' },
  },
});

let failed = false;
for (const kind of ['yaml', 'tiff'] as const) {
  const count = Number(values[kind]);
  if (!(count > 0)) continue;
  const started = Date.now();
  const summary = await runFuzz({ kind, seed: Number(values.seed), count, ...FUZZ_LIMITS[kind] });
  failed ||= report(kind, summary, Date.now() - started);
}
process.exitCode = failed ? 1 : 0;

function report(kind: string, s: FuzzSummary, ms: number): boolean {
  const bad = s.crashes.length + s.hangs.length + s.unlocated.length > 0 || s.peakRssMb >= FUZZ_LIMITS.peakRssMb;
  console.log(
    `${kind}: ${s.cases} cases in ${(ms / 1000).toFixed(0)} s: ${s.outcomes.accepted} accepted, ${s.outcomes.refused} refused; ` +
      `${s.crashes.length} crashes, ${s.hangs.length} hangs, ${s.unlocated.length} unlocated messages; ` +
      `peak memory ${s.peakRssMb} MB; slowest case ${s.slowest.ms} ms (${s.slowest.name})`,
  );
  for (const c of s.crashes) console.log(`  crash #${c.i} ${c.name}: ${c.message}`);
  for (const h of s.hangs) console.log(`  hang #${h.i} ${h.name}`);
  for (const u of s.unlocated) console.log(`  unlocated #${u.i} ${u.name}: ${u.messages.join(' | ')}`);
  return bad;
}
