/**
 * The compact archive (landuse/model/compact-layouts.ts): layouts kept as their changes against
 * today's map give back the same genomes, the archive keeps the same members as with the genomes
 * themselves, and a run with it ends, checkpoints and resumes the same.
 */
import { describe, expect, it } from 'vitest';
import { ChangeRunRows, CompactLayoutRows, createLandUseProblem } from '../../../engine/src/landuse/index.js';
import { ChangeRecorder } from '../../../engine/src/landuse/model/change-record.js';
import {
  COMPACT_MEMBERS_FROM_BYTES,
  LAYOUT_CHANGES_ENCODING,
  layoutChangesEncoding,
  populationRowsFor,
} from '../../../engine/src/landuse/model/compact-layouts.js';
import { currentGenome } from '../../../engine/src/landuse/model/study-area.js';
import {
  MaxGenerations,
  NonDominatedArchive,
  NSGA2,
  OptimizerInputError,
  type EncodedRows,
  type EvaluationBatch,
  type Evaluator,
  type NSGA2Options,
  type Problem,
} from '../../../engine/src/optimizer/index.js';
import { testRandom } from '../optimizer/naive.js';
import { randomLandscape } from './fixtures.js';

/** `count` genomes that each change about `share` of today's genes (one of them rewrites most). */
function layouts(today: Uint8Array, count: number, share: number, seed: number): Uint8Array[] {
  const random = testRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const genome = today.slice();
    const changed = i === 1 ? 0.9 : i === 2 ? 0 : share;
    for (let g = 0; g < genome.length; g++) if (random() < changed) genome[g] = (genome[g]! + 1 + (g % 3)) % 5;
    return genome;
  });
}

describe('compact archive rows', () => {
  const genes = 5_000;
  const today = Uint8Array.from({ length: genes }, (_, g) => (g * 7) % 5);

  it('gives back each genome, in a fraction of its bytes when it changes a few per cent', () => {
    const rows = new CompactLayoutRows(today);
    const genomes = layouts(today, 6, 0.04, 1);
    genomes.forEach((genome, r) => rows.write(r, genome));
    genomes.forEach((genome, r) => expect(rows.read(r)).toEqual(genome));
    const out = new Uint8Array(genes).fill(9);
    expect(rows.read(3, out)).toBe(out);
    expect(out).toEqual(genomes[3]);
    // The dense one (row 1) takes its genome's bytes and one more; the others about 2 a change.
    const sparse = genomes
      .filter((_, r) => r !== 1)
      .reduce((sum, g) => sum + g.filter((c, i) => c !== today[i]).length, 0);
    expect(rows.byteLength(6)).toBeLessThan(genes + 1 + 5 * 5 + 2.2 * sparse);
    expect(rows.byteLength(6) - (genes + 1)).toBeLessThan((5 * genes) / 8);
    // A move frees the row it came from.
    rows.move(5, 0);
    expect(rows.read(0)).toEqual(genomes[5]);
    expect(() => rows.read(5)).toThrow(RangeError);
  });

  it('restores from its own state, from a matrix of genomes, and refuses a damaged record', () => {
    const genomes = layouts(today, 4, 0.05, 2);
    const rows = new CompactLayoutRows(today);
    genomes.forEach((genome, r) => rows.write(r, genome));
    const state = rows.state(4);
    const again = new CompactLayoutRows(today);
    again.restore(state, 4);
    genomes.forEach((genome, r) => expect(again.read(r)).toEqual(genome));
    // A checkpoint of an earlier version holds the genomes themselves.
    const matrix = new Uint8Array(4 * genes);
    genomes.forEach((genome, r) => matrix.set(genome, r * genes));
    const fromMatrix = new CompactLayoutRows(today);
    fromMatrix.restore({ variables: matrix }, 4);
    genomes.forEach((genome, r) => expect(fromMatrix.read(r)).toEqual(genome));
    expect(fromMatrix.state(4)).toEqual(state);

    const records = state.records!;
    const cut = [...records];
    cut[3] = records[3]!.subarray(0, records[3]!.length - 3);
    expect(() => new CompactLayoutRows(today).restore({ records: cut }, 4)).toThrow(
      new OptimizerInputError("the checkpoint archive's layout 3 is damaged"),
    );
    expect(() => new CompactLayoutRows(today).restore({ records }, 5)).toThrow(OptimizerInputError);
    expect(() => new CompactLayoutRows(today).restore({ variables: matrix }, 3)).toThrow(OptimizerInputError);
  });

  it('an archive keeps the same members with them as with the genomes themselves', () => {
    const dense = new NonDominatedArchive<Uint8Array>(20, genes, 3, (rows) => new Uint8Array(rows * genes));
    const compact = new NonDominatedArchive<Uint8Array>(20, genes, 3, new CompactLayoutRows(today));
    const random = testRandom(5);
    const genomes = layouts(today, 300, 0.03, 6);
    genomes.forEach((genome, i) => {
      const objectives = Float64Array.from({ length: 3 }, () => random());
      expect(compact.add(genome, objectives)).toBe(dense.add(genome, objectives));
      if (i === 40) {
        dense.setHypervolumeReference([1.1, 1.1, 1.1]);
        compact.setHypervolumeReference([1.1, 1.1, 1.1]);
      }
    });
    expect(compact.size).toBe(dense.size);
    expect(compact.size).toBeGreaterThan(5);
    expect(compact.getObjectives()).toEqual(dense.getObjectives());
    expect(compact.hypervolume).toBe(dense.hypervolume);
    for (let i = 0; i < dense.size; i++) expect(compact.row(i)).toEqual(dense.row(i));
    expect(compact.variablesByteLength).toBeLessThan(dense.variablesByteLength / 4);
  });

  it('stores a layout encoded elsewhere (by a worker) as the very record it would have made', () => {
    const encoding = layoutChangesEncoding(() => today);
    const rows = new CompactLayoutRows(today);
    expect(rows.encoding).toBe(encoding.name);
    const genomes = layouts(today, 5, 0.05, 9);
    genomes.forEach((genome, r) => rows.write(r, genome));
    const written = rows.state(5).records!;
    const elsewhere = new CompactLayoutRows(today);
    genomes.forEach((genome, r) => {
      const record = encoding.encode(genome);
      expect(record).toEqual(written[r]);
      elsewhere.writeEncoded(r, record);
    });
    expect(elsewhere.state(5)).toEqual(rows.state(5));
    genomes.forEach((genome, r) => expect(elsewhere.read(r)).toEqual(genome));
    // An archive stores the record it is given, and only when the layout stays.
    const archive = new NonDominatedArchive<Uint8Array>(10, genes, 2, new CompactLayoutRows(today));
    expect(archive.rowEncoding).toBe(encoding.name);
    const record = encoding.encode(genomes[0]!);
    expect(archive.add(genomes[0]!, Float64Array.of(1, 1), 0, record)).toBe(true);
    expect(archive.getState(true).records?.[0]).toBe(record);
    expect(archive.add(genomes[1]!, Float64Array.of(2, 2), 0, encoding.encode(genomes[1]!))).toBe(false);
    expect(archive.row(0)).toEqual(genomes[0]);
  });
});

describe("change runs: the population's members between generations", () => {
  const genes = 5_003; // not a multiple of 4: rows of a matrix start at any byte offset
  const today = Uint8Array.from({ length: genes }, (_, g) => (g * 7) % 5);

  it('gives back each genome, from runs of changed genes, at any byte offset, dense when runs would not be smaller', () => {
    const rows = new ChangeRunRows(today);
    const genomes = layouts(today, 6, 0.04, 3);
    // Patches: runs of changed genes, one touching the first gene and one the last.
    const patched = today.slice();
    for (const [start, length] of [
      [0, 7],
      [100, 300],
      [4_990, 13],
    ] as const)
      for (let g = start; g < start + length; g++) patched[g] = (today[g]! + 2) % 5;
    genomes.push(patched);
    const matrix = new Uint8Array(1 + genomes.length * genes);
    genomes.forEach((genome, r) => {
      const row = matrix.subarray(1 + r * genes, 1 + (r + 1) * genes);
      row.set(genome);
      rows.write(r, row);
    });
    const out = new Uint8Array(genes).fill(9);
    genomes.forEach((genome, r) => expect(rows.read(r, out)).toEqual(genome));
    // Today itself, 13 bytes; the patches, 13 + 3 runs of two varints + 320 classes; row 1 dense.
    expect(rows.state(7).records![2]).toHaveLength(13);
    expect(rows.state(7).records![6]!.length).toBeLessThanOrEqual(13 + 3 * 4 + 320);
    expect(rows.state(7).records![1]).toHaveLength(1 + genes);
    expect(rows.encoding).not.toBe(new CompactLayoutRows(today).encoding);
  });

  it("keeps a run's members as change runs from 256 MiB of their genomes on (a population of 100 at 2000 x 2000)", () => {
    const large = new Uint8Array(Math.ceil(COMPACT_MEMBERS_FROM_BYTES / 100));
    expect(populationRowsFor(large, 100)).toBeInstanceOf(ChangeRunRows);
    expect(populationRowsFor(large, 98)).toBeUndefined();
    expect(populationRowsFor(today, 100)).toBeUndefined();
  });

  it('refuses a damaged or foreign record, in a checkpoint, with the layout named', () => {
    const genomes = layouts(today, 3, 0.05, 4);
    const rows = new ChangeRunRows(today);
    genomes.forEach((genome, r) => rows.write(r, genome));
    const records = rows.state(3).records!;
    const again = new ChangeRunRows(today);
    again.restore({ records }, 3);
    genomes.forEach((genome, r) => expect(again.read(r)).toEqual(genome));
    const damaged = (r: number, record: Uint8Array) => records.map((x, i) => (i === r ? record : x));
    // Row 0 changes 5 % of the genes in runs, row 1 most (a dense record), row 2 none (a header alone).
    expect(records[1]).toHaveLength(1 + genes);
    expect(records[2]).toHaveLength(13);
    const flipped = records[0]!.slice();
    flipped[13] = 0xff; // the first run's gap: a varint that runs on into the lengths
    const foreign = new CompactLayoutRows(today);
    foreign.write(0, genomes[2]!);
    for (const [r, record] of [
      [0, records[0]!.subarray(0, records[0]!.length - 1)],
      [0, flipped],
      [1, records[1]!.subarray(0, genes)],
      [2, foreign.state(1).records![0]!],
    ] as const)
      expect(() => new ChangeRunRows(today).restore({ records: damaged(r, record) }, 3)).toThrow(
        new OptimizerInputError(`the checkpoint archive's layout ${r} is damaged`),
      );
    // Another study area's layouts (another number of genes) are refused too.
    const other = new ChangeRunRows(today.subarray(1));
    other.write(0, genomes[0]!.subarray(1));
    expect(() => new ChangeRunRows(today).restore({ records: other.state(1).records! }, 1)).toThrow(
      OptimizerInputError,
    );
  });
});

describe('a land-use run with the compact archive', () => {
  const area = randomLandscape(30, 24, 11);
  const setup = createLandUseProblem(area, { seedSearchSteps: 0 });
  const options = (generations: number, compact: boolean, compactPopulation = false): NSGA2Options<Uint8Array> => ({
    populationSize: 12,
    seed: 8,
    sampling: setup.sampling,
    crossover: setup.crossover,
    mutation: setup.mutation,
    repair: setup.repair,
    improvement: setup.improvement,
    termination: new MaxGenerations(generations),
    archive: { capacity: 30, ...(compact ? { rows: new CompactLayoutRows(currentGenome(area)) } : {}) },
    ...(compactPopulation ? { populationRows: new CompactLayoutRows(currentGenome(area)) } : {}),
  });

  /** Finishes rows as the workers do (in reverse order: any order gives the same) and returns them encoded. */
  class FinishingEncodingEvaluator implements Evaluator<Uint8Array> {
    encoded = 0;
    evaluate(problem: Problem<Uint8Array>, batch: EvaluationBatch<Uint8Array>): void {
      problem.evaluate(batch);
    }
    async finishRows(
      problem: Problem<Uint8Array>,
      batch: EvaluationBatch<Uint8Array>,
      name: string,
      _signal?: AbortSignal,
      encoding?: string,
    ): Promise<boolean | EncodedRows> {
      if (name !== setup.improvement.name) return false;
      const n = problem.numberOfVariables;
      const m = problem.numberOfObjectives;
      const rows: Uint8Array[] = [];
      for (let i = batch.size - 1; i >= 0; i--) {
        const row = batch.variables.subarray(i * n, (i + 1) * n);
        const changed = setup.improvement.finish!(row);
        rows[i] = setup.encoding.encode(row);
        this.encoded++;
        if (!changed) batch.objectives[i * m] = Number.NaN;
        else
          problem.evaluate({
            size: 1,
            variables: row,
            objectives: batch.objectives.subarray(i * m, (i + 1) * m),
            violations: batch.violations.subarray(i, i + 1),
          });
      }
      return encoding === setup.encoding.name ? { encoding, rows } : true;
    }
  }

  it('ends with the same archive, and resumes from its own checkpoints and from those of the genomes', async () => {
    const dense = new NSGA2<Uint8Array>(setup.problem, options(8, false));
    await dense.run();
    const compact = new NSGA2<Uint8Array>(setup.problem, options(8, true));
    await compact.run();
    const expected = { ...dense.result(), elapsedMs: 0 };
    expect({ ...compact.result(), elapsedMs: 0 }).toEqual(expected);
    expect(expected.archive!.size).toBeGreaterThan(0);

    // Snapshots half-way, of each kind, continued by a run with the compact archive.
    for (const kind of [true, false]) {
      const first = new NSGA2<Uint8Array>(setup.problem, options(8, kind));
      for (let i = 0; i < 4; i++) await first.step();
      const snapshot = first.snapshot();
      expect(snapshot.archive!.records === undefined).toBe(!kind);
      const resumed = new NSGA2<Uint8Array>(setup.problem, options(8, true));
      resumed.restore(snapshot);
      await resumed.run();
      expect({ ...resumed.result(), elapsedMs: 0 }).toEqual(expected);
    }

    // The rows finished and encoded where they are evaluated (as the workers do): the same run,
    // and the archive stores their records without encoding any layout itself.
    const writes = { count: 0 };
    class CountingRows extends CompactLayoutRows {
      override write(row: number, variables: ArrayLike<number>): void {
        writes.count++;
        super.write(row, variables);
      }
    }
    const evaluator = new FinishingEncodingEvaluator();
    const remote = new NSGA2<Uint8Array>(setup.problem, {
      ...options(8, true),
      evaluator,
      archive: { capacity: 30, rows: new CountingRows(currentGenome(area)) },
    });
    await remote.run();
    expect({ ...remote.result(), elapsedMs: 0 }).toEqual(expected);
    expect(remote.snapshot().archive).toEqual(compact.snapshot().archive);
    expect(evaluator.encoded).toBeGreaterThan(0);
    expect(writes.count).toBe(0);

    // The live view reads the same rows as the final copy.
    const current = compact.currentSolutions();
    const n = current.numberOfVariables;
    for (let i = 0; i < current.size; i++)
      expect(current.row(i)).toEqual(expected.archive!.variables.subarray(i * n, (i + 1) * n));
    // ... and offers each row's record as kept: the bytes the store's encoding makes of it.
    expect(current.encoded?.encoding).toBe(LAYOUT_CHANGES_ENCODING);
    const recorder = new ChangeRecorder(currentGenome(area));
    for (let i = 0; i < current.size; i++) expect(current.encoded!.row(i)).toEqual(recorder.record(current.row(i)));
    // A run whose archive keeps genomes offers none.
    expect(dense.currentSolutions().encoded).toBeUndefined();
  });
  it("keeps the population as changes too: the same run, checkpoints and resumes, the workers' records taken", async () => {
    const dense = new NSGA2<Uint8Array>(setup.problem, options(8, true));
    await dense.run();
    const expected = { ...dense.result(), elapsedMs: 0 };
    const compact = new NSGA2<Uint8Array>(setup.problem, options(8, true, true));
    await compact.run();
    expect({ ...compact.result(), elapsedMs: 0 }).toEqual(expected);
    for (let i = 0; i < 12; i++) expect(compact.member(i)).toEqual(dense.member(i));
    expect(compact.memberBytes).toBeLessThan(dense.memberBytes);
    // The store a run keeps its population in (runs of changes): the same run.
    const runs = new NSGA2<Uint8Array>(setup.problem, {
      ...options(8, true),
      populationRows: new ChangeRunRows(currentGenome(area)),
    });
    await runs.run();
    expect({ ...runs.result(), elapsedMs: 0 }).toEqual(expected);
    expect(runs.snapshot().population.records).toHaveLength(12);
    const snapshot = compact.snapshot();
    expect(snapshot.population.records).toHaveLength(12);
    expect(snapshot.population.variables).toBeUndefined();

    // Snapshots half-way, of each kind, continued by a run that keeps its population as changes;
    // one that keeps genomes cannot take encoded members, and says so.
    for (const kind of [false, true]) {
      const first = new NSGA2<Uint8Array>(setup.problem, options(8, true, kind));
      for (let i = 0; i < 4; i++) await first.step();
      const half = first.snapshot();
      const resumed = new NSGA2<Uint8Array>(setup.problem, options(8, true, true));
      resumed.restore(half);
      await resumed.run();
      expect({ ...resumed.result(), elapsedMs: 0 }).toEqual(expected);
      if (kind)
        expect(() => new NSGA2<Uint8Array>(setup.problem, options(8, true)).restore(half)).toThrow(
          /population holds encoded rows/,
        );
    }
    const damaged = {
      ...snapshot,
      population: {
        ...snapshot.population,
        variables: undefined,
        records: snapshot.population.records!.map((r) => r.subarray(0, 3)),
      },
    };
    expect(() => new NSGA2<Uint8Array>(setup.problem, options(8, true, true)).restore(damaged)).toThrow(
      /checkpoint population's layout 0 is damaged/,
    );

    // Rows finished and encoded where they are evaluated: the members' store takes those records.
    const taken = { count: 0 };
    class CountingRows extends CompactLayoutRows {
      override writeEncoded(row: number, encoded: Uint8Array): void {
        taken.count++;
        super.writeEncoded(row, encoded);
      }
    }
    const remote = new NSGA2<Uint8Array>(setup.problem, {
      ...options(8, true),
      evaluator: new FinishingEncodingEvaluator(),
      populationRows: new CountingRows(currentGenome(area)),
    });
    await remote.run();
    expect({ ...remote.result(), elapsedMs: 0 }).toEqual(expected);
    expect(taken.count).toBeGreaterThan(0);
    expect(remote.snapshot().population.records).toEqual(snapshot.population.records);

    // The initial population is made in the offspring's rows: fewer offspring than members cannot be.
    expect(() => new NSGA2<Uint8Array>(setup.problem, { ...options(8, true, true), offspringSize: 10 })).toThrow(
      OptimizerInputError,
    );
  });
});
