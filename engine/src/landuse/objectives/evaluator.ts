/**
 * Evaluates layouts: every objective as the weighted sum of its sub-indicators.
 *
 * - {@link LandUseEvaluator.evaluate}: full evaluation of a genome (allocation-free, buffers reused).
 *   Without an `indicators` buffer it takes the fast path: the linear sub-indicators of each
 *   objective are fused into one table gather per gene (linear.ts); with one, every sub-indicator
 *   is summed on its own for reports. Both give the same objectives up to rounding (tests: 1e-9).
 * - {@link LandUseEvaluator.createState}: an {@link IncrementalState} that keeps sufficient
 *   statistics (class counts, linear sums, neighbour-compatibility sum, core cells, and for walking
 *   access the number of targets within reach of every housing cell) so that a change of a few
 *   cells costs only their neighbourhoods. Tests check that both give the same values.
 * - {@link LandUseEvaluator.contributionMap}: where a layout gains or loses, per cell.
 *
 * Spatial sub-indicators run on a padded copy of the map (a one-cell border, and cells outside
 * the study area, hold the class VOID = K, whose table rows are zero and which is neither
 * natural nor housing), so neighbour loops need no bounds checks, and on per-class bitsets
 * (bits.ts): core area is a few word operations per 32 cells, walking access tests one row
 * segment per disk row (access.ts).
 */
import { squaredDistanceTransform } from '../model/distance.js';
import { layoutMap, NO_CLASS, type StudyArea } from '../model/study-area.js';
import {
  countAccessible,
  countInDisk,
  countTargetsNearHousing,
  countInDiskFromNeighbour,
  countPairFromNeighbour,
  walkingDisk,
  type BitGrid,
  type WalkingDisk,
} from './access.js';
import { lowestBit, popcount32, wordsPerRow, writeBit } from './bits.js';
import { compileObjectives, type CompiledObjectives, type LinearTerm } from './compile.js';
import { FusedLinear, fusedRowOfGene, linearDelta, sumLinear } from './linear.js';

/** Neighbour offsets of the 8-neighbourhood. */
const DX8 = [-1, 0, 1, -1, 1, -1, 0, 1];
const DY8 = [-1, -1, -1, 0, 0, 1, 1, 1];

/** Column offsets of the neighbours E, SW, S, SE (the last three one row down): the pairs a cell comes first in. */
const AFTER = [1, -1, 0, 1];

/** Row stride of the padded pair tables: index = (class << 5) | neighbour class (classes 0..16, VOID included). */
const PAIR_SHIFT = 5;

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

/** A walking-access indicator, prepared. */
interface AccessPlan {
  readonly indicator: number;
  readonly disk: WalkingDisk;
  /** Target flag per class (VOID included, 0). */
  readonly targets: Uint8Array;
  /** Indices of the target classes. */
  readonly targetClasses: Int32Array;
}

export class LandUseEvaluator {
  readonly compiled: CompiledObjectives;
  readonly numberOfObjectives: number;
  /** Class flags as 0/1 arrays indexed by class (index K = VOID, outside the study area: 0). */
  readonly housing: Uint8Array;
  readonly natural: Uint8Array;
  /** 1 for classes that break a habitat core: study-area classes that are not natural. */
  readonly breaksCore: Uint8Array;
  /** Number of unordered 8-neighbour pairs of study-area cells (the compatibility denominator). */
  readonly neighbourPairs: number;
  /** Housing cells today (the housing-supply baseline). */
  readonly housingToday: number;
  /** Shape of the per-class bitsets. */
  readonly grid: BitGrid;
  /** Width of the padded map (width + 2). */
  readonly paddedWidth: number;
  /** Today's map, padded, with VOID outside the study area. */
  readonly paddedToday: Uint8Array;
  /** Padded-map index of each gene's cell. */
  readonly paddedCell: Int32Array;
  /** Per compiled indicator: its padded pair table (compatibility indicators only). */
  readonly pairTables: readonly (Float64Array | null)[];
  /** Per class (VOID included): 1 when the class has a non-zero compatibility score (per compatibility indicator). */
  readonly pairActive: readonly (Uint8Array | null)[];
  readonly accessPlans: readonly AccessPlan[];
  private readonly K: number;
  /** Per objective, its linear indicators fused into one table (linear.ts), and each gene's table row. */
  readonly fused: readonly FusedLinear[];
  readonly rowOfGene: Uint8Array;
  private readonly map: Uint8Array;
  private readonly counts: Int32Array;
  private readonly plane: number;
  private readonly classBits: Int32Array;
  private readonly accumulators: Int32Array;
  private readonly housingBits: Int32Array;
  private readonly naturalBits: Int32Array;
  private readonly breakBits: Int32Array;
  private readonly targetBits: Int32Array;
  private readonly dilationScratch: Int32Array;
  private readonly housingClasses: Int32Array;
  private readonly naturalClasses: Int32Array;
  private readonly breakClasses: Int32Array;
  private readonly spatialValues: Float64Array;
  private readonly needsMap: boolean;
  private readonly tracksCore: boolean;
  private readonly firstCompatibility: number;
  private readonly noPairs: Float64Array;
  private readonly noActive: Uint8Array;
  /** Compatibility sum of the first compatibility indicator, from the last map scan. */
  private compatibility = 0;

  constructor(readonly area: StudyArea) {
    this.compiled = compileObjectives(area);
    const list = this.compiled.indicators;
    const K = area.classes.length;
    this.K = K;
    this.numberOfObjectives = area.objectives.length;
    const flag = (test: (c: number) => boolean) =>
      Uint8Array.from({ length: K + 1 }, (_, c) => (c < K && test(c) ? 1 : 0));
    this.housing = flag((c) => area.classes[c]!.housing);
    this.natural = flag((c) => area.classes[c]!.natural);
    this.breaksCore = flag((c) => !area.classes[c]!.natural);
    const classesWhere = (flags: Uint8Array) => Int32Array.from(flags.keys()).filter((c) => flags[c] === 1);
    this.housingClasses = classesWhere(this.housing);
    this.naturalClasses = classesWhere(this.natural);
    this.breakClasses = classesWhere(this.breaksCore);

    const { width, height } = area;
    const n = area.current.length;
    this.grid = { width, height, wordsPerRow: wordsPerRow(width) };
    this.plane = height * this.grid.wordsPerRow;
    this.paddedWidth = width + 2;
    const padded = (cell: number) => cell + 2 * Math.floor(cell / width) + this.paddedWidth + 1;
    this.paddedToday = new Uint8Array(this.paddedWidth * (height + 2)).fill(K);
    for (let i = 0; i < n; i++) if (area.current[i] !== NO_CLASS) this.paddedToday[padded(i)] = area.current[i]!;
    this.paddedCell = Int32Array.from(area.geneCells, padded);
    this.map = new Uint8Array(this.paddedToday.length);

    this.pairTables = list.map((indicator) => {
      if (indicator.kind !== 'compatibility') return null;
      const table = new Float64Array((K + 1) << PAIR_SHIFT);
      for (let a = 0; a < K; a++)
        for (let b = 0; b < K; b++) table[(a << PAIR_SHIFT) | b] = indicator.matrix[a * K + b]!;
      return table;
    });
    this.pairActive = this.pairTables.map((table) => {
      if (!table) return null;
      return Uint8Array.from({ length: K + 1 }, (_, a) =>
        table.subarray(a << PAIR_SHIFT, (a + 1) << PAIR_SHIFT).some((v) => v !== 0) ? 1 : 0,
      );
    });
    this.firstCompatibility = list.findIndex((i) => i.kind === 'compatibility');
    this.noPairs = new Float64Array((K + 1) << PAIR_SHIFT);
    this.noActive = new Uint8Array(K + 1);
    const plans: AccessPlan[] = [];
    const disks = new Map<number, WalkingDisk>();
    list.forEach((indicator, k) => {
      if (indicator.kind !== 'access') return;
      // Indicators at the same distance share one disk object (the incremental state relies on it).
      if (!disks.has(indicator.distance))
        disks.set(indicator.distance, walkingDisk(indicator.distance, area.cellSizeX, area.cellSizeY));
      const targets = new Uint8Array(K + 1);
      targets.set(indicator.targets.subarray(0, K));
      plans.push({
        indicator: k,
        disk: disks.get(indicator.distance)!,
        targets,
        targetClasses: classesWhere(targets),
      });
    });
    this.accessPlans = plans;
    this.tracksCore = list.some((i) => i.kind === 'core');
    this.needsMap = this.tracksCore || plans.length > 0 || this.firstCompatibility >= 0;

    this.fused = area.objectives.map((_, m) => new FusedLinear(area, this.compiled, m));
    this.rowOfGene = fusedRowOfGene(area);
    this.counts = new Int32Array(K);
    const plane = this.needsMap ? this.plane : 0;
    this.classBits = new Int32Array(K * plane);
    this.accumulators = new Int32Array(K + 1);
    this.housingBits = new Int32Array(plane);
    this.naturalBits = new Int32Array(this.tracksCore ? plane : 0);
    this.breakBits = new Int32Array(this.tracksCore ? plane : 0);
    this.targetBits = new Int32Array(plans.length > 0 ? plane : 0);
    this.dilationScratch = new Int32Array(plans.length > 0 ? plane : 0);
    this.spatialValues = new Float64Array(list.length);
    this.neighbourPairs = countNeighbourPairs(area);
    let housingToday = 0;
    for (let i = 0; i < n; i++) if (area.current[i] !== NO_CLASS && this.housing[area.current[i]!]) housingToday++;
    this.housingToday = housingToday;
  }

  /**
   * Full evaluation of one genome.
   * @param objectives receives the M objective values (natural units, maximised).
   * @param indicators optional, receives every sub-indicator value (compiled order); without it
   *   the linear sub-indicators are summed fused per objective (faster, same values to rounding).
   */
  evaluate(genome: ArrayLike<number>, objectives: Float64Array, indicators?: Float64Array): void {
    const housingCells = this.layout(genome);
    const values = this.spatialValues;
    this.nonLinearValues(genome, housingCells, values);
    const list = this.compiled.indicators;
    if (indicators) {
      for (let k = 0; k < list.length; k++) {
        const indicator = list[k]!;
        indicators[k] = indicator.kind === 'linear' ? sumLinear(indicator.term, genome) : values[k]!;
      }
      combine(this.compiled, indicators, objectives);
      return;
    }
    for (let m = 0; m < objectives.length; m++) {
      const fused = this.fused[m]!;
      objectives[m] = fused.indicators > 0 ? fused.sum(genome, this.rowOfGene) : 0;
    }
    for (let k = 0; k < list.length; k++) {
      const indicator = list[k]!;
      if (indicator.kind !== 'linear') objectives[this.compiled.objectiveOf[k]!]! += indicator.weight * values[k]!;
    }
  }

  /**
   * Class counts and, when a spatial indicator needs them, the padded map and the per-class
   * bitsets (then the counts are their popcounts); returns the number of housing cells.
   */
  private layout(genome: ArrayLike<number>): number {
    const counts = this.counts;
    if (this.needsMap) {
      const map = this.map;
      const cells = this.paddedCell;
      map.set(this.paddedToday);
      for (let g = 0; g < genome.length; g++) map[cells[g]!] = genome[g]!;
      const first = this.firstCompatibility;
      this.compatibility = this.scanMap(
        first >= 0 ? this.pairTables[first]! : this.noPairs,
        first >= 0 ? this.pairActive[first]! : this.noActive,
      );
      const bits = this.classBits;
      const plane = this.plane;
      for (let c = 0; c < this.K; c++) {
        let count = 0;
        for (let i = c * plane, end = i + plane; i < end; i++) count += popcount32(bits[i]!);
        counts[c] = count;
      }
    } else {
      counts.set(this.area.fixedCounts);
      for (let g = 0; g < genome.length; g++) counts[genome[g]!]!++;
    }
    let housingCells = 0;
    for (let c = 0; c < this.K; c++) if (this.housing[c]) housingCells += counts[c]!;
    return housingCells;
  }

  /** Values of every indicator that is not a plain linear sum (entries of linear indicators are left as they are). */
  private nonLinearValues(genome: ArrayLike<number>, housingCells: number, values: Float64Array): void {
    const area = this.area;
    const list = this.compiled.indicators;
    if (this.accessPlans.length > 0) orClasses(this.classBits, this.plane, this.housingClasses, this.housingBits);
    let access = 0;
    for (let k = 0; k < list.length; k++) {
      const indicator = list[k]!;
      switch (indicator.kind) {
        case 'linear':
          break;
        case 'amenity':
          values[k] = housingCells > 0 ? (100 * sumLinear(indicator.term, genome)) / housingCells : 0;
          break;
        case 'access': {
          const plan = this.accessPlans[access++]!;
          orClasses(this.classBits, this.plane, plan.targetClasses, this.targetBits);
          const reached = countAccessible(
            this.grid,
            plan.disk,
            this.housingBits,
            housingCells,
            this.targetBits,
            this.dilationScratch,
          );
          values[k] = housingCells > 0 ? (100 * reached) / housingCells : 0;
          break;
        }
        case 'supply':
          values[k] = housingSupply(
            housingCells - this.housingToday,
            area.cellAreaHa,
            indicator.density,
            indicator.dwellings,
          );
          break;
        case 'compatibility': {
          const sum =
            k === this.firstCompatibility
              ? this.compatibility
              : paddedCompatibilitySum(this.map, area, this.paddedWidth, this.pairTables[k]!, this.pairActive[k]!);
          values[k] = this.neighbourPairs > 0 ? (100 * sum) / this.neighbourPairs : 0;
          break;
        }
        case 'core':
          values[k] = area.cellAreaHa * this.coreCells();
          break;
      }
    }
  }

  /**
   * One pass over the padded map: writes the per-class bitsets and returns the compatibility sum
   * of `pairs` (same pair order and additions as a plain loop, so the same value bit for bit;
   * cells of classes without any non-zero score add nothing and are skipped).
   */
  private scanMap(pairs: Float64Array, active: Uint8Array): number {
    const { width, height, wordsPerRow: words } = this.grid;
    const W = this.paddedWidth;
    const map = this.map;
    const bits = this.classBits;
    const plane = this.plane;
    const K = this.K;
    const acc = this.accumulators;
    let sum = 0;
    for (let y = 0; y < height; y++) {
      const rowStart = (y + 1) * W + 1;
      const bitRow = y * words;
      for (let w = 0; w < words; w++) {
        const x0 = w << 5;
        const x1 = x0 + 32 < width ? x0 + 32 : width;
        for (let x = x0; x < x1; x++) {
          const i = rowStart + x;
          const c = map[i]!;
          acc[c]! |= 1 << (x & 31);
          if (active[c] === 1) {
            // E, SW, S, SE: each unordered pair once.
            const row = c << PAIR_SHIFT;
            sum += pairs[row | map[i + 1]!]!;
            sum += pairs[row | map[i + W - 1]!]!;
            sum += pairs[row | map[i + W]!]!;
            sum += pairs[row | map[i + W + 1]!]!;
          }
        }
        for (let c = 0; c < K; c++) {
          bits[c * plane + bitRow + w] = acc[c]!;
          acc[c] = 0;
        }
        acc[K] = 0;
      }
    }
    return sum;
  }

  /** Natural cells whose 8 neighbours include no study-area cell that is not natural, on bitsets. */
  private coreCells(): number {
    const { height, wordsPerRow: words } = this.grid;
    const natural = this.naturalBits;
    const breaks = this.breakBits;
    orClasses(this.classBits, this.plane, this.naturalClasses, natural);
    orClasses(this.classBits, this.plane, this.breakClasses, breaks);
    let count = 0;
    for (let y = 0; y < height; y++) {
      for (let w = 0; w < words; w++) {
        const n = natural[y * words + w]!;
        if (n === 0) continue;
        let near = spread(breaks, words, y, w);
        if (y > 0) near |= spread(breaks, words, y - 1, w);
        if (y + 1 < height) near |= spread(breaks, words, y + 1, w);
        count += popcount32(n & ~near);
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

/** out[word] = OR of the bitsets of `classes` (each `plane` words long, one after another in `bits`). */
function orClasses(bits: Int32Array, plane: number, classes: Int32Array, out: Int32Array): void {
  if (classes.length === 0) {
    out.fill(0);
    return;
  }
  out.set(bits.subarray(classes[0]! * plane, (classes[0]! + 1) * plane));
  for (let k = 1; k < classes.length; k++) {
    const offset = classes[k]! * plane;
    for (let i = 0; i < plane; i++) out[i]! |= bits[offset + i]!;
  }
}

/** Cells of row y, word w, that have a set cell of `bits` among themselves or their left/right neighbours. */
function spread(bits: Int32Array, words: number, y: number, w: number): number {
  const i = y * words + w;
  const v = bits[i]!;
  let out = v | (v << 1) | (v >>> 1);
  if (w > 0) out |= bits[i - 1]! >>> 31;
  if (w + 1 < words) out |= bits[i + 1]! << 31;
  return out;
}

/** Compatibility sum of a padded map (see LandUseEvaluator.scanMap, without the bitsets). */
function paddedCompatibilitySum(
  map: Uint8Array,
  area: StudyArea,
  W: number,
  pairs: Float64Array,
  active: Uint8Array,
): number {
  let sum = 0;
  for (let y = 0; y < area.height; y++) {
    const rowStart = (y + 1) * W + 1;
    for (let x = 0; x < area.width; x++) {
      const i = rowStart + x;
      const c = map[i]!;
      if (active[c] !== 1) continue;
      const row = c << PAIR_SHIFT;
      sum += pairs[row | map[i + 1]!]!;
      sum += pairs[row | map[i + W - 1]!]!;
      sum += pairs[row | map[i + W]!]!;
      sum += pairs[row | map[i + W + 1]!]!;
    }
  }
  return sum;
}

/** A study-area cell of the padded map that is natural and has no core-breaking 8-neighbour (also used by delta.ts). */
export function isPaddedCore(map: Uint8Array, W: number, natural: Uint8Array, breaks: Uint8Array, i: number): boolean {
  if (natural[map[i]!] !== 1) return false;
  return (
    (breaks[map[i - W - 1]!]! |
      breaks[map[i - W]!]! |
      breaks[map[i - W + 1]!]! |
      breaks[map[i - 1]!]! |
      breaks[map[i + 1]!]! |
      breaks[map[i + W - 1]!]! |
      breaks[map[i + W]!]! |
      breaks[map[i + W + 1]!]!) ===
    0
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

/** Walking-access statistics of one access indicator. */
interface AccessStatistics {
  readonly indicator: number;
  readonly disk: WalkingDisk;
  readonly targets: Uint8Array;
  /** Bitset of the target cells. */
  readonly bits: Int32Array;
  /** For housing cells only: target cells within the disk (the cell itself included). Stale elsewhere. */
  readonly within: Int32Array;
  /** Housing cells with within > 0. */
  accessible: number;
}

/**
 * The sufficient statistics of one layout, updated cell by cell. `set(gene, class)` costs O(1)
 * for the linear sums, O(8) for compatibility, O(9 x 8) for core area when the cell changes
 * between natural and not, and for walking access (bitsets of housing and target cells; target
 * counts kept only for housing cells):
 * - when the cell enters or leaves a target set, one row segment per disk row of the housing
 *   bitset, plus one count update per housing cell in the disk;
 * - when it becomes housing, one popcount per disk row of each target bitset.
 * That is O(disk rows) word operations instead of O(disk area) cell updates.
 */
export class IncrementalState {
  readonly genome: Uint8Array;
  readonly counts: Int32Array;
  /** Padded map (VOID outside the study area). */
  private readonly map: Uint8Array;
  private readonly values: Float64Array;
  private readonly linearSums: Float64Array;
  private readonly access: AccessStatistics[] = [];
  private readonly compatSums: Float64Array;
  private coreCount = 0;
  /** Core flag per padded cell. */
  private readonly core: Uint8Array;
  private housingCells = 0;
  private readonly housingBits: Int32Array;
  private readonly tracksCore: boolean;
  /** Indicators summed cell by cell (linear and amenity), their terms, and the compatibility indicators. */
  private readonly linearIndices: Int32Array;
  private readonly linearTerms: readonly LinearTerm[];
  private readonly compatIndices: Int32Array;
  /** Exactly two access indicators with one disk: new housing cells count both in one pass. */
  private readonly pairedAccess: boolean;
  private readonly pairCounts = new Int32Array(2);

  constructor(
    private readonly evaluator: LandUseEvaluator,
    genome: ArrayLike<number>,
  ) {
    const area = evaluator.area;
    const { width, height, wordsPerRow: words } = evaluator.grid;
    const W = evaluator.paddedWidth;
    this.genome = Uint8Array.from(genome);
    this.map = Uint8Array.from(evaluator.paddedToday);
    for (let g = 0; g < this.genome.length; g++) this.map[evaluator.paddedCell[g]!] = this.genome[g]!;
    this.counts = new Int32Array(area.classes.length);
    this.counts.set(area.fixedCounts);
    for (let g = 0; g < this.genome.length; g++) this.counts[this.genome[g]!]!++;
    for (let c = 0; c < this.counts.length; c++) if (evaluator.housing[c]) this.housingCells += this.counts[c]!;
    const list = evaluator.compiled.indicators;
    this.values = new Float64Array(list.length);
    const summed = list.flatMap((indicator, k) =>
      indicator.kind === 'linear' || indicator.kind === 'amenity' ? [{ k, term: indicator.term }] : [],
    );
    this.linearIndices = Int32Array.from(summed, (s) => s.k);
    this.linearTerms = summed.map((s) => s.term);
    this.compatIndices = Int32Array.from(list.keys()).filter((k) => list[k]!.kind === 'compatibility');
    this.linearSums = new Float64Array(list.length);
    this.compatSums = new Float64Array(list.length);
    list.forEach((indicator, k) => {
      if (indicator.kind === 'linear' || indicator.kind === 'amenity')
        this.linearSums[k] = sumLinear(indicator.term, this.genome);
      if (indicator.kind === 'compatibility')
        this.compatSums[k] = paddedCompatibilitySum(
          this.map,
          area,
          W,
          evaluator.pairTables[k]!,
          evaluator.pairActive[k]!,
        );
    });

    this.housingBits = new Int32Array(evaluator.accessPlans.length > 0 ? height * words : 0);
    for (const plan of evaluator.accessPlans) {
      this.access.push({
        indicator: plan.indicator,
        disk: plan.disk,
        targets: plan.targets,
        bits: new Int32Array(height * words),
        within: new Int32Array(width * height),
        accessible: 0,
      });
    }
    if (this.access.length > 0) {
      for (let y = 0; y < height; y++) {
        const row = (y + 1) * W + 1;
        for (let x = 0; x < width; x++) {
          const c = this.map[row + x]!;
          if (c === evaluator.area.classes.length) continue;
          if (evaluator.housing[c]) writeBit(this.housingBits, words, x, y, true);
          for (let a = 0; a < this.access.length; a++) {
            const stats = this.access[a]!;
            if (stats.targets[c]) writeBit(stats.bits, words, x, y, true);
          }
        }
      }
      for (const stats of this.access)
        stats.accessible = countTargetsNearHousing(
          evaluator.grid,
          stats.disk,
          this.housingBits,
          stats.bits,
          stats.within,
        );
    }

    this.pairedAccess = this.access.length === 2 && this.access[0]!.disk === this.access[1]!.disk;
    this.tracksCore = list.some((i) => i.kind === 'core');
    this.core = new Uint8Array(this.tracksCore ? this.map.length : 0);
    if (this.tracksCore) {
      for (let i = 0; i < this.map.length; i++) {
        if (isPaddedCore(this.map, W, evaluator.natural, evaluator.breaksCore, i)) {
          this.core[i] = 1;
          this.coreCount++;
        }
      }
    }
  }

  /** Change gene `gene` to class `next`, updating every statistic. */
  set(gene: number, next: number): void {
    const previous = this.genome[gene]!;
    if (previous === next) return;
    const evaluator = this.evaluator;
    const area = evaluator.area;
    const cell = area.geneCells[gene]!;
    const p = evaluator.paddedCell[gene]!;
    const W = evaluator.paddedWidth;
    const map = this.map;
    const housing = evaluator.housing;
    const { width, wordsPerRow: words } = evaluator.grid;
    const x = cell % width;
    const y = (cell - x) / width;

    const terms = this.linearTerms;
    for (let t = 0; t < terms.length; t++) {
      this.linearSums[this.linearIndices[t]!]! += linearDelta(terms[t]!, gene, previous, next);
    }
    for (let t = 0; t < this.compatIndices.length; t++) {
      // The cell is the first of its pairs with E, SW, S, SE and the second with W, NE, N, NW.
      const k = this.compatIndices[t]!;
      const pairs = evaluator.pairTables[k]!;
      const a = next << PAIR_SHIFT;
      const b = previous << PAIR_SHIFT;
      let delta = 0;
      for (let o = 0; o < 4; o++) {
        const after = map[p + AFTER[o]! + (o === 0 ? 0 : W)]!;
        const before = map[p - AFTER[o]! - (o === 0 ? 0 : W)]! << PAIR_SHIFT;
        delta += pairs[a | after]! - pairs[b | after]! + (pairs[before | next]! - pairs[before | previous]!);
      }
      this.compatSums[k]! += delta;
    }

    const wasHousing = housing[previous] === 1;
    const isHousing = housing[next] === 1;
    if (wasHousing && !isHousing) {
      for (const stats of this.access) if (stats.within[cell]! > 0) stats.accessible--;
      writeBit(this.housingBits, words, x, y, false);
      this.housingCells--;
    }
    map[p] = next;
    this.genome[gene] = next;
    this.counts[previous]!--;
    this.counts[next]!++;
    for (const stats of this.access) {
      const delta = stats.targets[next]! - stats.targets[previous]!;
      if (delta === 0) continue;
      writeBit(stats.bits, words, x, y, delta > 0);
      this.shiftHousingCounts(stats, x, y, delta);
    }
    if (isHousing && !wasHousing) {
      // A housing neighbour in the same row has an up-to-date count to start from.
      const side = x > 0 && housing[map[p - 1]!] === 1 ? -1 : x + 1 < width && housing[map[p + 1]!] === 1 ? 1 : 0;
      writeBit(this.housingBits, words, x, y, true);
      this.housingCells++;
      if (side !== 0 && this.pairedAccess) {
        const [first, second] = this.access as [AccessStatistics, AccessStatistics];
        const counts = this.pairCounts;
        counts[0] = first.within[cell + side]!;
        counts[1] = second.within[cell + side]!;
        countPairFromNeighbour(evaluator.grid, first.disk, first.bits, second.bits, x, y, side, counts);
        first.within[cell] = counts[0]!;
        second.within[cell] = counts[1]!;
        if (counts[0]! > 0) first.accessible++;
        if (counts[1]! > 0) second.accessible++;
      } else {
        for (const stats of this.access) {
          const count =
            side === 0
              ? countInDisk(evaluator.grid, stats.disk, stats.bits, x, y)
              : countInDiskFromNeighbour(
                  evaluator.grid,
                  stats.disk,
                  stats.bits,
                  x,
                  y,
                  side,
                  stats.within[cell + side]!,
                );
          stats.within[cell] = count;
          if (count > 0) stats.accessible++;
        }
      }
    }

    if (this.tracksCore && evaluator.natural[previous] !== evaluator.natural[next]) {
      for (let o = -1; o < 8; o++) {
        const j = o < 0 ? p : p + DX8[o]! + DY8[o]! * W;
        const now = isPaddedCore(map, W, evaluator.natural, evaluator.breaksCore, j) ? 1 : 0;
        this.coreCount += now - this.core[j]!;
        this.core[j] = now;
      }
    }
  }

  /** Add `delta` to the target count of every housing cell within the disk around (x, y). */
  private shiftHousingCounts(stats: AccessStatistics, x: number, y: number, delta: number): void {
    const { width, height, wordsPerRow: words } = this.evaluator.grid;
    const { dy, half } = stats.disk;
    const housingBits = this.housingBits;
    const within = stats.within;
    let accessible = stats.accessible;
    for (let o = 0; o < dy.length; o++) {
      const ny = y + dy[o]!;
      if (ny < 0 || ny >= height) continue;
      const h = half[o]!;
      const lo = x - h < 0 ? 0 : x - h;
      const hi = x + h >= width ? width - 1 : x + h;
      const base = ny * words;
      const first = lo >> 5;
      const last = hi >> 5;
      for (let w = first; w <= last; w++) {
        let v = housingBits[base + w]!;
        if (w === first) v &= -1 << (lo & 31);
        if (w === last) v &= -1 >>> (31 - (hi & 31));
        while (v !== 0) {
          const j = ny * width + (w << 5) + lowestBit(v);
          v &= v - 1;
          const before = within[j]!;
          within[j] = before + delta;
          if (before === 0) accessible++;
          else if (before + delta === 0) accessible--;
        }
      }
    }
    stats.accessible = accessible;
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
