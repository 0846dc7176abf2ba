/**
 * `npm run bench [-- <name filter>]`: runs every benchmark registered by bench/*.bench.ts (or those
 * whose name contains the filter) and writes the run to bench/results/bench-<time>.json and into
 * bench/results/latest.json, which keeps the newest result of every benchmark (each with its
 * `measuredAt`). Never part of `npm test`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile, mkdir, writeFile, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineInfo, registeredBenchmarks, runBenchmark, type BenchmarkResult } from './harness.js';

// The prepared-layer cache (engine/src/landuse/model/layer-cache.ts): a bench run has its own,
// empty at the start, so that what it measures does not depend on what earlier runs or another
// version of the engine left in the user's cache. Within the run it fills as it would for a user
// (the app bench opens a run its own set-up made). PARETOPLAN_CACHE_DIR=<folder> or =off chooses.
if (process.env.PARETOPLAN_CACHE_DIR === undefined) {
  const cache = mkdtempSync(path.join(os.tmpdir(), 'pp-bench-cache-'));
  process.env.PARETOPLAN_CACHE_DIR = cache;
  process.on('exit', () => rmSync(cache, { recursive: true, force: true }));
}

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

const outDir = path.join(benchDir, 'results');
await mkdir(outDir, { recursive: true });
const machine = machineInfo();
const finishedAt = new Date().toISOString();
const stamped = results.map((result) => ({ ...result, measuredAt: startedAt }));
// This run alone, and latest.json: the newest result of every benchmark, so a filtered run
// (`npm run bench -- parallel`) updates its benchmarks without dropping the others.
const thisRun = { startedAt, finishedAt, machine, results: stamped };
const previous = filter ? await readPrevious(path.join(outDir, 'latest.json')) : [];
const merged = [...previous.filter((old) => !stamped.some((r) => r.name === old.name)), ...stamped];
const latest = { startedAt, finishedAt, machine, filter: filter ?? null, results: merged };
await writeAtomically(path.join(outDir, `bench-${startedAt.replace(/[:.]/g, '-')}.json`), thisRun);
await writeAtomically(path.join(outDir, 'latest.json'), latest);
console.log(
  `\nWrote ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))} (${results.length} benchmarks measured now, ${merged.length} in all).`,
);

async function readPrevious(file: string): Promise<{ name: string; measuredAt?: string }[]> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as {
      startedAt?: string;
      results?: { name: string; measuredAt?: string }[];
    };
    if (!Array.isArray(parsed.results)) return [];
    // Files written before `measuredAt` existed: their results date from the file's run.
    return parsed.results.map((r) => ({ ...r, measuredAt: r.measuredAt ?? parsed.startedAt }));
  } catch {
    return []; // none yet, or unreadable: start afresh
  }
}

async function writeAtomically(target: string, value: unknown): Promise<void> {
  await writeFile(`${target}.tmp`, JSON.stringify(value, null, 2) + '\n');
  await rename(`${target}.tmp`, target);
}
