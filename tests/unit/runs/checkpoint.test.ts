import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { compressCheckpoint, decodeCheckpoint, encodeCheckpoint } from '../../../engine/src/runs/checkpoint.js';
import { packStaticArrays, separateTypedArrays } from '../../../engine/src/io/typed-arrays.js';
import { NSGA2, createBenchmarkProblem, MaxGenerations } from '../../../engine/src/optimizer/index.js';

describe('checkpoint files', () => {
  it('keep every value exactly, typed arrays at any depth included', () => {
    const snapshot = {
      generation: 7,
      random: { algorithm: 'xoroshiro128plus', state: [1, -2, 3, 4] },
      population: {
        variables: Uint8Array.from([0, 1, 2, 255, 7]),
        objectives: Float64Array.from([Infinity, -0, 1e-300, -Infinity, 0.1 + 0.2]),
        rank: Int32Array.from([0, -1, 2 ** 31 - 1]),
      },
      archive: null,
      list: [Float64Array.from([Number.NaN]), 'text'],
    };
    const restored = decodeCheckpoint<typeof snapshot>(encodeCheckpoint(snapshot), 'test');
    expect(restored).toEqual(snapshot);
    expect(Object.is(restored.population.objectives[1], -0)).toBe(true);
    expect(restored.population.variables).toBeInstanceOf(Uint8Array);
    expect(Number.isNaN((restored.list[0] as Float64Array)[0])).toBe(true);
  });

  it('compressed in the thread pool in parts, are the same bytes as compressed here', async () => {
    // Over one part (32 MB): a layout matrix is cut into several gzip members.
    const variables = Uint8Array.from({ length: 40 * 1024 * 1024 + 5 }, (_, i) => (i >> 12) % 7);
    const snapshot = { generation: 2, population: { variables, crowding: Float64Array.of(Infinity, 1) } };
    const here = encodeCheckpoint(snapshot);
    expect((await compressCheckpoint(snapshot)).equals(here)).toBe(true);
    const restored = decodeCheckpoint<typeof snapshot>(here, 'parts');
    expect(Buffer.from(restored.population.variables.buffer).equals(Buffer.from(variables.buffer))).toBe(true);
    expect(restored.population.crowding).toEqual(snapshot.population.crowding);
  });

  it('restore an NSGA-II run that then continues exactly like an uninterrupted one', () => {
    const options = { populationSize: 20, seed: 5, termination: new MaxGenerations(12) };
    const straight = new NSGA2(createBenchmarkProblem('ZDT1'), options).runSync();
    const first = new NSGA2(createBenchmarkProblem('ZDT1'), { ...options, termination: new MaxGenerations(12) });
    for (let i = 0; i < 5; i++) first.stepSync();
    const second = new NSGA2(createBenchmarkProblem('ZDT1'), { ...options, termination: new MaxGenerations(12) });
    second.restore(decodeCheckpoint(encodeCheckpoint(first.snapshot()), 'test'));
    const resumed = second.runSync();
    expect(resumed.front.objectives).toEqual(straight.front.objectives);
    expect(resumed.population.variables).toEqual(straight.population.variables);
  });

  it('read checkpoints written as one gzip member, as versions before 0.1 stop 27 wrote them', () => {
    const snapshot = {
      generation: 3,
      population: { variables: Uint8Array.from([9, 8, 7]), crowding: Float64Array.of(Infinity) },
    };
    // The earlier encoder: the whole packed, then compressed at once.
    const { plain, arrays } = separateTypedArrays(snapshot);
    const { locations, bytes } = packStaticArrays(arrays);
    const header = Buffer.from(
      JSON.stringify({ plain, arrays: Object.entries(locations).map(([path, l]) => ({ path, ...l })) }),
      'utf8',
    );
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const old = gzipSync(Buffer.concat([Buffer.from('PPCHK1\n', 'latin1'), length, header, bytes]));
    expect(decodeCheckpoint(old, 'old')).toEqual(snapshot);
  });

  it('encode a snapshot of views (no copies of the layouts) to the same checkpoint as a copied one', () => {
    const options = { populationSize: 16, seed: 3, termination: new MaxGenerations(6), archive: { capacity: 30 } };
    const run = new NSGA2(createBenchmarkProblem('ZDT2'), options);
    for (let i = 0; i < 4; i++) run.stepSync();
    const views = run.snapshot(true);
    expect(views.archive!.variables!.buffer).toBe(run.archive!.row(0).buffer);
    const copies = run.snapshot();
    // elapsedMs is read from the clock at each call.
    expect(decodeCheckpoint(encodeCheckpoint({ ...views, elapsedMs: 0 }), 'views')).toEqual(
      decodeCheckpoint(encodeCheckpoint({ ...copies, elapsedMs: 0 }), 'copies'),
    );
    const current = run.currentSolutions();
    expect(current.row(0).buffer).toBe(run.archive!.row(0).buffer);
    const { variables, ...values } = run.result().archive!;
    expect({ ...current, row: undefined }).toEqual({ ...values, row: undefined });
    const n = current.numberOfVariables;
    for (let i = 0; i < current.size; i++) expect(current.row(i)).toEqual(variables.subarray(i * n, (i + 1) * n));
  });

  it('refuse damaged or foreign files with a message naming the file', () => {
    expect(() => decodeCheckpoint(Buffer.from('not gzip'), 'run/checkpoint-000003.bin.gz')).toThrow(
      /checkpoint-000003\.bin\.gz is not a readable checkpoint/,
    );
    expect(() => decodeCheckpoint(gzipSync(Buffer.from('{"json": true}')), 'x.bin.gz')).toThrow(
      /not a Pareto Plan checkpoint/,
    );
  });
});
