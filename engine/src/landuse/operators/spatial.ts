/** Grid helpers shared by the spatial operators. */
import type { StudyArea } from '../model/study-area.js';

export const DX8 = [-1, 0, 1, -1, 1, -1, 0, 1];
export const DY8 = [-1, -1, -1, 0, 0, 1, 1, 1];

/** Class of `cell` in a layout given by its genome (genes) and today's map (other cells). */
export function classAt(area: StudyArea, row: ArrayLike<number>, cell: number): number {
  const gene = area.geneOfCell[cell]!;
  return gene >= 0 ? row[gene]! : area.current[cell]!;
}

/**
 * Gene index of a 4-neighbour of `cell` (column `x`), or -1 (outside the grid or not a gene).
 * `direction`: 0 right, 1 left, 2 down, 3 up. `lastRowStart` = width x (height - 1). Takes the
 * arrays rather than the study area, and `x` precomputed: the operators call it per visited cell.
 */
export function neighbourGene(
  geneOfCell: Int32Array,
  width: number,
  lastRowStart: number,
  cell: number,
  x: number,
  direction: number,
): number {
  switch (direction) {
    case 0:
      return x + 1 < width ? geneOfCell[cell + 1]! : -1;
    case 1:
      return x > 0 ? geneOfCell[cell - 1]! : -1;
    case 2:
      return cell < lastRowStart ? geneOfCell[cell + width]! : -1;
    default:
      return cell >= width ? geneOfCell[cell - width]! : -1;
  }
}
