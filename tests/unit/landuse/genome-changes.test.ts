/**
 * ReferenceGenome.listChanges finds sixteen genes per comparison (two 8-byte words compared as
 * doubles): it must list exactly the genes a plain pass finds, in order, stop when its list is
 * full, for genomes at every byte offset and of every length (a head and a tail shorter than a
 * word, genomes shorter than a word), and whatever classes the genes hold (up to MAX_CLASSES).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ReferenceGenome } from '../../../engine/src/landuse/model/genome-changes.js';

describe('changes against a reference genome', () => {
  test('lists exactly the differing genes, in order, at any byte offset and length, up to its capacity', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 100, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 110 }),
        (reference, offset, share, seed, capacity) => {
          const genome = new Uint8Array(reference.length + offset).subarray(offset);
          genome.set(reference);
          let state = seed;
          for (let g = 0; g < genome.length; g++) {
            state = (state * 1103515245 + 12345) % 2147483648;
            if (state / 2147483648 < share) genome[g] = (genome[g]! + 1 + (state % 15)) % 16;
          }
          const expected = [...genome.keys()].filter((g) => genome[g] !== reference[g]);
          const out = new Int32Array(capacity).fill(-1);
          const count = new ReferenceGenome(reference).listChanges(genome, out);
          if (expected.length <= capacity) {
            expect(count).toBe(expected.length);
            expect([...out.subarray(0, count)]).toEqual(expected);
          } else {
            expect(count).toBe(capacity + 1);
            expect([...out]).toEqual(expected.slice(0, capacity));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
