import { afterEach, describe, expect, it } from 'vitest';
import { describeActivity, RunHeartbeat } from '../../../engine/src/runs/heartbeat.js';
import type { BatchProgress } from '../../../engine/src/parallel/index.js';

const batch = (task: BatchProgress['task'], done: number, total: number, searches = 0): BatchProgress => ({
  task,
  done,
  total,
  searches,
});

describe('describeActivity', () => {
  it('says what each step does, for how long and how far the workers are', () => {
    const generation = { kind: 'generation', generation: 1, generations: 300 } as const;
    expect(describeActivity({ kind: 'start', workers: 2 }, 4_200, null)).toBe(
      'Starting 2 workers, each building the study area and the objectives, 4.2 s so far.',
    );
    expect(describeActivity(generation, 75_400, batch('evaluate', 46, 100))).toBe(
      'Generation 1 of 300, 1 min 15 s so far: 46 of 100 starting layouts made and evaluated.',
    );
    expect(describeActivity({ ...generation, generation: 40 }, 16_000, batch('evaluate', 3, 100, 4))).toBe(
      'Generation 40 of 300, 16 s so far: 3 of 100 new layouts made, repaired and evaluated, 4 of them the best so far improved by a local search (the memetic step).',
    );
    expect(describeActivity({ ...generation, generation: 41 }, 15_000, batch('finish', 6, 14))).toBe(
      'Generation 41 of 300, 15 s so far: needless changes taken out of the layouts entering the front (6 of 14).',
    );
    expect(describeActivity({ ...generation, generation: 41 }, 15_000, null)).toBe(
      'Generation 41 of 300, 15 s so far.',
    );
    expect(describeActivity({ kind: 'checkpoint', generation: 40 }, 20_000, batch('details', 20, 45))).toBe(
      "Writing the checkpoint of generation 40, 20 s so far: the front table's indicators of new layouts (20 of 45).",
    );
    expect(describeActivity({ kind: 'polish' }, 125_000, batch('evaluate', 0, 3))).toBe(
      'Polishing the best layout of each objective (once, at the end of the run), 2 min 05 s so far.',
    );
    expect(describeActivity({ kind: 'final' }, 30_000, null)).toBe(
      "Writing the run's front and checkpoint, 30 s so far.",
    );
  });
});

describe('RunHeartbeat', () => {
  let heartbeat: RunHeartbeat | null = null;
  afterEach(() => heartbeat?.stop());

  it('speaks once a step has lasted the interval, again every interval, and not after a new step starts or it stops', () => {
    let now = 0;
    const said: string[] = [];
    heartbeat = new RunHeartbeat(
      (m) => said.push(m),
      () => null,
      15_000,
      () => now,
    );
    heartbeat.tick();
    expect(said).toEqual([]);
    heartbeat.enter({ kind: 'generation', generation: 7, generations: 10 });
    now = 14_999;
    heartbeat.tick();
    expect(said).toEqual([]);
    now = 15_000;
    heartbeat.tick();
    now = 20_000;
    heartbeat.tick();
    now = 30_000;
    heartbeat.tick();
    expect(said).toEqual(['Generation 7 of 10, 15 s so far.', 'Generation 7 of 10, 30 s so far.']);
    heartbeat.enter({ kind: 'polish' });
    now = 44_000;
    heartbeat.tick();
    expect(said).toHaveLength(2);
    heartbeat.stop();
    now = 100_000;
    heartbeat.tick();
    expect(said).toHaveLength(2);
  });
});
