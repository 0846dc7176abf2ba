/**
 * `npm run bench [-- <name filter>]`: runs every benchmark registered by bench/*.bench.ts and
 * writes bench/results/latest.json (and a timestamped copy). Never part of `npm test`.
 */
import { readdir, mkdir, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineInfo, registeredBenchmarks, runBenchmark, type BenchmarkResult } from './harness.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];

const files = (await readdir(benchDir)).filter((f) => f.endsWith('.bench.ts')).sort();
for (const file of files) await import(pathToFileURL(path.join(benchDir, file)).href);

const selected = registeredBenchmarks().filter((b) => !filter || b.name.includes(filter));
if (selected.length === 0) {
  console.error(filter ? `No benchmark name contains "${filter}".` : 'No benchmarks are registered in bench/.');
  process.exit(2);
}

const results: BenchmarkResult[] = [];
const startedAt = new Date().toISOString();
for (const definition of selected) {
  process.stdout.write(`${definition.name} ... `);
  const result = await runBenchmark(definition);
  results.push(result);
  const extras = Object.entries(result.extra)
    .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toPrecision(4)}`)
    .join(' ');
  console.log(
    `median ${result.medianMs.toFixed(3)} ms (min ${result.minMs.toFixed(3)}, max ${result.maxMs.toFixed(3)}, n=${result.repetitions})${extras ? ` ${extras}` : ''}`,
  );
}

const report = { startedAt, finishedAt: new Date().toISOString(), machine: machineInfo(), results };
const outDir = path.join(benchDir, 'results');
await mkdir(outDir, { recursive: true });
const json = JSON.stringify(report, null, 2) + '\n';
for (const name of ['latest.json', `bench-${startedAt.replace(/[:.]/g, '-')}.json`]) {
  const target = path.join(outDir, name);
  await writeFile(`${target}.tmp`, json);
  await rename(`${target}.tmp`, target);
}
console.log(
  `\nWrote ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))} (${results.length} benchmarks).`,
);
