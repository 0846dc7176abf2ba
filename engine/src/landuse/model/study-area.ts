/**
 * The study area as the optimiser sees it: today's class per cell, which cells may change, which
 * classes each changeable cell may take, the exact area bounds per class, and the per-cell layers
 * the objectives read. Built from in-memory rasters (see `load.ts` for reading a scenario's files),
 * and plain data (typed arrays), so it can be posted to a worker and rebuilt there.
 *
 * Genome: one class index per changeable cell ("gene"), in `geneCells` order (row-major).
 */
import type { ObjectiveBounds } from './objective-bounds.js';
import type { ResolvedClass, ResolvedObjective, ResolvedScenario } from '../scenario/types.js';
import { areaToCells } from '../scenario/units.js';

import { NO_CLASS } from '../../rules/index.js';

export { NO_CLASS };
/** At most 16 classes: allowed classes are a 16-bit mask per gene. */
export const MAX_CLASSES = 16;

export interface StudyArea {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Cell width and height in metres. */
  readonly cellSizeX: number;
  readonly cellSizeY: number;
  /** Hectares per cell. */
  readonly cellAreaHa: number;
  readonly classes: readonly ResolvedClass[];
  /** Today's class index per cell (NO_CLASS outside the study area). */
  readonly current: Uint8Array;
  /** Number of cells inside the study area. */
  readonly validCells: number;
  /** Cell index of each gene. */
  readonly geneCells: Int32Array;
  /** Gene index of each cell, -1 for cells that keep today's class. */
  readonly geneOfCell: Int32Array;
  /**
   * Bit c set when gene may take class c. Today's class is always allowed, except on a gene locked
   * to another class for a steered run (model/cell-locks.ts): its mask holds that class alone.
   */
  readonly allowed: Uint16Array;
  /** Cells per class that are not genes (they keep today's class). */
  readonly fixedCounts: Int32Array;
  /** Exact bounds on the total cells per class (fixed + genes), from the demands. */
  readonly minCells: Int32Array;
  readonly maxCells: Int32Array;
  /**
   * The most genes a layout may change from their start class ({@link startGenome}; rules.maxChange,
   * less the cells a steered run locks to another class than today's; the number of genes without it).
   */
  readonly maxChangedCells: number;
  /** Per-cell layers (grid order) by name: values of rasters, 0/1 presence of vectors, metres of distances, degrees of slope. */
  readonly layers: Readonly<Record<string, Float32Array>>;
  /** Layer names that hold distances already (derived `distance` layers). */
  readonly distanceLayers: readonly string[];
  /**
   * The prepared-layer cache's key of these layers (model/layer-cache.ts), when the grid is large
   * enough to cache: the indicators' distance layers are cached under it too.
   */
  readonly layersKey?: string;
  readonly objectives: readonly ResolvedObjective[];
  /** Why cells cannot change, for summaries: counts of valid cells that are fixed class / protected / single-option. */
  readonly lockedBy: {
    readonly fixedClass: number;
    readonly protectedArea: number;
    readonly noAlternative: number;
    /** Cells a steered run locks (model/cell-locks.ts); absent when none. */
    readonly steering?: number;
  };
  /**
   * A steered run's objective bounds (model/objective-bounds.ts): the range each objective of a
   * feasible layout must lie in. Absent: no bounds.
   */
  readonly objectiveBounds?: ObjectiveBounds;
}

/** What {@link buildStudyArea} needs: the scenario and its layers already on one grid. */
export interface StudyAreaInput {
  readonly scenario: Pick<ResolvedScenario, 'name' | 'classes' | 'demands' | 'rules' | 'objectives'>;
  readonly width: number;
  readonly height: number;
  readonly cellSizeX: number;
  readonly cellSizeY: number;
  /** Raster codes of today's land use, row-major. */
  readonly codes: ArrayLike<number>;
  /** The nodata code of the land-use raster (cells outside the study area), if any. */
  readonly nodata: number | null;
  /** Every layer the rules and objectives name, on the same grid. */
  readonly layers: Readonly<Record<string, Float32Array>>;
  readonly distanceLayers?: readonly string[];
  readonly layersKey?: string;
}

/** Codes of the land-use raster that no class declares, with their cell counts. */
export interface UndeclaredCode {
  readonly code: number;
  readonly cells: number;
}

/**
 * Build the study area. Cells whose code no class declares are treated as outside the study
 * area and listed in `undeclared` (validation reports them).
 */
export function buildStudyArea(input: StudyAreaInput): { studyArea: StudyArea; undeclared: UndeclaredCode[] } {
  const { scenario, width, height, codes, layers } = input;
  const classes = scenario.classes;
  const K = classes.length;
  if (K > MAX_CLASSES) throw new RangeError(`at most ${MAX_CLASSES} classes are supported, got ${K}`);
  const n = width * height;
  const codeToClass = new Map<number, number>();
  classes.forEach((c, i) => c.codes.forEach((code) => codeToClass.set(code, i)));
  const current = new Uint8Array(n).fill(NO_CLASS);
  const undeclaredCounts = new Map<number, number>();
  let validCells = 0;
  // Land-use maps come in runs of one code: the last code's class saves most look-ups.
  let lastCode = Number.NaN;
  let lastClass: number | undefined;
  const nodata = input.nodata ?? Number.NaN; // NaN: no nodata code (NaN cells are skipped anyway)
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    if (code === nodata || code !== code) continue;
    if (code !== lastCode) {
      lastCode = code;
      lastClass = codeToClass.get(code);
    }
    const cls = lastClass;
    if (cls === undefined) {
      undeclaredCounts.set(code, (undeclaredCounts.get(code) ?? 0) + 1);
      continue;
    }
    current[i] = cls;
    validCells++;
  }

  const rules = scenario.rules;
  const fixedClass = new Uint8Array(K);
  for (const c of rules.fixed) fixedClass[c] = 1;
  const forbidden = new Uint8Array(K * K);
  for (const [a, b] of rules.forbidden) forbidden[a * K + b] = 1;
  const protectedLayers = rules.protectedAreas.map((name) => layers[name]!);
  const noBuildLayers = rules.noBuild.map((name) => layers[name]!);
  const slope = rules.slopeLayer ? layers[rules.slopeLayer] : undefined;

  // The classes a cell may take but for its slope, per class today and whether a no-build layer
  // covers it; then the classes its slope rules out (a cell without a slope value takes none of them).
  const baseMask = new Int32Array(2 * K);
  for (let cur = 0; cur < K; cur++) {
    for (const noBuild of [0, 1]) {
      let mask = 1 << cur;
      for (let c = 0; c < K; c++) {
        if (c === cur || fixedClass[c] || forbidden[cur * K + c]) continue;
        if (noBuild && classes[c]!.built) continue;
        mask |= 1 << c;
      }
      baseMask[2 * cur + noBuild] = mask;
    }
  }
  // The classes with a steepest slope, gentlest limit first: a cell's slope within one limit is
  // within all the rest, so most cells need one comparison.
  const slopeRules = slope
    ? classes
        .map((_, c) => ({ bit: 1 << c, limit: rules.maxSlope[c] }))
        .filter((r): r is { bit: number; limit: number } => r.limit !== null && r.limit !== undefined)
        .sort((p, q) => p.limit - q.limit)
    : [];
  const limits = Float64Array.from(slopeRules, (r) => r.limit);
  const limitBits = Int32Array.from(slopeRules, (r) => r.bit);
  // Per cell, whether a protected layer (bit 1) or a no-build layer (bit 2) covers it, one layer
  // at a time in memory order.
  const covered = new Uint8Array(n);
  const markCovered = (list: readonly Float32Array[], bit: number) => {
    for (const layer of list) for (let i = 0; i < n; i++) if (layer[i]! > 0) covered[i] = covered[i]! | bit;
  };
  markCovered(protectedLayers, 1);
  markCovered(noBuildLayers, 2);

  const { geneOfCell, geneCells, allowed, fixedCounts, lockedBy } = listGenes(
    current,
    K,
    fixedClass,
    covered,
    baseMask,
    slope && limits.length > 0 ? { slope, limits, limitBits } : null,
  );

  const cellAreaM2 = input.cellSizeX * input.cellSizeY;
  const minCells = new Int32Array(K);
  const maxCells = new Int32Array(K).fill(validCells);
  for (const demand of scenario.demands) {
    // A tiny tolerance so that "120 ha" on 0.0625 ha cells is exactly 1920 cells despite rounding.
    // Clamped to the study area (one cell above for a minimum no layout can meet, which the
    // feasibility check reports), so that no demand overflows the 32-bit counts.
    if (demand.min)
      minCells[demand.classIndex] = Math.min(
        validCells + 1,
        Math.ceil(areaToCells(demand.min, validCells, cellAreaM2) - 1e-9),
      );
    if (demand.max)
      maxCells[demand.classIndex] = Math.min(
        validCells,
        Math.floor(areaToCells(demand.max, validCells, cellAreaM2) + 1e-9),
      );
  }
  // `%` of maxChange is a share of the changeable land (the genes), not of the study area.
  const genes = geneCells.length;
  const maxChangedCells = rules.maxChange
    ? Math.min(genes, Math.floor(areaToCells(rules.maxChange, genes, cellAreaM2) + 1e-9))
    : genes;

  const studyArea: StudyArea = {
    name: scenario.name,
    width,
    height,
    cellSizeX: input.cellSizeX,
    cellSizeY: input.cellSizeY,
    cellAreaHa: cellAreaM2 / 10_000,
    classes,
    current,
    validCells,
    geneCells,
    geneOfCell,
    allowed,
    fixedCounts,
    minCells,
    maxCells,
    maxChangedCells,
    layers,
    distanceLayers: input.distanceLayers ?? [],
    ...(input.layersKey === undefined ? {} : { layersKey: input.layersKey }),
    objectives: scenario.objectives,
    lockedBy,
  };
  const undeclared = [...undeclaredCounts].map(([code, cells]) => ({ code, cells })).sort((a, b) => a.code - b.code);
  return { studyArea, undeclared };
}

/**
 * The changeable cells (genes) in grid order, with the classes each may take (a bit per class),
 * and why the other cells of the study area are fixed. A cell is fixed when its class is, when a
 * protected layer covers it, or when its slope and the no-build layers leave it no other class.
 */
function listGenes(
  current: Uint8Array,
  K: number,
  fixedClass: Uint8Array,
  covered: Uint8Array,
  baseMask: Int32Array,
  slopeRules: { slope: Float32Array; limits: Float64Array; limitBits: Int32Array } | null,
) {
  const n = current.length;
  const geneOfCell = new Int32Array(n).fill(-1);
  const geneCellList = new Int32Array(n);
  const allowedList = new Uint16Array(n);
  let genes = 0;
  const fixedCounts = new Int32Array(K);
  let fixedByClass = 0;
  let fixedByProtection = 0;
  let noAlternative = 0;
  const slope = slopeRules?.slope;
  const limits = slopeRules?.limits ?? new Float64Array(0);
  const limitBits = slopeRules?.limitBits ?? new Int32Array(0);
  for (let i = 0; i < n; i++) {
    const cur = current[i]!;
    if (cur === NO_CLASS) continue;
    if (fixedClass[cur]) {
      fixedCounts[cur]!++;
      fixedByClass++;
      continue;
    }
    const cover = covered[i]!;
    if (cover & 1) {
      fixedCounts[cur]!++;
      fixedByProtection++;
      continue;
    }
    let mask = baseMask[2 * cur + (cover >> 1)]!;
    if (slope) {
      const cellSlope = slope[i]!;
      // A cell without a slope value (NaN) takes none of the slope-limited classes; today's
      // class stays allowed whatever the slope.
      for (let k = 0; k < limits.length && !(cellSlope <= limits[k]!); k++) mask &= ~limitBits[k]!;
      mask |= 1 << cur;
    }
    if (mask === 1 << cur) {
      fixedCounts[cur]!++;
      noAlternative++;
      continue;
    }
    geneOfCell[i] = genes;
    geneCellList[genes] = i;
    allowedList[genes++] = mask;
  }
  return {
    geneOfCell,
    geneCells: geneCellList.slice(0, genes),
    allowed: allowedList.slice(0, genes),
    fixedCounts,
    lockedBy: { fixedClass: fixedByClass, protectedArea: fixedByProtection, noAlternative },
  };
}

/** Number of genes (changeable cells). */
/**
 * The cell next to `cell` on a `width` x `height` grid in direction `d` (0 right, 1 left, 2 down,
 * 3 up: the 4-neighbourhood in the order the operators visit it), or -1 past the grid's edge.
 */
export function cellNeighbour4(cell: number, d: number, width: number, height: number): number {
  if (d === 0) return (cell % width) + 1 < width ? cell + 1 : -1;
  if (d === 1) return cell % width > 0 ? cell - 1 : -1;
  if (d === 2) return cell + width < width * height ? cell + width : -1;
  return cell >= width ? cell - width : -1;
}

export function geneCount(area: StudyArea): number {
  return area.geneCells.length;
}

/** Today's layout as a genome (every gene holds its cell's current class). */
export function currentGenome(area: StudyArea): Uint8Array {
  const genome = new Uint8Array(area.geneCells.length);
  for (let g = 0; g < genome.length; g++) genome[g] = area.current[area.geneCells[g]!]!;
  return genome;
}

/**
 * The class gene `g` starts from and returns to: today's class, or, on a gene a steered run locks
 * to another class (model/cell-locks.ts), that class (the only one its mask allows).
 */
export function startClass(area: StudyArea, g: number): number {
  const today = area.current[area.geneCells[g]!]!;
  const mask = area.allowed[g]!;
  return (mask >> today) & 1 ? today : 31 - Math.clz32(mask & -mask);
}

/**
 * The layout the operators start from and return cells to: today's layout with the locked cells
 * of a steered run in their locked class ({@link startClass}); today's layout when nothing is locked.
 * Objectives still measure change against today's class ({@link currentGenome}).
 */
export function startGenome(area: StudyArea): Uint8Array {
  const genome = new Uint8Array(area.geneCells.length);
  for (let g = 0; g < genome.length; g++) genome[g] = startClass(area, g);
  return genome;
}

/** The full map (class index per cell) of a genome, written into `out`. */
export function layoutMap(
  area: StudyArea,
  genome: ArrayLike<number>,
  out: Uint8Array = new Uint8Array(area.current.length),
): Uint8Array {
  out.set(area.current);
  const cells = area.geneCells;
  for (let g = 0; g < cells.length; g++) out[cells[g]!] = genome[g]!;
  return out;
}

/**
 * Number of genes whose class differs from their start class ({@link startClass}: today's, unless
 * a steered run locks the cell to another class), the count `maxChangedCells` bounds.
 */
export function changedCells(area: StudyArea, genome: ArrayLike<number>): number {
  let changed = 0;
  for (let g = 0; g < genome.length; g++)
    if (countsAsChanged(genome[g]!, area.current[area.geneCells[g]!]!, startClass(area, g))) changed++;
  return changed;
}

/**
 * Whether a gene of class `c` counts as changed ({@link changedCells}), given its class today and
 * its start class: it differs from both (a steered run's locked cell in its locked class has not changed).
 */
export function countsAsChanged(c: number, today: number, start: number): boolean {
  return c !== today && c !== start;
}

/** Cells per class of a genome, including the cells that cannot change. */
export function classCounts(
  area: StudyArea,
  genome: ArrayLike<number>,
  out: Int32Array = new Int32Array(area.classes.length),
): Int32Array {
  out.set(area.fixedCounts);
  for (let g = 0; g < genome.length; g++) out[genome[g]!]!++;
  return out;
}
