/** Grid helpers shared by the spatial operators. */
import type { StudyArea } from '../model/study-area.js';

export const DX8 = [-1, 0, 1, -1, 1, -1, 0, 1];
export const DY8 = [-1, -1, -1, 0, 0, 1, 1, 1];
export const DX4 = [1, -1, 0, 0];
export const DY4 = [0, 0, 1, -1];

/** Class of `cell` in a layout given by its genome (genes) and today's map (other cells). */
export function classAt(area: StudyArea, row: ArrayLike<number>, cell: number): number {
  const gene = area.geneOfCell[cell]!;
  return gene >= 0 ? row[gene]! : area.current[cell]!;
}

/** Gene index of the 4-neighbour `k` (0..3) of `cell`, or -1 (outside the grid or not a gene). */
export function neighbourGene4(area: StudyArea, cell: number, k: number): number {
  const x = (cell % area.width) + DX4[k]!;
  const y = Math.floor(cell / area.width) + DY4[k]!;
  if (x < 0 || y < 0 || x >= area.width || y >= area.height) return -1;
  return area.geneOfCell[y * area.width + x]!;
}
