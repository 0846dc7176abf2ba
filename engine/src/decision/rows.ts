/** Genomes given as one row-major matrix (rows x genes), a list of rows, or a function giving row r. */
export type GenomeRows = Uint8Array | readonly Uint8Array[] | ((row: number) => Uint8Array);

/** Row r of `genomes` of `genes` genes each, without copying. */
export function rowReader(genomes: GenomeRows, genes: number): (row: number) => Uint8Array {
  if (typeof genomes === 'function') return genomes;
  if (Array.isArray(genomes)) return (r) => genomes[r]!;
  const matrix = genomes as Uint8Array;
  return (r) => matrix.subarray(r * genes, (r + 1) * genes);
}
