/**
 * How many cores are free right now: `threads` threads each running the same busy loop (plain JS,
 * no shared data). Two take as long as one when two cores are free (ratio 1.0), twice as long
 * when other processes leave them one (2.0). Speed-ups are only meaningful next to this check.
 */
import { Worker } from 'node:worker_threads';

/** Wall time (ms) of `threads` threads each running the same busy loop. */
export async function busyThreads(threads: number): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads');
let x = 0; for (let i = 0; i < 1.5e9; i++) x = (x + i) | 0; parentPort.postMessage(x);`;
  const start = performance.now();
  await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(code, { eval: true });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return performance.now() - start;
}

/**
 * The two-busy-loops check: time of two loops together over one alone (1.0: two free cores), the
 * median of `rounds` back-to-back pairs (one measurement swings widely on a loaded machine).
 */
export async function twoBusyLoopsRatio(rounds = 3): Promise<number> {
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const one = await busyThreads(1);
    const two = await busyThreads(2);
    ratios.push(two / one);
  }
  ratios.sort((a, b) => a - b);
  return ratios[rounds >> 1]!;
}
