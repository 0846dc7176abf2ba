/**
 * Test oracle: the straightforward full evaluation the optimised evaluator replaced (one pass per
 * sub-indicator, walking access by a per-row nearest-target scan, bounds-checked neighbour loops),
 * kept verbatim so tests can check the optimised paths against it on random layouts.
 */
import { layoutMap, NO_CLASS, type StudyArea } from '../../../engine/src/landuse/model/study-area.js';
import {
  compileObjectives,
  type CompiledObjectives,
  type LinearTerm,
} from '../../../engine/src/landuse/objectives/compile.js';

export class ReferenceEvaluator {
  readonly compiled: CompiledObjectives;
  readonly numberOfObjectives: number;
  /** Class flags as 0/1 arrays indexed by class. */
  readonly housing: Uint8Array;
  readonly natural: Uint8Array;
  /** Number of unordered 8-neighbour pairs of study-area cells (the compatibility denominator). */
  readonly neighbourPairs: number;
  /** Housing cells today (the housing-supply baseline). */
  readonly housingToday: number;
  private readonly map: Uint8Array;
  private readonly counts: Int32Array;
  private readonly rowNearest: Int32Array;
  private readonly indicatorValues: Float64Array;

  constructor(readonly area: StudyArea) {
    this.compiled = compileObjectives(area);
    this.numberOfObjectives = area.objectives.length;
    this.housing = Uint8Array.from(area.classes, (c) => (c.housing ? 1 : 0));
    this.natural = Uint8Array.from(area.classes, (c) => (c.natural ? 1 : 0));
    const n = area.current.length;
    this.map = new Uint8Array(n);
    this.counts = new Int32Array(area.classes.length);
    this.rowNearest = new Int32Array(this.compiled.indicators.some((i) => i.kind === 'access') ? n : 0);
    this.indicatorValues = new Float64Array(this.compiled.indicators.length);
    this.neighbourPairs = countNeighbourPairs(area);
    let housingToday = 0;
    for (let i = 0; i < n; i++) if (area.current[i] !== NO_CLASS && this.housing[area.current[i]!]) housingToday++;
    this.housingToday = housingToday;
  }

  /**
   * Full evaluation of one genome.
   * @param objectives receives the M objective values (natural units, maximised).
   * @param indicators optional, receives every sub-indicator value (compiled order).
   */
  evaluate(genome: ArrayLike<number>, objectives: Float64Array, indicators: Float64Array = this.indicatorValues): void {
    const area = this.area;
    const map = layoutMap(area, genome, this.map);
    const counts = this.counts;
    counts.set(area.fixedCounts);
    for (let g = 0; g < genome.length; g++) counts[genome[g]!]!++;
    let housingCells = 0;
    for (let c = 0; c < counts.length; c++) if (this.housing[c]) housingCells += counts[c]!;
    const list = this.compiled.indicators;
    for (let k = 0; k < list.length; k++) {
      const indicator = list[k]!;
      switch (indicator.kind) {
        case 'linear':
          indicators[k] = sumLinear(indicator.term, genome);
          break;
        case 'amenity':
          indicators[k] = housingCells > 0 ? (100 * sumLinear(indicator.term, genome)) / housingCells : 0;
          break;
        case 'access':
          indicators[k] =
            housingCells > 0
              ? (100 * this.accessibleHousing(map, indicator.targets, indicator.distance)) / housingCells
              : 0;
          break;
        case 'supply':
          indicators[k] = housingSupply(
            housingCells - this.housingToday,
            area.cellAreaHa,
            indicator.density,
            indicator.dwellings,
          );
          break;
        case 'compatibility':
          indicators[k] =
            this.neighbourPairs > 0 ? (100 * compatibilitySum(area, map, indicator.matrix)) / this.neighbourPairs : 0;
          break;
        case 'core':
          indicators[k] = area.cellAreaHa * coreCells(area, map, this.natural);
          break;
      }
    }
    combine(this.compiled, indicators, objectives);
  }

  /**
   * Housing cells within `distance` of a target-class cell (Euclidean distance between cell
   * centres). Each row first gets the horizontal distance to its nearest target (two scans); a
   * housing cell then checks the rows of its disk, nearest first, and stops at the first hit.
   * Same arithmetic as the disk of the incremental state, so both agree exactly.
   */
  private accessibleHousing(map: Uint8Array, targets: Uint8Array, distance: number): number {
    const { width, height, cellSizeX, cellSizeY } = this.area;
    const nearest = this.rowNearest;
    const far = width + 1;
    for (let y = 0; y < height; y++) {
      const row = y * width;
      let last = -far;
      for (let x = 0; x < width; x++) {
        const c = map[row + x]!;
        if (c !== NO_CLASS && targets[c] === 1) last = x;
        nearest[row + x] = x - last;
      }
      last = width + far;
      for (let x = width - 1; x >= 0; x--) {
        const c = map[row + x]!;
        if (c !== NO_CLASS && targets[c] === 1) last = x;
        const d = last - x;
        if (d < nearest[row + x]!) nearest[row + x] = d;
      }
    }
    const wx2 = cellSizeX * cellSizeX;
    const wy2 = cellSizeY * cellSizeY;
    const limit = distance * distance;
    const ry = Math.floor(distance / cellSizeY);
    const housing = this.housing;
    let count = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        const c = map[i]!;
        if (c === NO_CLASS || !housing[c]) continue;
        for (let k = 0; k <= 2 * ry; k++) {
          // dy = 0, 1, -1, 2, -2, ...
          const dy = k & 1 ? (k + 1) >> 1 : -(k >> 1);
          const ny = y + dy;
          if (ny < 0 || ny >= height) continue;
          const dx = nearest[ny * width + x]!;
          if (dx <= width && dy * dy * wy2 + dx * dx * wx2 <= limit) {
            count++;
            break;
          }
        }
      }
    }
    return count;
  }
}

/** objectives[m] = sum of weight_k * value_k over the indicators of objective m. */
function combine(compiled: CompiledObjectives, values: Float64Array, objectives: Float64Array): void {
  objectives.fill(0);
  const list = compiled.indicators;
  for (let k = 0; k < list.length; k++) objectives[compiled.objectiveOf[k]!]! += list[k]!.weight * values[k]!;
}

/** Sum of a linear term over the study area for a genome (gene-ordered copies keep the loops sequential). */
function sumLinear(term: LinearTerm, genome: ArrayLike<number>): number {
  const { alpha, beta, xGene, fromTo, fromToOffset } = term;
  let sum = term.constant;
  if (xGene && fromTo) {
    for (let g = 0; g < genome.length; g++) {
      const c = genome[g]!;
      sum += alpha[c]! + beta[c]! * xGene[g]! + fromTo[fromToOffset[g]! + c]!;
    }
  } else if (xGene) {
    for (let g = 0; g < genome.length; g++) {
      const c = genome[g]!;
      sum += alpha[c]! + beta[c]! * xGene[g]!;
    }
  } else if (fromTo) {
    for (let g = 0; g < genome.length; g++) {
      const c = genome[g]!;
      sum += alpha[c]! + fromTo[fromToOffset[g]! + c]!;
    }
  } else {
    for (let g = 0; g < genome.length; g++) sum += alpha[genome[g]!]!;
  }
  return sum;
}

/** Share (in %) of the dwellings needed that the new housing land supplies, capped at 100. */
export function housingSupply(addedCells: number, cellAreaHa: number, density: number, dwellings: number): number {
  const supplied = Math.max(0, addedCells) * cellAreaHa * density;
  return 100 * Math.min(1, supplied / dwellings);
}

function countNeighbourPairs(area: StudyArea): number {
  let pairs = 0;
  forEachNeighbourPair(area, area.current, () => pairs++);
  return pairs;
}

/** Calls `visit(i, j)` once for every unordered pair of 8-adjacent study-area cells. */
function forEachNeighbourPair(area: StudyArea, map: Uint8Array, visit: (i: number, j: number) => void): void {
  const { width, height } = area;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (map[i] === NO_CLASS) continue;
      // E, SW, S, SE: each unordered pair exactly once.
      if (x + 1 < width && map[i + 1] !== NO_CLASS) visit(i, i + 1);
      if (y + 1 < height) {
        const below = i + width;
        if (x > 0 && map[below - 1] !== NO_CLASS) visit(i, below - 1);
        if (map[below] !== NO_CLASS) visit(i, below);
        if (x + 1 < width && map[below + 1] !== NO_CLASS) visit(i, below + 1);
      }
    }
  }
}

/** Sum of matrix[c_i][c_j] over unordered 8-adjacent pairs (inlined loop: this is hot). */
function compatibilitySum(area: StudyArea, map: Uint8Array, matrix: Float64Array): number {
  const { width, height } = area;
  const K = area.classes.length;
  let sum = 0;
  for (let y = 0; y < height; y++) {
    const lastRow = y + 1 >= height;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = map[i]!;
      if (c === NO_CLASS) continue;
      const row = c * K;
      let d: number;
      if (x + 1 < width && (d = map[i + 1]!) !== NO_CLASS) sum += matrix[row + d]!;
      if (lastRow) continue;
      const below = i + width;
      if (x > 0 && (d = map[below - 1]!) !== NO_CLASS) sum += matrix[row + d]!;
      if ((d = map[below]!) !== NO_CLASS) sum += matrix[row + d]!;
      if (x + 1 < width && (d = map[below + 1]!) !== NO_CLASS) sum += matrix[row + d]!;
    }
  }
  return sum;
}

function coreCells(area: StudyArea, map: Uint8Array, natural: Uint8Array): number {
  const { width, height } = area;
  let count = 0;
  for (let y = 0; y < height; y++) {
    const top = y > 0;
    const bottom = y + 1 < height;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = map[i]!;
      if (c === NO_CLASS || !natural[c]) continue;
      const left = x > 0;
      const right = x + 1 < width;
      // A neighbour breaks the core when it is inside the study area and not natural.
      let d: number;
      if (left && (d = map[i - 1]!) !== NO_CLASS && !natural[d]) continue;
      if (right && (d = map[i + 1]!) !== NO_CLASS && !natural[d]) continue;
      if (top) {
        const up = i - width;
        if ((d = map[up]!) !== NO_CLASS && !natural[d]) continue;
        if (left && (d = map[up - 1]!) !== NO_CLASS && !natural[d]) continue;
        if (right && (d = map[up + 1]!) !== NO_CLASS && !natural[d]) continue;
      }
      if (bottom) {
        const down = i + width;
        if ((d = map[down]!) !== NO_CLASS && !natural[d]) continue;
        if (left && (d = map[down - 1]!) !== NO_CLASS && !natural[d]) continue;
        if (right && (d = map[down + 1]!) !== NO_CLASS && !natural[d]) continue;
      }
      count++;
    }
  }
  return count;
}
