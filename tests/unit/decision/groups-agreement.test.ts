/**
 * What sets groups apart (class areas, characteristic cells, objective ranges) and where parties'
 * preferred layouts agree and clash, on small hand-made fronts.
 */
import { describe, expect, it } from 'vitest';
import {
  geneAgreement,
  agreementOfCounts,
  emptyChangeCounts,
  layoutChangesOf,
  partyAgreement,
  profileGroups,
} from '../../../engine/src/decision/index.js';

describe('partyAgreement', () => {
  // 4 genes, 3 classes; today every gene is class 0. Three parties prefer layouts 0, 1 and 2.
  //   gene:      0  1  2  3
  //   layout 0:  1  0  2  1
  //   layout 1:  1  0  1  2
  //   layout 2:  1  2  0  1
  const genomes = Uint8Array.from([1, 0, 2, 1, 1, 0, 1, 2, 1, 2, 0, 1]);
  const today = new Uint8Array(4);

  it('consensus where all agree, conflict counted as parties disagreeing with the most common class', () => {
    const a = partyAgreement(layoutChangesOf(genomes, 3, today), [0, 1, 2], 3);
    expect(Array.from(a.mode)).toEqual([1, 0, 0, 1]); // gene 2: classes 2, 1, 0 all once -> the lowest, 0
    expect(Array.from(a.disagreeing)).toEqual([0, 1, 2, 1]);
    expect(Array.from(a.consensusGenes)).toEqual([0, 1, 0]); // gene 0, class 1
    expect(Array.from(a.agreedChangeGenes)).toEqual([0, 1, 0]); // today class 0 -> 1
    // Contested: gene 1 {0, 2}, gene 2 {0, 1, 2}, gene 3 {1, 2}
    expect(Array.from(a.contestedGenes)).toEqual([2, 2, 3]);
    expect(Array.from(a.genesByDisagreeing)).toEqual([1, 2, 1]);
  });

  it('two parties preferring the same layout count twice', () => {
    const a = partyAgreement(layoutChangesOf(genomes, 3, today), [0, 0, 2], 3);
    expect(Array.from(a.disagreeing)).toEqual([0, 1, 1, 0]);
  });

  it('geneAgreement counts one class on request', () => {
    expect(Array.from(geneAgreement(genomes, 4, [0, 1, 2], 3, 1).classCount!)).toEqual([3, 0, 1, 2]);
  });
});

describe('agreementOfCounts', () => {
  it('equals geneAgreement over whole genomes, with repeated layouts, ties and one class counted', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const genes = 500;
    const K = 5;
    const today = Uint8Array.from({ length: genes }, () => Math.floor(next() * K));
    const rows = 6;
    const genomes = new Uint8Array(rows * genes);
    for (let r = 0; r < rows; r++)
      for (let g = 0; g < genes; g++) genomes[r * genes + g] = next() < 0.3 ? Math.floor(next() * K) : today[g]!;
    // Per gene, how many of the layouts give each class other than today's.
    const changeCounts = (ids: readonly number[]) => {
      const counts = emptyChangeCounts(genes, K, ids.length);
      for (const id of ids)
        for (let g = 0; g < genes; g++) {
          const c = genomes[id * genes + g]!;
          if (c !== today[g]) counts[g * K + c]!++;
        }
      return counts;
    };
    for (const [ids, classIndex] of [
      [[0, 1, 2, 3, 4, 5], null],
      [[2, 2, 5, 0], 3],
      [[4, 1], 0],
      [[3], null],
      // Over 255 layouts: counts take two bytes.
      [Array.from({ length: 300 }, (_, i) => (i * 7) % rows), 2],
    ] as const) {
      const whole = geneAgreement(genomes, genes, ids, K, classIndex);
      const counts = changeCounts(ids);
      const before = counts.slice();
      expect(agreementOfCounts(today, K, ids.length, counts, classIndex)).toEqual(whole);
      expect(counts).toEqual(before);
    }
  });
});

describe('profileGroups', () => {
  it('class differences in ha, characteristic cells and objective ranges of each group', () => {
    // 4 layouts of 4 genes, 2 classes; groups {0, 1} and {2, 3}.
    const genomes = Uint8Array.from([1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
    const areasHa = Float64Array.from([2, 2, 1, 3, 2, 2, 2, 2]); // ha of class 0, 1 per layout
    const [first, second] = profileGroups({
      clusters: [
        { medoid: 0, members: [0, 1], meanDifference: 0.25 },
        { medoid: 2, members: [2, 3], meanDifference: 0 },
      ],
      criteria: {
        criteria: [{ id: 'economic', direction: 'maximize' }],
        rows: 4,
        values: Float64Array.from([10, 8, 3, 5]),
      },
      areasHa,
      classCount: 2,
      layouts: layoutChangesOf(genomes, 4, Uint8Array.from([0, 1, 1, 0])),
    });
    // Group 1: class 0 mean 1.5 ha vs 2 outside (-0.5); class 1 2.5 vs 2 (+0.5).
    expect(first!.classDifferences).toEqual([
      { classIndex: 0, groupMeanHa: 1.5, othersMeanHa: 2, differenceHa: -0.5 },
      { classIndex: 1, groupMeanHa: 2.5, othersMeanHa: 2, differenceHa: 0.5 },
    ]);
    expect(first!.ranges).toEqual([{ min: 8, max: 10 }]);
    expect(second!.ranges).toEqual([{ min: 3, max: 5 }]);
    // Genes 0, 1: group 1 all class 1, others all class 0 -> characteristic (1 - 0 >= 0.5).
    // Gene 2: group 1 class 0 (2 of 2), others class 1 -> characteristic. Gene 3: group 1 has
    // classes 0 and 1 once each, mode 0 (share 0.5), others 0 -> 0.5 - 0 = 0.5: characteristic.
    expect(Array.from(first!.characteristic.genes)).toEqual([0, 1, 2, 3]);
    expect(Array.from(first!.characteristic.classes)).toEqual([1, 1, 0, 0]);
    // Group 2 at gene 3: class 1 (2 of 2) vs 1 of 2 outside -> 0.5: characteristic.
    expect(Array.from(second!.characteristic.genes)).toEqual([0, 1, 2, 3]);
    expect(Array.from(second!.characteristicGenes)).toEqual([2, 2]);
  });
});
