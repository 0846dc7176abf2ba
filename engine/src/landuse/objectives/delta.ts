/**
 * Exact objective changes of a set of cell changes against one layout, computed locally: the
 * incremental evaluation the parsimony step (operators/reversion.ts) tests patch reversions with.
 *
 * Unlike {@link IncrementalState}, which keeps for every housing cell the number of walking-access
 * targets within reach (so that any move is cheap once it is built, at the price of a costly
 * start), a ChangeEvaluator starts from plain data (the padded map, class counts, bitsets of the
 * housing and target cells) in one pass over the map, and computes each change's effect where it
 * happens:
 * - linear indicators: the change of each cell's term;
 * - amenity access and housing supply: from the change of their sums and of the housing count;
 * - compatibility: the neighbour pairs that touch the changed cells, before and after;
 * - core area: the core status of the changed cells and their 8 neighbours, before and after;
 * - walking access: first only its sign when it is known (adding targets never removes access,
 *   removing them never adds it, while no cell becomes or stops being housing), and the exact count, by
 *   testing the disks of the housing cells near the change before and after, only when the sign
 *   does not settle the question asked.
 * Everything is exact (up to floating-point rounding); tests compare it with full evaluations.
 */
import type { LandUseEvaluator } from './evaluator.js';
import { PAIR_SHIFT } from './compatibility.js';
import { DX8, DY8, isPaddedCore } from './habitat-core.js';
import { housingSupply } from './housing.js';
import { anyInRange, lowestBit, setRange, writeBit } from './bits.js';
import {
  countAccessible,
  countInDisk,
  countTargetsNearHousing,
  shiftTargetCounts,
  shiftTargetCountsByRuns,
  targetShiftScratch,
  type HomesVisited,
  type WalkingDisk,
} from './access.js';
import { linearDelta, sumLinear } from './linear.js';
import type { LinearTerm } from './terms.js';
import { ReferenceGenome } from '../model/genome-changes.js';

/** How exactAccess tests a candidate home (see there). */
const HOUSING_CHANGES = 0;
const ADDED_ONLY = 1;
const REMOVED_ONLY = 2;
const MIXED = 3;

/**
 * How exactAccess settles the homes it must test, per layout and access indicator: by testing
 * each home's disk, until the homes tested so far reach the layout's number of homes; then by
 * counting once the targets within reach of every home ({@link ChangeEvaluator.ensureWithin}) and
 * reading the counts. Built cell by cell, the counts cost about one disk scan per home, so they
 * are built only once testing has cost as much (at most twice the cheaper choice): on a small grid
 * after a few calls, on a city region rarely. Counted by the targets' runs they cost much less (at
 * 2,000 x 2,000 cells 14-46 ms against 229-266), but once built every applied change shifts them,
 * and building them sooner (when the homes tested reach that cost) made the first generation's
 * reversions slower at 2,000 x 2,000 (4.0-5.5 s against 3.6-4.6 s, three runs alternating), so
 * the limit stays the number of homes.
 */
const PROBE_UNTIL_HOMES_TESTED = 'homes';

/** What a change does, except to walking access, which is only bounded here. */
export class ChangeDelta {
  /** Per objective: weighted change of the linear, compatibility and core-area indicators. */
  readonly additive: Float64Array;
  /** Per amenity-access indicator: change of its sum over housing cells. */
  readonly amenitySums: Float64Array;
  /** Change of the number of housing cells. */
  housing = 0;
  /** Whether any cell becomes or stops being housing (homes may move while their number stays). */
  housingMoves = false;
  /** Per walking-access indicator: bit 1 when targets are added, bit 2 when targets are removed. */
  readonly targets: Uint8Array;
  /**
   * Natural cells: bit 1 when added, bit 2 when removed. Until {@link ChangeEvaluator.measureSpatial}
   * adds the exact compatibility and core-area changes to `additive` (`spatialMeasured`), the
   * core-area change is known only by its sign from these bits (adding natural cells never
   * removes core area, removing them never adds any), and the compatibility change only up to
   * `compatibilityBound` either way.
   */
  natural = 0;
  spatialMeasured = false;
  /** Per objective: the largest possible size of its weighted compatibility change. */
  readonly compatibilityBound: Float64Array;
  /** Bounding box of the changed cells (grid columns and rows). */
  x0 = 0;
  y0 = 0;
  x1 = -1;
  y1 = -1;

  constructor(objectives: number, amenities: number, plans: number) {
    this.additive = new Float64Array(objectives);
    this.compatibilityBound = new Float64Array(objectives);
    this.amenitySums = new Float64Array(amenities);
    this.targets = new Uint8Array(plans);
  }

  /** this = a. */
  copy(a: ChangeDelta): void {
    this.additive.set(a.additive);
    this.compatibilityBound.set(a.compatibilityBound);
    this.amenitySums.set(a.amenitySums);
    this.targets.set(a.targets);
    this.housing = a.housing;
    this.housingMoves = a.housingMoves;
    this.natural = a.natural;
    this.spatialMeasured = a.spatialMeasured;
    this.x0 = a.x0;
    this.y0 = a.y0;
    this.x1 = a.x1;
    this.y1 = a.y1;
  }

  /**
   * this = a + b (for changes far enough apart not to interact; see ChangeEvaluator.separated).
   * The compatibility and core-area changes are exact when both were.
   */
  sum(a: ChangeDelta, b: ChangeDelta): void {
    for (let m = 0; m < this.additive.length; m++) {
      this.additive[m] = a.additive[m]! + b.additive[m]!;
      this.compatibilityBound[m] = a.compatibilityBound[m]! + b.compatibilityBound[m]!;
    }
    for (let k = 0; k < this.amenitySums.length; k++) this.amenitySums[k] = a.amenitySums[k]! + b.amenitySums[k]!;
    for (let p = 0; p < this.targets.length; p++) this.targets[p] = a.targets[p]! | b.targets[p]!;
    this.housing = a.housing + b.housing;
    this.housingMoves = a.housingMoves || b.housingMoves;
    this.natural = a.natural | b.natural;
    this.spatialMeasured = a.spatialMeasured && b.spatialMeasured;
    this.x0 = Math.min(a.x0, b.x0);
    this.y0 = Math.min(a.y0, b.y0);
    this.x1 = Math.max(a.x1, b.x1);
    this.y1 = Math.max(a.y1, b.y1);
  }
}

interface AmenityPart {
  readonly objective: number;
  readonly weight: number;
  readonly term: LinearTerm;
}

interface CompatibilityPart {
  readonly objective: number;
  readonly weight: number;
  readonly pairs: Float64Array;
  /** Per (from << PAIR_SHIFT | to): the largest change of one pair's score when a cell goes from -> to. */
  readonly largestChange: Float64Array;
}

interface AccessPart {
  readonly objective: number;
  readonly weight: number;
  readonly disk: WalkingDisk;
  readonly targets: Uint8Array;
  /** Bitset of the target cells of the loaded layout. */
  readonly bits: Int32Array;
  /** For housing cells of the loaded layout: targets within reach (see ensureWithin). */
  readonly within: Int32Array;
}

export class ChangeEvaluator {
  readonly numberOfObjectives: number;
  /** The loaded layout (genome) and its padded map. */
  /** The loaded layout: a copy, or with `load(genome, true)` the caller's array itself. */
  get genome(): Uint8Array {
    return this.layout;
  }
  private layout: Uint8Array;
  private readonly copy: Uint8Array;
  private readonly map: Uint8Array;
  private readonly counts: Int32Array;
  private housingCells = 0;
  private readonly changedGenes: Int32Array;
  /** With `today`: its genes to find a layout's changes four at a time, and its class counts (fixed cells included). */
  private readonly todayReference: ReferenceGenome | null;
  private readonly todayCounts: Int32Array | null;
  private changedCount = 0;
  /**
   * Whether {@link apply} changed a gene away from today's class since the last load: the gene may
   * be missing from `changedGenes`, so the derived parts built later take a pass over every gene.
   */
  private changedListStale = false;
  /** Which derived parts of the loaded layout are built (see load). */
  private mapReady = false;
  /** The housing and target bitsets of today's layout (built on first need). */
  private todayHousingBits: Int32Array | null = null;
  private todayTargetBits: Int32Array[] = [];
  private bitsReady = false;
  private amenityReady = false;
  /** Objectives with linear indicators (their fused tables are in the evaluator). */
  private readonly linearObjectives: Int32Array;
  private readonly amenity: AmenityPart[] = [];
  private readonly amenityTotals: Float64Array;
  /** Per amenity indicator, its sum over today's layout (with `today`; computed on first need). */
  private todayAmenityTotals: Float64Array | null = null;
  private readonly compatibility: CompatibilityPart[] = [];
  private readonly supply: { objective: number; weight: number; density: number; dwellings: number }[] = [];
  /** Per objective: weight x cell area of its core-area indicators. */
  private readonly coreWeight: Float64Array;
  private readonly tracksCore: boolean;
  private readonly access: AccessPart[] = [];
  private readonly housingBits: Int32Array;
  /** Per access indicator: housing cells with a target within reach (valid where `withinReady`). */
  private readonly reached: Int32Array;
  private readonly mark: Uint32Array;
  private stamp = 0;
  private readonly saved: Uint8Array;
  /** Homes the target-count shifts visited (not read: the reversion's trials bound nothing by it). */
  private readonly visited: HomesVisited = { homes: 0 };
  /** updateWithin's cells whose target status changed, their shifts (+1, -1), and the shifts' buffers. */
  private shiftedCells = new Int32Array(256);
  private shiftDeltas = new Int8Array(256);
  private readonly shiftScratch = targetShiftScratch();
  /** exactAccess: how each candidate home is settled. */
  private readonly before: Uint8Array;
  /** New class of each changed cell of the padded map, valid where `mark` holds the current stamp. */
  private readonly next: Uint8Array;
  /** exactAccess: cells whose target status changes (grid index, current stamp), and the homes to test. */
  private readonly changing: Uint32Array;
  private readonly candidates: Int32Array;
  /** Per class (VOID included): bit 0 housing, bit k + 1 a target of access indicator k; and load's per-word gathering. */
  private readonly roles: Int32Array;
  private readonly gathered: Int32Array;
  /** exactAccess: the disks around cells becoming targets and around cells ceasing to be (all zero between calls). */
  private readonly addedDisks: Int32Array;
  private readonly removedDisks: Int32Array;
  /** exactAccess: 1 where a changing cell becomes a target, 2 where it stops being one. */
  private readonly direction: Uint8Array;
  /** exactAccess: the new class of each changed cell, and the cells becoming / ceasing to be targets. */
  private readonly nextClass: Uint8Array;
  private readonly addedCells: Int32Array;
  private readonly removedCells: Int32Array;
  private addedCount = 0;
  private removedCount = 0;
  /** The disk of the current exactAccess call, whose half-widths {@link changesInDisk} tests membership with. */
  private changesDisk: WalkingDisk | null = null;
  /** Per access indicator: whether its `within` counts are built for the loaded layout, and exactAccess calls answered by probing. */
  private readonly withinReady: Uint8Array;
  /** Per access indicator: exactAccess calls, and homes tested by probing, since the last load. */
  private readonly probedCalls: Int32Array;
  private readonly probedHomes: Float64Array;
  /** Per access indicator: homes reached in the loaded layout, when known without `within` (`reachedKnown`). */
  private readonly reachedKnown: Uint8Array;
  private readonly scratch: Int32Array;

  /**
   * @param probedCallLimit exactAccess calls per layout and indicator answered by testing disks
   *   before the counts near every home are built; by default ({@link PROBE_UNTIL_HOMES_TESTED}) until
   *   the homes tested reach the layout's number of homes (tests set 0 or a large number). The
   *   answers are exact either way: this only decides which way is cheaper.
   */
  constructor(
    private readonly evaluator: LandUseEvaluator,
    private readonly probedCallLimit: number | typeof PROBE_UNTIL_HOMES_TESTED = PROBE_UNTIL_HOMES_TESTED,
    /** Today's class per gene, when the genes that differ from it should be listed by load (see `changed`). */
    private readonly today: Uint8Array | null = null,
  ) {
    const area = evaluator.area;
    const compiled = evaluator.compiled;
    this.numberOfObjectives = evaluator.numberOfObjectives;
    const genes = area.geneCells.length;
    this.copy = new Uint8Array(genes);
    this.layout = this.copy;
    this.changedGenes = new Int32Array(today ? genes : 0);
    this.todayReference = today ? new ReferenceGenome(today) : null;
    this.todayCounts = today ? Int32Array.from(area.fixedCounts) : null;
    if (today) for (let g = 0; g < today.length; g++) this.todayCounts![today[g]!]!++;
    this.map = new Uint8Array(evaluator.paddedToday.length);
    this.counts = new Int32Array(area.classes.length);
    this.coreWeight = new Float64Array(this.numberOfObjectives);
    let plan = 0;
    compiled.indicators.forEach((indicator, k) => {
      const objective = compiled.objectiveOf[k]!;
      const weight = indicator.weight;
      switch (indicator.kind) {
        case 'linear':
          break;
        case 'amenity':
          this.amenity.push({ objective, weight, term: indicator.term });
          break;
        case 'compatibility': {
          const pairs = evaluator.pairTables[k]!;
          const K = area.classes.length;
          const largestChange = new Float64Array((K + 1) << PAIR_SHIFT);
          for (let a = 0; a < K; a++) {
            for (let b = 0; b < K; b++) {
              let largest = 0;
              for (let n = 0; n <= K; n++)
                largest = Math.max(largest, Math.abs(pairs[(b << PAIR_SHIFT) | n]! - pairs[(a << PAIR_SHIFT) | n]!));
              largestChange[(a << PAIR_SHIFT) | b] = largest;
            }
          }
          this.compatibility.push({ objective, weight, pairs, largestChange });
          break;
        }
        case 'supply':
          this.supply.push({ objective, weight, density: indicator.density, dwellings: indicator.dwellings });
          break;
        case 'core':
          this.coreWeight[objective]! += weight * area.cellAreaHa;
          break;
        case 'access': {
          const accessPlan = evaluator.accessPlans[plan++]!;
          this.access.push({
            objective,
            weight,
            disk: accessPlan.disk,
            targets: accessPlan.targets,
            bits: new Int32Array(area.height * evaluator.grid.wordsPerRow),
            within: new Int32Array(area.width * area.height),
          });
          break;
        }
      }
    });
    this.tracksCore = this.coreWeight.some((w) => w !== 0);
    this.linearObjectives = Int32Array.from(evaluator.fused.keys()).filter((m) => evaluator.fused[m]!.indicators > 0);
    this.amenityTotals = new Float64Array(this.amenity.length);
    const plane = this.access.length > 0 ? area.height * evaluator.grid.wordsPerRow : 0;
    this.housingBits = new Int32Array(plane);
    this.addedDisks = new Int32Array(plane);
    this.removedDisks = new Int32Array(plane);
    this.direction = new Uint8Array(area.width * area.height);
    this.nextClass = new Uint8Array(area.width * area.height);
    this.addedCells = new Int32Array(genes);
    this.removedCells = new Int32Array(genes);
    this.withinReady = new Uint8Array(this.access.length);
    this.probedCalls = new Int32Array(this.access.length);
    this.probedHomes = new Float64Array(this.access.length);
    this.reachedKnown = new Uint8Array(this.access.length);
    this.scratch = new Int32Array(area.height * evaluator.grid.wordsPerRow);
    this.roles = Int32Array.from({ length: area.classes.length + 1 }, (_, c) => {
      let role = evaluator.housing[c] ? 1 : 0;
      this.access.forEach((part, k) => {
        if (part.targets[c]) role |= 2 << k;
      });
      return role;
    });
    this.gathered = new Int32Array(this.access.length + 1);
    this.reached = new Int32Array(this.access.length);
    this.mark = new Uint32Array(this.map.length);
    this.next = new Uint8Array(this.map.length);
    this.changing = new Uint32Array(area.width * area.height);
    this.candidates = new Int32Array(area.width * area.height);
    this.saved = new Uint8Array(genes);
    this.before = new Uint8Array(area.width * area.height);
  }

  /** A delta record sized for this evaluator. */
  createDelta(): ChangeDelta {
    return new ChangeDelta(this.numberOfObjectives, this.amenity.length, this.access.length);
  }

  /**
   * Make `genome` the layout that changes are measured against (a copy of it, or, `inPlace`, the
   * array itself, which {@link apply} then changes). Only the genome and the class counts are taken now; the padded map, the bitsets and the amenity sums are built on first
   * need (many layouts are judged from linear terms alone).
   */
  load(genome: Uint8Array, inPlace = false): void {
    const evaluator = this.evaluator;
    const own = inPlace ? genome : this.copy;
    if (!inPlace) own.set(genome);
    this.layout = own;
    const counts = this.counts;
    const today = this.today;
    if (today) {
      // The genes that differ from today's class, and the class counts from today's through them.
      const list = this.changedGenes;
      const changed = this.todayReference!.listChanges(own, list);
      counts.set(this.todayCounts!);
      for (let k = 0; k < changed; k++) {
        const g = list[k]!;
        counts[today[g]!]!--;
        counts[own[g]!]!++;
      }
      this.changedCount = changed;
    } else {
      counts.set(evaluator.area.fixedCounts);
      for (let g = 0; g < own.length; g++) counts[own[g]!]!++;
    }
    this.changedListStale = false;
    this.housingCells = 0;
    for (let c = 0; c < this.counts.length; c++) if (evaluator.housing[c]) this.housingCells += this.counts[c]!;
    this.mapReady = false;
    this.bitsReady = false;
    this.amenityReady = false;
    this.withinReady.fill(0);
    this.probedCalls.fill(0);
    this.probedHomes.fill(0);
    this.reachedKnown.fill(0);
  }

  /**
   * The padded map of the loaded layout: today's, with the genes that differ written in (all
   * genes when the changed ones are not listed).
   */
  private ensureMap(): void {
    if (this.mapReady) return;
    const evaluator = this.evaluator;
    const map = this.map;
    map.set(evaluator.paddedToday);
    const cells = evaluator.paddedCell;
    const genome = this.layout;
    if (this.today && !this.changedListStale) {
      const list = this.changedGenes;
      for (let k = 0; k < this.changedCount; k++) map[cells[list[k]!]!] = genome[list[k]!]!;
    } else {
      for (let g = 0; g < genome.length; g++) map[cells[g]!] = genome[g]!;
    }
    this.mapReady = true;
  }

  /** The amenity sums of the loaded layout. */
  private ensureAmenity(): void {
    if (this.amenityReady) return;
    const today = this.today;
    if (!today || this.changedListStale) {
      for (let a = 0; a < this.amenity.length; a++)
        this.amenityTotals[a] = sumLinear(this.amenity[a]!.term, this.layout);
      this.amenityReady = true;
      return;
    }
    // Today's sums (once) plus the changed genes' terms: a pass over the changed genes instead of all.
    this.todayAmenityTotals ??= Float64Array.from(this.amenity, (part) => sumLinear(part.term, today));
    const list = this.changedGenes;
    const layout = this.layout;
    for (let a = 0; a < this.amenity.length; a++) {
      const term = this.amenity[a]!.term;
      let total = this.todayAmenityTotals[a]!;
      for (let k = 0; k < this.changedCount; k++) {
        const g = list[k]!;
        total += linearDelta(term, g, today[g]!, layout[g]!);
      }
      this.amenityTotals[a] = total;
    }
    this.amenityReady = true;
  }

  /**
   * The housing and target bitsets of the loaded layout: today's (built once), with the genes
   * that differ written in.
   */
  private ensureBits(): void {
    if (this.bitsReady) return;
    if (!this.todayHousingBits) {
      // Today's bitsets, once: per class a role (bit 0 housing, bit k + 1 a target of access indicator k), gathered per word.
      this.todayHousingBits = new Int32Array(this.housingBits.length);
      this.todayTargetBits = this.access.map(() => new Int32Array(this.housingBits.length));
      this.gatherBits(this.evaluator.paddedToday, this.todayHousingBits, this.todayTargetBits);
    }
    this.housingBits.set(this.todayHousingBits);
    this.access.forEach((part, k) => part.bits.set(this.todayTargetBits[k]!));
    const evaluator = this.evaluator;
    const width = evaluator.area.width;
    const words = evaluator.grid.wordsPerRow;
    const genome = this.layout;
    const today = evaluator.paddedToday;
    const update = (g: number) => {
      const c = genome[g]!;
      if (c === today[evaluator.paddedCell[g]!]) return;
      const cell = evaluator.area.geneCells[g]!;
      const x = cell % width;
      const y = (cell - x) / width;
      writeBit(this.housingBits, words, x, y, evaluator.housing[c] === 1);
      for (const part of this.access) writeBit(part.bits, words, x, y, part.targets[c] === 1);
    };
    if (this.today && !this.changedListStale) for (let k = 0; k < this.changedCount; k++) update(this.changedGenes[k]!);
    else for (let g = 0; g < genome.length; g++) update(g);
    this.bitsReady = true;
  }

  /** Gather the housing and target bitsets of a padded map. */
  private gatherBits(map: Uint8Array, housingBits: Int32Array, targetBits: Int32Array[]): void {
    const evaluator = this.evaluator;
    const { width, height, wordsPerRow: words } = evaluator.grid;
    const W = evaluator.paddedWidth;
    const roles = this.roles;
    const gathered = this.gathered;
    const parts = this.access.length;
    for (let y = 0; y < height; y++) {
      const row = (y + 1) * W + 1;
      for (let w = 0; w < words; w++) {
        for (let k = 0; k <= parts; k++) gathered[k] = 0;
        const x0 = w << 5;
        const x1 = Math.min(width, x0 + 32);
        for (let x = x0; x < x1; x++) {
          let role = roles[map[row + x]!]!;
          if (role === 0) continue;
          const bit = 1 << (x & 31);
          while (role !== 0) {
            const k = lowestBit(role);
            role &= role - 1;
            gathered[k]! |= bit;
          }
        }
        const word = y * words + w;
        housingBits[word] = gathered[0]!;
        for (let k = 0; k < parts; k++) targetBits[k]![word] = gathered[k + 1]!;
      }
    }
  }

  /** The genes of the loaded layout that differ from today's class, in gene order (given `today`). */
  get changed(): { readonly genes: Int32Array; readonly count: number } {
    return { genes: this.changedGenes, count: this.changedCount };
  }

  /** Class of the loaded layout at gene `gene`. */
  classOf(gene: number): number {
    return this.layout[gene]!;
  }

  /** Class counts of the loaded layout (read-only by contract). */
  get classCounts(): Int32Array {
    return this.counts;
  }

  /**
   * What changing `genes[0..count)` to `classes[0..count)` (each gene at most once) in the loaded
   * layout does, except to walking access (only bounded), and to compatibility and core area
   * (bounded until {@link measureSpatial}).
   */
  measure(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number, out: ChangeDelta): ChangeDelta {
    const evaluator = this.evaluator;
    const area = evaluator.area;
    const width = area.width;
    out.additive.fill(0);
    out.amenitySums.fill(0);
    out.targets.fill(0);
    out.housing = 0;
    out.housingMoves = false;
    out.natural = 0;
    out.compatibilityBound.fill(0);
    out.x0 = width;
    out.y0 = area.height;
    out.x1 = -1;
    out.y1 = -1;
    const fused = evaluator.fused;
    const linear = this.linearObjectives;
    const natural = evaluator.natural;
    for (let i = 0; i < count; i++) {
      const gene = genes[i]!;
      const from = this.layout[gene]!;
      const to = classes[i]!;
      if (from === to) continue;
      const row = evaluator.rowOfGene[gene]!;
      for (let j = 0; j < linear.length; j++) {
        const m = linear[j]!;
        out.additive[m]! += fused[m]!.delta(gene, row, from, to);
      }
      for (let a = 0; a < this.amenity.length; a++)
        out.amenitySums[a]! += linearDelta(this.amenity[a]!.term, gene, from, to);
      if (evaluator.housing[to] !== evaluator.housing[from]) {
        out.housing += evaluator.housing[to]! - evaluator.housing[from]!;
        out.housingMoves = true;
      }
      for (let p = 0; p < this.access.length; p++) {
        const t = this.access[p]!.targets;
        if (t[to] && !t[from]) out.targets[p]! |= 1;
        else if (t[from] && !t[to]) out.targets[p]! |= 2;
      }
      if (natural[to] !== natural[from]) out.natural |= natural[to] ? 1 : 2;
      const cell = area.geneCells[gene]!;
      const x = cell % width;
      const y = (cell - x) / width;
      if (x < out.x0) out.x0 = x;
      if (x > out.x1) out.x1 = x;
      if (y < out.y0) out.y0 = y;
      if (y > out.y1) out.y1 = y;
    }
    // A pair's score changes by at most the largest change of either cell's row, so 8 of those per changed cell bound it.
    const scale = evaluator.neighbourPairs > 0 ? 100 / evaluator.neighbourPairs : 0;
    for (const part of this.compatibility) {
      let bound = 0;
      for (let i = 0; i < count; i++)
        bound += part.largestChange[(this.layout[genes[i]!]! << PAIR_SHIFT) | classes[i]!]!;
      out.compatibilityBound[part.objective]! += 8 * part.weight * scale * bound;
    }
    out.spatialMeasured = this.compatibility.length === 0 && (!this.tracksCore || out.natural === 0);
    return out;
  }

  /**
   * Compatibility: every neighbour pair that touches a changed cell, before and after (a pair of
   * two changed cells is met from both ends and counted half each time).
   */
  private compatibilityDelta(
    genes: ArrayLike<number>,
    classes: ArrayLike<number>,
    count: number,
    additive: Float64Array,
  ): void {
    this.ensureMap();
    const evaluator = this.evaluator;
    const W = evaluator.paddedWidth;
    const map = this.map;
    const mark = this.mark;
    const next = this.next;
    const members = ++this.stamp;
    const cells = evaluator.paddedCell;
    for (let i = 0; i < count; i++) {
      const p = cells[genes[i]!]!;
      mark[p] = members;
      next[p] = classes[i]!;
    }
    const scale = evaluator.neighbourPairs > 0 ? 100 / evaluator.neighbourPairs : 0;
    for (const part of this.compatibility) {
      const pairs = part.pairs;
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const p = cells[genes[i]!]!;
        const oldRow = map[p]! << PAIR_SHIFT;
        const newRow = next[p]! << PAIR_SHIFT;
        for (let o = 0; o < 8; o++) {
          const q = p + DX8[o]! + DY8[o]! * W;
          if (mark[q] === members) sum += (pairs[newRow | next[q]!]! - pairs[oldRow | map[q]!]!) / 2;
          else sum += pairs[newRow | map[q]!]! - pairs[oldRow | map[q]!]!;
        }
      }
      additive[part.objective]! += part.weight * scale * sum;
    }
  }

  /**
   * Add the exact compatibility and core-area changes of a measured change to `delta.additive`.
   * Core area: the core status of the changed cells and of their 8 neighbours, before and after.
   */
  measureSpatial(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number, delta: ChangeDelta): void {
    if (delta.spatialMeasured) return;
    delta.compatibilityBound.fill(0);
    if (this.compatibility.length > 0) this.compatibilityDelta(genes, classes, count, delta.additive);
    delta.spatialMeasured = true;
    if (!this.tracksCore || delta.natural === 0) return;
    this.ensureMap();
    const evaluator = this.evaluator;
    const W = evaluator.paddedWidth;
    const map = this.map;
    const mark = this.mark;
    const cells = evaluator.paddedCell;
    let change = 0;
    for (let pass = 0; pass < 2; pass++) {
      const seen = ++this.stamp;
      let cores = 0;
      for (let i = 0; i < count; i++) {
        const p = cells[genes[i]!]!;
        for (let o = -1; o < 8; o++) {
          const q = o < 0 ? p : p + DX8[o]! + DY8[o]! * W;
          if (mark[q] === seen) continue;
          mark[q] = seen;
          if (isPaddedCore(map, W, evaluator.natural, evaluator.breaksCore, q)) cores++;
        }
      }
      change += pass === 0 ? -cores : cores;
      if (pass === 0) this.swapMap(genes, classes, count);
    }
    this.restoreMap(genes, count);
    for (let m = 0; m < delta.additive.length; m++) delta.additive[m]! += this.coreWeight[m]! * change;
  }

  /** Write the change into the padded map, keeping the old classes in `saved`. */
  private swapMap(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number): void {
    const cells = this.evaluator.paddedCell;
    for (let i = 0; i < count; i++) {
      const p = cells[genes[i]!]!;
      this.saved[i] = this.map[p]!;
      this.map[p] = classes[i]!;
    }
  }

  private restoreMap(genes: ArrayLike<number>, count: number): void {
    const cells = this.evaluator.paddedCell;
    for (let i = count - 1; i >= 0; i--) this.map[cells[genes[i]!]!] = this.saved[i]!;
  }

  /**
   * Lower and upper bounds (exact values when `exact` was filled by {@link exactAccess}, or when
   * walking access cannot move) of every objective's change.
   * @param exactAccess per access indicator, its exact change of reached housing cells, or NaN.
   */
  bounds(delta: ChangeDelta, lower: Float64Array, upper: Float64Array, exactAccess?: Float64Array): void {
    lower.set(delta.additive);
    const H = this.housingCells;
    const after = H + delta.housing;
    for (let a = 0; a < this.amenity.length; a++) {
      if (!delta.housingMoves && delta.amenitySums[a] === 0) continue;
      this.ensureAmenity();
      const part = this.amenity[a]!;
      const before = H > 0 ? (100 * this.amenityTotals[a]!) / H : 0;
      const now = after > 0 ? (100 * (this.amenityTotals[a]! + delta.amenitySums[a]!)) / after : 0;
      lower[part.objective]! += part.weight * (now - before);
    }
    const area = this.evaluator.area;
    const today = this.evaluator.housingToday;
    for (const part of this.supply) {
      const change =
        housingSupply(after - today, area.cellAreaHa, part.density, part.dwellings) -
        housingSupply(H - today, area.cellAreaHa, part.density, part.dwellings);
      lower[part.objective]! += part.weight * change;
    }
    upper.set(lower);
    if (!delta.spatialMeasured) {
      for (let m = 0; m < lower.length; m++) {
        lower[m]! -= delta.compatibilityBound[m]!;
        upper[m]! += delta.compatibilityBound[m]!;
        if (this.coreWeight[m] === 0 || delta.natural === 0) continue;
        if (delta.natural !== 2) upper[m] = Infinity;
        if (delta.natural !== 1) lower[m] = -Infinity;
      }
    }
    for (let p = 0; p < this.access.length; p++) {
      const part = this.access[p]!;
      const exact = exactAccess?.[p];
      if (exact !== undefined && !Number.isNaN(exact)) {
        const change = this.accessShareChange(p, exact, delta.housing);
        lower[part.objective]! += part.weight * change;
        upper[part.objective]! += part.weight * change;
        continue;
      }
      const flags = delta.targets[p]!;
      if (!delta.housingMoves && flags === 0) continue;
      if (!delta.housingMoves && flags === 1) upper[part.objective] = Infinity;
      else if (!delta.housingMoves && flags === 2) lower[part.objective] = -Infinity;
      else {
        lower[part.objective] = -Infinity;
        upper[part.objective] = Infinity;
      }
    }
  }

  /**
   * Whether applying this change moves the layout's totals that {@link bounds} reads besides the
   * change itself (housing cells, amenity sums, homes reached): then the bounds of other changes
   * measured before it may differ after it.
   */
  movesTotals(delta: ChangeDelta): boolean {
    if (delta.housing !== 0 || delta.housingMoves) return true;
    for (let a = 0; a < delta.amenitySums.length; a++) if (delta.amenitySums[a] !== 0) return true;
    for (let p = 0; p < this.access.length; p++) if (this.accessMoves(delta, p)) return true;
    return false;
  }

  /** Whether walking access indicator `p` may move under this change (its bounds are not [0, 0]). */
  accessMoves(delta: ChangeDelta, p: number): boolean {
    return delta.housingMoves || delta.targets[p] !== 0;
  }

  /** Number of walking-access indicators. */
  get accessCount(): number {
    return this.access.length;
  }

  /** Change of the share (in %) of accessible homes of indicator p, from the change of reached homes. */
  private accessShareChange(p: number, reachedChange: number, housingChange: number): number {
    const H = this.housingCells;
    if (housingChange === 0) return H > 0 ? (100 * reachedChange) / H : 0;
    const reached = this.reachedCount(p);
    const after = H + housingChange;
    return (after > 0 ? (100 * (reached + reachedChange)) / after : 0) - (H > 0 ? (100 * reached) / H : 0);
  }

  /** Housing cells of the loaded layout with a target of indicator p within reach (computed on first need). */
  private reachedCount(p: number): number {
    if (this.withinReady[p] || this.reachedKnown[p]) return this.reached[p]!;
    this.ensureBits();
    const part = this.access[p]!;
    const grid = this.evaluator.grid;
    this.reached[p] = countAccessible(grid, part.disk, this.housingBits, this.housingCells, part.bits, this.scratch);
    this.reachedKnown[p] = 1;
    return this.reached[p]!;
  }

  /**
   * For access indicator p, the number of targets within reach of every housing cell of the
   * loaded layout (and so the number of homes reached), built on first need and kept up to date by
   * {@link apply}.
   */
  private ensureWithin(p: number): void {
    if (this.withinReady[p]) return;
    this.ensureBits();
    const part = this.access[p]!;
    this.reached[p] = countTargetsNearHousing(this.evaluator.grid, part.disk, this.housingBits, part.bits, part.within);
    this.withinReady[p] = 1;
    this.reachedKnown[p] = 1;
  }

  /**
   * Exact change of the number of housing cells with a target of access indicator p within reach.
   * Reach can only change for housing cells within walking distance of a cell whose target status
   * changes (found by marking the disks of each horizontal run of such cells, at once, into a
   * scratch bitset: one for cells becoming targets, one for cells ceasing to be), and for the cells
   * that become or stop being housing. With the number of targets within reach of every home
   * ({@link ensureWithin}) each is settled without searching its disk: a home near an added
   * target is reached after the change, and one near removed targets only keeps access when more
   * targets were within its reach than were removed, or else when its count minus the removed
   * targets inside its disk stays above zero.
   */
  exactAccess(genes: ArrayLike<number>, classes: ArrayLike<number>, count: number, p: number): number {
    const evaluator = this.evaluator;
    const area = evaluator.area;
    const { width, height, wordsPerRow: words } = evaluator.grid;
    const part = this.access[p]!;
    const disk = part.disk;
    const { dy, half } = disk;
    const housing = evaluator.housing;
    const candidates = this.candidates;
    const state = this.before;
    const seen = ++this.stamp;
    const mark = this.mark;
    const changing = this.changing;
    let found = 0;
    let any = false;
    this.ensureBits();
    this.addedCount = 0;
    this.removedCount = 0;
    this.changesDisk = disk;
    for (let i = 0; i < count; i++) {
      const gene = genes[i]!;
      const from = this.layout[gene]!;
      const to = classes[i]!;
      const cell = area.geneCells[gene]!;
      this.nextClass[cell] = to;
      if (part.targets[from] !== part.targets[to]) {
        // 1: becomes a target, 2: stops being one.
        changing[cell] = seen;
        this.direction[cell] = part.targets[to] ? 1 : 2;
        if (part.targets[to]) this.addedCells[this.addedCount++] = cell;
        else this.removedCells[this.removedCount++] = cell;
        any = true;
      }
      if (housing[from] !== housing[to] && mark[cell] !== seen) {
        mark[cell] = seen;
        state[found] = HOUSING_CHANGES;
        candidates[found++] = cell;
      }
    }
    if (any) {
      const added = this.addedDisks;
      const removed = this.removedDisks;
      let rowLo = height;
      let rowHi = -1;
      let colLo = width;
      let colHi = -1;
      for (let i = 0; i < count; i++) {
        const cell = area.geneCells[genes[i]!]!;
        if (changing[cell] !== seen) continue;
        const x = cell % width;
        const y = (cell - x) / width;
        const direction = this.direction[cell]!;
        // Mark from the start of each horizontal run of cells changing the same way: the run's disks together.
        if (x > 0 && changing[cell - 1] === seen && this.direction[cell - 1] === direction) continue;
        let end = x;
        while (
          end + 1 < width &&
          changing[cell + end + 1 - x] === seen &&
          this.direction[cell + end + 1 - x] === direction
        )
          end++;
        const disks = direction === 1 ? added : removed;
        if (x - disk.widest < colLo) colLo = Math.max(0, x - disk.widest);
        if (end + disk.widest > colHi) colHi = Math.min(width - 1, end + disk.widest);
        for (let o = 0; o < dy.length; o++) {
          const ny = y + dy[o]!;
          if (ny < 0 || ny >= height) continue;
          const h = half[o]!;
          setRange(disks, ny * words, x - h < 0 ? 0 : x - h, end + h >= width ? width - 1 : end + h);
          if (ny < rowLo) rowLo = ny;
          if (ny > rowHi) rowHi = ny;
        }
      }
      for (let y = rowLo; y <= rowHi; y++) {
        for (let w = colLo >> 5; w <= colHi >> 5; w++) {
          const index = y * words + w;
          const gains = added[index]!;
          const losses = removed[index]!;
          let v = (gains | losses) & this.housingBits[index]!;
          added[index] = 0;
          removed[index] = 0;
          while (v !== 0) {
            const bit = lowestBit(v);
            v &= v - 1;
            const cell = y * width + (w << 5) + bit;
            if (mark[cell] === seen) continue;
            mark[cell] = seen;
            const gain = (gains >>> bit) & 1;
            const loss = (losses >>> bit) & 1;
            state[found] = gain && loss ? MIXED : gain ? ADDED_ONLY : REMOVED_ONLY;
            candidates[found++] = cell;
          }
        }
      }
    }
    if (found === 0) return 0;
    // At first on a layout, test each home's disk; later, count targets within reach of every
    // home once and read the counts (cheaper per test, dearer to start; see PROBE_UNTIL_HOMES_TESTED).
    if (!this.withinReady[p] && this.keepProbing(p, found)) return this.probeAccess(genes, classes, count, part, found);
    this.ensureWithin(p);
    // Homes near an added target are reached after the change (gain if none was within reach
    // before); homes near removed targets only keep access while other targets remain within reach.
    const within = part.within;
    const removed = this.removedCount;
    let change = 0;
    for (let i = 0; i < found; i++) {
      const kind = state[i]!;
      const cell = candidates[i]!;
      if (kind === HOUSING_CHANGES) {
        const wasHousing = this.isHousing(cell);
        if (wasHousing && within[cell]! > 0) change--;
        if (housing[this.nextClass[cell]!]) {
          const x = cell % width;
          const y = (cell - x) / width;
          const before = wasHousing ? within[cell]! : countInDisk(evaluator.grid, disk, part.bits, x, y);
          if (before + this.changesInDisk(cell, 1) - this.changesInDisk(cell, 2) > 0) change++;
        }
      } else if (kind !== REMOVED_ONLY) {
        if (within[cell] === 0) change++;
      } else if (within[cell]! <= removed && within[cell]! - this.changesInDisk(cell, 2) === 0) change--;
    }
    return change;
  }

  /** Whether exactAccess should test the disks of `found` more homes rather than build the counts. */
  private keepProbing(p: number, found: number): boolean {
    if (this.probedCallLimit !== PROBE_UNTIL_HOMES_TESTED) return ++this.probedCalls[p]! <= this.probedCallLimit;
    this.probedHomes[p]! += found;
    return this.probedHomes[p]! <= this.housingCells;
  }

  /**
   * {@link exactAccess} by testing disks: a home near an added target is reached after, so it
   * gains access if no target was within reach before; a home near removed targets only was
   * reached before, so it loses access if none is within reach after.
   */
  private probeAccess(
    genes: ArrayLike<number>,
    classes: ArrayLike<number>,
    count: number,
    part: AccessPart,
    found: number,
  ): number {
    const candidates = this.candidates;
    const state = this.before;
    let change = 0;
    for (let i = 0; i < found; i++) {
      const kind = state[i]!;
      const cell = candidates[i]!;
      if (kind === HOUSING_CHANGES) {
        if (this.isHousing(cell) && this.reaches(part, cell)) change--;
      } else if (kind !== REMOVED_ONLY && !this.reaches(part, cell)) change++;
    }
    this.swapBits(genes, classes, count, part);
    for (let i = 0; i < found; i++) {
      const kind = state[i]!;
      const cell = candidates[i]!;
      if (kind === HOUSING_CHANGES) {
        if (this.isHousing(cell) && this.reaches(part, cell)) change++;
      } else if (kind === REMOVED_ONLY && !this.reaches(part, cell)) change--;
    }
    this.swapBits(genes, this.layout, count, part, true);
    return change;
  }

  /** Whether a target of `part` lies within the walking disk of cell. */
  private reaches(part: AccessPart, cell: number): boolean {
    const { width, height, wordsPerRow: words } = this.evaluator.grid;
    const x = cell % width;
    const y = (cell - x) / width;
    const { dy, half } = part.disk;
    for (let o = 0; o < dy.length; o++) {
      const ny = y + dy[o]!;
      if (ny < 0 || ny >= height) continue;
      const h = half[o]!;
      if (anyInRange(part.bits, ny * words, x - h < 0 ? 0 : x - h, x + h >= width ? width - 1 : x + h)) return true;
    }
    return false;
  }

  /**
   * Write classes into the housing and `part`'s target bitsets for the changed genes.
   * @param byGene when true, `classes` is indexed by gene (restoring from the genome), else by position.
   */
  private swapBits(
    genes: ArrayLike<number>,
    classes: ArrayLike<number>,
    count: number,
    part: AccessPart,
    byGene = false,
  ): void {
    const evaluator = this.evaluator;
    const width = evaluator.area.width;
    const words = evaluator.grid.wordsPerRow;
    for (let i = 0; i < count; i++) {
      const gene = genes[i]!;
      const c = classes[byGene ? gene : i]!;
      const cell = evaluator.area.geneCells[gene]!;
      const x = cell % width;
      const y = (cell - x) / width;
      writeBit(this.housingBits, words, x, y, evaluator.housing[c] === 1);
      writeBit(part.bits, words, x, y, part.targets[c] === 1);
    }
  }

  /** How many of the changing cells of the current exactAccess call (direction 1 added, 2 removed) lie within cell's disk. */
  private changesInDisk(cell: number, direction: number): number {
    const width = this.evaluator.area.width;
    const x = cell % width;
    const y = (cell - x) / width;
    const list = direction === 1 ? this.addedCells : this.removedCells;
    const length = direction === 1 ? this.addedCount : this.removedCount;
    const { halfAt, rows } = this.changesDisk!;
    let count = 0;
    for (let k = 0; k < length; k++) {
      const other = list[k]!;
      const ox = other % width;
      const dy = (other - ox) / width - y;
      if (dy < -rows || dy > rows) continue;
      const dx = ox - x;
      const h = halfAt[dy < 0 ? -dy : dy]!;
      if (dx >= -h && dx <= h) count++;
    }
    return count;
  }

  private isHousing(cell: number): boolean {
    const { wordsPerRow: words } = this.evaluator.grid;
    const width = this.evaluator.area.width;
    const x = cell % width;
    const y = (cell - x) / width;
    return ((this.housingBits[y * words + (x >> 5)]! >>> (x & 31)) & 1) === 1;
  }

  /**
   * Make the change part of the loaded layout.
   * @param delta its {@link measure}ment.
   * @param exactAccess per access indicator its exact change of reached homes, or NaN when unknown.
   */
  apply(
    genes: ArrayLike<number>,
    classes: ArrayLike<number>,
    count: number,
    delta: ChangeDelta,
    exactAccess: Float64Array,
  ): void {
    const evaluator = this.evaluator;
    const width = evaluator.area.width;
    const words = evaluator.grid.wordsPerRow;
    if (this.amenityReady)
      for (let a = 0; a < this.amenity.length; a++) this.amenityTotals[a]! += delta.amenitySums[a]!;
    this.housingCells += delta.housing;
    for (let i = 0; i < count; i++) {
      const gene = genes[i]!;
      const from = this.layout[gene]!;
      const to = classes[i]!;
      this.saved[i] = from;
      if (from === to) continue;
      if (this.today && from === this.today[gene] && !(this.mapReady && this.bitsReady && this.amenityReady))
        this.changedListStale = true;
      this.layout[gene] = to;
      this.counts[from]!--;
      this.counts[to]!++;
      if (this.mapReady) this.map[evaluator.paddedCell[gene]!] = to;
      if (!this.bitsReady) continue;
      const cell = evaluator.area.geneCells[gene]!;
      const x = cell % width;
      const y = (cell - x) / width;
      writeBit(this.housingBits, words, x, y, evaluator.housing[to] === 1);
      for (const part of this.access) writeBit(part.bits, words, x, y, part.targets[to] === 1);
    }
    for (let p = 0; p < this.access.length; p++) {
      if (!this.accessMoves(delta, p)) continue;
      if (this.withinReady[p]) this.updateWithin(p, genes, count, exactAccess[p]!);
      else if (this.reachedKnown[p]) {
        if (Number.isNaN(exactAccess[p]!)) this.reachedKnown[p] = 0;
        else this.reached[p]! += exactAccess[p]!;
      }
    }
  }

  /**
   * After {@link apply} wrote a change into the bitsets: shift the target counts of the homes
   * within reach of each cell whose target status changed, count afresh those of new homes, and
   * bring the number of homes reached up to date (from the exact change when it is known).
   */
  private updateWithin(p: number, genes: ArrayLike<number>, count: number, exact: number): void {
    const evaluator = this.evaluator;
    const grid = evaluator.grid;
    const { width, wordsPerRow: words } = grid;
    const part = this.access[p]!;
    const within = part.within;
    const cells = evaluator.area.geneCells;
    // The cells whose target status changed; the number of homes reached is brought up to date
    // below, not from the shifts.
    if (this.shiftedCells.length < count) {
      this.shiftedCells = new Int32Array(2 * count);
      this.shiftDeltas = new Int8Array(2 * count);
    }
    const shifted = this.shiftedCells;
    const deltas = this.shiftDeltas;
    let changed = 0;
    for (let i = 0; i < count; i++) {
      const cell = cells[genes[i]!]!;
      const x = cell % width;
      const y = (cell - x) / width;
      const nowTarget = ((part.bits[y * words + (x >> 5)]! >>> (x & 31)) & 1) === 1;
      const before = this.saved[i]!; // class before the change (written by apply)
      if (part.targets[before] === (nowTarget ? 1 : 0)) continue;
      shifted[changed] = cell;
      deltas[changed++] = nowTarget ? 1 : -1;
    }
    if (
      !shiftTargetCountsByRuns(grid, part.disk, this.housingBits, within, shifted, deltas, changed, this.shiftScratch)
    )
      for (let i = 0; i < changed; i++) {
        const x = shifted[i]! % width;
        const y = (shifted[i]! - x) / width;
        shiftTargetCounts(grid, part.disk, this.housingBits, within, x, y, deltas[i]!, this.visited);
      }
    for (let i = 0; i < count; i++) {
      const cell = cells[genes[i]!]!;
      if (!evaluator.housing[this.layout[genes[i]!]!] || evaluator.housing[this.saved[i]!]) continue;
      const x = cell % width;
      within[cell] = countInDisk(grid, part.disk, part.bits, x, (cell - x) / width);
    }
    if (!Number.isNaN(exact)) {
      this.reached[p]! += exact;
      return;
    }
    let reached = 0;
    for (let word = 0; word < this.housingBits.length; word++) {
      let v = this.housingBits[word]!;
      while (v !== 0) {
        const x = ((word % words) << 5) + lowestBit(v);
        v &= v - 1;
        if (within[Math.floor(word / words) * width + x]! > 0) reached++;
      }
    }
    this.reached[p] = reached;
  }

  /**
   * Whether two measured changes are far enough apart for their compatibility and core-area
   * effects to add up (no cell lies within one cell of both).
   */
  static separated(a: ChangeDelta, b: ChangeDelta): boolean {
    return gapAbove(a, b, 2, 2);
  }

  /**
   * Whether two measured changes are far enough apart for their effects on walking-access
   * indicator p to add up: no housing cell lies within walking distance of both.
   */
  accessSeparated(a: ChangeDelta, b: ChangeDelta, p: number): boolean {
    const disk = this.access[p]!.disk;
    return gapAbove(a, b, 2 * disk.widest, 2 * disk.rows);
  }
}

/** Whether the bounding boxes of two changes are more than `dx` columns or `dy` rows apart. */
function gapAbove(a: ChangeDelta, b: ChangeDelta, dx: number, dy: number): boolean {
  return a.x0 - b.x1 > dx || b.x0 - a.x1 > dx || a.y0 - b.y1 > dy || b.y0 - a.y1 > dy;
}
