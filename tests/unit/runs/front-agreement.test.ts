/**
 * The record of a front's agreement (runs/front-agreement.ts): what is read back equals what was
 * counted, with a byte per count up to 255 layouts and two beyond, an older record (the agreement
 * alone) is still read, and a record that does not fit the front fails with a message saying why.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { agreementOfCounts, geneAgreement } from '../../../engine/src/decision/index.js';
import {
  changeCountsOfLayouts,
  decodeFrontAgreement,
  encodeFrontAgreement,
} from '../../../engine/src/runs/front-agreement.js';
import { EncodedLayouts, encodeLayouts } from '../../../engine/src/runs/layouts-codec.js';
import { createRandom } from '../../../engine/src/optimizer/core/random.js';

/** `layouts` random genomes of `genes` genes over `classes` classes, most genes as today. */
function randomFront(layouts: number, genes: number, classes: number, seed: number) {
  const random = createRandom(seed);
  const today = Uint8Array.from({ length: genes }, () => random.nextInt(classes));
  const genomes = new Uint8Array(layouts * genes);
  for (let r = 0; r < layouts; r++)
    for (let g = 0; g < genes; g++)
      genomes[r * genes + g] = random.nextDouble() < 0.3 ? random.nextInt(classes) : today[g]!;
  return { today, genomes };
}

/** The layouts file a run writes for these genomes. */
function layoutsFile(genomes: Uint8Array, layouts: number, today: Uint8Array) {
  return new EncodedLayouts(encodeLayouts(genomes, layouts, today), layouts, today);
}

/** The agreement of every layout, counted from their layouts file as a run records it. */
function recorded(genomes: Uint8Array, layouts: number, today: Uint8Array, classes: number) {
  return agreementOfCounts(
    today,
    classes,
    layouts,
    changeCountsOfLayouts(layoutsFile(genomes, layouts, today), classes),
  );
}

describe('the recorded agreement of a front', () => {
  for (const layouts of [1, 7, 255, 256, 300]) {
    it(`reads back what was counted for ${layouts} layouts`, async () => {
      const genes = 500;
      const classes = 6;
      const { today, genomes } = randomFront(layouts, genes, classes, layouts);
      const counted = recorded(genomes, layouts, today, classes);
      const ids = Array.from({ length: layouts }, (_, i) => i);
      expect(counted).toEqual(geneAgreement(genomes, genes, ids, classes));
      const counts = changeCountsOfLayouts(layoutsFile(genomes, layouts, today), classes);
      const bytes = await encodeFrontAgreement(counts, layouts, classes);
      const read = decodeFrontAgreement(bytes, today, layouts, classes);
      expect(read.agreement).toEqual(counted);
      expect(read.counts).toEqual(counts);
      // Per gene, the layouts giving each class other than today's (0 for today's).
      for (const g of [0, 1, genes - 1])
        for (let c = 0; c < classes; c++) {
          let giving = 0;
          for (let r = 0; r < layouts; r++) if (c !== today[g] && genomes[r * genes + g] === c) giving++;
          expect(read.counts![g * classes + c]).toBe(giving);
        }
    });
  }

  it('reads an older record, which holds the agreement of every layout without its counts', () => {
    for (const layouts of [7, 300]) {
      const genes = 200;
      const { today, genomes } = randomFront(layouts, genes, 5, layouts);
      const counted = recorded(genomes, layouts, today, 5);
      // PPAGR1: magic, genes, layouts, then DEFLATE of the modes and their counts (uint16 LE past 255 layouts).
      const width = layouts <= 255 ? 1 : 2;
      const body = Buffer.alloc(genes * (1 + width));
      body.set(counted.mode);
      for (let g = 0; g < genes; g++) body.writeUIntLE(counted.modeCount[g]!, genes + width * g, width);
      const header = Buffer.alloc(16);
      header.write('PPAGR1\0\0', 'latin1');
      header.writeUInt32LE(genes, 8);
      header.writeUInt32LE(layouts, 12);
      const read = decodeFrontAgreement(Buffer.concat([header, deflateRawSync(body)]), today, layouts, 5);
      expect(read).toEqual({ agreement: counted, counts: null });
    }
  });

  it('refuses a record of another front, one cut short, and a file that is not a record', async () => {
    const { today, genomes } = randomFront(3, 40, 4, 9);
    const bytes = await encodeFrontAgreement(changeCountsOfLayouts(layoutsFile(genomes, 3, today), 4), 3, 4);
    const longer = new Uint8Array(41);
    expect(() => decodeFrontAgreement(bytes, longer, 3, 4)).toThrow('it is for 3 layouts of 40 cells, not 3 of 41');
    expect(() => decodeFrontAgreement(bytes, today, 4, 4)).toThrow('not 4 of 40');
    expect(() => decodeFrontAgreement(bytes, today, 3, 5)).toThrow('it counts 4 classes, not 5');
    expect(() => decodeFrontAgreement(bytes.subarray(0, bytes.length - 3), today, 3, 4)).toThrow();
    expect(() => decodeFrontAgreement(new TextEncoder().encode('PPLAY2 and more bytes'), today, 3, 4)).toThrow(
      'not an agreement record',
    );
  });
});
