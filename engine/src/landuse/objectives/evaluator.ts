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
import { ReferenceGenome } from '../model/genome-changes.js';
import { currentGenome, NO_CLASS, type StudyArea } from '../model/study-area.js';
import { countAccessible, walkingDisk, type BitGrid, type WalkingDisk } from './access.js';
import { orClasses, popcount32, wordsPerRow } from './bits.js';
import { activeClasses, countNeighbourPairs, pairTable, paddedCompatibilitySum, PAIR_SHIFT } from './compatibility.js';
import {
  combine,
  compileObjectives,
  type CompiledIndicator,
  type CompiledObjectives,
  type LinearTerm,
} from './compile.js';
import { coreWord } from './habitat-core.js';
import { classFlags, contributionMap, housingCellsToday, type ContributionBasis } from './contribution.js';
import { housingSupply } from './housing.js';
import { IncrementalState } from './incremental.js';
import { FusedLinear, fusedRowOfGene, sumLinear, sumLinearChanges } from './linear.js';
import { NO_TILES_MET, TileSumCache, tileShiftFor, type TileSumStats, type TileSummer } from './tile-sums.js';

export { IncrementalState } from './incremental.js';
export { housingSupply } from './housing.js';
export { isPaddedCore } from './habitat-core.js';

/**
 * Layouts that differ from today's map in at most this share of the genes are evaluated from
 * today's state plus their changes ({@link LandUseEvaluator.evaluate}). A changed gene costs about
 * five times a gene of the full pass (its neighbour pairs, two bit flips, the table deltas), so
 * the break-even is near 20 %; layouts under a change limit (`rules.maxChange`) sit well below it.
 */
export const SPARSE_EVALUATION_SHARE = 0.15;

export interface LandUseEvaluatorOptions {
  /** Override {@link SPARSE_EVALUATION_SHARE} (0: always the full pass; tests compare the two). */
  readonly sparseShare?: number;
  /**
   * Whether the sums over a sparse layout's changes are taken tile by tile and remembered
   * (tile-sums.ts). Default true; false sums them in one pass in gene order (bench and tests).
   */
  readonly tileSums?: boolean;
  /** Tiles of 2^tileShift cells on a side; default `tileShiftFor` the study area's cells (tests and bench). */
  readonly tileShift?: number;
}

export interface IndicatorReport {
  readonly objective: string;
  readonly indicator: string;
  /** Plain-language name. */
  readonly label: string;
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

export class LandUseEvaluator implements ContributionBasis, TileSummer {
  readonly compiled: CompiledObjectives;
  /** Per objective, its compiled sub-indicators (the contribution maps' view of `compiled`). */
  private readonly byObjective: (readonly CompiledIndicator[])[];
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
  /** Today's genome and, for layouts close to it, today's state (see `evaluate`). */
  private readonly todayGenes: Uint8Array;
  private readonly today: ReferenceGenome;
  private readonly todayBits: Int32Array;
  private readonly todayCounts: Int32Array;
  private readonly todayCompatibility: number;
  /** Per objective, today's fused linear part; per indicator, today's linear sum (linear and amenity kinds). */
  private readonly todayFused: Float64Array;
  private readonly todayLinear: Float64Array;
  /** Genes of the genome last evaluated that differ from today (ascending), when at most `sparseLimit`. */
  private readonly changed: Int32Array;
  private readonly sparseLimit: number;
  private changedCount = 0;
  /** Whether the genome last evaluated was evaluated from today's state. */
  private sparse = false;
  /**
   * The sums over a sparse layout's changes, taken tile by tile and remembered (tile-sums.ts):
   * per objective its fused linear part, per amenity indicator its sum, then the first
   * compatibility indicator's pairs. `tileTotals` holds the last layout's.
   */
  private tileSums: TileSumCache | null = null;
  /** The tiles' size (see `tileShiftFor`), null without tile sums; the cache is made on first use (its buffers take about 8 bytes a cell). */
  private readonly tileShift: number | null;
  private readonly tileTotals: Float64Array;
  /** Per compiled indicator: its place among the tile sums (amenity indicators), else -1. */
  private readonly amenitySlot: Int32Array;
  private readonly compatibilitySlot: number;

  /**
   * @param compiled the study area's compiled indicators, when already built (a worker gets the
   *   main thread's, in shared memory: parallel/problem-spec.ts); read only.
   */
  constructor(
    readonly area: StudyArea,
    compiled: CompiledObjectives = compileObjectives(area),
    options: LandUseEvaluatorOptions = {},
  ) {
    this.compiled = compiled;
    this.byObjective = area.objectives.map((_, m) =>
      compiled.indicators.filter((_, k) => compiled.objectiveOf[k] === m),
    );
    const list = this.compiled.indicators;
    const K = area.classes.length;
    this.K = K;
    this.numberOfObjectives = area.objectives.length;
    this.housing = classFlags(area, (c) => area.classes[c]!.housing);
    this.natural = classFlags(area, (c) => area.classes[c]!.natural);
    this.breaksCore = classFlags(area, (c) => !area.classes[c]!.natural);
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

    this.pairTables = list.map((indicator) =>
      indicator.kind === 'compatibility' ? pairTable(indicator.matrix, K) : null,
    );
    this.pairActive = this.pairTables.map((table) => (table ? activeClasses(table, K) : null));
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
    this.housingToday = housingCellsToday(area, this.housing);

    // Today's state, from the full pass over today's genome.
    this.todayGenes = currentGenome(area);
    this.today = new ReferenceGenome(this.todayGenes);
    this.sparseLimit = Math.floor(this.todayGenes.length * (options.sparseShare ?? SPARSE_EVALUATION_SHARE));
    this.changed = new Int32Array(this.sparseLimit);
    let slots = this.numberOfObjectives;
    this.amenitySlot = Int32Array.from(list, (indicator) => (indicator.kind === 'amenity' ? slots++ : -1));
    this.compatibilitySlot = this.firstCompatibility >= 0 ? slots++ : -1;
    this.tileTotals = new Float64Array(slots);
    this.tileShift =
      this.sparseLimit > 0 && options.tileSums !== false
        ? (options.tileShift ?? tileShiftFor(area.cellSizeX * area.cellSizeY))
        : null;
    this.changedCount = this.findChanges(this.todayGenes);
    this.layoutInFull(this.todayGenes);
    this.todayBits = this.classBits.slice();
    this.todayCounts = this.counts.slice();
    this.todayCompatibility = this.compatibility;
    this.todayFused = Float64Array.from(this.fused, (fused) => fused.sum(this.todayGenes, this.rowOfGene));
    this.todayLinear = Float64Array.from(list, (indicator) =>
      indicator.kind === 'linear' || indicator.kind === 'amenity' ? sumLinear(indicator.term, this.todayGenes) : 0,
    );
  }

  /** How many changed tiles, and changes in them, were found summed before (tile-sums.ts); null without sparse evaluation. */
  get tileStats(): Readonly<TileSumStats> | null {
    return this.tileShift === null ? null : (this.tileSums?.stats ?? NO_TILES_MET);
  }

  /** Cells per class (the whole study area) of the genome last evaluated. */
  get classCounts(): Int32Array {
    return this.counts;
  }

  /**
   * The genes of the genome last evaluated that differ from today's map (ascending), when it was
   * evaluated from today's state; null when it changed too many genes for that (the full pass).
   */
  get changedGenes(): Int32Array | null {
    return this.sparse ? this.changed.subarray(0, this.changedCount) : null;
  }

  /**
   * Full evaluation of one genome: a pure function of the genome (the same value whatever was
   * evaluated before).
   *
   * A genome that differs from today's map in at most {@link SPARSE_EVALUATION_SHARE} of its genes
   * (found in one pass that also writes the padded map) starts from today's state: today's class
   * bitsets and counts with the changed genes' bits flipped, and today's sums (per-cell terms,
   * compatibility pairs, amenity terms) plus the changes of the changed genes and of the
   * neighbour pairs they touch, summed in gene order. The bitsets and counts are the same as the
   * full pass's; the sums equal them up to rounding. The spatial kinds that are not sums (walking
   * access, core area) run on the bitsets either way. Reports (`indicators`) take the same path:
   * each summed sub-indicator is today's plus its changes', equal to the plain sum up to rounding
   * (a report took the full pass until 2026-12-06, 3.5 times the time at 1000 x 1000, and the
   * front table's reports at checkpoints were a sixth of a run there).
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
        indicators[k] = indicator.kind === 'linear' ? this.linearSum(k, indicator.term, genome) : values[k]!;
      }
      combine(this.compiled, indicators, objectives);
      return;
    }
    const sparse = this.sparse;
    for (let m = 0; m < objectives.length; m++) {
      const fused = this.fused[m]!;
      if (fused.indicators === 0) objectives[m] = 0;
      else if (!sparse) objectives[m] = fused.sum(genome, this.rowOfGene);
      else objectives[m] = this.todayFused[m]! + this.tileTotals[m]!;
    }
    for (let k = 0; k < list.length; k++) {
      const indicator = list[k]!;
      if (indicator.kind !== 'linear') objectives[this.compiled.objectiveOf[k]!]! += indicator.weight * values[k]!;
    }
  }

  /** Linear indicator k's sum (linear and amenity kinds) for the genome last laid out. */
  private linearSum(k: number, term: LinearTerm, genome: ArrayLike<number>): number {
    if (!this.sparse) return sumLinear(term, genome);
    const slot = this.amenitySlot[k]!;
    if (slot >= 0) return this.todayLinear[k]! + this.tileTotals[slot]!;
    return this.todayLinear[k]! + sumLinearChanges(term, genome, this.todayGenes, this.changed, this.changedCount);
  }

  /**
   * Class counts and, when a spatial indicator needs them, the padded map and the per-class
   * bitsets; returns the number of housing cells.
   */
  private layout(genome: ArrayLike<number>): number {
    this.changedCount = this.findChanges(genome);
    this.sparse = this.sparseLimit > 0 && this.changedCount <= this.sparseLimit;
    if (this.sparse) {
      this.layoutFromToday(genome);
      const totals = this.tileTotals.fill(0);
      const tiles = this.tileShift === null ? null : (this.tileSums ??= this.newTileSumCache(this.tileShift));
      if (tiles) tiles.add(genome, this.changed, this.changedCount, this, totals);
      else this.sumTile(genome, this.changed, this.changedCount, totals);
      const slot = this.compatibilitySlot;
      this.compatibility = slot >= 0 ? this.todayCompatibility + totals[slot]! : 0;
    } else this.layoutInFull(genome);
    const counts = this.counts;
    let housingCells = 0;
    for (let c = 0; c < this.K; c++) if (this.housing[c]) housingCells += counts[c]!;
    return housingCells;
  }

  /**
   * The genes that differ from today (listed up to `sparseLimit`) and the padded map (when
   * needed); returns how many differ, or `sparseLimit + 1` when more do (the full pass).
   */
  private findChanges(genome: ArrayLike<number>): number {
    const changed = this.changed;
    const limit = this.sparseLimit;
    let count = 0;
    if (genome instanceof Uint8Array) count = this.today.listChanges(genome, changed);
    else {
      for (let g = 0; g < genome.length; g++) {
        if (genome[g] === this.todayGenes[g]) continue;
        if (count < limit) changed[count] = g;
        count++;
      }
    }
    const map = this.needsMap ? this.map : null;
    if (!map) return count;
    const cells = this.paddedCell;
    map.set(this.paddedToday);
    if (count <= limit) for (let j = 0; j < count; j++) map[cells[changed[j]!]!] = genome[changed[j]!]!;
    else for (let g = 0; g < genome.length; g++) map[cells[g]!] = genome[g]!;
    return count;
  }

  /** Counts, bitsets and compatibility sum from today's, through the changed genes (see `evaluate`). */
  private layoutFromToday(genome: ArrayLike<number>): void {
    const counts = this.counts;
    const today = this.todayGenes;
    const changed = this.changed;
    const count = this.changedCount;
    counts.set(this.todayCounts);
    if (!this.needsMap) {
      for (let j = 0; j < count; j++) {
        const g = changed[j]!;
        counts[today[g]!]!--;
        counts[genome[g]!]!++;
      }
      return;
    }
    const bits = this.classBits;
    const plane = this.plane;
    const words = this.grid.wordsPerRow;
    const W = this.paddedWidth;
    const cells = this.paddedCell;
    bits.set(this.todayBits);
    for (let j = 0; j < count; j++) {
      const g = changed[j]!;
      const from = today[g]!;
      const to = genome[g]!;
      counts[from]!--;
      counts[to]!++;
      const p = cells[g]!;
      const paddedRow = (p / W) | 0;
      const x = p - paddedRow * W - 1;
      const word = (paddedRow - 1) * words + (x >> 5);
      const bit = 1 << (x & 31);
      bits[from * plane + word]! &= ~bit;
      bits[to * plane + word]! |= bit;
    }
  }

  private newTileSumCache(shift: number): TileSumCache {
    const { width, height } = this.grid;
    const sparseShare = this.sparseLimit / this.todayGenes.length;
    return new TileSumCache(
      width,
      height,
      this.paddedCell,
      this.paddedWidth,
      this.tileTotals.length,
      sparseShare,
      shift,
    );
  }

  /**
   * The sums over one tile's changed genes (`genes`, ascending, `count` of them; tile-sums.ts):
   * each objective's fused linear part, each amenity indicator's sum, and the change of the first
   * compatibility indicator's pairs, in the slots of `tileTotals`. Reads the padded map of the
   * layout being laid out.
   */
  sumTile(genome: ArrayLike<number>, genes: Int32Array, count: number, out: Float64Array): void {
    const M = this.numberOfObjectives;
    for (let m = 0; m < M; m++) {
      const fused = this.fused[m]!;
      out[m] = fused.indicators === 0 ? 0 : fused.sumChanges(genome, this.rowOfGene, this.todayGenes, genes, count);
    }
    const list = this.compiled.indicators;
    for (let k = 0; k < list.length; k++) {
      const indicator = list[k]!;
      if (indicator.kind === 'amenity')
        out[this.amenitySlot[k]!] = sumLinearChanges(indicator.term, genome, this.todayGenes, genes, count);
    }
    const first = this.firstCompatibility;
    if (first >= 0) out[this.compatibilitySlot] = this.compatibilityChange(this.pairTables[first]!, genes, count);
  }

  /**
   * The change of a compatibility sum from today's map to the padded map, over the pairs that
   * touch a changed gene: a pair in which the changed cell comes first (E, SW, S, SE) is counted
   * from it; one in which it comes second (W, NE, N, NW) only when the other cell is unchanged,
   * else from that cell. Each changed pair once, in the scan's orientation.
   */
  private compatibilityChange(pairs: Float64Array, changed: Int32Array, count: number): number {
    const map = this.map;
    const today = this.paddedToday;
    const cells = this.paddedCell;
    const W = this.paddedWidth;
    let sum = 0;
    for (let j = 0; j < count; j++) {
      const i = cells[changed[j]!]!;
      const now = map[i]! << PAIR_SHIFT;
      const before = today[i]! << PAIR_SHIFT;
      sum += pairs[now | map[i + 1]!]! - pairs[before | today[i + 1]!]!;
      sum += pairs[now | map[i + W - 1]!]! - pairs[before | today[i + W - 1]!]!;
      sum += pairs[now | map[i + W]!]! - pairs[before | today[i + W]!]!;
      sum += pairs[now | map[i + W + 1]!]! - pairs[before | today[i + W + 1]!]!;
      sum += secondInPair(pairs, map, today, i - 1, i);
      sum += secondInPair(pairs, map, today, i - W + 1, i);
      sum += secondInPair(pairs, map, today, i - W, i);
      sum += secondInPair(pairs, map, today, i - W - 1, i);
    }
    return sum;
  }

  /** Counts and, when needed, the bitsets and compatibility sum by a pass over the whole map (`findChanges` wrote it). */
  private layoutInFull(genome: ArrayLike<number>): void {
    const counts = this.counts;
    if (this.needsMap) {
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
          values[k] = housingCells > 0 ? (100 * this.linearSum(k, indicator.term, genome)) / housingCells : 0;
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
    for (let y = 0; y < height; y++)
      for (let w = 0; w < words; w++) count += popcount32(coreWord(natural, breaks, words, height, y, w));
    return count;
  }

  /** Every sub-indicator of a genome with its weight and contribution, for reports. */
  report(genome: ArrayLike<number>): { objectives: number[]; indicators: IndicatorReport[] } {
    const objectives = new Float64Array(this.numberOfObjectives);
    const values = new Float64Array(this.compiled.indicators.length);
    this.evaluate(genome, objectives, values);
    const indicators = this.compiled.indicators.map((indicator, k) => ({
      objective: this.compiled.objectiveIds[this.compiled.objectiveOf[k]!]!,
      indicator: indicator.name,
      label: this.compiled.labels[k]!,
      unit: this.compiled.units[k]!,
      value: values[k]!,
      weight: indicator.weight,
      contribution: indicator.weight * values[k]!,
    }));
    return { objectives: [...objectives], indicators };
  }

  /** The compiled sub-indicators of objective `objective` (ContributionBasis). */
  indicatorsOf(objective: number): readonly CompiledIndicator[] {
    const list = this.byObjective[objective];
    if (!list) throw new RangeError(`objective ${objective} of ${this.byObjective.length}`);
    return list;
  }

  /**
   * Per-cell contribution of a layout to objective `objective` (grid order; NaN outside the study
   * area). The cells sum to the objective value: shares are spread over the cells that earn them
   * (an accessible home gets 100 / H), pair scores are split between the two cells.
   */
  contributionMap(genome: ArrayLike<number>, objective: number): Float32Array {
    return contributionMap(this, genome, objective);
  }

  /**
   * A state for incremental evaluation, starting at `genome`; with `objective`, one that tracks
   * only what that objective needs (see {@link IncrementalState}'s constructor).
   */
  createState(genome: ArrayLike<number>, objective?: number): IncrementalState {
    return new IncrementalState(this, genome, objective);
  }
}

/** The change of the pair (k, i), k first, when cell i changed and k did not (else 0: counted from k). */
function secondInPair(pairs: Float64Array, map: Uint8Array, today: Uint8Array, k: number, i: number): number {
  const other = map[k]!;
  if (other !== today[k]) return 0;
  const row = other << PAIR_SHIFT;
  return pairs[row | map[i]!]! - pairs[row | today[i]!]!;
}
