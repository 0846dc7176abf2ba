/** Genomes given as one row-major matrix (rows x genes), a list of rows, or a function giving row r. */
export type GenomeRows = Uint8Array | readonly Uint8Array[] | ((row: number) => Uint8Array);

/** Row r of `genomes` of `genes` genes each, without copying. */
export function rowReader(genomes: GenomeRows, genes: number): (row: number) => Uint8Array {
  if (typeof genomes === 'function') return genomes;
  if (Array.isArray(genomes)) return (r) => genomes[r]!;
  const matrix = genomes as Uint8Array;
  return (r) => matrix.subarray(r * genes, (r + 1) * genes);
}

/**
 * The layouts of a front read one at a time as their changes against today's genome. A run's
 * layouts file stores them so (runs/front-io.ts `frontLayoutChanges`): one layout decodes in a few
 * milliseconds, while every genome of 200 layouts at 2000 x 2000 cells takes 750 MB. Work that
 * follows a layout's changes (a few per cent of the genes) rather than its genes also runs that
 * much faster (groups' features and profiles, parties' agreement).
 */
export interface LayoutChanges {
  readonly rows: number;
  /** Today's class per gene (the reference of the changes). */
  readonly today: Uint8Array;
  /**
   * Layout `row`'s changed genes (ascending) and their classes into the buffers (of `today.length`
   * entries); returns how many.
   */
  changesOf(row: number, genes: Int32Array, classes: Uint8Array): number;
  /**
   * Add the changes of layouts `ids` (repeats count repeatedly) to per-gene class counts (genes x
   * `classCount`, row-major: agreement.ts's ChangeCounts).
   */
  countChanges(ids: readonly number[], counts: Uint8Array | Uint16Array, classCount: number): void;
}

/** {@link LayoutChanges} of genomes held in memory (a matrix, a list of rows or a function), against `today`. */
export function layoutChangesOf(genomes: GenomeRows, rows: number, today: Uint8Array): LayoutChanges {
  const rowOf = rowReader(genomes, today.length);
  return {
    rows,
    today,
    changesOf(row, genes, classes) {
      const genome = rowOf(row);
      let count = 0;
      for (let g = 0; g < today.length; g++) {
        if (genome[g] === today[g]) continue;
        genes[count] = g;
        classes[count++] = genome[g]!;
      }
      return count;
    },
    countChanges(ids, counts, classCount) {
      for (const id of ids) {
        const genome = rowOf(id);
        for (let g = 0; g < today.length; g++) if (genome[g] !== today[g]) counts[g * classCount + genome[g]!]!++;
      }
    },
  };
}
