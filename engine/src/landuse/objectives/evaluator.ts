/**
 * Evaluates layouts: every objective as the weighted sum of its sub-indicators.
 *
 * - {@link LandUseEvaluator.evaluate}: full evaluation of a genome (allocation-free, buffers reused).
 * - {@link LandUseEvaluator.createState}: an {@link IncrementalState} that keeps sufficient
 *   statistics (class counts, linear sums, neighbour-compatibility sum, core cells, per-cell counts
 *   of target cells within walking distance) so a change of a few cells costs only their
 *   neighbourhoods. Tests check that both give the same values.
 * - {@link LandUseEvaluator.contributionMap}: where a layout gains or loses, per cell.
 */
import { diskOffsets, squaredDistanceTransform } from '../model/distance.js';
import { layoutMap, NO_CLASS, type StudyArea } from '../model/study-area.js';
import { compileObjectives, type CompiledIndicator, type CompiledObjectives, type LinearTerm } from './compile.js';

/** Neighbour offsets of the 8-neighbourhood. */
const DX8 = [-1, 0, 1, -1, 1, -1, 0, 1];
const DY8 = [-1, -1, -1, 0, 0, 1, 1, 1];

export interface IndicatorReport {
  readonly objective: string;
  readonly indicator: string;
  readonly unit: string;
  /** The sub-indicator in its own units (good when high). */
  readonly value: number;
  readonly weight: number;
  /** weight x value: its share of the objective. */
  readonly contribution: number;
}

export class LandUseEvaluator {
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

  /** Every sub-indicator of a genome with its weight and contribution, for reports. */
  report(genome: ArrayLike<number>): { objectives: number[]; indicators: IndicatorReport[] } {
    const objectives = new Float64Array(this.numberOfObjectives);
    const values = new Float64Array(this.compiled.indicators.length);
    this.evaluate(genome, objectives, values);
    const indicators = this.compiled.indicators.map((indicator, k) => ({
      objective: this.compiled.objectiveIds[this.compiled.objectiveOf[k]!]!,
      indicator: indicator.type,
      unit: this.compiled.units[k]!,
      value: values[k]!,
      weight: indicator.weight,
      contribution: indicator.weight * values[k]!,
    }));
    return { objectives: [...objectives], indicators };
  }

  /**
   * Per-cell contribution of a layout to objective `objective` (grid order; NaN outside the study
   * area). The cells sum to the objective value: shares are spread over the cells that earn them
   * (an accessible home gets 100 / H), pair scores are split between the two cells.
   */
  contributionMap(genome: ArrayLike<number>, objective: number): Float32Array {
    const area = this.area;
    const n = area.current.length;
    const K = area.classes.length;
    const map = layoutMap(area, genome, new Uint8Array(n));
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) if (map[i] === NO_CLASS) out[i] = NaN;
    let housingCells = 0;
    for (let i = 0; i < n; i++) if (map[i] !== NO_CLASS && this.housing[map[i]!]) housingCells++;
    this.compiled.indicators.forEach((indicator, k) => {
      if (this.compiled.objectiveOf[k] !== objective) return;
      const w = indicator.weight;
      switch (indicator.kind) {
        case 'linear':
        case 'amenity': {
          const scale = indicator.kind === 'amenity' ? (housingCells > 0 ? 100 / housingCells : 0) : 1;
          const t = indicator.term;
          for (let i = 0; i < n; i++) {
            const c = map[i]!;
            if (c === NO_CLASS) continue;
            out[i]! +=
              w *
              scale *
              (t.alpha[c]! + (t.x ? t.beta[c]! * t.x[i]! : 0) + (t.fromTo ? t.fromTo[area.current[i]! * K + c]! : 0));
          }
          break;
        }
        case 'access': {
          if (housingCells === 0) break;
          const squared = squaredDistanceTransform(
            (i) => map[i] !== NO_CLASS && indicator.targets[map[i]!] === 1,
            area.width,
            area.height,
            area.cellSizeX,
            area.cellSizeY,
            new Float64Array(n),
          );
          const limit = indicator.distance * indicator.distance;
          for (let i = 0; i < n; i++) {
            const c = map[i]!;
            if (c !== NO_CLASS && this.housing[c] && squared[i]! <= limit) out[i]! += (w * 100) / housingCells;
          }
          break;
        }
        case 'supply': {
          const added: number[] = [];
          for (let i = 0; i < n; i++) {
            const c = map[i]!;
            if (c !== NO_CLASS && this.housing[c] && !this.housing[area.current[i]!]) added.push(i);
          }
          const value = housingSupply(
            housingCells - this.housingToday,
            area.cellAreaHa,
            indicator.density,
            indicator.dwellings,
          );
          for (const i of added) out[i]! += (w * value) / added.length;
          break;
        }
        case 'compatibility': {
          if (this.neighbourPairs === 0) break;
          const scale = (w * 100) / this.neighbourPairs / 2;
          forEachNeighbourPair(area, map, (i, j) => {
            const score = indicator.matrix[map[i]! * K + map[j]!]! * scale;
            out[i]! += score;
            out[j]! += score;
          });
          break;
        }
        case 'core':
          for (let i = 0; i < n; i++) if (isCore(area, map, this.natural, i)) out[i]! += w * area.cellAreaHa;
          break;
      }
    });
    return out;
  }

  /** A state for incremental evaluation, starting at `genome`. */
  createState(genome: ArrayLike<number>): IncrementalState {
    return new IncrementalState(this, genome);
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

/** f(i, c) of a linear term for one cell. */
function linearAt(area: StudyArea, term: LinearTerm, cell: number, c: number): number {
  const K = area.classes.length;
  return (
    term.alpha[c]! +
    (term.x ? term.beta[c]! * term.x[cell]! : 0) +
    (term.fromTo ? term.fromTo[area.current[cell]! * K + c]! : 0)
  );
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

/** A natural cell whose study-area neighbours (8-neighbourhood) are all natural. */
function isCore(area: StudyArea, map: Uint8Array, natural: Uint8Array, i: number): boolean {
  const c = map[i]!;
  if (c === NO_CLASS || !natural[c]) return false;
  const { width, height } = area;
  const x = i % width;
  const y = (i - x) / width;
  for (let k = 0; k < 8; k++) {
    const nx = x + DX8[k]!;
    const ny = y + DY8[k]!;
    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
    const d = map[ny * width + nx]!;
    if (d !== NO_CLASS && !natural[d]) return false;
  }
  return true;
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

/** Per access indicator: counts of target cells within walking distance of each cell. */
interface AccessStatistics {
  readonly indicator: number;
  readonly targets: Uint8Array;
  readonly dx: Int32Array;
  readonly dy: Int32Array;
  /** Target cells within the disk around each cell (the cell itself included). */
  readonly within: Int32Array;
  /** Housing cells with within > 0. */
  accessible: number;
}

/**
 * The sufficient statistics of one layout, updated cell by cell. `set(gene, class)` costs O(1)
 * for the linear sums, O(9) for compatibility and core area, and O(disk) for each access
 * indicator whose target set the change enters or leaves.
 */
export class IncrementalState {
  readonly genome: Uint8Array;
  readonly map: Uint8Array;
  readonly counts: Int32Array;
  private readonly values: Float64Array;
  private readonly linearSums: Float64Array;
  private readonly access: AccessStatistics[] = [];
  private readonly compatSums: Float64Array;
  private coreCount = 0;
  private readonly core: Uint8Array;
  private housingCells = 0;
  private readonly tracksCore: boolean;

  constructor(
    private readonly evaluator: LandUseEvaluator,
    genome: ArrayLike<number>,
  ) {
    const area = evaluator.area;
    this.genome = Uint8Array.from(genome);
    this.map = layoutMap(area, genome);
    this.counts = new Int32Array(area.classes.length);
    this.counts.set(area.fixedCounts);
    for (let g = 0; g < genome.length; g++) this.counts[genome[g]!]!++;
    for (let c = 0; c < this.counts.length; c++) if (evaluator.housing[c]) this.housingCells += this.counts[c]!;
    const list = evaluator.compiled.indicators;
    this.values = new Float64Array(list.length);
    this.linearSums = new Float64Array(list.length);
    this.compatSums = new Float64Array(list.length);
    list.forEach((indicator, k) => {
      if (indicator.kind === 'linear' || indicator.kind === 'amenity')
        this.linearSums[k] = sumLinear(indicator.term, this.genome);
      if (indicator.kind === 'compatibility') this.compatSums[k] = compatibilitySum(area, this.map, indicator.matrix);
      if (indicator.kind === 'access') this.access.push(this.initialiseAccess(k, indicator));
    });
    this.tracksCore = list.some((i) => i.kind === 'core');
    this.core = new Uint8Array(this.tracksCore ? this.map.length : 0);
    if (this.tracksCore) {
      for (let i = 0; i < this.map.length; i++) {
        if (isCore(area, this.map, evaluator.natural, i)) {
          this.core[i] = 1;
          this.coreCount++;
        }
      }
    }
  }

  private initialiseAccess(k: number, indicator: Extract<CompiledIndicator, { kind: 'access' }>): AccessStatistics {
    const area = this.evaluator.area;
    const { width, height } = area;
    const disk = diskOffsets(indicator.distance, area.cellSizeX, area.cellSizeY);
    const count = disk.length / 2;
    const dx = new Int32Array(count);
    const dy = new Int32Array(count);
    for (let o = 0; o < count; o++) {
      dx[o] = disk[2 * o]!;
      dy[o] = disk[2 * o + 1]!;
    }
    const within = new Int32Array(this.map.length);
    // Row prefix sums of target cells; the disk is a stack of horizontal runs, one per dy.
    const halfWidth = new Int32Array(2 * Math.floor(indicator.distance / area.cellSizeY) + 1).fill(-1);
    const ry = (halfWidth.length - 1) / 2;
    for (let o = 0; o < count; o++) halfWidth[dy[o]! + ry] = Math.max(halfWidth[dy[o]! + ry]!, Math.abs(dx[o]!));
    const prefix = new Int32Array((width + 1) * height);
    for (let y = 0; y < height; y++) {
      let run = 0;
      for (let x = 0; x < width; x++) {
        const c = this.map[y * width + x]!;
        if (c !== NO_CLASS && indicator.targets[c]) run++;
        prefix[y * (width + 1) + x + 1] = run;
      }
    }
    let accessible = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let total = 0;
        for (let r = -ry; r <= ry; r++) {
          const h = halfWidth[r + ry]!;
          const ny = y + r;
          if (h < 0 || ny < 0 || ny >= height) continue;
          const lo = Math.max(0, x - h);
          const hi = Math.min(width - 1, x + h);
          total += prefix[ny * (width + 1) + hi + 1]! - prefix[ny * (width + 1) + lo]!;
        }
        const i = y * width + x;
        within[i] = total;
        const c = this.map[i]!;
        if (total > 0 && c !== NO_CLASS && this.evaluator.housing[c]) accessible++;
      }
    }
    return { indicator: k, targets: indicator.targets, dx, dy, within, accessible };
  }

  /** Change gene `gene` to class `next`, updating every statistic. */
  set(gene: number, next: number): void {
    const previous = this.genome[gene]!;
    if (previous === next) return;
    const evaluator = this.evaluator;
    const area = evaluator.area;
    const cell = area.geneCells[gene]!;
    const list = evaluator.compiled.indicators;
    const housing = evaluator.housing;
    const K = area.classes.length;
    const { width, height } = area;
    const x = cell % width;
    const y = (cell - x) / width;

    for (let k = 0; k < list.length; k++) {
      const indicator = list[k]!;
      if (indicator.kind === 'linear' || indicator.kind === 'amenity') {
        this.linearSums[k]! +=
          linearAt(area, indicator.term, cell, next) - linearAt(area, indicator.term, cell, previous);
      } else if (indicator.kind === 'compatibility') {
        let delta = 0;
        for (let o = 0; o < 8; o++) {
          const nx = x + DX8[o]!;
          const ny = y + DY8[o]!;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const d = this.map[ny * width + nx]!;
          if (d === NO_CLASS) continue;
          delta += indicator.matrix[next * K + d]! - indicator.matrix[previous * K + d]!;
        }
        this.compatSums[k]! += delta;
      }
    }

    // Access: the cell leaves housing, changes, joins housing, then (if it enters or leaves the
    // target set) every cell of its disk gains or loses one target within reach.
    for (const stats of this.access) {
      if (housing[previous] && stats.within[cell]! > 0) stats.accessible--;
    }
    this.map[cell] = next;
    this.genome[gene] = next;
    this.counts[previous]!--;
    this.counts[next]!++;
    if (housing[previous]) this.housingCells--;
    if (housing[next]) this.housingCells++;
    for (const stats of this.access) {
      if (housing[next] && stats.within[cell]! > 0) stats.accessible++;
      const delta = stats.targets[next]! - stats.targets[previous]!;
      if (delta === 0) continue;
      const { dx, dy, within } = stats;
      for (let o = 0; o < dx.length; o++) {
        const nx = x + dx[o]!;
        const ny = y + dy[o]!;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const j = ny * width + nx;
        const before = within[j]!;
        within[j] = before + delta;
        const c = this.map[j]!;
        if (c === NO_CLASS || !housing[c]) continue;
        if (before === 0) stats.accessible++;
        else if (before + delta === 0) stats.accessible--;
      }
    }

    if (this.tracksCore) {
      for (let oy = -1; oy <= 1; oy++) {
        for (let ox = -1; ox <= 1; ox++) {
          const nx = x + ox;
          const ny = y + oy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          const now = isCore(area, this.map, evaluator.natural, j) ? 1 : 0;
          this.coreCount += now - this.core[j]!;
          this.core[j] = now;
        }
      }
    }
  }

  /** Apply several changes (gene indices and their new classes). */
  apply(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number = genes.length): void {
    for (let k = 0; k < count; k++) this.set(genes[k]!, classes[k]!);
  }

  /** Current objective values (and, optionally, every sub-indicator value). */
  objectives(out: Float64Array, indicators: Float64Array = this.values): Float64Array {
    const evaluator = this.evaluator;
    const area = evaluator.area;
    const list = evaluator.compiled.indicators;
    let accessIndex = 0;
    for (let k = 0; k < list.length; k++) {
      const indicator = list[k]!;
      switch (indicator.kind) {
        case 'linear':
          indicators[k] = this.linearSums[k]!;
          break;
        case 'amenity':
          indicators[k] = this.housingCells > 0 ? (100 * this.linearSums[k]!) / this.housingCells : 0;
          break;
        case 'access':
          indicators[k] =
            this.housingCells > 0 ? (100 * this.access[accessIndex++]!.accessible) / this.housingCells : 0;
          break;
        case 'supply':
          indicators[k] = housingSupply(
            this.housingCells - evaluator.housingToday,
            area.cellAreaHa,
            indicator.density,
            indicator.dwellings,
          );
          break;
        case 'compatibility':
          indicators[k] = evaluator.neighbourPairs > 0 ? (100 * this.compatSums[k]!) / evaluator.neighbourPairs : 0;
          break;
        case 'core':
          indicators[k] = area.cellAreaHa * this.coreCount;
          break;
      }
    }
    combine(evaluator.compiled, indicators, out);
    return out;
  }
}
