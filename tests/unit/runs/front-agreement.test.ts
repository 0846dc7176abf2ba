/**
 * The record of a front's agreement (runs/front-agreement.ts): what is read back equals what was
 * counted, with a byte per count up to 255 layouts and two beyond, and a record that does not fit
 * the front fails with a message saying why.
 */
import { describe, expect, it } from 'vitest';
import { geneAgreement } from '../../../engine/src/decision/index.js';
import {
  agreementOfLayouts,
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

/** The agreement of every layout, counted from their layouts file as a run records it. */
function recorded(genomes: Uint8Array, layouts: number, today: Uint8Array, classes: number) {
  return agreementOfLayouts(new EncodedLayouts(encodeLayouts(genomes, layouts, today), layouts, today), classes);
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
      const bytes = await encodeFrontAgreement(counted, layouts);
      const read = decodeFrontAgreement(bytes, genes, layouts);
      expect(Array.from(read.mode)).toEqual(Array.from(counted.mode));
      expect(Array.from(read.modeCount)).toEqual(Array.from(counted.modeCount));
    });
  }

  it('refuses a record of another front, one cut short, and a file that is not a record', async () => {
    const { today, genomes } = randomFront(3, 40, 4, 9);
    const agreement = recorded(genomes, 3, today, 4);
    const bytes = await encodeFrontAgreement(agreement, 3);
    expect(() => decodeFrontAgreement(bytes, 41, 3)).toThrow('it is for 3 layouts of 40 cells, not 3 of 41');
    expect(() => decodeFrontAgreement(bytes, 40, 4)).toThrow('not 4 of 40');
    expect(() => decodeFrontAgreement(bytes.subarray(0, bytes.length - 3), 40, 3)).toThrow();
    expect(() => decodeFrontAgreement(new TextEncoder().encode('PPLAY2 and more bytes'), 40, 3)).toThrow(
      'not an agreement record',
    );
  });
});
