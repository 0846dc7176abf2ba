/**
 * ReferenceGenome.forEachChange finds four genes per comparison: it must visit exactly the genes
 * a plain pass finds, in order, for genomes at every byte offset and of every length (a head and a
 * tail shorter than a word, genomes shorter than a word).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ReferenceGenome } from '../../../engine/src/landuse/model/genome-changes.js';

describe('changes against a reference genome', () => {
  test('visits exactly the differing genes, in order, at any byte offset and length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 70, max: 3 }),
        fc.integer({ min: 0, max: 7 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (reference, offset, share, seed) => {
          const genome = new Uint8Array(reference.length + offset).subarray(offset);
          genome.set(reference);
          let state = seed;
          for (let g = 0; g < genome.length; g++) {
            state = (state * 1103515245 + 12345) % 2147483648;
            if (state / 2147483648 < share) genome[g] = (genome[g]! + 1 + (state % 3)) % 4;
          }
          const visited: number[] = [];
          new ReferenceGenome(reference).forEachChange(genome, (g) => visited.push(g));
          expect(visited).toEqual([...genome.keys()].filter((g) => genome[g] !== reference[g]));
        },
      ),
      { numRuns: 300 },
    );
  });
});
