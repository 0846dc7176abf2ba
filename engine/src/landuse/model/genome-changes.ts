/**
 * The genes in which a genome differs from a reference genome (today's map, or a steered run's
 * start), found eight genes per comparison (two 4-byte words): layouts under a change limit differ from today in a
 * few per cent of their genes, and a byte-by-byte pass over millions of genes was a large part of
 * an evaluation and of a repair.
 */
export class ReferenceGenome {
  /** Copies of the genes at the other byte offsets within a 4-byte word, made on first use. */
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
    const reference = this.aligned(genome.byteOffset & 3);
    const lead = Math.min(n, (4 - (genome.byteOffset & 3)) & 3);
    let count = 0;
    for (let g = 0; g < lead; g++) {
      if (genome[g] === reference[g]) continue;
      if (count === capacity) return capacity + 1;
      out[count++] = g;
    }
    const words = (n - lead) >> 2;
    if (words > 0) {
      const ours = new Int32Array(genome.buffer, genome.byteOffset + lead, words);
      const theirs = new Int32Array(reference.buffer, reference.byteOffset + lead, words);
      // Two words a step: most pairs are equal (changes come in patches), and one test skips
      // both (0.70 -> 0.48 ms for a genome of 921,471 genes, 50,000 of them changed).
      for (let w = 0; w + 1 < words; w += 2) {
        const first = ours[w]! ^ theirs[w]!;
        const second = ours[w + 1]! ^ theirs[w + 1]!;
        if ((first | second) === 0) continue;
        if (count + 8 > capacity) return this.listTail(genome, reference, lead + 4 * w, out, count);
        // Which of a word's four genes differ, from the XOR's bytes (little-endian: the first
        // gene is the lowest byte; typed arrays use the platform's order, little-endian on every
        // platform Node supports).
        const g = lead + 4 * w;
        if (first & 0xff) out[count++] = g;
        if (first & 0xff00) out[count++] = g + 1;
        if (first & 0xff0000) out[count++] = g + 2;
        if (first & 0xff000000) out[count++] = g + 3;
        if (second & 0xff) out[count++] = g + 4;
        if (second & 0xff00) out[count++] = g + 5;
        if (second & 0xff0000) out[count++] = g + 6;
        if (second & 0xff000000) out[count++] = g + 7;
      }
    }
    // The genes after the last pair of words (an odd word among them), one at a time.
    for (let g = lead + 8 * (words >> 1); g < n; g++) {
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

  /** The reference genes at byte offset `offset` (mod 4) of their buffer: themselves, or a copy. */
  private aligned(offset: number): Uint8Array {
    if ((this.genes.byteOffset & 3) === offset) return this.genes;
    let copy = this.copies[offset];
    if (!copy) {
      copy = new Uint8Array(new ArrayBuffer(this.genes.length + 4), offset, this.genes.length);
      copy.set(this.genes);
      this.copies[offset] = copy;
    }
    return copy;
  }
}
