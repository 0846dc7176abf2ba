/**
 * Runs fuzz cases in child processes (child.ts) and watches them from outside: a case that takes
 * longer than `timeoutMs` is a hang (the child is killed and the next case starts in a new one); a
 * child that dies (an abort, a fatal out-of-memory, a signal) is a crash of the case it was running;
 * the child's JavaScript heap is capped and its peak resident memory is reported by the child
 * itself. The test runner never runs a case in its own process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseReport } from './child.js';

const childEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'child.ts');

/**
 * What every fuzz run asserts: no case over 2 s, the child's heap capped, and its peak resident
 * memory under 512 MB. GeoTIFF cases run with a 256 MB raster cap (PARETOPLAN_MAX_RASTER_MB): a
 * header may legitimately claim an empty (sparse) raster up to the cap, which is then allocated.
 */
export const FUZZ_LIMITS = {
  peakRssMb: 512,
  yaml: { timeoutMs: 2000, heapMb: 384 },
  tiff: { timeoutMs: 2000, heapMb: 384, env: { PARETOPLAN_MAX_RASTER_MB: '256' } },
} as const;

export interface FuzzOptions {
  kind: 'yaml' | 'tiff';
  seed: number;
  count: number;
  /** A case running longer is a hang. */
  timeoutMs: number;
  /** The child's JavaScript heap cap (--max-old-space-size), MB. */
  heapMb: number;
  /** Extra environment for the child (e.g. the raster memory cap). */
  env?: Record<string, string>;
}

export interface FuzzSummary {
  cases: number;
  outcomes: Record<CaseReport['outcome'], number>;
  crashes: { i: number; name: string; message: string }[];
  hangs: { i: number; name: string }[];
  unlocated: { i: number; name: string; messages: string[] }[];
  peakRssMb: number;
  slowest: { i: number; name: string; ms: number };
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const summary: FuzzSummary = {
    cases: 0,
    outcomes: { accepted: 0, refused: 0, crash: 0 },
    crashes: [],
    hangs: [],
    unlocated: [],
    peakRssMb: 0,
    slowest: { i: -1, name: '', ms: 0 },
  };
  let next = 0;
  while (next < options.count) {
    next = await runChild(options, next, summary);
  }
  return summary;
}

/** Run cases from `from` in one child until it ends or fails; returns the next case to run. */
function runChild(options: FuzzOptions, from: number, summary: FuzzSummary): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${options.heapMb}`,
        '--import',
        'tsx',
        childEntry,
        options.kind,
        String(options.seed),
        String(from),
        String(options.count),
      ],
      { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let next = from;
    let buffered = '';
    let stderr = '';
    let hung = false;
    // The first case also waits for the child to start (tsx compiles the engine).
    let timer = setTimeout(onTimeout, options.timeoutMs + 30_000);
    function onTimeout() {
      hung = true;
      child.kill('SIGKILL');
    }
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const report = JSON.parse(buffered.slice(0, newline)) as CaseReport;
        buffered = buffered.slice(newline + 1);
        clearTimeout(timer);
        timer = setTimeout(onTimeout, options.timeoutMs);
        record(report, summary, options.timeoutMs);
        next = report.i + 1;
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (next >= options.count) return resolve(next);
      // The child stopped before case `next` reported: that case hung or killed it.
      summary.cases++;
      if (hung) summary.hangs.push({ i: next, name: `case ${next}` });
      else {
        summary.outcomes.crash++;
        summary.crashes.push({
          i: next,
          name: `case ${next}`,
          message: `child ended (${signal ?? `exit ${code}`}): ${stderr}`,
        });
      }
      resolve(next + 1);
    });
  });
}

function record(report: CaseReport, summary: FuzzSummary, timeoutMs: number): void {
  summary.cases++;
  summary.outcomes[report.outcome]++;
  if (report.outcome === 'crash') summary.crashes.push({ i: report.i, name: report.name, message: report.message });
  if (report.unlocated.length > 0)
    summary.unlocated.push({ i: report.i, name: report.name, messages: report.unlocated });
  if (report.ms > timeoutMs) summary.hangs.push({ i: report.i, name: report.name });
  summary.peakRssMb = Math.max(summary.peakRssMb, report.maxRssMb);
  if (report.ms > summary.slowest.ms) summary.slowest = { i: report.i, name: report.name, ms: report.ms };
}
