/**
 * Live progress of a run: a progress bar on a terminal (generation, evaluations per second,
 * hypervolume, ETA), plain log lines when output goes to a file or a pipe, nothing with --quiet.
 * Progress goes to stderr so that `--json` output on stdout stays machine-readable.
 */
import cliProgress from 'cli-progress';
import type { RunProgress } from '../api/index.js';

export interface ProgressReporter {
  update(progress: RunProgress): void;
  stop(): void;
  /** Print a line without breaking the bar. */
  log(message: string): void;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function createProgressReporter(options: { quiet?: boolean; label?: string }): ProgressReporter {
  const stream = process.stderr;
  if (options.quiet) return { update() {}, stop() {}, log() {} };
  if (!stream.isTTY) {
    let lastLogged = -1;
    return {
      update(p) {
        // About twenty lines per run, plus the last generation.
        const step = Math.max(1, Math.round(p.generations / 20));
        if (p.generation === p.generations || p.generation - lastLogged >= step) {
          lastLogged = p.generation;
          stream.write(
            `${options.label ? `${options.label} ` : ''}generation ${p.generation}/${p.generations}, ${p.evaluations} evaluations ` +
              `(${Math.round(p.evaluationsPerSecond)}/s), hypervolume ${p.hypervolume.toFixed(4)}, front ${p.frontSize}, ` +
              `elapsed ${formatDuration(p.elapsedMs)}, ETA ${formatDuration(p.etaMs)}\n`,
          );
        }
      },
      stop() {},
      log(message) {
        stream.write(`${message}\n`);
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${options.label ? `${options.label} ` : ''}{bar} gen {value}/{total} | {rate} eval/s | HV {hv} | front {front} | ETA {eta_text}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = {
        rate: Math.round(p.evaluationsPerSecond),
        hv: p.hypervolume.toFixed(4),
        front: p.frontSize,
        eta_text: formatDuration(p.etaMs),
      };
      if (!started) {
        bar.start(p.generations, p.generation, payload);
        started = true;
      } else bar.update(p.generation, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
    log(message) {
      if (started) bar.stop();
      stream.write(`${message}\n`);
      started = false;
    },
  };
}
