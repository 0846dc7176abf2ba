/**
 * The maps of the parties and groups analyses as GeoTIFFs on the run's grid, each with a QGIS
 * style (.qml) naming its values, written atomically (a kill leaves the old file or the new one):
 *
 * - consensus: the class every party's preferred layout gives the cell (class codes as in the
 *   scenario), 0 where they disagree;
 * - conflict: how many parties disagree with the most common choice (0 = all agree);
 * - a group's characteristic cells: the class the group gives them (class codes), 0 elsewhere.
 *
 * Cells outside the study area are nodata. Cells that never change count as agreed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeGeoTiff, type GridSpec, type RasterClass } from '../gis/index.js';
import type { PartyAgreement } from '../decision/index.js';
import { RunInputError } from './errors.js';
import { describeFsError } from './files.js';
import type { LoadedFront } from './front-io.js';
import { NO_CLASS } from '../landuse/index.js';
import { conflictColor, NO_VALUE_COLOR } from '../charts/decision-colors.js';

/** Raster value of cells without a class on these maps (never a class code: codes start at 1; never nodata). */
const NO_VALUE = 0;

export async function ensureFolder(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    throw new RunInputError(`Cannot create the folder ${dir}: ${describeFsError(error)}`);
  }
}

/**
 * Class codes per cell (each class's first code): today's class on cells not in `cells`,
 * `cellClasses[k]` on `cells[k]` when `keep(k)`, NO_VALUE on the other listed cells, and nodata
 * outside the study area (a value no class uses, and not 0).
 */
export function classCodeRaster(
  classes: readonly { codes: readonly number[] }[],
  current: Uint8Array,
  cells: Int32Array,
  cellClasses: Uint8Array,
  keep: (k: number) => boolean = () => true,
): { data: Uint8Array | Uint16Array; nodata: number } {
  const codes = classes.map((c) => c.codes[0]!);
  const maxCode = Math.max(...codes);
  let nodata = maxCode < 255 ? 255 : 65535;
  while (codes.includes(nodata)) nodata--;
  const data = nodata === 255 ? new Uint8Array(current.length) : new Uint16Array(current.length);
  current.forEach((c, i) => (data[i] = c === NO_CLASS ? nodata : codes[c]!));
  cells.forEach((cell, k) => (data[cell] = keep(k) ? codes[cellClasses[k]!]! : NO_VALUE));
  return { data, nodata };
}

/** classCodeRaster over a front's genes. */
function classRaster(front: LoadedFront, geneClasses: Uint8Array, keep: (gene: number) => boolean) {
  return classCodeRaster(front.manifest.classes, front.current, front.geneCells, geneClasses, keep);
}

export function classLegend(
  classes: readonly { codes: readonly number[]; name: string; color: string }[],
  noValueName: string | null,
): RasterClass[] {
  return [
    ...(noValueName === null ? [] : [{ value: NO_VALUE, name: noValueName, color: NO_VALUE_COLOR }]),
    ...classes.map((c) => ({ value: c.codes[0]!, name: c.name, color: c.color })),
  ];
}
/** Write `consensus.tif` and `conflict.tif` (with .qml) into `dir`. */
export async function writePartyMaps(
  front: LoadedFront,
  agreement: PartyAgreement,
  parties: number,
  dir: string,
): Promise<{ consensus: string; conflict: string }> {
  await ensureFolder(dir);
  const grid = front.manifest.grid as GridSpec;
  const consensus = path.join(dir, 'consensus.tif');
  const { data, nodata } = classRaster(front, agreement.mode, (g) => agreement.disagreeing[g] === 0);
  await writeGeoTiff(consensus, {
    grid,
    data,
    nodata,
    classes: classLegend(front.manifest.classes, 'Parties disagree'),
  });

  const conflict = path.join(dir, 'conflict.tif');
  const counts = new Uint8Array(front.current.length).fill(NO_CLASS);
  for (let i = 0; i < counts.length; i++) if (front.current[i] !== NO_CLASS) counts[i] = 0;
  for (let g = 0; g < front.geneCells.length; g++) counts[front.geneCells[g]!] = agreement.disagreeing[g]!;
  const classes: RasterClass[] = [{ value: 0, name: 'All parties agree', color: NO_VALUE_COLOR }];
  for (let k = 1; k < parties; k++) {
    classes.push({
      value: k,
      name: `${k} of ${parties} parties ${k === 1 ? 'disagrees' : 'disagree'}`,
      color: conflictColor(k, parties - 1),
    });
  }
  await writeGeoTiff(conflict, { grid, data: counts, nodata: NO_CLASS, classes });
  return { consensus, conflict };
}

/** Write a group's characteristic cells as `file` (with .qml). */
export async function writeCharacteristicMap(
  front: LoadedFront,
  characteristic: { genes: Int32Array; classes: Uint8Array },
  file: string,
): Promise<string> {
  await ensureFolder(path.dirname(file));
  const geneClasses = new Uint8Array(front.geneCells.length);
  const marked = new Uint8Array(front.geneCells.length);
  characteristic.genes.forEach((g, k) => {
    geneClasses[g] = characteristic.classes[k]!;
    marked[g] = 1;
  });
  const { data, nodata } = classRaster(front, geneClasses, (g) => marked[g] === 1);
  // Cells that never change do not characterise any group either.
  const isGene = new Uint8Array(front.current.length);
  for (const cell of front.geneCells) isGene[cell] = 1;
  for (let i = 0; i < data.length; i++) if (!isGene[i] && front.current[i] !== NO_CLASS) data[i] = NO_VALUE;
  await writeGeoTiff(file, {
    grid: front.manifest.grid as GridSpec,
    data,
    nodata,
    classes: classLegend(front.manifest.classes, 'Not characteristic'),
  });
  return file;
}
