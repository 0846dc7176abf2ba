/**
 * A small benchmark harness: each `*.bench.ts` file in bench/ registers benchmarks with
 * `benchmark(...)`; `npm run bench [filter]` runs them and writes bench/results/latest.json.
 *
 * Hand-written rather than tinybench because our benchmarks time whole runs (one optimiser run
 * is one sample), need per-benchmark parameters and derived ratios measured in the same run,
 * and must record machine info: a 100-line harness says exactly what it measures.
 */
import os from 'node:os';

export interface BenchmarkContext {
  /** Record an extra measured value (a ratio, a throughput) in this benchmark's result. */
  record(name: string, value: number): void;
}

export interface BenchmarkDefinition<State = unknown> {
  name: string;
  /** Parameters recorded with the result (sizes, budgets, seeds). */
  params: Record<string, string | number | boolean>;
  /** Timed repetitions after `warmup` untimed ones. */
  repetitions?: number;
  warmup?: number;
  /** Untimed preparation, run once. */
  setup?: () => State | Promise<State>;
  /** The timed work. */
  run: (state: State, context: BenchmarkContext) => unknown | Promise<unknown>;
  /**
   * Untimed, after the last repetition: record values computed across all repetitions (a best
   * run, a per-generation minimum). They are stored as recorded, not as a median.
   */
  summarize?: (state: State, context: BenchmarkContext) => void | Promise<void>;
  /** Untimed clean-up, run once. */
  teardown?: (state: State) => void | Promise<void>;
}

export interface BenchmarkResult {
  name: string;
  params: Record<string, string | number | boolean>;
  repetitions: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
  extra: Record<string, number>;
}

const registry: BenchmarkDefinition<never>[] = [];

export function benchmark<State>(definition: BenchmarkDefinition<State>): void {
  registry.push(definition as unknown as BenchmarkDefinition<never>);
}

export function registeredBenchmarks(): readonly BenchmarkDefinition<never>[] {
  return registry;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function runBenchmark<State>(definition: BenchmarkDefinition<State>): Promise<BenchmarkResult> {
  const repetitions = definition.repetitions ?? 7;
  const warmup = definition.warmup ?? 1;
  const state = definition.setup ? await definition.setup() : (undefined as State);
  const extras = new Map<string, number[]>();
  const context: BenchmarkContext = {
    record(name, value) {
      const list = extras.get(name) ?? [];
      list.push(value);
      extras.set(name, list);
    },
  };
  const discard: BenchmarkContext = { record() {} };
  try {
    for (let i = 0; i < warmup; i++) await definition.run(state, discard);
    const samples: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      const start = process.hrtime.bigint();
      await definition.run(state, context);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const extra: Record<string, number> = {};
    for (const [name, values] of extras) extra[name] = median(values);
    await definition.summarize?.(state, {
      record(name, value) {
        extra[name] = value;
      },
    });
    return {
      name: definition.name,
      params: definition.params,
      repetitions,
      medianMs: median(samples),
      minMs: Math.min(...samples),
      maxMs: Math.max(...samples),
      samplesMs: samples,
      extra,
    };
  } finally {
    await definition.teardown?.(state);
  }
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    totalMemoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg(),
  };
}
