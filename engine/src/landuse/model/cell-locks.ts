/**
 * Locked cells of a steered run (`paretoplan run --lock`, the explorer's Steer action): cells that
 * keep one class in every layout of the run, like the fixed and protected cells of the scenario.
 *
 * A cell locked to today's class leaves the genome: it keeps today's class like any cell that
 * cannot change (it counts in `fixedCounts`). A cell locked to another class stays a gene whose
 * allowed mask holds that class alone, so that the objectives (which compare each gene with
 * today's class) still count it as a change: conversion cost, changed area and the housing supply
 * see it. The operators start from and return cells to the locked class (study-area.ts
 * `startGenome`), and `rules.maxChange` bounds the changes made on top of the locked ones.
 */
import { LandUseInputError } from '../errors.js';
import { NO_CLASS, type StudyArea } from './study-area.js';

/** What {@link lockCells} did. */
export interface CellLockSummary {
  /** Study-area cells locked (to today's class or another). */
  readonly lockedCells: number;
  /** Of those, cells locked to another class than today's (changes every layout of the run makes). */
  readonly lockedChanges: number;
}

/**
 * The study area with cells locked: `lockClass[i]` is the class cell i keeps in every layout, or
 * NO_CLASS where the cell is free. Cells outside the study area and cells that cannot change anyway
 * (fixed class, protected, no alternative) are left as they are.
 * @throws LandUseInputError when a cell is locked to a class its rules forbid, or when the locked
 *   changes alone exceed rules.maxChange.
 */
export function lockCells(
  area: StudyArea,
  lockClass: Uint8Array,
  label = 'the lock',
): { studyArea: StudyArea; summary: CellLockSummary } {
  const n = area.current.length;
  if (lockClass.length !== n) {
    throw new LandUseInputError(`${label}: ${lockClass.length} cells for a grid of ${n} cells.`);
  }
  const classes = area.classes;
  const geneOfCell = new Int32Array(n).fill(-1);
  const geneCells: number[] = [];
  const allowed: number[] = [];
  const fixedCounts = Int32Array.from(area.fixedCounts);
  let lockedCells = 0;
  let lockedChanges = 0;
  const refused = new Map<string, number>();
  for (let g = 0; g < area.geneCells.length; g++) {
    const cell = area.geneCells[g]!;
    const locked = lockClass[cell]!;
    let mask = area.allowed[g]!;
    if (locked !== NO_CLASS) {
      const today = area.current[cell]!;
      if (locked >= classes.length || !((mask >> locked) & 1)) {
        const key = `${classes[today]!.id} -> ${classes[locked]?.id ?? `class ${locked}`}`;
        refused.set(key, (refused.get(key) ?? 0) + 1);
        continue;
      }
      lockedCells++;
      if (locked === today) {
        fixedCounts[today]!++;
        continue;
      }
      lockedChanges++;
      mask = 1 << locked;
    }
    geneOfCell[cell] = geneCells.length;
    geneCells.push(cell);
    allowed.push(mask);
  }
  if (refused.size > 0) {
    const listed = [...refused].map(([change, cells]) => `${change} (${cells} cell${cells === 1 ? '' : 's'})`);
    throw new LandUseInputError(
      `${label} locks cells to classes the scenario's rules do not allow there: ${listed.join(', ')}. ` +
        'Seed from a run of the same scenario, or lock those cells to their class today.',
    );
  }
  // Cells that could not change anyway count as locked too (they keep today's class).
  for (let i = 0; i < n; i++) {
    if (lockClass[i] !== NO_CLASS && area.current[i] !== NO_CLASS && area.geneOfCell[i]! < 0) lockedCells++;
  }
  const genes = geneCells.length;
  const unlimited = area.maxChangedCells >= area.geneCells.length;
  const maxChangedCells = unlimited ? genes : area.maxChangedCells - lockedChanges;
  if (maxChangedCells < 0) {
    throw new LandUseInputError(
      `${label} locks ${lockedChanges} cells (${(lockedChanges * area.cellAreaHa).toFixed(1)} ha) to another class than today's, ` +
        `more than the ${area.maxChangedCells} cells rules.maxChange allows to change. Lock fewer changed cells or raise rules.maxChange.`,
    );
  }
  const studyArea: StudyArea = {
    ...area,
    geneCells: Int32Array.from(geneCells),
    geneOfCell,
    allowed: Uint16Array.from(allowed),
    fixedCounts,
    maxChangedCells: Math.min(genes, maxChangedCells),
    lockedBy: { ...area.lockedBy, steering: lockedCells },
  };
  return { studyArea, summary: { lockedCells, lockedChanges } };
}

/** The genome of a full layout map (class per cell) on `area`'s genes. */
export function genomeOfLayout(
  area: StudyArea,
  layout: Uint8Array,
  out: Uint8Array = new Uint8Array(area.geneCells.length),
): Uint8Array {
  for (let g = 0; g < out.length; g++) out[g] = layout[area.geneCells[g]!]!;
  return out;
}
