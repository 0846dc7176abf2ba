/**
 * Batches on a queue (issue 21), measured against a private redis-server on 127.0.0.1:
 *
 * - throughput of a 12-job batch (tests/fixtures/runs/tiny.yaml, 12 seeds, 200 generations each)
 *   with 1, 2 and 3 local `paretoplan worker` processes, all three in each sample so that the
 *   ratios (`speedup2w`, `speedup3w`) come from one run. Workers are started (untimed) before the
 *   batch is submitted and stopped after; each batch goes to a fresh folder. On a 2-core machine
 *   the third worker has no core of its own: `speedup3w` shows what a worker more than cores gives.
 * - overhead per job, enqueue to start: 12 one-generation jobs through one idle worker. For each
 *   job, the time from the moment it could start (enqueued, and the worker free from the job
 *   before) to the moment a worker took it (BullMQ's `processedOn`); target under 200 ms.
 *
 * Workers run the CLI from the sources (tsx), as `npm run paretoplan -- worker` does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { benchmark, median } from './harness.js';
import { submitQueuedBatch } from '../engine/src/distributed/index.js';
import { KEY_PREFIX, QUEUE_NAME, batchIdOf, jobIdOf } from '../engine/src/distributed/protocol.js';
import { planBatch } from '../engine/src/runs/index.js';
import { startRedis, type TestRedis } from '../tests/support/redis-server.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scenario = path.join(repoRoot, 'tests/fixtures/runs/tiny.yaml');
const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const GENERATIONS = 200;

interface Workers {
  stop(): Promise<void>;
}

/** Start `count` worker processes and resolve once each waits for jobs. */
async function startWorkers(url: string, count: number): Promise<Workers> {
  const children: ChildProcess[] = [];
  const ready = Array.from({ length: count }, () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'engine/src/cli/main.ts'), 'worker', '--queue', url],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(child);
    return new Promise<void>((resolve, reject) => {
      let text = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('waiting for jobs')) resolve();
      });
      child.once('exit', () => reject(new Error(`a worker exited before it was ready: ${text}`)));
    });
  });
  await Promise.all(ready);
  return {
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

interface State {
  redis: TestRedis;
  tmp: string;
  batches: number;
}

async function setup(): Promise<State> {
  return { redis: await startRedis(), tmp: await mkdtemp(path.join(os.tmpdir(), 'pp-bench-queue-')), batches: 0 };
}

async function teardown(state: State): Promise<void> {
  await state.redis.stop();
  await rm(state.tmp, { recursive: true, force: true });
}

/** Run one batch on `count` fresh workers; returns its wall time (workers' start and stop untimed). */
async function timedBatch(state: State, count: number, seeds: number[], generations: number) {
  const workers = await startWorkers(state.redis.url, count);
  try {
    const outDir = path.join(state.tmp, `batch-${state.batches++}`);
    const started = performance.now();
    const result = await submitQueuedBatch({
      queue: state.redis.url,
      scenarios: [scenario],
      outDir,
      seeds,
      generations,
    });
    const ms = performance.now() - started;
    if (result.entries.some((e) => e.status !== 'complete')) throw new Error('a benchmark run did not complete');
    return { ms, outDir };
  } finally {
    await workers.stop();
  }
}

benchmark<State>({
  name: 'distributed: 12-job batch with 1, 2 and 3 local workers',
  params: {
    scenario: 'tests/fixtures/runs/tiny.yaml',
    jobs: SEEDS.length,
    generations: GENERATIONS,
    cores: os.availableParallelism(),
  },
  repetitions: 3,
  warmup: 0,
  setup,
  teardown,
  async run(state, context) {
    const times: Record<number, number> = {};
    for (const count of [1, 2, 3]) times[count] = (await timedBatch(state, count, SEEDS, GENERATIONS)).ms;
    for (const count of [1, 2, 3]) context.record(`jobsPerMinute${count}w`, (SEEDS.length * 60_000) / times[count]!);
    context.record('speedup2w', times[1]! / times[2]!);
    context.record('speedup3w', times[1]! / times[3]!);
  },
});

benchmark<State & { overheads: number[]; firstJob: number[] }>({
  name: 'distributed: overhead per job, enqueue to start',
  params: { scenario: 'tests/fixtures/runs/tiny.yaml', jobs: SEEDS.length, generations: 1, workers: 1, targetMs: 200 },
  repetitions: 3,
  warmup: 0,
  setup: async () => ({ ...(await setup()), overheads: [], firstJob: [] }),
  teardown,
  async run(state) {
    const { outDir } = await timedBatch(state, 1, SEEDS, 1);
    const plan = await planBatch({ scenarios: [scenario], outDir, seeds: SEEDS });
    const queue = new Queue(QUEUE_NAME, {
      connection: { host: '127.0.0.1', port: state.redis.port },
      prefix: KEY_PREFIX,
    });
    try {
      const jobs = [];
      for (const job of plan.jobs) jobs.push((await queue.getJob(jobIdOf(batchIdOf(outDir), job)))!);
      jobs.sort((a, b) => a.processedOn! - b.processedOn!);
      let freeAt = 0;
      for (const [i, job] of jobs.entries()) {
        const overhead = job.processedOn! - Math.max(job.timestamp, freeAt);
        state.overheads.push(overhead);
        if (i === 0) state.firstJob.push(overhead);
        freeAt = job.finishedOn!;
      }
    } finally {
      await queue.close();
    }
  },
  summarize(state, context) {
    context.record('overheadMedianMs', median(state.overheads));
    context.record('overheadMaxMs', Math.max(...state.overheads));
    context.record('idleWorkerFirstJobMs', median(state.firstJob));
  },
});
