/**
 * The genes in which a genome differs from a reference genome (today's map, or a steered run's
 * start), found sixteen genes per comparison (two 8-byte words): layouts under a change limit
 * differ from today in a few per cent of their genes, and a byte-by-byte pass over millions of
 * genes was a large part of an evaluation and of a repair.
 *
 * The 8-byte words are compared as doubles, the widest values a typed array compares in one
 * step. Two doubles are equal exactly when their bits are, unless one is NaN or they are +0 and
 * -0; neither happens when every byte is below 0x80 (the sign bit is clear, and the exponent
 * stays below 0x7FF), as genes are: class indices below MAX_CLASSES (model/study-area.ts).
 */
export class ReferenceGenome {
  /**
   * Copies of the genes at the other byte offsets within an 8-byte word, made on first use (rows
   * of a population's matrix start at any offset: up to seven copies, 3.7 MB each at 2000 x 2000).
   */
  private readonly copies: (Uint8Array | undefined)[] = [];

  constructor(readonly genes: Uint8Array) {}

  /**
   * Writes the genes where `genome` differs from the reference into `out` (ascending) and returns
   * how many there are; when more than `out.length` differ, stops at the first that does not fit
   * and returns `out.length + 1`. A genome may be a row of a matrix at any byte offset.
   * (A list rather than a callback per gene: the callers' loops over it stay monomorphic.)
   */
  listChanges(genome: Uint8Array, out: Int32Array): number {
    const n = genome.length;
    const capacity = out.length;
    const reference = this.aligned(genome.byteOffset & 7);
    const lead = Math.min(n, (8 - (genome.byteOffset & 7)) & 7);
    let count = 0;
    for (let g = 0; g < lead; g++) {
      if (genome[g] === reference[g]) continue;
      if (count === capacity) return capacity + 1;
      out[count++] = g;
    }
    const pairs = (n - lead) >> 4;
    if (pairs > 0) {
      const ours = new Float64Array(genome.buffer, genome.byteOffset + lead, 2 * pairs);
      const theirs = new Float64Array(reference.buffer, reference.byteOffset + lead, 2 * pairs);
      const ourWords = new Int32Array(genome.buffer, genome.byteOffset + lead, 4 * pairs);
      const theirWords = new Int32Array(reference.buffer, reference.byteOffset + lead, 4 * pairs);
      // Sixteen genes a test: most are equal (changes come in patches), and one test skips them;
      // then the four 4-byte words one at a time. Against two 4-byte words a test, on 20 real
      // offspring at their byte offsets in one matrix: 0.65 -> 0.48 ms a genome at 1000 x 1000
      // (921,471 genes, 52,000 changed), 2.77 -> 2.18 ms at 2000 x 2000 (one double a test, eight
      // genes, was slower than two words).
      for (let d = 0; d < 2 * pairs; d += 2) {
        if (ours[d] === theirs[d] && ours[d + 1] === theirs[d + 1]) continue;
        if (count + 16 > capacity) return this.listTail(genome, reference, lead + 8 * d, out, count);
        for (let w = 2 * d; w < 2 * d + 4; w++) {
          const diff = ourWords[w]! ^ theirWords[w]!;
          if (diff === 0) continue;
          // Which of a word's four genes differ, from the XOR's bytes (little-endian: the first
          // gene is the lowest byte; typed arrays use the platform's order, little-endian on every
          // platform Node supports).
          const g = lead + 4 * w;
          if (diff & 0xff) out[count++] = g;
          if (diff & 0xff00) out[count++] = g + 1;
          if (diff & 0xff0000) out[count++] = g + 2;
          if (diff & 0xff000000) out[count++] = g + 3;
        }
      }
    }
    // The genes after the last sixteen, one at a time.
    for (let g = lead + 16 * pairs; g < n; g++) {
      if (genome[g] === reference[g]) continue;
      if (count === capacity) return capacity + 1;
      out[count++] = g;
    }
    return count;
  }

  /** `listChanges` from gene `from` on, one gene at a time, near the end of `out`. */
  private listTail(genome: Uint8Array, reference: Uint8Array, from: number, out: Int32Array, count: number): number {
    for (let g = from; g < genome.length; g++) {
      if (genome[g] === reference[g]) continue;
      if (count === out.length) return out.length + 1;
      out[count++] = g;
    }
    return count;
  }

  /** The reference genes at byte offset `offset` (mod 8) of their buffer: themselves, or a copy. */
  private aligned(offset: number): Uint8Array {
    if ((this.genes.byteOffset & 7) === offset) return this.genes;
    let copy = this.copies[offset];
    if (!copy) {
      copy = new Uint8Array(new ArrayBuffer(this.genes.length + 8), offset, this.genes.length);
      copy.set(this.genes);
      this.copies[offset] = copy;
    }
    return copy;
  }
}
