/**
 * The genes in which a genome differs from a reference genome (today's map, or a steered run's
 * start), found four genes per comparison: layouts under a change limit differ from today in a
 * few per cent of their genes, and a byte-by-byte pass over millions of genes was a large part of
 * an evaluation and of a repair.
 */
export class ReferenceGenome {
  /** Copies of the genes at the other byte offsets within a 4-byte word, made on first use. */
  private readonly copies: (Uint8Array | undefined)[] = [];

  constructor(readonly genes: Uint8Array) {}

  /**
   * Calls `visit(g)` for every gene g (ascending) where `genome` differs from the reference.
   * A genome may be a row of a matrix at any byte offset.
   */
  forEachChange(genome: Uint8Array, visit: (gene: number) => void): void {
    const n = genome.length;
    const reference = this.aligned(genome.byteOffset & 3);
    const lead = Math.min(n, (4 - (genome.byteOffset & 3)) & 3);
    for (let g = 0; g < lead; g++) if (genome[g] !== reference[g]) visit(g);
    const words = (n - lead) >> 2;
    if (words > 0) {
      const ours = new Uint32Array(genome.buffer, genome.byteOffset + lead, words);
      const theirs = new Uint32Array(reference.buffer, reference.byteOffset + lead, words);
      for (let w = 0; w < words; w++) {
        if (ours[w] === theirs[w]) continue;
        const g = lead + 4 * w;
        for (let j = g; j < g + 4; j++) if (genome[j] !== reference[j]) visit(j);
      }
    }
    for (let g = lead + 4 * words; g < n; g++) if (genome[g] !== reference[g]) visit(g);
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
